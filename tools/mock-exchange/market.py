"""Replayed candles and the mock's market clock.

The mock has no order book: every price comes from real candles in
../shared/data/candles. All symbols are laid on one market timeline so
that 200 streamed symbols close their bars at the same instants, as on a
real exchange. Each file is shifted by whole days (so bars stay aligned to
their interval) such that its first full day lies HISTORY_DAYS before the
clock's start, MARKET_START; the altcoin 1m files of February 2026 keep
their real timestamps.

Time only moves when told (manual mode, for deterministic tests) or in
`realtime` mode at a chosen speed. A bar is "passed" once the clock has
reached its end; the current bar is only known by its open, because the
files carry no intrabar prices.
"""

from __future__ import annotations

import bisect
import itertools
import os
import re
from array import array
from dataclasses import dataclass
from decimal import Decimal

MINUTE = 60_000
DAY = 86_400_000
MARKET_START = 1_770_508_800_000  # 2026-02-08 00:00 UTC
HISTORY_DAYS = 7

# Binance interval names, Bybit's equivalents, and their length in ms.
INTERVALS = {
    "1m": ("1", MINUTE), "3m": ("3", 3 * MINUTE), "5m": ("5", 5 * MINUTE),
    "15m": ("15", 15 * MINUTE), "30m": ("30", 30 * MINUTE),
    "1h": ("60", 60 * MINUTE), "2h": ("120", 120 * MINUTE),
    "4h": ("240", 240 * MINUTE), "6h": ("360", 360 * MINUTE),
    "8h": (None, 480 * MINUTE), "12h": ("720", 720 * MINUTE),
    "1d": ("D", DAY),
}
BYBIT_INTERVALS = {b: (name, ms) for name, (b, ms) in INTERVALS.items() if b}
FILE_NAME = re.compile(r"^([A-Z0-9]+)-(\d+[mhd])\.csv$")


