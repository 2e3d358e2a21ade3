"""Bybit v5: REST under /v5 (spot and linear perpetuals, one UTA wallet).

Follows ../shared/protocols/bybit-v5.md: the signature is
HMAC-SHA256(secret, timestamp + apiKey + recvWindow + (raw query | raw
JSON body)) in X-BAPI-SIGN; the timestamp must satisfy
server - recvWindow <= timestamp < server + 1000, else 10002. Business
errors come as HTTP 200 with retCode != 0 (observed behaviour).
"""

from __future__ import annotations

import json
import re
from decimal import ROUND_DOWN, Decimal
from urllib.parse import parse_qsl

from aiohttp import web

from accounts import Account, Order, Position, Rejection
from bybit_format import (BybitError, envelope, execution_obj, kline_row,
                          linear_instrument, order_obj, position_obj, spot_instrument,
                          wallet_obj)
from market import BYBIT_INTERVALS
from venue import State, decimal_or_none, on_grid, same_signature

LINK_ID = re.compile(r"^[A-Za-z0-9_-]{1,36}$")
routes = web.RouteTableDef()


def state_of(request: web.Request) -> State:
    return request.app["state"]


def reply(state: State, result, headers=None) -> web.Response:
    return web.json_response(envelope(result, state.server_ms()), headers=headers)


def endpoint(method: str, path: str):
    def wrap(fn):
        async def handler(request: web.Request) -> web.Response:
            state = state_of(request)
            try:
                return await fn(request)
            except BybitError as e:
                return web.json_response(envelope({}, state.server_ms(), e.code, e.msg),
                                         status=e.status)
        routes.route(method, path)(handler)
        return fn
    return wrap


async def authed(request: web.Request) -> tuple[Account, dict]:
    """Checks X-BAPI-* headers and the signature; returns account and params."""
    state = state_of(request)
    h = request.headers
    key, stamp = h.get("X-BAPI-API-KEY"), h.get("X-BAPI-TIMESTAMP")
    sig, window = h.get("X-BAPI-SIGN"), h.get("X-BAPI-RECV-WINDOW", "5000")
    if not key:
        raise BybitError(10003, "API key is invalid.")
    acct = state.exchange.account("bybit", key)
    if acct is None:
        raise BybitError(10003, "API key is invalid.")
    if not stamp or not stamp.isdigit() or not window.isdigit():
        raise BybitError(10002, "invalid request, please check your timestamp "
                         "and recv_window param")
    server = state.server_ms()
    if not server - int(window) <= int(stamp) < server + 1000:
        raise BybitError(10002, "invalid request, please check your server timestamp or "
                         f"recv_window param. req_timestamp[{stamp}],"
                         f"server_timestamp[{server}],recv_window[{window}]")
    if request.method == "GET":
        tail = request.raw_path.partition("?")[2]
        params = dict(parse_qsl(tail, keep_blank_values=True))
    else:
        tail = (await request.read()).decode("utf-8", "replace")
        try:
            params = json.loads(tail) if tail else {}
        except ValueError:
            raise BybitError(10001, "request body is not valid JSON")
        if not isinstance(params, dict):
            raise BybitError(10001, "request body is not a JSON object")
    if not sig or not same_signature(acct.secret, stamp + key + window + tail, sig):
        # Bybit echoes the signed string here; the mock does not, because it
        # holds the API key and Osprey never lets a key reach a log.
        raise BybitError(10004, "error sign!")
    return acct, params


def category_of(params: dict, allowed=("spot", "linear")) -> str:
    category = params.get("category")
    if category not in allowed:
        raise BybitError(10001, "params error: category is invalid")
    return category


def symbol_of(state: State, params: dict, category: str, required=True) -> str | None:
    symbol = params.get("symbol")
    if not symbol:
        if required:
            raise BybitError(10001, "params error: symbol is required")
        return None
    if symbol not in state.market.series:
        if category == "spot":
            raise BybitError(170121, "Invalid symbol.")
        raise BybitError(10001, "params error: symbol invalid")
    return symbol


def int_param(params: dict, name: str, default: int, lo: int, hi: int) -> int:
    text = str(params.get(name, default))
    if not text.isdigit() or not lo <= int(text) <= hi:
        raise BybitError(10001, f"params error: {name} must be within [{lo}, {hi}]")
    return int(text)


