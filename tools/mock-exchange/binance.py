"""Binance Spot: REST under /api/v3, market streams, WebSocket API.

Follows ../shared/protocols/binance-spot.md: the signed payload is the
query string exactly as sent followed by the body (no separator), minus
`signature`; the timestamp must lie within recvWindow of the server time
(wall clock plus the scripted skew). Error codes and messages are the
documented ones.
"""

from __future__ import annotations

import json
import re
import secrets
import string
from decimal import ROUND_DOWN, Decimal
from urllib.parse import parse_qsl

from aiohttp import web

from accounts import Account, Order, Rejection
from binance_format import (RATE_LIMITS, BinanceError, d8, kline_row,
                            missing, order_query, order_response, symbol_info,
                            trade_rows, user_events)
from market import INTERVALS
from venue import State, decimal_or_none, on_grid, places, same_signature

CLIENT_ID = re.compile(r"^[a-zA-Z0-9_-]{1,36}$")
BAD_KEY = BinanceError(-2015, "Invalid API-key, IP, or permissions for action.", 401)
routes = web.RouteTableDef()


def weight(request: web.Request) -> int:
    """Request weight as documented (section 3 of binance-spot.md)."""
    path, q = request.path, request.query
    table = {"/api/v3/exchangeInfo": 20, "/api/v3/klines": 2, "/api/v3/account": 20,
             "/api/v3/allOrders": 20, "/api/v3/userDataStream": 2}
    if path == "/api/v3/order" and request.method == "GET":
        return 4
    if path == "/api/v3/openOrders" and request.method == "GET":
        return 6 if "symbol" in q else 80
    if path == "/api/v3/ticker/price":
        return 2 if "symbol" in q else 4
    if path == "/api/v3/myTrades":
        return 5 if "orderId" in q else 20
    return table.get(path, 1)


def state_of(request: web.Request) -> State:
    return request.app["state"]


def reply(body, status: int = 200, headers=None) -> web.Response:
    return web.Response(text=json.dumps(body), status=status, headers=headers,
                        content_type="application/json")


def _strip_signature(raw: str) -> tuple[str, str | None]:
    kept, sig = [], None
    for part in raw.split("&") if raw else []:
        if part.startswith("signature="):
            sig = part[len("signature="):]
        else:
            kept.append(part)
    return "&".join(kept), sig


async def params_of(request: web.Request) -> tuple[dict, str, str | None]:
    """Parameters (query wins over body), the signed payload, the signature."""
    raw_query = request.raw_path.partition("?")[2]
    body = ""
    if request.method in ("POST", "PUT", "DELETE") and request.can_read_body:
        body = (await request.read()).decode("utf-8", "replace")
    query_part, sig_q = _strip_signature(raw_query)
    body_part, sig_b = _strip_signature(body)
    params = dict(parse_qsl(body, keep_blank_values=True))
    params.update(parse_qsl(raw_query, keep_blank_values=True))
    params.pop("signature", None)
    return params, query_part + body_part, sig_q or sig_b


def check_time(state: State, params: dict) -> None:
    stamp_text = params.get("timestamp")
    if not stamp_text or not stamp_text.isdigit():
        raise missing("timestamp")
    stamp = int(stamp_text)
    if stamp > 10**14:  # microseconds are allowed
        stamp //= 1000
    window = decimal_or_none(params.get("recvWindow", "5000"))
    if window is None or window <= 0:
        raise BinanceError(-1102, "Param 'recvWindow' was empty/null or malformed.")
    if window > 60000:
        raise BinanceError(-1131, "recvWindow must be less than 60000")
    server = state.server_ms()
    if stamp >= server + 1000:
        raise BinanceError(-1021, "Timestamp for this request was 1000ms ahead "
                           "of the server's time.")
    if server - stamp > window:
        raise BinanceError(-1021, "Timestamp for this request is outside of the recvWindow.")


def api_account(request: web.Request) -> Account:
    key = request.headers.get("X-MBX-APIKEY")
    if not key:
        raise BinanceError(-2014, "API-key format invalid.", 401)
    acct = state_of(request).exchange.account("binance", key)
    if acct is None:
        raise BAD_KEY
    return acct


async def signed(request: web.Request) -> tuple[Account, dict]:
    """Checks key, timestamp and HMAC; returns the account and parameters."""
    acct = api_account(request)
    params, payload, sig = await params_of(request)
    if not sig:
        raise missing("signature")
    check_time(state_of(request), params)
    if not same_signature(acct.secret, payload, sig):
        raise BinanceError(-1022, "Signature for this request is not valid.")
    return acct, params


