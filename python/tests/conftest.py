"""Shared fixtures: the real candles, the `osprey` binary and one local Dask
cluster of worker processes for the whole session."""

from __future__ import annotations

import os
import pathlib
import shutil

import pytest

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent

# Workers are separate processes started from this environment: they import
# osprey (PYTHONPATH from ctest) and, for the fault test, faults.py from here.
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(HERE), os.environ.get("PYTHONPATH", "")) if p
)


@pytest.fixture(scope="session")
def candles_dir() -> pathlib.Path:
    shared = os.environ.get("OSPREY_SHARED_DATA", str(REPO.parent / "shared" / "data"))
    path = pathlib.Path(shared) / "candles"
    if not path.is_dir():
        pytest.skip(f"no shared candles at {path}")
    return path


@pytest.fixture(scope="session")
def osprey_bin() -> str:
    path = os.environ.get("OSPREY_BIN") or shutil.which("osprey")
    if not path or not os.path.exists(path):
        pytest.skip("the osprey binary is not built (set OSPREY_BIN)")
    return path


@pytest.fixture(scope="session")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None,
        silence_logs=40,
    ) as local:
        yield local


@pytest.fixture()
def client(cluster):
    from distributed import Client

    with Client(cluster) as connected:
        connected.wait_for_workers(2, timeout=120)
        yield connected
