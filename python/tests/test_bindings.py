"""The module against the command line: the same numbers on the real candles."""

from __future__ import annotations

import json
import subprocess
import threading

import numpy as np
import pandas as pd
import pytest

import osprey
from osprey import dask_sweep

# Figures that measure the run, not the strategy.
TIMING = {"elapsed_ms", "bars_per_s"}


def cli(osprey_bin, *arguments, check=True):
    return subprocess.run([osprey_bin, *arguments], capture_output=True, text=True, check=check)


def cli_json(osprey_bin, *arguments):
    summary = json.loads(cli(osprey_bin, "backtest", *arguments, "--json").stdout)
    return {k: v for k, v in summary.items() if k not in TIMING}


def module_json(result):
    return {k: v for k, v in result.summary.items() if k not in TIMING}


def test_load_candles_gives_views_of_the_engine_memory(candles_dir):
    candles = osprey.load_candles(candles_dir / "BTCUSDT-1h.csv")
    assert len(candles) == 33413 and candles.timeframe == "1h"
    close = candles.close
    assert close.base is not None and not close.flags.writeable
    assert close.strides == (48,)  # a strided view over the candles, not a copy
    assert candles.open_time.dtype == np.dtype("datetime64[ns]")
    frame = candles.to_pandas()
    assert frame.index[0] == pd.Timestamp("2017-08-17 04:00")
    assert (frame["high"] >= frame["low"]).all()


@pytest.mark.parametrize(
    "file, strategy, params, settings, flags",
    [
        ("BTCUSDT-1h.csv", "ema_cross", {"fast": 10}, {"sl": 3, "tp": 6},
         ["--set", "fast=10", "--sl", "3", "--tp", "6"]),
        ("ETHUSDT-5m.csv", "ema_cross", {}, {"fee": 0.0005, "balance": 5000, "timeframe": "1h"},
         ["--fee", "0.0005", "--balance", "5000", "--timeframe", "1h"]),
        ("SOLUSDT-5m.csv", "ema_cross", {"slow": 50}, {"short": True, "trailing_stop": 1.5},
         ["--set", "slow=50", "--short", "--trailing-stop", "1.5"]),
    ],
)
def test_backtest_matches_the_command_line(candles_dir, osprey_bin, file, strategy, params,
                                           settings, flags):
    path = str(candles_dir / file)
    timeframe = settings.pop("timeframe", None)
    result = osprey.backtest(osprey.load_candles(path, timeframe), strategy, params, **settings)
    expected = cli_json(osprey_bin, "--data", path, "--strategy", strategy, *flags)
    assert module_json(result) == expected
    assert len(result.equity) == result.summary["bars"]
    assert len(result.trades) == result.summary["trades"]


def test_trades_match_the_command_lines_csv(candles_dir, osprey_bin, tmp_path):
    path = str(candles_dir / "BTCUSDT-1h.csv")
    cli(osprey_bin, "backtest", "--data", path, "--strategy", "ema_cross",
        "--trades", str(tmp_path / "trades.csv"))
    result = osprey.backtest(path, "ema_cross")
    assert result.trades_csv == (tmp_path / "trades.csv").read_text()
    columns = result.trade_columns()
    assert not columns["pnl"].flags.writeable and columns["pnl"].base is not None
    assert result.trades["pnl"].sum() == pytest.approx(
        result.summary["final_balance"] - result.summary["starting_balance"])


def test_candles_from_a_dataframe_or_arrays_give_the_same_run(candles_dir):
    loaded = osprey.load_candles(candles_dir / "BTCUSDT-1h.csv")
    frame = loaded.to_pandas()
    from_frame = osprey.backtest(frame, "ema_cross")
    arrays = {"ts": frame.index.values.view(np.int64) // 1_000_000,
              **{c: frame[c].to_numpy() for c in ("open", "high", "low", "close", "volume")}}
    from_arrays = osprey.backtest(arrays, "ema_cross")
    expected = {k: v for k, v in module_json(osprey.backtest(loaded, "ema_cross")).items()
                if k != "data"}
    for result in (from_frame, from_arrays):
        assert {k: v for k, v in module_json(result).items() if k != "data"} == expected