def endpoint(method: str, path: str):
    """Registers a handler and turns BinanceError into Binance's error body."""
    def wrap(fn):
        async def handler(request: web.Request) -> web.Response:
            try:
                return await fn(request)
            except BinanceError as e:
                return reply(e.body(), e.status, e.headers)
        routes.route(method, path)(handler)
        return fn
    return wrap


def known_symbol(state: State, params: dict) -> str:
    symbol = params.get("symbol")
    if not symbol:
        raise missing("symbol")
    if symbol not in state.market.series:
        raise BinanceError(-1121, "Invalid symbol.")
    return symbol


# ---- market data ------------------------------------------------------------
@endpoint("GET", "/api/v3/ping")
async def ping(request):
    return reply({})


@endpoint("GET", "/api/v3/time")
async def server_time(request):
    return reply({"serverTime": state_of(request).server_ms()})


def rate_limits(state: State) -> list[dict]:
    """The live limits, so a lowered `rate_limit` fault shows here too."""
    budget = state.budgets["binance"]
    weight = dict(RATE_LIMITS[0], limit=budget.limit)
    if budget.window_ms % 60_000 == 0:
        weight.update(interval="MINUTE", intervalNum=budget.window_ms // 60_000)
    elif budget.window_ms % 1000 == 0:
        weight.update(interval="SECOND", intervalNum=budget.window_ms // 1000)
    return [weight] + RATE_LIMITS[1:]


@endpoint("GET", "/api/v3/exchangeInfo")
async def exchange_info(request):
    state = state_of(request)
    q = request.query
    names = state.market.symbols()
    if "symbol" in q:
        names = [known_symbol(state, q)]
    elif "symbols" in q:
        try:
            names = json.loads(q["symbols"])
        except ValueError:
            raise BinanceError(-1100, "Illegal characters found in parameter 'symbols'.")
        if any(n not in state.market.series for n in names):
            raise BinanceError(-1121, "Invalid symbol.")
    return reply({"timezone": "UTC", "serverTime": state.server_ms(),
                  "rateLimits": rate_limits(state), "exchangeFilters": [],
                  "symbols": [symbol_info(n, state.rules(n)) for n in names]})


def _int_param(params, name: str) -> int | None:
    text = params.get(name)
    if text is None:
        return None
    if not text.lstrip("-").isdigit():
        raise BinanceError(-1100, f"Illegal characters found in parameter '{name}'; "
                           "legal range is '^[0-9]{1,20}$'.")
    return int(text)


@endpoint("GET", "/api/v3/klines")
async def klines(request):
    state = state_of(request)
    q = request.query
    symbol = known_symbol(state, q)
    interval = q.get("interval")
    if not interval:
        raise missing("interval")
    if interval not in INTERVALS:
        raise BinanceError(-1120, "Invalid interval.")
    limit = _int_param(q, "limit") or 500
    if not 1 <= limit <= 1000:
        raise BinanceError(-1130, "Invalid data sent for a parameter.")
    start, end = _int_param(q, "startTime"), _int_param(q, "endTime")
    if start is not None and end is not None and start > end:
        raise BinanceError(-1023, "Start time is greater than end time.")
    rows = state.market.klines(symbol, INTERVALS[interval][1], start, end, limit)
    return reply([kline_row(k) for k in rows])


@endpoint("GET", "/api/v3/ticker/price")
async def ticker_price(request):
    state = state_of(request)
    q = request.query
    if "symbol" in q:
        symbol = known_symbol(state, q)
        return reply({"symbol": symbol, "price": d8(state.market.last_price(symbol))})
    names = json.loads(q["symbols"]) if "symbols" in q else state.market.symbols()
    if any(n not in state.market.series for n in names):
        raise BinanceError(-1121, "Invalid symbol.")
    return reply([{"symbol": n, "price": d8(state.market.last_price(n))} for n in names])


# ---- account and orders -------------------------------------------------
@endpoint("GET", "/api/v3/account")
async def account(request):
    acct, params = await signed(request)
    return reply(account_body(state_of(request), acct,
                              params.get("omitZeroBalances") == "true"))


def account_body(state: State, acct: Account, omit: bool) -> dict:
    balances = [{"asset": a, "free": d8(f), "locked": d8(l)}
                for a, (f, l) in sorted(acct.balances.items())
                if not (omit and f == 0 and l == 0)]
    return {
        "makerCommission": 10, "takerCommission": 10, "buyerCommission": 0,
        "sellerCommission": 0,
        "commissionRates": {"maker": "0.00100000", "taker": "0.00100000",
                            "buyer": "0.00000000", "seller": "0.00000000"},
        "canTrade": True, "canWithdraw": True, "canDeposit": True, "brokered": False,
        "requireSelfTradePrevention": False, "preventSor": False,
        "updateTime": state.server_ms(), "accountType": "SPOT",
        "balances": balances, "permissions": ["SPOT"], "uid": 1}


def _quantity(params: dict, name: str) -> Decimal | None:
    text = params.get(name)
    if text is None:
        return None
    value = decimal_or_none(text)
    if value is None or value <= 0:
        raise BinanceError(-1100, f"Illegal characters found in parameter '{name}'; "
                           "legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.")
    if places(value) > 8:
        raise BinanceError(-1111, f"Parameter '{name}' has too much precision.")
    return value


def validate_order(state: State, params: dict) -> dict:
    """Checks an order's parameters and filters; returns what place() needs."""
    symbol = known_symbol(state, params)
    side, type_ = params.get("side"), params.get("type")
    if side not in ("BUY", "SELL"):
        raise missing("side")
    if not type_:
        raise missing("type")
    if type_ not in ("MARKET", "LIMIT", "LIMIT_MAKER"):
        raise BinanceError(-1116, "Invalid orderType.")
    rules = state.rules(symbol)
    qty, quote_qty = _quantity(params, "quantity"), _quantity(params, "quoteOrderQty")
    price = _quantity(params, "price")
    tif = params.get("timeInForce", "GTC" if type_ == "LIMIT_MAKER" else "")
    if type_ != "MARKET":
        for name, value in (("timeInForce", tif), ("quantity", qty), ("price", price)):
            if not value:
                raise missing(name)
        if tif not in ("GTC", "IOC", "FOK"):
            raise BinanceError(-1115, "Invalid timeInForce.")
        if not on_grid(price, rules.tick) or price > rules.max_price:
            raise BinanceError(-1013, "Filter failure: PRICE_FILTER")
    elif qty is None and quote_qty is None:
        raise BinanceError(-1102, "Param 'quantity' or 'quoteOrderQty' must be sent, "
                           "but both were empty/null!")
    last = state.market.last_price(symbol)
    if type_ == "MARKET" and qty is None:
        qty = (quote_qty / last).quantize(rules.step, rounding=ROUND_DOWN)
    lot = "LOT_SIZE" if type_ != "MARKET" else "MARKET_LOT_SIZE"
    if qty < rules.step or qty > rules.max_qty or not on_grid(qty, rules.step):
        raise BinanceError(-1013, f"Filter failure: {lot}")
    if qty * (price or last) < rules.min_notional:
        raise BinanceError(-1013, "Filter failure: NOTIONAL")
    client_id = params.get("newClientOrderId") or "".join(
        secrets.choice(string.ascii_letters + string.digits) for _ in range(22))
    if not CLIENT_ID.match(client_id):
        raise BinanceError(-1100, "Illegal characters found in parameter "
                           "'newClientOrderId'; legal range is '^[a-zA-Z0-9-_]{1,36}$'.")
    return {"symbol": symbol, "side": side, "type_": type_, "qty": qty,
            "price": price or Decimal(0), "tif": tif or "GTC",
            "client_id": client_id, "quote_qty": quote_qty or Decimal(0)}


REJECTIONS = {
    "insufficient_balance": "Account has insufficient balance for requested action.",
    "would_take": "Order would immediately match and take.",
    "duplicate": "Duplicate order sent.",
}


def place_order(state: State, acct: Account, params: dict) -> Order:
    order = validate_order(state, params)
    if any(o.client_id == order["client_id"] for o in
           state.exchange.open_orders(acct)):
        raise BinanceError(-2010, REJECTIONS["duplicate"])
    try:
        return state.exchange.place(acct, "spot", **order)
    except Rejection as e:
        raise BinanceError(-2010, REJECTIONS.get(e.reason, e.reason)) from e


@endpoint("POST", "/api/v3/order")
async def new_order(request):
    state = state_of(request)
    acct, params = await signed(request)
    order = place_order(state, acct, params)
    count = state.budgets["binance"].count_order()
    default = "FULL" if order.type in ("MARKET", "LIMIT") else "ACK"
    return reply(order_response(order, params.get("newOrderRespType", default)),
                 headers={"X-MBX-ORDER-COUNT-10S": str(count),
                          "X-MBX-ORDER-COUNT-1D": str(count)})


@endpoint("POST", "/api/v3/order/test")
async def test_order(request):
    acct, params = await signed(request)
    validate_order(state_of(request), params)
    return reply({})


def find_order(state: State, acct: Account, params: dict, not_found: BinanceError) -> Order:
    symbol = known_symbol(state, params)
    oid, cid = params.get("orderId"), params.get("origClientOrderId")
    if not oid and not cid:
        raise BinanceError(-1102, "Param 'origClientOrderId' or 'orderId' must be sent, "
                           "but both were empty/null!")
    order = state.exchange.find(acct, symbol, oid or None, cid or None)
    if order is None:
        raise not_found
    return order


@endpoint("GET", "/api/v3/order")
async def query_order(request):
    state = state_of(request)
    acct, params = await signed(request)
    order = find_order(state, acct, params, BinanceError(-2013, "Order does not exist."))
    return reply(order_query(order))


def cancel_one(state: State, order: Order, new_id: str | None) -> dict:
    order.cancel_client_id = new_id or "cancel-" + secrets.token_hex(8)
    state.exchange.cancel(order)
    out = order_response(order, "RESULT")
    out["origClientOrderId"] = order.client_id
    out["clientOrderId"] = order.cancel_client_id
    return out


@endpoint("DELETE", "/api/v3/order")
async def cancel_order(request):
    state = state_of(request)
    acct, params = await signed(request)
    unknown = BinanceError(-2011, "Unknown order sent.")
    order = find_order(state, acct, params, unknown)
    if not order.is_open:
        raise unknown
    return reply(cancel_one(state, order, params.get("newClientOrderId")))


@endpoint("DELETE", "/api/v3/openOrders")
async def cancel_all(request):
    state = state_of(request)
    acct, params = await signed(request)
    symbol = known_symbol(state, params)
    orders = state.exchange.open_orders(acct, symbol)
    if not orders:
        raise BinanceError(-2011, "Unknown order sent.")
    return reply([cancel_one(state, o, None) for o in orders])


@endpoint("GET", "/api/v3/openOrders")
async def open_orders(request):
    state = state_of(request)
    acct, params = await signed(request)
    symbol = known_symbol(state, params) if "symbol" in params else None
    return reply([order_query(o) for o in state.exchange.open_orders(acct, symbol)
                  if o.category == "spot"])


@endpoint("GET", "/api/v3/allOrders")
async def all_orders(request):
    state = state_of(request)
    acct, params = await signed(request)
    symbol = known_symbol(state, params)
    limit = min(int(params.get("limit", 500)), 1000)
    mine = [o for o in state.exchange.orders if o.account is acct and o.symbol == symbol]
    return reply([order_query(o) for o in mine[-limit:]])


@endpoint("GET", "/api/v3/myTrades")
async def my_trades(request):
    state = state_of(request)
    acct, params = await signed(request)
    symbol = known_symbol(state, params)
    rows = [t for o in state.exchange.orders if o.account is acct and o.symbol == symbol
            and (not params.get("orderId") or str(o.order_id) == params["orderId"])
            for t in trade_rows(o)]
    limit = min(int(params.get("limit", 500)), 1000)
    return reply(sorted(rows, key=lambda t: t["id"])[-limit:])


# ---- the retired listenKey flow ---------------------------------------------
@endpoint("POST", "/api/v3/userDataStream")
async def listen_key_new(request):
    acct = api_account(request)
    key = secrets.token_urlsafe(45)[:60]
    request.app["listen_keys"][key] = acct
    return reply({"listenKey": key})


@endpoint("PUT", "/api/v3/userDataStream")
async def listen_key_keepalive(request):
    api_account(request)
    params, _, _ = await params_of(request)
    if params.get("listenKey") not in request.app["listen_keys"]:
        raise BinanceError(-1125, "This listenKey does not exist.")
    return reply({})


@endpoint("DELETE", "/api/v3/userDataStream")
async def listen_key_close(request):
    api_account(request)
    params, _, _ = await params_of(request)
    if request.app["listen_keys"].pop(params.get("listenKey"), None) is None:
        raise BinanceError(-1125, "This listenKey does not exist.")
    return reply({})


def attach_user_stream(state: State, sock, acct: Account, wrap) -> callable:
    """Sends the account's events to `sock`; returns the detach function."""
    def listener(kind, payload, extra=None):
        for text in user_events(acct, kind, payload, extra, state.server_ms()):
            state.hub.send(sock, wrap(text))
    acct.listeners.append(listener)

    def detach():
        if listener in acct.listeners:
            acct.listeners.remove(listener)
    sock.on_close.append(detach)
    return detach
