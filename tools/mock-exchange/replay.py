"""Moves the market clock and fans the replayed bars out.

An advance walks every base bar whose end the clock passes, in time order
across symbols. For each bar it first lets the exchange fill resting
orders and TP/SL, then sends, for every subscribed kline stream of that
symbol: the candle containing the bar (closed flag set when the bar ends
the candle, else an open update), and, when the next bar starts a new
candle, that candle's first open update. The advance returns only after
everything queued was handed to the sockets.

`realtime` mode runs the same advance from a task at X times wall speed,
and every PUSH_MS of wall time re-sends each stream's forming candle.
When the mock cannot keep up (a huge speed over many streams) each tick is
capped at MAX_BARS_PER_TICK base bars, so it streams as fast as it can
instead of falling over.
"""

from __future__ import annotations

import asyncio
import time
from decimal import Decimal

from accounts import Exchange
from market import Market, build_kline
from sockets import Hub

TICK_S = 0.02
PUSH_MS = 2000  # realtime: the forming candle is re-sent this often (Binance: 2 s)
MAX_BARS_PER_TICK = 20


class Replay:
    def __init__(self, market: Market, exchange: Exchange, hub: Hub) -> None:
        self.market = market
        self.exchange = exchange
        self.hub = hub
        # symbol -> interval ms -> listeners with .kline(...)
        self.feeds: dict[str, dict[int, set]] = {}
        self.mode = "manual"
        self.speed = 1.0
        self.push_ms = PUSH_MS
        self._task: asyncio.Task | None = None
        self._lock = asyncio.Lock()

    def subscribe(self, symbol: str, length: int, listener) -> None:
        base = self.market.series[symbol].base_ms
        if length < base or length % base:
            return  # finer than the file (e.g. 1m over 5m data): stays silent
        self.feeds.setdefault(symbol, {}).setdefault(length, set()).add(listener)

    def unsubscribe(self, symbol: str, length: int, listener) -> None:
        by_length = self.feeds.get(symbol, {})
        group = by_length.get(length)
        if group is not None:
            group.discard(listener)
            if not group:
                del by_length[length]
            if not by_length:
                del self.feeds[symbol]

    async def advance(self, ms: int) -> dict:
        async with self._lock:
            return await self._advance(ms)

    async def _advance(self, ms: int) -> dict:
        market = self.market
        old, new = market.now, market.now + max(0, ms)
        bars = []
        symbols = set(self.feeds) | set(
            o.symbol for o in self.exchange.orders if o.is_open) | set(
            sym for a in self.exchange.accounts.values()
            for sym, p in a.positions.items() if p.size)
        for symbol in symbols:
            s = market.series[symbol]
            for i in market.passed_rows(symbol, old, new):
                bars.append((s.stamps[i] + s.base_ms, symbol, i))
        bars.sort()
        messages = 0
        cache: dict = {}
        for end, symbol, i in bars:
            market.now = end
            s = market.series[symbol]
            row = s.row(i)
            self.exchange.on_bar(symbol, Decimal(row[2]), Decimal(row[3]))
            messages += self._emit(symbol, s, i, end, cache)
        market.now = new
        await self.hub.flush()
        return {"now": new, "bars": len(bars), "messages": messages}

    def _emit(self, symbol: str, s, i: int, end: int, cache: dict) -> int:
        sent = 0
        stamps = s.stamps
        for length, listeners in list(self.feeds.get(symbol, {}).items()):
            start = stamps[i] // length * length
            lo = s.index_at_or_after(start)
            k = build_kline(s, start, length, end, lo, i + 1)
            updates = [k]
            nxt = i + 1
            if nxt < len(stamps) and stamps[nxt] == end and end % length == 0:
                updates.append(build_kline(s, end, length, end, nxt, nxt + 1))
            for kline in updates:
                if kline is None:
                    continue
                for listener in list(listeners):
                    listener.kline(symbol, kline, end, cache)
                    sent += 1
        return sent

    async def push_current(self) -> int:
        """Re-sends every subscribed stream's forming candle, as Binance does
        every 2 s, so a realtime stream is never silent for a whole bar."""
        async with self._lock:
            market, now, sent, cache = self.market, self.market.now, 0, {}
            for symbol, by_length in list(self.feeds.items()):
                s = market.series[symbol]
                for length, listeners in list(by_length.items()):
                    start = now // length * length
                    lo, hi = s.index_at_or_after(start), s.index_at_or_after(start + length)
                    k = build_kline(s, start, length, now, lo, hi)
                    if k is None:
                        continue
                    for listener in list(listeners):
                        listener.kline(symbol, k, now, cache)
                        sent += 1
            await self.hub.flush()
            return sent

    def set_clock(self, mode: str, speed: float, push_ms: int = PUSH_MS) -> None:
        self.mode = mode
        self.speed = speed
        self.push_ms = push_ms
        if self._task is not None:
            self._task.cancel()
            self._task = None
        if mode == "realtime":
            self._task = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        last = pushed = time.monotonic()
        owed = 0.0
        while True:
            await asyncio.sleep(TICK_S)
            now = time.monotonic()
            if now - pushed >= self.push_ms / 1000:
                pushed = now
                await self.push_current()
            owed += (now - last) * 1000 * self.speed
            last = now
            cap = MAX_BARS_PER_TICK * 60_000
            step = int(min(owed, cap))
            owed = min(owed - step, cap)  # never build an ever-growing debt
            if step > 0:
                await self.advance(step)
