"""Osprey from Python: candles, backtests and sweeps over the C++ engine.

    import osprey
    candles = osprey.load_candles("BTCUSDT-1h.csv")
    result = osprey.backtest(candles, "ema_cross", {"fast": 12, "slow": 26}, sl=2, tp=5)
    result.summary["return_pct"], result.trades, result.equity
    runs = osprey.sweep(candles, "ema_cross", {"fast": "5:30:5", "slow": [40, 60]})
    runs = osprey.sweep(candles, "ema_cross", grid, dask="tcp://scheduler:8786")

Settings are the `osprey backtest` options, read by the command line's own
parser, so a result here has the same numbers as the same command there.
Errors carry the command line's message: ValueError for bad input,
LookupError for a missing file or strategy, RuntimeError for the rest.
"""

from __future__ import annotations

import json
import os
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from . import _osprey
from ._osprey import Candles

__all__ = [
    "Candles",
    "BacktestResult",
    "load_candles",
    "candles_from",
    "strategies",
    "backtest",
    "sweep",
    "settings_arguments",
]

# Keyword settings and the `osprey backtest` option each one is.
_OPTIONS = {
    "sl": "--sl",
    "tp": "--tp",
    "trailing_stop": "--trailing-stop",
    "fee": "--fee",
    "balance": "--balance",
    "amount": "--amount",
    "sizing": "--sizing",
    "risk_pct": "--risk-pct",
    "risk_amount": "--risk-amount",
    "min_notional": "--min-notional",
    "daily_loss_limit": "--daily-loss-limit",
    "gate": "--gate",
    "config": "--config",
    "step": "--step",
    "slippage_bps": "--slippage-bps",
}
# Keyword settings that are flags.
_FLAGS = {"short": "--short", "fixed_amount": "--fixed-amount", "fee_aware": "--fee-aware"}


def strategies() -> list[dict[str, Any]]:
    """The built-in strategies, each with its name, summary and parameters
    (name, kind, default, min, max, description), as `osprey strategies` lists them."""
    return _osprey.strategies()


def load_candles(path: str | os.PathLike[str], timeframe: str | None = None) -> Candles:
    """Reads a candle file (Osprey CSV or Binance archive CSV, plain or gzipped),
    resampled to `timeframe` ("15m", "1h", "4h", "1d", ...) when given: what
    `osprey backtest --data PATH --timeframe TF` reads."""
    return _osprey.load_candles(os.fspath(path), timeframe or "")


def candles_from(data: Any, timeframe: str | None = None) -> Candles:
    """Candles from a file path, a Candles object, a pandas DataFrame or a
    mapping of numpy arrays.

    A DataFrame needs open, high, low, close and volume columns, and its
    times either as a DatetimeIndex or as a `ts`/`open_time` column (datetimes,
    or integers in milliseconds as in an Osprey CSV). A mapping takes the same
    keys. The rows are checked as a candle file's are.
    """
    if isinstance(data, Candles):
        if timeframe and timeframe != data.timeframe:
            return _from_columns(candles_frame(data), timeframe, "<arrays>")
        return data
    if isinstance(data, (str, os.PathLike)):
        return load_candles(data, timeframe)
    if isinstance(data, pd.DataFrame):
        return _from_columns(data, timeframe, "<arrays>")
    if isinstance(data, Mapping):
        return _from_columns(pd.DataFrame(dict(data)), timeframe, "<arrays>")
    raise TypeError(f"cannot make candles from {type(data).__name__}")


def _open_times(frame: pd.DataFrame) -> np.ndarray:
    for name in ("ts", "open_time"):
        if name in frame.columns:
            column = frame[name]
            if pd.api.types.is_datetime64_any_dtype(column):
                return _nanos(pd.DatetimeIndex(column))
            return np.asarray(column, dtype=np.int64) * 1_000_000  # milliseconds
    if isinstance(frame.index, pd.DatetimeIndex):
        return _nanos(frame.index)
    raise ValueError("candles need open times: a DatetimeIndex, or a 'ts' or 'open_time' column")


def _nanos(times: pd.DatetimeIndex) -> np.ndarray:
    if times.tz is not None:
        times = times.tz_convert("UTC").tz_localize(None)
    return times.values.astype("datetime64[ns]").view(np.int64)


def _from_columns(frame: pd.DataFrame, timeframe: str | None, source: str) -> Candles:
    missing = [c for c in ("open", "high", "low", "close", "volume") if c not in frame.columns]
    if missing:
        raise ValueError(f"candles need the columns {', '.join(missing)}")
    return Candles.from_arrays(
        _open_times(frame),
        *(np.asarray(frame[c], dtype=np.float64) for c in ("open", "high", "low", "close", "volume")),
        timeframe=timeframe or "",
        source=source,
    )


def candles_frame(candles: Candles) -> pd.DataFrame:
    """The candles as a DataFrame indexed by open time (UTC)."""
    return pd.DataFrame(
        {c: getattr(candles, c) for c in ("open", "high", "low", "close", "volume")},
        index=pd.DatetimeIndex(candles.open_time, name="open_time"),
    )


Candles.to_pandas = candles_frame  # type: ignore[attr-defined]


def settings_arguments(strategy: str, data: str = "<arrays>", **settings: Any) -> list[str]:
    """The `osprey backtest` arguments that keyword settings stand for:
    settings_arguments("ema_cross", sl=3, short=True) ==
    ["--data=<arrays>", "--strategy=ema_cross", "--sl=3.0", "--short"].
    A setting left out (or None) keeps the command line's default."""
    arguments = [f"--data={data}", f"--strategy={strategy}"]
    for name, value in settings.items():
        if value is None:
            continue
        if name in _FLAGS:
            if value:
                arguments.append(_FLAGS[name])
        elif name in _OPTIONS:
            text = repr(float(value)) if isinstance(value, (int, float, np.number)) else str(value)
            arguments.append(f"{_OPTIONS[name]}={text}")
        else:
            known = ", ".join(sorted([*_OPTIONS, *_FLAGS]))
            raise TypeError(f"unknown setting '{name}' (known: {known})")
    return arguments


