"""Accounts, balances, orders and fills: the mock's matching engine.

There is no order book. A market order fills in full at the replayed price
(Market.last_price: the close of the latest bar the clock has passed). A
limit order that is marketable when placed fills at once at that price as
a taker; otherwise it rests and fills at its own price, as a maker, on the
first replayed bar whose low (buy) or high (sell) reaches it. Bybit linear
positions keep their take-profit and stop-loss, which trigger the same way
(the stop first when one bar reaches both: the conservative reading).

State is venue-neutral (Binance's words for statuses and sides); binance.py
and bybit.py translate. Every change is announced to the account's
listeners (the user-data streams) as ("order", order, fill|None),
("balance", assets) or ("position", position).
"""

from __future__ import annotations

import itertools
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

from market import Market

FEE = {"spot": Decimal("0.001"), "linear": Decimal("0.00055")}
MAKER_FEE = {"spot": Decimal("0.001"), "linear": Decimal("0.0002")}
LEVERAGE = Decimal(10)
OPEN = ("NEW", "PARTIALLY_FILLED")
ZERO = Decimal(0)


class Rejection(Exception):
    """An order the engine refuses; `reason` is mapped to venue codes."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


@dataclass
class Fill:
    trade_id: int
    exec_id: str
    price: Decimal
    qty: Decimal
    fee: Decimal
    fee_asset: str
    maker: bool
    time: int

    @property
    def quote(self) -> Decimal:
        return self.price * self.qty


@dataclass
class Order:
    venue: str
    category: str  # "spot" or "linear"
    account: "Account"
    order_id: int
    uuid: str
    client_id: str
    symbol: str
    side: str  # BUY / SELL
    type: str  # MARKET / LIMIT / LIMIT_MAKER
    tif: str
    qty: Decimal
    price: Decimal  # 0 for market orders
    quote_qty: Decimal = ZERO  # market orders sized in quote
    status: str = "NEW"
    executed: Decimal = ZERO
    cum_quote: Decimal = ZERO
    fills: list[Fill] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    reduce_only: bool = False
    stop_kind: str = ""  # "TakeProfit" / "StopLoss" for TP/SL closes
    locked: Decimal = ZERO  # what this order holds back while it rests
    take_profit: str = ""
    stop_loss: str = ""
    cancel_client_id: str = ""

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


@dataclass
class Position:
    """A Bybit linear position (one-way mode, positionIdx 0)."""

    symbol: str
    size: Decimal = ZERO  # signed: > 0 long
    avg: Decimal = ZERO
    realised: Decimal = ZERO
    cum_realised: Decimal = ZERO
    take_profit: str = ""
    stop_loss: str = ""
    tp_trigger: str = "LastPrice"
    sl_trigger: str = "LastPrice"
    created: int = 0
    updated: int = 0
    seq: int = 0


@dataclass
class Account:
    venue: str
    api_key: str
    secret: str
    balances: dict[str, list[Decimal]] = field(default_factory=dict)  # free, locked
    positions: dict[str, Position] = field(default_factory=dict)
    listeners: list[Callable] = field(default_factory=list)
    update_id: int = 0

    def free(self, asset: str) -> Decimal:
        return self.balances.get(asset, [ZERO, ZERO])[0]

    def move(self, asset: str, free: Decimal = ZERO, locked: Decimal = ZERO) -> None:
        row = self.balances.setdefault(asset, [ZERO, ZERO])
        row[0] += free
        row[1] += locked

    def notify(self, *event) -> None:
        for listener in list(self.listeners):
            listener(*event)


def split_symbol(symbol: str) -> tuple[str, str]:
    for quote in ("USDT", "USDC", "BTC", "ETH"):
        if symbol.endswith(quote) and len(symbol) > len(quote):
            return symbol[: -len(quote)], quote
    return symbol[:-4], symbol[-4:]


def now_ms() -> int:
    return int(time.time() * 1000)


class Exchange:
    """Both venues' accounts and orders over one replayed market."""

    def __init__(self, market: Market) -> None:
        self.market = market
        self.reset()

    def reset(self) -> None:
        self.accounts: dict[tuple[str, str], Account] = {}
        self.orders: list[Order] = []
        self._ids = itertools.count(1_000_001)
        self._trades = itertools.count(5_000_001)
        self.set_account("binance", "mock-binance-key", "mock-binance-secret",
                         {"USDT": "10000"})
        self.set_account("bybit", "mock-bybit-key", "mock-bybit-secret",
                         {"USDT": "10000"})

    def set_account(self, venue: str, key: str, secret: str, balances: dict) -> Account:
        # Updated in place: open user-data streams keep listening to it.
        acct = self.accounts.setdefault((venue, key), Account(venue, key, secret))
        acct.secret = secret
        acct.balances = {a: [Decimal(str(v)), ZERO] for a, v in balances.items()}
        acct.positions = {}
        return acct

    def account(self, venue: str, key: str) -> Account | None:
        return self.accounts.get((venue, key))

    # ---- placing -------------------------------------------------------
    def place(self, acct: Account, category: str, symbol: str, side: str,
              type_: str, qty: Decimal, price: Decimal, client_id: str,
              tif: str = "GTC", quote_qty: Decimal = ZERO,
              reduce_only: bool = False, take_profit: str = "",
              stop_loss: str = "") -> Order:
        stamp = now_ms()
        oid = next(self._ids)
        order = Order(acct.venue, category, acct, oid, str(uuid.uuid4()),
                      client_id, symbol, side, type_, tif, qty, price,
                      quote_qty, created=stamp, updated=stamp,
                      reduce_only=reduce_only, take_profit=take_profit,
                      stop_loss=stop_loss)
        last = self.market.last_price(symbol)
        if quote_qty and not qty:
            order.qty = quote_qty / last
        marketable = type_ == "MARKET" or (
            side == "BUY" and price >= last) or (side == "SELL" and price <= last)
        if type_ == "LIMIT_MAKER" and marketable:
            raise Rejection("would_take")
        if category == "linear":
            self._check_margin(acct, order, last)
        else:
            self._check_spot_funds(acct, order, last if marketable else price)
        self.orders.append(order)
        if marketable:
            acct.notify("order", order, None)
            self._fill(order, last, maker=False)
        elif tif in ("IOC", "FOK"):
            order.status = "EXPIRED"
            acct.notify("order", order, None)
        else:
            self._lock(order)
            acct.notify("order", order, None)
            if order.locked:
                acct.notify("balance", [self._lock_asset(order)])
        return order

    def _check_spot_funds(self, acct: Account, order: Order, price: Decimal) -> None:
        base, quote = split_symbol(order.symbol)
        if order.side == "BUY":
            need = order.quote_qty or order.qty * price
            if acct.free(quote) < need:
                raise Rejection("insufficient_balance")
        elif acct.free(base) < order.qty:
            raise Rejection("insufficient_balance")

    def _check_margin(self, acct: Account, order: Order, last: Decimal) -> None:
        pos = acct.positions.get(order.symbol)
        size = pos.size if pos else ZERO
        sign = 1 if order.side == "BUY" else -1
        if order.reduce_only:
            if size == 0 or (size > 0) == (sign > 0):
                raise Rejection("reduce_only")
            order.qty = min(order.qty, abs(size))
            return
        price = order.price or last
        used = sum((abs(p.size) * p.avg / LEVERAGE for p in acct.positions.values()), ZERO)
        resting = sum((o.qty * o.price / LEVERAGE for o in self.open_orders(acct)
                       if o.category == "linear"), ZERO)
        if acct.free("USDT") - used - resting < order.qty * price / LEVERAGE:
            raise Rejection("insufficient_balance")

    def _lock_asset(self, order: Order) -> str:
        base, quote = split_symbol(order.symbol)
        return quote if order.side == "BUY" else base

    def _lock(self, order: Order) -> None:
        if order.category != "spot":
            return
        order.locked = order.qty * order.price if order.side == "BUY" else order.qty
        order.account.move(self._lock_asset(order), -order.locked, order.locked)

    def _unlock(self, order: Order) -> None:
        if order.locked:
            order.account.move(self._lock_asset(order), order.locked, -order.locked)
            order.locked = ZERO

    # ---- filling -------------------------------------------------------
    def _fill(self, order: Order, price: Decimal, maker: bool) -> None:
        acct = order.account
        qty = order.qty - order.executed
        rate = (MAKER_FEE if maker else FEE)[order.category]
        base, quote = split_symbol(order.symbol)
        self._unlock(order)
        if order.category == "spot":
            if order.side == "BUY":
                fee, fee_asset = qty * rate, base
                acct.move(quote, -qty * price)
                acct.move(base, qty - fee)
            else:
                fee, fee_asset = qty * price * rate, quote
                acct.move(base, -qty)
                acct.move(quote, qty * price - fee)
            changed = [base, quote]
        else:
            fee, fee_asset = qty * price * rate, quote
            self._move_position(acct, order, qty, price, fee)
            changed = [quote]
        stamp = now_ms()
        fill = Fill(next(self._trades), str(uuid.uuid4()), price, qty,
                    fee.normalize(), fee_asset, maker, stamp)
        order.fills.append(fill)
        order.executed += qty
        order.cum_quote += qty * price
        order.status = "FILLED"
        order.updated = stamp
        acct.update_id += 1
        acct.notify("order", order, fill)
        acct.notify("balance", changed)
        if order.category == "linear":
            acct.notify("position", acct.positions[order.symbol])

    def _move_position(self, acct: Account, order: Order, qty: Decimal,
                       price: Decimal, fee: Decimal) -> None:
        pos = acct.positions.setdefault(order.symbol, Position(order.symbol, created=now_ms()))
        delta = qty if order.side == "BUY" else -qty
        realised = ZERO
        if pos.size == 0 or (pos.size > 0) == (delta > 0):
            pos.avg = (abs(pos.size) * pos.avg + qty * price) / (abs(pos.size) + qty)
        else:
            closing = min(qty, abs(pos.size))
            realised = closing * (price - pos.avg) * (1 if pos.size > 0 else -1)
            if qty > abs(pos.size):
                pos.avg = price  # flipped: the remainder opened here
        pos.size += delta
        if pos.size == 0:
            pos.avg = ZERO
            pos.take_profit = pos.stop_loss = ""
        elif not order.reduce_only:
            # TP/SL sent with the order apply to the position it opens (Full).
            pos.take_profit = order.take_profit or pos.take_profit
            pos.stop_loss = order.stop_loss or pos.stop_loss
        pos.realised = realised - fee
        pos.cum_realised += realised - fee
        pos.updated = now_ms()
        pos.seq += 1
        acct.move("USDT", realised - fee)

    def cancel(self, order: Order) -> None:
        self._unlock(order)
        order.status = "CANCELED"
        order.updated = now_ms()
        order.account.notify("order", order, None)
        if order.category == "spot":
            order.account.notify("balance", [self._lock_asset(order)])

    def on_bar(self, symbol: str, high: Decimal, low: Decimal) -> None:
        """Fill resting limits and trigger TP/SL touched by a passed bar."""
        for order in [o for o in self.orders if o.symbol == symbol and o.is_open]:
            if order.type in ("LIMIT", "LIMIT_MAKER") and (
                    (order.side == "BUY" and low <= order.price) or
                    (order.side == "SELL" and high >= order.price)):
                self._fill(order, order.price, maker=True)
        for acct in self.accounts.values():
            pos = acct.positions.get(symbol)
            if pos is not None and pos.size != 0:
                self._check_stops(acct, pos, high, low)

    def _check_stops(self, acct: Account, pos: Position, high: Decimal, low: Decimal) -> None:
        long = pos.size > 0
        sl = Decimal(pos.stop_loss) if pos.stop_loss else None
        tp = Decimal(pos.take_profit) if pos.take_profit else None
        hit = None
        if sl is not None and ((long and low <= sl) or (not long and high >= sl)):
            hit = ("StopLoss", sl)
        elif tp is not None and ((long and high >= tp) or (not long and low <= tp)):
            hit = ("TakeProfit", tp)
        if hit is None:
            return
        stamp = now_ms()
        order = Order("bybit", "linear", acct, next(self._ids), str(uuid.uuid4()), "",
                      pos.symbol, "SELL" if long else "BUY", "MARKET", "IOC",
                      abs(pos.size), ZERO, created=stamp, updated=stamp,
                      reduce_only=True, stop_kind=hit[0])
        self.orders.append(order)
        self._fill(order, hit[1], maker=False)

    # ---- queries -------------------------------------------------------
    def open_orders(self, acct: Account, symbol: str | None = None) -> list[Order]:
        return [o for o in self.orders if o.account is acct and o.is_open
                and (symbol is None or o.symbol == symbol)]

    def find(self, acct: Account, symbol: str | None, order_id=None,
             client_id: str | None = None, category: str | None = None) -> Order | None:
        """The newest matching order (Binance allows reusing filled ids)."""
        for o in reversed(self.orders):
            if o.account is not acct or (symbol and o.symbol != symbol):
                continue
            if category and o.category != category:
                continue
            if order_id is not None and str(order_id) not in (str(o.order_id), o.uuid):
                continue
            if client_id is not None and o.client_id != client_id:
                continue
            return o
        return None