# ---- market data ------------------------------------------------------------
@endpoint("GET", "/v5/market/time")
async def market_time(request):
    state = state_of(request)
    ms = state.server_ms()
    return reply(state, {"timeSecond": str(ms // 1000), "timeNano": str(ms * 1_000_000)})


@endpoint("GET", "/v5/market/instruments-info")
async def instruments(request):
    state = state_of(request)
    q = request.query
    category = category_of(q)
    names = state.market.symbols()
    if q.get("symbol"):
        names = [n for n in names if n == q["symbol"]]
    if category == "spot":
        return reply(state, {"category": "spot", "list": [
            spot_instrument(n, state.rules(n)) for n in names]})
    limit = int_param(q, "limit", 500, 1, 1000)
    start = int(q["cursor"]) if q.get("cursor", "").isdigit() else 0
    page = names[start:start + limit]
    cursor = str(start + limit) if start + limit < len(names) else ""
    return reply(state, {"category": "linear", "nextPageCursor": cursor, "list": [
        linear_instrument(n, state.rules(n)) for n in page]})


@endpoint("GET", "/v5/market/kline")
async def kline(request):
    state = state_of(request)
    q = request.query
    category = q.get("category", "linear")
    if category not in ("spot", "linear"):
        raise BybitError(10001, "params error: category is invalid")
    symbol = symbol_of(state, q, category)
    interval = q.get("interval")
    if interval not in BYBIT_INTERVALS:
        raise BybitError(10001, "params error: invalid interval")
    limit = int_param(q, "limit", 200, 1, 1000)
    start = int(q["start"]) if q.get("start", "").isdigit() else None
    end = int(q["end"]) if q.get("end", "").isdigit() else None
    # Bybit answers the newest `limit` candles inside [start, end].
    rows = state.market.klines(symbol, BYBIT_INTERVALS[interval][1], None, end, limit)
    if start is not None:
        rows = [k for k in rows if k.start >= start]
    return reply(state, {"category": category, "symbol": symbol,
                         "list": [kline_row(k) for k in reversed(rows)]})


@endpoint("GET", "/v5/market/tickers")
async def tickers(request):
    state = state_of(request)
    q = request.query
    category = category_of(q)
    names = [symbol_of(state, q, category)] if q.get("symbol") else state.market.symbols()
    rows = []
    for n in names:
        last = str(state.market.last_price(n))
        row = {"symbol": n, "lastPrice": last, "bid1Price": last, "bid1Size": "1",
               "ask1Price": last, "ask1Size": "1", "prevPrice24h": last,
               "price24hPcnt": "0", "highPrice24h": last, "lowPrice24h": last,
               "turnover24h": "0", "volume24h": "0"}
        if category == "linear":
            row.update({"markPrice": last, "indexPrice": last, "fundingRate": "0.0001",
                        "nextFundingTime": "0", "openInterest": "0"})
        rows.append(row)
    return reply(state, {"category": category, "list": rows})


# ---- account and orders -------------------------------------------------
@endpoint("GET", "/v5/account/wallet-balance")
async def wallet_balance(request):
    state = state_of(request)
    acct, params = await authed(request)
    if params.get("accountType") != "UNIFIED":
        raise BybitError(10001, "accountType only support UNIFIED.")
    coins = params["coin"].split(",") if params.get("coin") else None
    return reply(state, {"list": [wallet_obj(acct, coins)]})


SPOT_CODES = {"insufficient_balance": (170131, "Insufficient balance."),
              "duplicate": (170141, "Duplicate clientOrderId."),
              "would_take": (10001, "PostOnly order would take liquidity."),
              "reduce_only": (10001, "reduceOnly is not supported for spot.")}
LINEAR_CODES = {"insufficient_balance": (110007, "ab not enough for new order"),
                "duplicate": (110072, "OrderLinkedID is duplicate"),
                "would_take": (10001, "PostOnly order would take liquidity."),
                "reduce_only": (110017, "Reduce-only rule not satisfied")}


def _reject(category: str, reason: str) -> BybitError:
    code, msg = (SPOT_CODES if category == "spot" else LINEAR_CODES)[reason]
    return BybitError(code, msg)


def validate(state: State, acct: Account, p: dict) -> dict:
    category = category_of(p)
    symbol = symbol_of(state, p, category)
    r = state.rules(symbol)
    if p.get("side") not in ("Buy", "Sell"):
        raise BybitError(10001, "params error: side invalid")
    if p.get("orderType") not in ("Market", "Limit"):
        raise BybitError(10001, "params error: orderType invalid")
    qty = decimal_or_none(p.get("qty"))
    if qty is None or qty <= 0:
        raise BybitError(10001, "params error: qty invalid")
    market = p["orderType"] == "Market"
    price = Decimal(0) if market else decimal_or_none(p.get("price"))
    if price is None or (not market and price <= 0):
        raise BybitError(10001, "params error: price invalid")
    if not market and not on_grid(price, r.tick):
        raise BybitError(170134, "Order price has too many decimals.") if category == "spot" \
            else BybitError(10001, "params error: price invalid (tickSize)")
    last = state.market.last_price(symbol)
    quote_qty = Decimal(0)
    unit = p.get("marketUnit") or ("quoteCoin" if p["side"] == "Buy" else "baseCoin")
    if category == "spot" and market and unit == "quoteCoin":
        quote_qty, qty = qty, (qty / last).quantize(r.step, rounding=ROUND_DOWN)
    elif not on_grid(qty, r.step):
        raise BybitError(170137, "Order quantity has too many decimals.") if category == "spot" \
            else BybitError(10001, "params error: qty invalid (qtyStep)")
    if qty < r.step:
        raise BybitError(170136, "Order quantity exceeded lower limit.") if category == "spot" \
            else BybitError(110017, "orderQty will be truncated to zero.")
    if not p.get("reduceOnly") and qty * (price or last) < r.min_notional:
        raise BybitError(170140, "Order value exceeded lower limit.") if category == "spot" \
            else BybitError(110094, f"Order does not meet minimum order value {r.min_notional}USDT")
    link = p.get("orderLinkId") or ""
    if link and not LINK_ID.match(link):
        raise BybitError(10001, "params error: orderLinkId invalid")
    if link and any(o.client_id == link for o in state.exchange.orders
                    if o.account is acct):
        raise _reject(category, "duplicate")
    tif = "IOC" if market else p.get("timeInForce", "GTC")
    return {"category": category, "symbol": symbol,
            "side": "BUY" if p["side"] == "Buy" else "SELL",
            "type_": "LIMIT_MAKER" if tif == "PostOnly" else ("MARKET" if market else "LIMIT"),
            "qty": qty, "price": price, "client_id": link,
            "tif": "GTC" if tif == "PostOnly" else tif, "quote_qty": quote_qty,
            "reduce_only": bool(p.get("reduceOnly"))}


@endpoint("POST", "/v5/order/create")
async def create_order(request):
    state = state_of(request)
    acct, p = await authed(request)
    args = validate(state, acct, p)
    if args["category"] == "linear":
        args["take_profit"] = str(p.get("takeProfit") or "")
        args["stop_loss"] = str(p.get("stopLoss") or "")
    try:
        order = state.exchange.place(acct, **args)
    except Rejection as e:
        raise _reject(args["category"], e.reason) from e
    return reply(state, {"orderId": order.uuid, "orderLinkId": order.client_id})


def lookup(state: State, acct: Account, p: dict, category: str) -> Order | None:
    oid, link = p.get("orderId") or None, p.get("orderLinkId") or None
    if oid is None and link is None:
        raise BybitError(10001, "params error: orderId or orderLinkId is required")
    return state.exchange.find(acct, p.get("symbol"), oid, None if oid else link, category)


@endpoint("POST", "/v5/order/cancel")
async def cancel_order(request):
    state = state_of(request)
    acct, p = await authed(request)
    category = category_of(p)
    symbol_of(state, p, category)
    order = lookup(state, acct, p, category)
    if order is None or not order.is_open:
        raise BybitError(170213, "Order does not exist.") if category == "spot" \
            else BybitError(110001, "order not exists or too late to cancel")
    state.exchange.cancel(order)
    return reply(state, {"orderId": order.uuid, "orderLinkId": order.client_id})


def _orders_page(state: State, orders: list[Order], p: dict, hi: int) -> dict:
    limit = int_param(p, "limit", 20, 1, hi)
    start = int(p["cursor"]) if str(p.get("cursor", "")).isdigit() else 0
    page = orders[start:start + limit]
    return {"page": page, "cursor": str(start + limit) if start + limit < len(orders) else ""}


def _mine(state: State, acct: Account, p: dict, category: str) -> list[Order]:
    out = []
    for o in reversed(state.exchange.orders):
        if o.account is not acct or o.category != category:
            continue
        if p.get("symbol") and o.symbol != p["symbol"]:
            continue
        if p.get("orderId") and o.uuid != p["orderId"]:
            continue
        if p.get("orderLinkId") and o.client_id != p["orderLinkId"]:
            continue
        out.append(o)
    return out


@endpoint("GET", "/v5/order/realtime")
async def realtime_orders(request):
    state = state_of(request)
    acct, p = await authed(request)
    category = category_of(p)
    if category == "linear" and not (p.get("symbol") or p.get("baseCoin") or p.get("settleCoin")):
        raise BybitError(10001, "params error: symbol, baseCoin or settleCoin is required")
    orders = _mine(state, acct, p, category)
    if not (p.get("orderId") or p.get("orderLinkId")):
        orders = [o for o in orders if o.is_open] if p.get("openOnly", "0") == "0" \
            else [o for o in orders if not o.is_open][:500]
    page = _orders_page(state, orders, p, 50)
    return reply(state, {"category": category, "nextPageCursor": page["cursor"], "list": [
        order_obj(o, state.market.last_price(o.symbol)) for o in page["page"]]})


@endpoint("GET", "/v5/order/history")
async def order_history(request):
    state = state_of(request)
    acct, p = await authed(request)
    category = category_of(p)
    orders = _mine(state, acct, p, category)
    if p.get("orderStatus"):
        orders = [o for o in orders
                  if order_obj(o, Decimal(0))["orderStatus"] == p["orderStatus"]]
    page = _orders_page(state, orders, p, 50)
    return reply(state, {"category": category, "nextPageCursor": page["cursor"], "list": [
        order_obj(o, state.market.last_price(o.symbol)) for o in page["page"]]})


@endpoint("GET", "/v5/execution/list")
async def executions(request):
    state = state_of(request)
    acct, p = await authed(request)
    category = category_of(p)
    rows = [execution_obj(o, f) for o in _mine(state, acct, p, category) for f in o.fills]
    limit = int_param(p, "limit", 50, 1, 100)
    return reply(state, {"category": category, "nextPageCursor": "", "list": rows[:limit]})


@endpoint("GET", "/v5/position/list")
async def positions(request):
    state = state_of(request)
    acct, p = await authed(request)
    category_of(p, ("linear",))
    if p.get("symbol"):
        symbol = symbol_of(state, p, "linear")
        rows = [acct.positions.get(symbol) or Position(symbol)]
    elif p.get("settleCoin"):
        rows = [pos for pos in acct.positions.values() if pos.size]
    else:
        raise BybitError(10001, "params error: symbol or settleCoin is required")
    return reply(state, {"category": "linear", "nextPageCursor": "", "list": [
        position_obj(pos, state.market.last_price(pos.symbol)) for pos in rows]})


@endpoint("POST", "/v5/position/trading-stop")
async def trading_stop(request):
    state = state_of(request)
    acct, p = await authed(request)
    category_of(p, ("linear",))
    symbol = symbol_of(state, p, "linear")
    if p.get("tpslMode") not in ("Full", "Partial"):
        raise BybitError(10001, "params error: tpslMode is required")
    if "positionIdx" not in p:
        raise BybitError(10001, "params error: positionIdx is required")
    if p.get("tpslMode") == "Partial":
        raise BybitError(10001, "params error: the mock supports tpslMode Full only")
    pos = acct.positions.get(symbol)
    if pos is None or not pos.size:
        raise BybitError(10001, "can not set tp/sl/ts for zero position")
    last = state.market.last_price(symbol)
    tp, sl = pos.take_profit, pos.stop_loss
    for name, value in (("takeProfit", p.get("takeProfit")), ("stopLoss", p.get("stopLoss"))):
        if value is None:
            continue
        price = decimal_or_none(value)
        if price is None or price < 0:
            raise BybitError(10001, f"params error: {name} invalid")
        if price and not on_grid(price, state.rules(symbol).tick):
            raise BybitError(10001, f"params error: {name} invalid (tickSize)")
        above = (name == "takeProfit") == (pos.size > 0)
        if price and (price <= last if above else price >= last):
            side = "Buy" if pos.size > 0 else "Sell"
            raise BybitError(10001, f"{name}:{value} set for {side} position should be "
                             f"{'higher' if above else 'lower'} than base_price:{last}")
        if name == "takeProfit":
            tp = "" if not price else str(value)
        else:
            sl = "" if not price else str(value)
    if (tp, sl) == (pos.take_profit, pos.stop_loss):
        raise BybitError(34040, "not modified")
    pos.take_profit, pos.stop_loss = tp, sl
    pos.tp_trigger = p.get("tpTriggerBy", pos.tp_trigger)
    pos.sl_trigger = p.get("slTriggerBy", pos.sl_trigger)
    pos.seq += 1
    acct.notify("position", pos)
    return reply(state, {})