class BacktestResult:
    """A finished backtest.

    summary: the statistics `osprey backtest --json` prints (a dict);
    trades: the closed trades (a DataFrame; `trade_columns()` gives numpy views);
    equity: equity at each bar's close (a Series indexed by open time; its
    values are a view of the engine's vector); candles: what it ran on.
    """

    def __init__(self, run: Any) -> None:
        self._run = run
        self.summary: dict[str, Any] = json.loads(run.summary_json)
        self.candles: Candles = run.candles

    @property
    def equity(self) -> pd.Series:
        return pd.Series(
            self._run.equity,
            index=pd.DatetimeIndex(self.candles.open_time, name="open_time"),
            name="equity",
            copy=False,
        )

    def trade_columns(self) -> dict[str, Any]:
        """The trades column by column: read-only numpy views, no copy."""
        return self._run.trade_columns()

    @property
    def trades(self) -> pd.DataFrame:
        return pd.DataFrame(self._run.trade_columns())

    @property
    def trades_csv(self) -> str:
        """The trades as `osprey backtest --trades FILE` writes them."""
        return self._run.trades_csv

    def write_report(self, path: str | os.PathLike[str]) -> None:
        """Writes the HTML report (chart, trades, equity, statistics) that
        `osprey report --out PATH` writes for the same run."""
        self._run.write_report(os.fspath(path))

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"<BacktestResult {s['strategy']} {s['parameters']}: {s['trades']} trades, "
            f"return {s['return_pct']:.2f}%, max drawdown {s['max_drawdown_pct']:.2f}%>"
        )


def backtest(
    candles: Any,
    strategy: str,
    params: Mapping[str, float | str] | None = None,
    **settings: Any,
) -> BacktestResult:
    """Backtests `strategy` with `params` (others at their defaults) over `candles`
    (Candles, a path, a DataFrame or arrays: see candles_from).

    Settings are `osprey backtest` options: sl, tp, trailing_stop (%), fee (a
    fraction per side), balance, amount, sizing, risk_pct, risk_amount,
    min_notional, daily_loss_limit, gate ("pro"/"off"), config (a YAML file),
    step, slippage_bps, and the flags short, fixed_amount, fee_aware.
    The engine runs without the GIL: Python threads can backtest in parallel.
    """
    series = candles_from(candles)
    arguments = settings_arguments(strategy, series.source, **settings)
    return BacktestResult(_osprey.run_backtest(series, strategy, dict(params or {}), arguments))


def _axis_text(name: str, spec: Any) -> str:
    if isinstance(spec, str):
        return f"{name}={spec}"
    if isinstance(spec, range):
        spec = list(spec)
    values = np.atleast_1d(np.asarray(spec, dtype=np.float64))
    return f"{name}=" + ",".join(repr(float(v)) for v in values)


def axes_text(grid: Mapping[str, Any] | Sequence[str] | None) -> list[str]:
    """`--grid` texts from {"fast": "5:30:5", "slow": [40, 60]} or ["fast=5:30:5"]."""
    if grid is None:
        return []
    if isinstance(grid, Mapping):
        return [_axis_text(name, spec) for name, spec in grid.items()]
    return [str(text) for text in grid]


def runs_frame(strategy: str, combos: np.ndarray, figures: np.ndarray, refused: list[str]) -> pd.DataFrame:
    """A sweep's runs as a DataFrame: the parameters, the figures, the refusal."""
    info = next(s for s in strategies() if s["name"] == strategy)
    frame = pd.DataFrame(combos, columns=[p["name"] for p in info["parameters"]])
    for k, name in enumerate(_osprey.figure_names):
        frame[name] = figures[:, k]
    for name in ("trades", "wins", "bars"):
        frame[name] = frame[name].astype("Int64")
    frame["refused"] = refused
    return frame


def sweep(
    candles: Any,
    strategy: str,
    grid: Mapping[str, Any] | Sequence[str] | None = None,
    *,
    random: int = 0,
    seed: int = 1,
    threads: int | None = None,
    dask: Any = None,
    batch_size: int | None = None,
    data: str = "auto",
    progress: bool = False,
    **settings: Any,
) -> pd.DataFrame:
    """Backtests every combination `osprey sweep` would: the grid of the axes
    (parameters without one keep their defaults), or `random` draws from the
    axes or the parameters' ranges with `seed`.

    Without `dask` it runs on `threads` threads here (default: every core).
    With `dask` (a scheduler address or a distributed.Client) the combinations
    go to the cluster in batches (see osprey.dask_sweep.run): same rows, same
    order, same numbers. `data`: "path" lets workers read the candle file
    themselves, "scatter" sends the candles once to each worker, "auto" picks
    "path" for candles loaded from a file and "scatter" otherwise.
    Returns one row per combination, in combination order; refused runs have
    the strategy's reason in "refused" and NaN figures.
    """
    series = candles_from(candles)
    combos = _osprey.combinations(strategy, axes_text(grid), random, seed)
    arguments = settings_arguments(strategy, series.source, **settings)
    if dask is None:
        figures, refused = _osprey.run_combinations(
            series, strategy, combos, arguments, threads or os.cpu_count() or 1
        )
    else:
        from . import dask_sweep

        figures, refused = dask_sweep.run_on(
            dask, series, strategy, combos, arguments,
            batch_size=batch_size, data=data, progress=progress,
        )
    return runs_frame(strategy, combos, figures, refused)
