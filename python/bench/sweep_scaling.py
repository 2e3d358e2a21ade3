"""A 1,000-combination sweep on 1, 2 and 4 local Dask worker processes
against the engine's thread-pool sweep on this machine.

    PYTHONPATH=build/python /usr/bin/python3 python/bench/sweep_scaling.py

ema_cross, fast 5..44 × slow 50..290 step 10 (the combinations of
bench/sweep_bench.cpp), over the real FILUSDT 1m file (175,680 bars). Every
Dask result is checked equal to the thread-pool one. Cluster start-up is
not timed; shipping the data to the workers is.
"""

from __future__ import annotations

import os
import pathlib
import time

import pandas as pd

import osprey

DATA = pathlib.Path(os.environ.get("OSPREY_SHARED_DATA", pathlib.Path(__file__).resolve()
                                   .parents[3] / "shared" / "data")) / "candles"
GRID = {"fast": "5:44:1", "slow": "50:290:10"}


def timed(call) -> tuple[float, pd.DataFrame]:
    started = time.perf_counter()
    runs = call()
    return time.perf_counter() - started, runs


def main() -> None:
    from distributed import Client, LocalCluster

    candles = osprey.load_candles(DATA / "FILUSDT-1m.csv")
    print(f"{len(candles)} bars, {os.cpu_count()} cores")
    reference = None
    for threads in (1, os.cpu_count() or 1):
        seconds, runs = timed(lambda: osprey.sweep(candles, "ema_cross", GRID, threads=threads))
        reference = runs if reference is None else reference
        pd.testing.assert_frame_equal(runs, reference, check_exact=True)
        print(f"thread pool, {threads} thread(s): {len(runs)} runs in {seconds:.1f} s, "
              f"{len(runs) / seconds:.1f} runs/s")
    for workers in (1, 2, 4):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None, silence_logs=40) as cluster, \
                Client(cluster) as client:
            client.wait_for_workers(workers)
            for data in ("path", "scatter"):
                seconds, runs = timed(lambda: osprey.sweep(candles, "ema_cross", GRID,
                                                           dask=client, data=data))
                pd.testing.assert_frame_equal(runs, reference, check_exact=True)
                print(f"dask, {workers} worker process(es), data by {data}: {len(runs)} runs in "
                      f"{seconds:.1f} s, {len(runs) / seconds:.1f} runs/s (equal: yes)")


if __name__ == "__main__":
    main()
