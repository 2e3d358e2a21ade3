"""Sweeps on a Dask cluster, from Python (osprey.sweep(..., dask=...)) and
from the command line (`osprey sweep ... --dask ADDRESS` runs
`python3 -m osprey.dask_sweep` with its arguments).

How a sweep is spread:
- the combinations are enumerated here by the engine's own grid and seeded
  draws, so they are those of the one-machine sweep, in the same order;
- they go out in contiguous batches sized to the work (see batch_size_for);
  each worker runs its batch with the C++ engine, GIL released;
- each result is stored at its batch's place, so the order and the numbers
  do not depend on the number of workers or on which finishes first;
- the candles reach each worker once: either the file's path (each worker
  process reads it once and keeps it), or the candles scattered to every
  worker before the first batch;
- a worker lost mid-sweep: Dask reruns the batches it held, and as each
  batch's result lands in its own slot, nothing is lost or counted twice.
"""

from __future__ import annotations

import argparse
import functools
import math
import os
import sys
import time
from typing import Any, Callable

import numpy as np

from . import _osprey

# A batch should take about this many bar-steps of the engine (a fraction of
# a second at tens of millions of bars per second): long enough that Dask's
# per-task cost (about a millisecond) is noise, short enough to balance.
TARGET_BARS_PER_BATCH = 20_000_000
# At least this many batches per worker thread, so a slow or lost worker
# leaves little to redo and the others can take up the slack.
BATCHES_PER_THREAD = 4


