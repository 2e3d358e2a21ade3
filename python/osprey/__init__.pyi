"""Osprey from Python: candles, backtests and sweeps over the C++ engine.

See docs/python.md. Settings are `osprey backtest` options; errors carry the
command line's message (ValueError: bad input, LookupError: missing file or
strategy, RuntimeError: the rest).
"""

import os
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from ._osprey import Candles as Candles

def strategies() -> list[dict[str, Any]]:
    """The built-in strategies: name, summary and parameters (name, kind,
    default, min, max, description), as `osprey strategies` lists them."""

def load_candles(path: str | os.PathLike[str], timeframe: str | None = None) -> Candles:
    """Reads a candle file (Osprey CSV or Binance archive CSV, plain or
    gzipped), resampled to `timeframe` when given."""

def candles_from(data: Any, timeframe: str | None = None) -> Candles:
    """Candles from a path, Candles, a DataFrame (DatetimeIndex or a ts /
    open_time column; open, high, low, close, volume) or a mapping of arrays."""

def candles_frame(candles: Candles) -> pd.DataFrame:
    """The candles as a DataFrame indexed by open time (UTC)."""

def settings_arguments(strategy: str, data: str = "<arrays>", **settings: Any) -> list[str]:
    """The `osprey backtest` arguments that keyword settings stand for."""

def axes_text(grid: Mapping[str, Any] | Sequence[str] | None) -> list[str]:
    """`--grid` texts from {"fast": "5:30:5", "slow": [40, 60]}."""

def runs_frame(
    strategy: str, combos: np.ndarray, figures: np.ndarray, refused: list[str]
) -> pd.DataFrame: ...

class BacktestResult:
    """A finished backtest: summary (the `osprey backtest --json` statistics),
    trades (DataFrame), equity (Series by open time), candles."""

    summary: dict[str, Any]
    candles: Candles
    @property
    def equity(self) -> pd.Series:
        """Equity at each bar's close; the values are a view of the engine's vector."""
    @property
    def trades(self) -> pd.DataFrame:
        """The closed trades: entry/exit time and price, quantity, entry_cost, pnl, exit_reason."""
    def trade_columns(self) -> dict[str, Any]:
        """The trades column by column: read-only numpy views, no copy."""
    @property
    def trades_csv(self) -> str:
        """The trades as `osprey backtest --trades FILE` writes them."""
    def write_report(self, path: str | os.PathLike[str]) -> None:
        """Writes the HTML report `osprey report --out PATH` writes for the same run."""

def backtest(
    candles: Any,
    strategy: str,
    params: Mapping[str, float | str] | None = None,
    *,
    sl: float | None = None,
    tp: float | None = None,
    trailing_stop: float | None = None,
    fee: float | None = None,
    balance: float | None = None,
    amount: float | None = None,
    sizing: str | None = None,
    risk_pct: float | None = None,
    risk_amount: float | None = None,
    min_notional: float | None = None,
    daily_loss_limit: float | None = None,
    gate: str | None = None,
    config: str | None = None,
    step: float | None = None,
    slippage_bps: float | None = None,
    short: bool = False,
    fixed_amount: bool = False,
    fee_aware: bool = False,
) -> BacktestResult:
    """Backtests `strategy` with `params` over `candles` (Candles, a path, a
    DataFrame or arrays). A setting left out keeps `osprey backtest`'s default.
    The engine runs without the GIL: Python threads backtest in parallel."""

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
    sl: float | None = None,
    tp: float | None = None,
    trailing_stop: float | None = None,
    fee: float | None = None,
    balance: float | None = None,
    amount: float | None = None,
    sizing: str | None = None,
    risk_pct: float | None = None,
    risk_amount: float | None = None,
    min_notional: float | None = None,
    daily_loss_limit: float | None = None,
    gate: str | None = None,
    config: str | None = None,
    step: float | None = None,
    slippage_bps: float | None = None,
    short: bool = False,
    fixed_amount: bool = False,
    fee_aware: bool = False,
) -> pd.DataFrame:
    """Backtests every combination `osprey sweep` would (grid, or `random`
    draws with `seed`): here on `threads` threads, or with `dask` (scheduler
    address or distributed.Client) on a cluster, in batches; one row per
    combination in combination order, the same numbers either way."""