def test_bad_candles_are_refused_with_the_row():
    frame = pd.DataFrame({"open": [1.0, 2.0], "high": [1.0, 1.5], "low": [1.0, 1.0],
                          "close": [1.0, 2.0], "volume": [1.0, 1.0]},
                         index=pd.to_datetime(["2024-01-01 00:00", "2024-01-01 01:00"]))
    with pytest.raises(ValueError, match="candle row 1: high and low must bound open and close"):
        osprey.candles_from(frame)


@pytest.mark.parametrize(
    "call, flags, kind",
    [
        (lambda p: osprey.backtest(p, "no_such_strategy"), ["--strategy", "no_such_strategy"],
         LookupError),
        (lambda p: osprey.backtest(p, "ema_cross", {"fast": 0.5}),
         ["--strategy", "ema_cross", "--set", "fast=0.5"], ValueError),
        (lambda p: osprey.backtest(p, "ema_cross", sl=-1), ["--strategy", "ema_cross", "--sl=-1"],
         ValueError),
    ],
)
def test_errors_carry_the_command_lines_message(candles_dir, osprey_bin, call, flags, kind):
    path = str(candles_dir / "BTCUSDT-1h.csv")
    failed = cli(osprey_bin, "backtest", "--data", path, *flags, check=False)
    assert failed.returncode == 2
    with pytest.raises(kind) as raised:
        call(path)
    assert f"osprey: {raised.value}\n" == failed.stderr


def test_missing_file_is_a_lookup_error_with_the_command_lines_message(osprey_bin, tmp_path):
    missing = str(tmp_path / "none.csv")
    failed = cli(osprey_bin, "backtest", "--data", missing, "--strategy", "ema_cross", check=False)
    with pytest.raises(LookupError) as raised:
        osprey.load_candles(missing)
    assert f"osprey: {raised.value}\n" == failed.stderr


def test_threads_run_backtests_in_parallel_with_the_same_numbers(candles_dir):
    candles = osprey.load_candles(candles_dir / "BTCUSDT-1h.csv")
    fasts = [5, 8, 13, 21]
    alone = [module_json(osprey.backtest(candles, "ema_cross", {"fast": f})) for f in fasts]
    together = [None] * len(fasts)

    def run(k):
        together[k] = module_json(osprey.backtest(candles, "ema_cross", {"fast": fasts[k]}))

    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(fasts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    strip = lambda s: {k: v for k, v in s.items()}  # noqa: E731
    assert [strip(s) for s in together] == [strip(s) for s in alone]


def test_report_writer(candles_dir, tmp_path):
    result = osprey.backtest(candles_dir / "BTCUSDT-1h.csv", "ema_cross")
    result.write_report(tmp_path / "report.html")
    page = (tmp_path / "report.html").read_text()
    assert page.lstrip().lower().startswith("<!doctype html") and "ema_cross" in page


def test_strategies_list_their_parameters():
    listed = {s["name"]: s for s in osprey.strategies()}
    fast = next(p for p in listed["ema_cross"]["parameters"] if p["name"] == "fast")
    assert fast["default"] == 12 and fast["kind"] == "integer"


def test_one_machine_sweep_matches_the_command_lines_csv(candles_dir, osprey_bin, tmp_path):
    path = str(candles_dir / "BTCUSDT-1h.csv")
    cli(osprey_bin, "sweep", "--data", path, "--strategy", "ema_cross", "--grid", "fast=4:20:4",
        "--grid", "slow=20,40", "--sl", "3", "--out", str(tmp_path / "runs.csv"))
    runs = osprey.sweep(path, "ema_cross", {"fast": "4:20:4", "slow": [20, 40]}, sl=3, threads=2)
    combos = runs[["fast", "slow"]].to_numpy()
    figures = runs[list(osprey._osprey.figure_names)].to_numpy(dtype=float, na_value=np.nan)
    text = dask_sweep.runs_csv(["fast", "slow"], combos, figures, list(runs["refused"]), {})
    assert text == (tmp_path / "runs.csv").read_text()
