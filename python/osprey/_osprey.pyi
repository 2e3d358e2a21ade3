"""Type stubs of the compiled half of the osprey package (python/src/)."""

from typing import Any

import numpy as np
import numpy.typing as npt

figure_names: list[str]

class Candles:
    """Candles held by the engine. The columns are read-only numpy views of its memory."""

    @staticmethod
    def from_arrays(
        open_time: npt.ArrayLike,
        open: npt.ArrayLike,
        high: npt.ArrayLike,
        low: npt.ArrayLike,
        close: npt.ArrayLike,
        volume: npt.ArrayLike,
        timeframe: str = "",
        source: str = "<arrays>",
    ) -> Candles:
        """Candles from columns; open_time in nanoseconds since the epoch (UTC).
        The rows are checked as a candle file's are; `timeframe` resamples."""
    def __len__(self) -> int: ...
    @property
    def timeframe(self) -> str:
        """The bars' timeframe, e.g. '1h'."""
    @property
    def source(self) -> str:
        """The file read, or '<arrays>'."""
    @property
    def resampled_to(self) -> str:
        """The timeframe asked for on loading ('' if none)."""
    @property
    def open_time(self) -> npt.NDArray[np.datetime64]:
        """Open times (datetime64[ns], UTC), a view."""
    @property
    def open(self) -> npt.NDArray[np.float64]: ...
    @property
    def high(self) -> npt.NDArray[np.float64]: ...
    @property
    def low(self) -> npt.NDArray[np.float64]: ...
    @property
    def close(self) -> npt.NDArray[np.float64]: ...
    @property
    def volume(self) -> npt.NDArray[np.float64]: ...
    def slice(self, start: int, stop: int) -> Candles:
        """A copy of rows [start, stop)."""
    def to_pandas(self) -> Any:
        """The candles as a DataFrame indexed by open time (set by osprey)."""

class BacktestRun:
    """A finished backtest (see osprey.backtest)."""

    @property
    def summary_json(self) -> str:
        """The JSON object `osprey backtest --json` prints for the same run."""
    @property
    def equity(self) -> npt.NDArray[np.float64]:
        """Equity at each bar's close, a view."""
    def trade_columns(self) -> dict[str, Any]:
        """The closed trades, column by column."""
    @property
    def trades_csv(self) -> str: ...
    @property
    def candles(self) -> Candles: ...
    def write_report(self, path: str) -> None: ...

def strategies() -> list[dict[str, Any]]: ...
def load_candles(path: str, timeframe: str = "") -> Candles: ...
def run_backtest(
    candles: Candles, strategy: str, parameters: dict[str, float | str], arguments: list[str]
) -> BacktestRun: ...
def combinations(
    strategy: str, axes: list[str], random: int = 0, seed: int = 1
) -> npt.NDArray[np.float64]:
    """The combinations `osprey sweep --grid AXIS... [--random N --seed S]` runs."""
def run_combinations(
    candles: Candles,
    strategy: str,
    combinations: npt.ArrayLike,
    arguments: list[str],
    threads: int = 1,
) -> tuple[npt.NDArray[np.float64], list[str]]:
    """Backtests every row of `combinations`: (figures matrix, refusals)."""
def check_settings(arguments: list[str]) -> None: ...
def number_text(value: float) -> str: ...
def parameter_text(strategy: str, combination: list[float]) -> str: ...