def batch_size_for(runs: int, bars: int, threads: int) -> int:
    """Combinations per batch: about TARGET_BARS_PER_BATCH of work, but small
    enough to give every worker thread BATCHES_PER_THREAD batches."""
    by_work = max(1, TARGET_BARS_PER_BATCH // max(1, bars))
    by_balance = max(1, math.ceil(runs / max(1, threads * BATCHES_PER_THREAD)))
    return max(1, min(by_work, by_balance))


class CandleFile:
    """Candles a worker reads from a path it shares with the client."""

    def __init__(self, path: str, timeframe: str) -> None:
        self.path = path
        self.timeframe = timeframe


@functools.lru_cache(maxsize=4)
def _read_once(path: str, timeframe: str) -> Any:
    # Once per worker process: every batch after the first finds it here.
    return _osprey.load_candles(path, timeframe)


def run_block(source: Any, strategy: str, block: np.ndarray, arguments: list[str]) -> tuple:
    """A worker's task: backtests every row of `block` (one engine thread;
    Dask runs one task per worker thread)."""
    candles = _read_once(source.path, source.timeframe) if isinstance(source, CandleFile) else source
    return _osprey.run_combinations(candles, strategy, block, arguments, 1)


class Progress:
    """A progress line on stderr, like `osprey sweep`'s: redrawn on a terminal,
    a line per tenth in a log."""

    def __init__(self, total: int, label: str = "dask sweep", stream: Any = None) -> None:
        self.total, self.label = total, label
        self.stream = stream or sys.stderr
        self.terminal = self.stream.isatty()
        self.started = time.monotonic()
        self.last_tenth = 0

    def draw(self, done: int, final: bool = False) -> None:
        seconds = time.monotonic() - self.started
        rate = done / seconds if seconds > 0 else 0.0
        eta = (self.total - done) / rate if rate > 0 else 0.0
        filled = 30 if self.total == 0 else 30 * done // self.total
        line = (
            f"{self.label} [{'#' * filled:<30}] {done}/{self.total} runs, {rate:.1f} runs/s, "
            f"ETA {int(eta) // 60}:{int(eta) % 60:02}"
        )
        tenth = 10 if self.total == 0 else 10 * done // self.total
        if self.terminal:
            self.stream.write(f"\r{line}{chr(10) if final else ''}")
        elif final or tenth > self.last_tenth:
            self.stream.write(line + "\n")
            self.last_tenth = tenth
        self.stream.flush()


def _client_for(dask: Any) -> tuple[Any, bool]:
    from distributed import Client

    if isinstance(dask, Client):
        return dask, False
    return Client(dask), True


def worker_threads(client: Any) -> int:
    workers = client.scheduler_info()["workers"]
    return max(1, sum(w.get("nthreads", 1) for w in workers.values()))


def run(
    client: Any,
    candles: Any,
    strategy: str,
    combinations: np.ndarray,
    arguments: list[str],
    *,
    batch_size: int | None = None,
    data: str = "auto",
    progress: bool = False,
    block_runner: Callable[..., tuple] = run_block,
) -> tuple[np.ndarray, list[str]]:
    """Runs every row of `combinations` on the cluster `client` talks to:
    (figures, refusals), row for row as _osprey.run_combinations gives them.
    `block_runner` is the task (tests swap in one that kills its worker)."""
    from distributed import as_completed

    runs = len(combinations)
    size = batch_size or batch_size_for(runs, len(candles), worker_threads(client))
    if data == "auto":
        data = "path" if os.path.isfile(candles.source) else "scatter"
    if data == "path":
        source = CandleFile(candles.source, candles.resampled_to)
    elif data == "scatter":
        source = client.scatter(candles, broadcast=True, hash=False)
    else:
        raise ValueError(f"data must be 'auto', 'path' or 'scatter', not '{data}'")

    starts = list(range(0, runs, size))
    futures = {
        client.submit(block_runner, source, strategy, combinations[start : start + size],
                      arguments, pure=False): start
        for start in starts
    }
    figures = np.full((runs, len(_osprey.figure_names)), np.nan)
    refused: list[str] = [""] * runs
    shown = Progress(runs) if progress else None
    done = 0
    for future in as_completed(futures):
        start = futures[future]
        block_figures, block_refused = future.result()
        figures[start : start + len(block_refused)] = block_figures
        refused[start : start + len(block_refused)] = block_refused
        done += len(block_refused)
        if shown:
            shown.draw(done)
    if shown:
        shown.draw(done, final=True)
    return figures, refused


def run_on(dask: Any, candles: Any, strategy: str, combinations: np.ndarray,
           arguments: list[str], **options: Any) -> tuple[np.ndarray, list[str]]:
    """run() with a distributed.Client or a scheduler address."""
    client, owned = _client_for(dask)
    try:
        return run(client, candles, strategy, combinations, arguments, **options)
    finally:
        if owned:
            client.close()


# --- `osprey sweep ... --dask ADDRESS` ------------------------------------

# The figure runs are ranked by (higher is better), as in sweep.cpp.
_RANKS: dict[str, Callable[[dict[str, float]], float]] = {
    "return_pct": lambda f: f["return_pct"],
    "sharpe": lambda f: f["sharpe"],
    "sortino": lambda f: f["sortino"],
    "profit_factor": lambda f: f["profit_factor"],
    "win_rate": lambda f: f["win_rate"],
    "max_drawdown_pct": lambda f: -f["max_drawdown_pct"],
}


def _figures(row: np.ndarray) -> dict[str, float]:
    return dict(zip(_osprey.figure_names, row))


def ranking(figures: np.ndarray, refused: list[str], rank: str) -> list[int]:
    """Indices of the accepted runs, best first; ties keep the combination order."""
    metric = _RANKS[rank]

    def key(i: int) -> float:
        value = metric(_figures(figures[i]))
        return -math.inf if math.isnan(value) else value

    accepted = [i for i in range(len(refused)) if not refused[i]]
    return sorted(accepted, key=key, reverse=True)  # sorted is stable, reversed too


def _figure(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.2f}"


def _optional(value: float) -> str:
    return "" if math.isnan(value) else _osprey.number_text(value)


def runs_csv(parameter_names: list[str], combos: np.ndarray, figures: np.ndarray,
             refused: list[str], out_of_sample: dict[int, np.ndarray]) -> str:
    """Every run as `osprey sweep --out FILE` writes it, byte for byte."""
    text = "".join(f"{name}," for name in parameter_names)
    text += (
        "trades,final_balance,return_pct,max_drawdown_pct,win_rate,profit_factor,sharpe,sortino,"
        "exposure_pct,oos_trades,oos_return_pct,oos_max_drawdown_pct,oos_sharpe,refused\n"
    )
    n = _osprey.number_text
    lines = [text]
    for i, combination in enumerate(combos):
        line = "".join(f"{n(float(v))}," for v in combination)
        f = _figures(figures[i])
        if not refused[i]:
            line += (
                f"{int(f['trades'])},{n(f['final_balance'])},{n(f['return_pct'])},"
                f"{n(f['max_drawdown_pct'])},{n(f['win_rate'])},{_optional(f['profit_factor'])},"
                f"{_optional(f['sharpe'])},{_optional(f['sortino'])},{n(f['exposure_pct'])},"
            )
        else:
            line += ",,,,,,,,,"
        if i in out_of_sample:
            o = _figures(out_of_sample[i])
            line += (
                f"{int(o['trades'])},{n(o['return_pct'])},{n(o['max_drawdown_pct'])},"
                f"{_optional(o['sharpe'])},"
            )
        else:
            line += ",,,,"
        lines.append(line + refused[i].replace(",", ";").replace('"', "'") + "\n")
    return "".join(lines)


def summary_table(options: argparse.Namespace, strategy: str, combos: np.ndarray,
                  figures: np.ndarray, order: list[int], shown: int,
                  out_of_sample: dict[int, np.ndarray], seconds: float, workers: int,
                  threads: int) -> str:
    """The best-runs table `osprey sweep` prints, the same rows and columns."""
    runs = len(combos)
    table = (
        f"Sweep  {strategy} on {options.data[0]}: {runs} runs ({runs - len(order)} refused) in "
        f"{seconds:.1f} s on {workers} Dask workers ({threads} threads), "
        f"{runs / seconds if seconds > 0 else 0.0:.1f} runs/s; best by {options.rank}\n\n"
    )
    oos_header = "  oos return%  oos sharpe" if options.walk_forward > 0 else ""
    table += (
        f"  {'rank':>4}  {'trades':>7} {'return%':>9} {'drawdown%':>9} {'pf':>7} {'sharpe':>7}"
        f"{oos_header}  parameters\n"
    )
    for k in range(shown):
        i = order[k]
        f = _figures(figures[i])
        oos = ""
        if i in out_of_sample:
            o = _figures(out_of_sample[i])
            oos = f"  {o['return_pct']:>11.2f}  {_figure(o['sharpe']):>10}"
        table += (
            f"  {k + 1:>4}  {int(f['trades']):>7} {f['return_pct']:>9.2f} "
            f"{f['max_drawdown_pct']:>9.2f} {_figure(f['profit_factor']):>7} "
            f"{_figure(f['sharpe']):>7}{oos}  "
            f"{_osprey.parameter_text(strategy, [float(v) for v in combos[i]])}\n"
        )
    return table


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="osprey sweep --dask", allow_abbrev=False, add_help=False)
    parser.add_argument("--dask", required=True)
    parser.add_argument("--data", action="append", default=[])
    parser.add_argument("--strategy", default="")
    parser.add_argument("--timeframe", default="")
    parser.add_argument("--grid", action="append", default=[])
    parser.add_argument("--random", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--rank", default="return_pct")
    parser.add_argument("--out", default="")
    parser.add_argument("--walk-forward", type=float, default=0.0)
    return parser


class UsageError(Exception):
    """Bad usage, told as `osprey sweep` tells it (exit status 2)."""


def _check(options: argparse.Namespace) -> None:
    if options.rank not in _RANKS:
        raise UsageError(
            f"unknown --rank '{options.rank}' (return_pct, sharpe, sortino, profit_factor, "
            "win_rate, max_drawdown_pct)"
        )
    if options.walk_forward != 0 and not 0.1 < options.walk_forward < 0.95:
        raise UsageError(
            f"invalid --walk-forward {options.walk_forward:g}: the in-sample share, "
            "between 0.1 and 0.95"
        )
    if len(options.data) != 1:
        raise UsageError("a sweep reads one --data file (portfolios: osprey backtest)")


def _write_atomically(path: str, text: str) -> None:
    temporary = f"{path}.tmp-{os.getpid()}"
    with open(temporary, "w", encoding="utf-8") as file:
        file.write(text)
    os.replace(temporary, path)


def command(argv: list[str]) -> int:
    """`osprey sweep` with the runs on a Dask cluster: the same table and CSV."""
    options, _ = _parser().parse_known_args(argv)
    run_arguments = [a for a in argv if a != "--dask" and not a.startswith("--dask=")]
    if options.dask in run_arguments:
        run_arguments.remove(options.dask)
    try:
        _check(options)
        # The command line's own parser checks the run options (and says what is wrong).
        _osprey.check_settings(run_arguments)
        combos = _osprey.combinations(options.strategy, options.grid, options.random, options.seed)
    except (ValueError, LookupError, UsageError) as error:
        print(f"osprey: {error}", file=sys.stderr)
        return 2
    try:
        candles = _osprey.load_candles(options.data[0], options.timeframe)
    except ValueError as error:
        print(f"osprey: {error}", file=sys.stderr)
        return 2 if "--timeframe" in str(error) else 1
    except (LookupError, RuntimeError) as error:
        print(f"osprey: {error}", file=sys.stderr)
        return 1
    return _sweep(options, candles, combos, run_arguments)


def _sweep(options: argparse.Namespace, candles: Any, combos: np.ndarray,
           arguments: list[str]) -> int:
    in_sample, out_sample = candles, None
    if options.walk_forward > 0:
        split = math.floor(len(candles) * options.walk_forward)
        in_sample, out_sample = candles.slice(0, split), candles.slice(split, len(candles))
    client, _ = _client_for(options.dask)
    try:
        workers = len(client.scheduler_info()["workers"])
        threads = worker_threads(client)
        started = time.monotonic()
        figures, refused = run(client, in_sample, options.strategy, combos, arguments,
                               progress=True, data="path" if out_sample is None else "scatter")
        seconds = time.monotonic() - started
    finally:
        client.close()
    order = ranking(figures, refused, options.rank)
    shown = min(options.top, len(order))
    validated: dict[int, np.ndarray] = {}
    if out_sample is not None and shown > 0:
        # The replay of the few best runs stays here: it is `top` runs, not a sweep.
        best = combos[order[:shown]]
        oos, _ = _osprey.run_combinations(out_sample, options.strategy, best, arguments,
                                          options.threads or os.cpu_count() or 1)
        validated = {order[k]: oos[k] for k in range(shown)}
    names = [p["name"] for p in next(s for s in _osprey.strategies()
                                     if s["name"] == options.strategy)["parameters"]]
    if options.out:
        try:
            _write_atomically(options.out, runs_csv(names, combos, figures, refused, validated))
        except OSError as error:
            print(f"osprey: cannot write '{options.out}': {error.strerror}", file=sys.stderr)
            return 1
    sys.stdout.write(summary_table(options, options.strategy, combos, figures, order, shown,
                                   validated, seconds, workers, threads))
    return 0


if __name__ == "__main__":
    sys.exit(command(sys.argv[1:]))
