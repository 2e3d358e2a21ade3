"""What both venue modules share: the mock's state, and small parsers."""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from accounts import Exchange
from faults import Faults
from limits import Budget
from market import Market, Rules, rules_for
from replay import Replay
from sockets import Hub


def sign(secret: str, payload: str | bytes) -> str:
    data = payload.encode() if isinstance(payload, str) else payload
    return hmac.new(secret.encode(), data, hashlib.sha256).hexdigest()


def same_signature(secret: str, payload: str | bytes, given: str) -> bool:
    return hmac.compare_digest(sign(secret, payload), given.lower())


def decimal_or_none(text) -> Decimal | None:
    if text is None or text == "":
        return None
    try:
        value = Decimal(str(text))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def on_grid(value: Decimal, step: Decimal) -> bool:
    return value % step == 0


@dataclass
class State:
    """Everything one mock process holds; handed to every route."""

    market: Market
    exchange: Exchange
    faults: Faults
    hub: Hub
    replay: Replay
    budgets: dict[str, Budget] = field(default_factory=lambda: {
        "binance": Budget(), "bybit": Budget()})
    requests: dict[str, dict[str, int]] = field(default_factory=dict)
    _rules: dict[str, Rules] = field(default_factory=dict)

    def server_ms(self) -> int:
        """Wall clock plus the scripted skew: what the venues' time says."""
        return int(time.time() * 1000) + self.faults.skew_ms

    def rules(self, symbol: str) -> Rules:
        if symbol not in self._rules:
            self._rules[symbol] = rules_for(self.market.series[symbol].first_price())
        return self._rules[symbol]

    def count(self, path: str, status: int) -> None:
        row = self.requests.setdefault(path, {})
        row[str(status)] = row.get(str(status), 0) + 1
