"""Sweeps on a local cluster of Dask worker processes equal the one-machine
sweep exactly, whatever the batches, the data route or a lost worker."""

from __future__ import annotations

import functools
import subprocess

import numpy as np
import pandas as pd
import pytest

import osprey
from osprey import _osprey, dask_sweep

import faults

GRID = {"fast": "4:24:2", "slow": [30, 45, 60]}  # 33 combinations


@pytest.fixture(scope="module")
def candles(candles_dir):
    return osprey.load_candles(candles_dir / "BTCUSDT-1h.csv")


@pytest.mark.parametrize("data, batch_size", [("path", 2), ("scatter", 5), ("auto", None)])
def test_dask_sweep_equals_the_one_machine_sweep(client, candles, data, batch_size):
    here = osprey.sweep(candles, "ema_cross", GRID, sl=3, threads=2)
    there = osprey.sweep(candles, "ema_cross", GRID, sl=3, dask=client, data=data,
                         batch_size=batch_size)
    pd.testing.assert_frame_equal(here, there, check_exact=True)


def test_the_file_reaches_each_worker_once(client, candles):
    osprey.sweep(candles, "ema_cross", GRID, dask=client, data="path", batch_size=1)
    reads = client.run(lambda: dask_sweep._read_once.cache_info().misses)
    assert set(reads.values()) <= {0, 1} and sum(reads.values()) >= 1


def test_random_draws_are_the_same_on_the_cluster(client, candles_dir):
    frame = osprey.load_candles(candles_dir / "ETHUSDT-1h.csv").to_pandas()
    here = osprey.sweep(frame, "ema_cross", random=24, seed=7, threads=1)
    there = osprey.sweep(frame, "ema_cross", random=24, seed=7, dask=client, batch_size=3)
    pd.testing.assert_frame_equal(here, there, check_exact=True)


def test_batches_are_sized_to_the_work():
    assert dask_sweep.batch_size_for(runs=1000, bars=500_000, threads=4) == 40
    assert dask_sweep.batch_size_for(runs=1000, bars=30_000, threads=4) == 63
    assert dask_sweep.batch_size_for(runs=1000, bars=30_000, threads=64) == 4
    assert dask_sweep.batch_size_for(runs=3, bars=10, threads=8) == 1


def test_command_line_dask_sweep_prints_the_same_csv_and_table(client, candles_dir, osprey_bin,
                                                               tmp_path):
    address = client.scheduler.address
    common = ["sweep", "--data", str(candles_dir / "BTCUSDT-1h.csv"), "--strategy", "ema_cross",
              "--grid", "fast=4:24:4", "--grid", "slow=30,60", "--tp", "4", "--walk-forward",
              "0.7", "--top", "5"]
    here = subprocess.run([osprey_bin, *common, "--out", str(tmp_path / "here.csv")],
                          capture_output=True, text=True, check=True)
    there = subprocess.run([osprey_bin, *common, "--out", str(tmp_path / "there.csv"),
                            "--dask", address], capture_output=True, text=True, check=True)
    assert (tmp_path / "there.csv").read_text() == (tmp_path / "here.csv").read_text()
    # The same table below the first line (which says where and how fast it ran).
    assert there.stdout.splitlines()[1:] == here.stdout.splitlines()[1:]
    assert "Dask workers" in there.stdout.splitlines()[0]
    assert "dask sweep [" in there.stderr  # progress


def test_command_line_dask_errors_are_the_command_lines(client, candles_dir, osprey_bin):
    arguments = ["sweep", "--data", str(candles_dir / "BTCUSDT-1h.csv"), "--strategy",
                 "ema_cross", "--grid", "fast=4:8:2", "--rank", "luck"]
    here = subprocess.run([osprey_bin, *arguments], capture_output=True, text=True)
    there = subprocess.run([osprey_bin, *arguments, "--dask", client.scheduler.address],
                           capture_output=True, text=True)
    assert (there.returncode, there.stderr) == (here.returncode, here.stderr) == (2, there.stderr)


def test_a_worker_killed_mid_sweep_changes_nothing(client, candles, tmp_path):
    combos = _osprey.combinations("ema_cross", osprey.axes_text(GRID))
    arguments = osprey.settings_arguments("ema_cross", candles.source, sl=3)
    here = _osprey.run_combinations(candles, "ema_cross", combos, arguments, 2)
    killer = functools.partial(faults.kill_once, str(tmp_path))
    there = dask_sweep.run(client, candles, "ema_cross", combos, arguments, batch_size=2,
                           block_runner=killer)
    assert (tmp_path / "killed").exists()  # a worker did die mid-sweep
    np.testing.assert_array_equal(there[0], here[0])
    assert there[1] == here[1]