def ceil_to(value: int, step: int) -> int:
    return -(-value // step) * step


def shift_for(first_ts: int) -> int:
    """Whole days that put a file's first full day HISTORY_DAYS before start."""
    return MARKET_START - ceil_to(first_ts, DAY) - HISTORY_DAYS * DAY


@dataclass(frozen=True)
class Kline:
    """One candle of any interval, as both venues describe it."""

    start: int
    length: int
    open: str
    high: str
    low: str
    close: str
    volume: str
    quote_volume: str
    trades: int
    closed: bool

    @property
    def end(self) -> int:
        return self.start + self.length


class Series:
    """One candle file, loaded on first use (the mock may know 200 symbols)."""

    def __init__(self, path: str, base_ms: int) -> None:
        self.path = path
        self.base_ms = base_ms
        self._ts: array | None = None
        self._rows: list[str] = []
        self.shift = 0

    def _load(self) -> None:
        with open(self.path, encoding="latin-1") as f:
            rows = f.read().splitlines()
        if rows and not rows[0][:1].isdigit():
            del rows[0]  # the header
        self.shift = shift_for(int(rows[0].partition(",")[0]))
        shift = self.shift
        stamps = array("q", [int(r.partition(",")[0]) + shift for r in rows])
        self._rows = rows
        self._ts = stamps

    @property
    def stamps(self) -> array:
        if self._ts is None:
            self._load()
        return self._ts  # type: ignore[return-value]

    def row(self, index: int) -> list[str]:
        """[ts, open, high, low, close, volume] with ts already shifted."""
        fields = self._rows[index].split(",")
        fields[0] = str(self.stamps[index])
        return fields

    def index_at_or_after(self, ts: int) -> int:
        return bisect.bisect_left(self.stamps, ts)

    def first_price(self) -> Decimal:
        """About the open at the clock's start: sets tick and step sizes.

        Read without loading the file: the exchange info of 200 symbols
        must not wait for 200 files.
        """
        with open(self.path, encoding="latin-1") as f:
            line = f.readline()
            if not line[:1].isdigit():
                line = f.readline()
            first = int(line.partition(",")[0])
            skip = (MARKET_START - first - shift_for(first)) // self.base_ms
            for line in itertools.islice(f, max(0, skip - 1)):
                pass
        return Decimal(line.split(",")[1])


def build_kline(series: Series, start: int, length: int, now: int,
                lo: int, hi: int) -> Kline | None:
    """Aggregate base rows [lo, hi) into the candle [start, start+length).

    Rows still open at `now` contribute their open only.
    """
    open_ = high = low = close = None
    volume = Decimal(0)
    trades = 0
    for i in range(lo, hi):
        ts, o, h, l, c, v = series.row(i)
        passed = int(ts) + series.base_ms <= now
        if open_ is None:
            open_, high, low, close = o, o, o, o
        if passed:
            if Decimal(h) > Decimal(high):
                high = h
            if Decimal(l) < Decimal(low):
                low = l
            close = c
            volume += Decimal(v)
            trades += 1 + int(Decimal(v)) % 97
        else:
            break
    if open_ is None:
        return None
    quote = plain((volume * Decimal(close)).quantize(Decimal("0.00000001")))
    return Kline(start, length, open_, high, low, close, plain(volume),
                 quote, trades, start + length <= now)


class Market:
    """Candles for every symbol plus the market clock."""

    def __init__(self, candles_dir: str, symbols: list[str] | None) -> None:
        self.now = MARKET_START
        files: dict[str, list[tuple[int, str]]] = {}
        for name in sorted(os.listdir(candles_dir)):
            m = FILE_NAME.match(name)
            if m and m.group(2) in INTERVALS:
                ms = INTERVALS[m.group(2)][1]
                files.setdefault(m.group(1), []).append(
                    (ms, os.path.join(candles_dir, name)))
        minute_files = sorted(p for v in files.values() for ms, p in v if ms == MINUTE)
        self.series: dict[str, Series] = {}
        by_path: dict[str, Series] = {}  # symbols replaying one file share it
        wanted = symbols or sorted(files)
        for n, symbol in enumerate(wanted):
            if symbol in files:
                ms, path = min(files[symbol])  # finest interval available
            else:
                # Symbols without a file (the 200-symbol benchmark) replay a
                # 1m file chosen by their position in --symbols.
                ms, path = MINUTE, minute_files[n % len(minute_files)]
            self.series[symbol] = by_path.setdefault(path, Series(path, ms))

    def symbols(self) -> list[str]:
        return list(self.series)

    def last_price(self, symbol: str) -> Decimal:
        """Close of the latest bar the clock has passed (the fill price)."""
        s = self.series[symbol]
        i = bisect.bisect_right(s.stamps, self.now - s.base_ms) - 1
        if i < 0:
            return Decimal(s.row(0)[1])
        return Decimal(s.row(i)[4])

    def klines(self, symbol: str, length: int, start: int | None,
               end: int | None, limit: int) -> list[Kline]:
        """Closed candles whose open time lies in [start, end].

        Without `start` the newest `limit` candles are returned, with it the
        oldest from `start` on (both venues page this way; Bybit then
        reverses the order). The real venues also return the candle still
        forming; the mock leaves it out because clients tell it apart by
        comparing its close time with the server time, and the mock's
        server time (wall clock) is not its market time.
        """
        s = self.series[symbol]
        if length < s.base_ms or length % s.base_ms:
            return []
        hi = min(end if end is not None else self.now, self.now - length)
        hi = hi // length * length
        if start is None:
            lo = hi - (limit - 1) * length
        else:
            lo = ceil_to(start, length)
            hi = min(hi, lo + (limit - 1) * length)
        out: list[Kline] = []
        stamps = s.stamps
        i = s.index_at_or_after(lo)
        while i < len(stamps) and stamps[i] <= hi + length - 1 and stamps[i] <= self.now:
            c = stamps[i] // length * length
            j = s.index_at_or_after(c + length)
            k = build_kline(s, c, length, self.now, i, j)
            if k is not None and k.closed:
                out.append(k)
            i = j
        return out[-limit:] if start is None else out[:limit]

    def passed_rows(self, symbol: str, old: int, new: int) -> range:
        """Indices of the base rows whose end lies in (old, new]."""
        s = self.series[symbol]
        lo = bisect.bisect_right(s.stamps, old - s.base_ms)
        hi = bisect.bisect_right(s.stamps, new - s.base_ms)
        return range(lo, hi)


@dataclass(frozen=True)
class Rules:
    """Tick, step and minimum notional, derived from the price's magnitude
    (about what both venues use for the same coins)."""

    tick: Decimal
    step: Decimal
    min_notional: Decimal = Decimal(5)
    max_qty: Decimal = Decimal(9_000_000)
    max_price: Decimal = Decimal(1_000_000)


def rules_for(price: Decimal) -> Rules:
    magnitude = price.adjusted()  # floor(log10(price))
    tick_places = min(max(4 - magnitude, 2), 8)
    step_places = min(max(magnitude + 1, 0), 8)
    return Rules(Decimal(1).scaleb(-tick_places), Decimal(1).scaleb(-step_places))


def plain(d: Decimal) -> str:
    """A decimal as a plain string without exponent or trailing zeros."""
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
