"""Request weights and rate limits, counted per IP as the venues do.

Binance: every REST request adds its weight to a fixed one-minute window
(X-MBX-USED-WEIGHT-1M). Going over the limit answers 429 with -1003 and a
Retry-After header (seconds to the window's end); a client that keeps
sending before that time gets `grace` more 429s, then 418 and an IP ban
(Retry-After = ban left), like the real automatic ban. Tests lower the limit, and may shorten the
window and the ban, through the `rate_limit` fault.

Bybit: the same budget, counted in requests, answers retCode 10006 with
the X-Bapi-Limit-* headers; sending on after that gets HTTP 403 (the IP
ban), as documented in bybit-v5.md section 5.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

DEFAULT_WEIGHT = 6000
DEFAULT_WINDOW_MS = 60_000
DEFAULT_BAN_MS = 120_000
# Requests already in flight when the first 429 arrives still get 429; the
# ban comes to a client that keeps sending after `grace` further 429s.
DEFAULT_GRACE = 3


@dataclass
class Verdict:
    status: int  # 200, 429 (or 10006 on Bybit) or 418 (403 on Bybit)
    used: int
    retry_after_s: int = 0
    reset_ms: int = 0


class Budget:
    """One venue's weight window and ban state."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.limit = DEFAULT_WEIGHT
        self.window_ms = DEFAULT_WINDOW_MS
        self.ban_ms = DEFAULT_BAN_MS
        self.window_start = 0
        self.used = 0
        self.warned_until = 0  # after a 429, sending before this risks a ban
        self.grace = DEFAULT_GRACE
        self.strikes = 0  # requests answered 429 in the current window
        self.banned_until = 0
        self.orders_10s: list[float] = []

    def configure(self, spec: dict) -> None:
        if "weight_per_minute" in spec:
            self.limit = int(spec["weight_per_minute"])
        self.window_ms = int(spec.get("interval_ms", self.window_ms))
        self.ban_ms = int(spec.get("ban_ms", self.ban_ms))
        self.grace = int(spec.get("grace", self.grace))

    def _roll(self, now_ms: int) -> None:
        start = now_ms // self.window_ms * self.window_ms
        if start != self.window_start:
            self.window_start = start
            self.used = 0
            self.strikes = 0

    def charge(self, weight: int) -> Verdict:
        now_ms = int(time.time() * 1000)
        self._roll(now_ms)
        if now_ms < self.banned_until:
            left = self.banned_until - now_ms
            return Verdict(418, self.used, math.ceil(left / 1000), self.banned_until)
        if now_ms < self.warned_until and self.strikes > self.grace:
            self.banned_until = now_ms + self.ban_ms
            return Verdict(418, self.used, math.ceil(self.ban_ms / 1000), self.banned_until)
        self.used += weight
        if self.used > self.limit:
            reset = self.window_start + self.window_ms
            self.warned_until = reset
            self.strikes += 1
            return Verdict(429, self.used, max(1, math.ceil((reset - now_ms) / 1000)), reset)
        return Verdict(200, self.used)

    def count_order(self) -> int:
        """Orders in the last 10 s, for X-MBX-ORDER-COUNT-10S (not enforced)."""
        now = time.monotonic()
        self.orders_10s = [t for t in self.orders_10s if now - t < 10] + [now]
        return len(self.orders_10s)
