"""Overhead of one osprey.backtest call from Python over the same backtest in C++.

    PYTHONPATH=build/python /usr/bin/python3 python/bench/backtest_overhead.py

"In C++" is sim::run_backtest timed inside the engine (the `elapsed_ms` that
`osprey backtest --json` prints); the Python call adds reading the settings
with the command line's parser, the strategy lookup, the summary's JSON and
the BacktestResult. Medians of many calls, ema_cross on real BTCUSDT 1h bars.
"""

from __future__ import annotations

import os
import pathlib
from concurrent.futures import ThreadPoolExecutor
import statistics
import time

import osprey

DATA = pathlib.Path(os.environ.get("OSPREY_SHARED_DATA", pathlib.Path(__file__).resolve()
                                   .parents[3] / "shared" / "data")) / "candles"


def measure(candles, calls: int) -> tuple[float, float]:
    wall, engine = [], []
    for _ in range(calls):
        started = time.perf_counter()
        result = osprey.backtest(candles, "ema_cross", {"fast": 12, "slow": 26}, sl=2, tp=5)
        wall.append(time.perf_counter() - started)
        engine.append(result.summary["elapsed_ms"] / 1e3)
    return statistics.median(wall), statistics.median(engine)


def main() -> None:
    full = osprey.load_candles(DATA / "BTCUSDT-1h.csv")
    print(f"{'bars':>8} {'python call':>12} {'C++ backtest':>13} {'overhead':>10} {'ratio':>7}")
    for bars, calls in ((500, 2000), (5000, 500), (len(full), 100)):
        candles = full.slice(0, bars)
        measure(candles, 10)  # warm up
        wall, engine = measure(candles, calls)
        print(f"{bars:>8} {wall * 1e6:>10.1f}us {engine * 1e6:>11.1f}us "
              f"{(wall - engine) * 1e6:>8.1f}us {wall / engine:>6.2f}x")
    threads(osprey.load_candles(DATA / "FILUSDT-1m.csv"))


def threads(full) -> None:
    # The engine runs without the GIL, so Python threads backtest in parallel.
    fasts = list(range(5, 21))

    def one(fast):
        return osprey.backtest(full, "ema_cross", {"fast": fast, "slow": 40}).summary["trades"]

    started = time.perf_counter()
    alone = [one(f) for f in fasts]
    sequential = time.perf_counter() - started
    workers = os.cpu_count() or 1
    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        together = list(pool.map(one, fasts))
    parallel = time.perf_counter() - started
    assert together == alone
    print(f"{len(fasts)} backtests of {len(full)} bars: {sequential * 1e3:.0f} ms in one thread, "
          f"{parallel * 1e3:.0f} ms on {workers} Python threads ({sequential / parallel:.2f}x)")


if __name__ == "__main__":
    main()
