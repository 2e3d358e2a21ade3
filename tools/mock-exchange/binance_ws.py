"""Binance WebSockets: market streams, the WebSocket API, listenKey streams.

- /ws/<stream> (raw events) and /stream?streams=a/b (wrapped in
  {"stream","data"}), with SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS,
  at most 1024 streams and 5 incoming messages per second per connection
  (more closes the connection, as Binance does).
- /ws-api/v3: ping, time, userDataStream.subscribe.signature (HMAC over
  the sorted params, raw values), userDataStream.unsubscribe,
  session.subscriptions; events arrive as {"subscriptionId","event"}.
  Also order.place / order.status / order.cancel / openOrders.status /
  account.status, signed the same way, with the REST checks and shapes.
- /ws/<listenKey>: the retired user-data stream, unwrapped events.

Only kline streams carry data; other stream names are accepted and stay
silent.
"""

from __future__ import annotations

import json
import time

from aiohttp import web

from binance import (BinanceError, account_body, attach_user_stream, cancel_one, check_time,
                     find_order, place_order, state_of)
from binance_format import kline_event, order_query, order_response
from market import INTERVALS
from sockets import serve
from venue import State, same_signature

MAX_STREAMS = 1024
MAX_INCOMING_PER_S = 5


class StreamSession:
    """One market-stream connection and the kline streams it follows."""

    def __init__(self, state: State, sock, combined: bool) -> None:
        self.state = state
        self.sock = sock
        self.combined = combined
        self.streams: dict[str, tuple[str, int, str]] = {}
        self.feeds: dict[tuple[str, int], list[tuple[str, str]]] = {}
        self.recent: list[float] = []

    def kline(self, symbol: str, k, event_time: int, cache: dict) -> None:
        """Called by Replay for every update of a stream this socket follows."""
        for name, interval in self.feeds.get((symbol, k.length), ()):
            key = ("b", symbol, interval, k.start, k.closed, event_time)
            text = cache.get(key)
            if text is None:
                text = cache[key] = kline_event(symbol, interval, k, event_time)
            if self.combined:
                text = f'{{"stream":"{name}","data":{text}}}'
            self.sock.queue(text)

    def add(self, name: str) -> None:
        if name in self.streams:
            return
        if len(self.streams) >= MAX_STREAMS:
            raise BinanceError(2, f"Too many streams; the limit is {MAX_STREAMS}.")
        symbol_part, _, kind = name.partition("@")
        symbol = symbol_part.upper()
        if kind.startswith("kline_") and kind[6:] in INTERVALS and \
                symbol in self.state.market.series:
            length = INTERVALS[kind[6:]][1]
            self.streams[name] = (symbol, length, kind[6:])
            self.feeds.setdefault((symbol, length), []).append((name, kind[6:]))
            self.state.replay.subscribe(symbol, length, self)
        else:
            self.streams[name] = ("", 0, "")  # accepted, never carries data

    def remove(self, name: str) -> None:
        symbol, length, _ = self.streams.pop(name, ("", 0, ""))
        if not symbol:
            return
        feed = [f for f in self.feeds.get((symbol, length), []) if f[0] != name]
        self.feeds[(symbol, length)] = feed
        if not feed:
            del self.feeds[(symbol, length)]
            self.state.replay.unsubscribe(symbol, length, self)

    def close(self) -> None:
        for name in list(self.streams):
            self.remove(name)

    def too_chatty(self) -> bool:
        now = time.monotonic()
        self.recent = [t for t in self.recent if now - t < 1.0] + [now]
        return len(self.recent) > MAX_INCOMING_PER_S

    async def on_text(self, sock, text: str) -> None:
        if self.too_chatty():
            await sock.ws.close(code=1008, message=b"Too many requests")
            return
        try:
            msg = json.loads(text)
        except ValueError:
            self.state.hub.send(sock, json.dumps({"code": 3, "msg": "Invalid JSON"}))
            return
        if not isinstance(msg, dict):
            self.state.hub.send(sock, json.dumps({"code": 2, "msg": "Invalid request"}))
            return
        method, rid, params = msg.get("method"), msg.get("id"), msg.get("params") or []
        try:
            result = self.control(method, params)
        except BinanceError as e:
            self.state.hub.send(sock, json.dumps({"code": e.code, "msg": e.msg, "id": rid}))
            return
        self.state.hub.send(sock, json.dumps({"result": result, "id": rid}))

    def control(self, method, params):
        if method == "SUBSCRIBE":
            for name in params:
                self.add(str(name))
            return None
        if method == "UNSUBSCRIBE":
            for name in params:
                self.remove(str(name))
            return None
        if method == "LIST_SUBSCRIPTIONS":
            return list(self.streams)
        if method == "SET_PROPERTY" and params and params[0] == "combined":
            self.combined = bool(params[1])
            return None
        if method == "GET_PROPERTY" and params and params[0] == "combined":
            return self.combined
        raise BinanceError(2, f"Invalid request: unknown method {method!r}")


async def _market_stream(request: web.Request, names: list[str], combined: bool):
    state = state_of(request)
    if len(names) > MAX_STREAMS:
        return web.json_response({"code": 2, "msg": "Too many streams"}, status=400)
    session: StreamSession | None = None

    async def opened(sock):
        nonlocal session
        session = StreamSession(state, sock, combined)
        sock.on_close.append(session.close)
        for name in names:
            session.add(name)

    async def on_text(sock, text):
        await session.on_text(sock, text)

    return await serve(request, state.hub, on_text, opened)


async def raw_stream(request: web.Request):
    tail = request.match_info.get("tail", "")
    listen = request.app["listen_keys"].get(tail)
    if listen is not None:
        return await _listen_key_stream(request, listen)
    names = [n for n in tail.split("/") if n]
    return await _market_stream(request, names, combined=False)


async def combined_stream(request: web.Request):
    names = [n for n in request.query.get("streams", "").split("/") if n]
    return await _market_stream(request, names, combined=True)


async def _listen_key_stream(request: web.Request, acct):
    state = state_of(request)

    async def opened(sock):
        attach_user_stream(state, sock, acct, lambda text: text)

    async def on_text(sock, text):
        pass

    return await serve(request, state.hub, on_text, opened)


# ---- WebSocket API ------------------------------------------------------
def ws_signature_ok(state: State, params: dict):
    """Returns the account of a correctly signed WS API request."""
    key = params.get("apiKey")
    if not key:
        raise BinanceError(-2014, "API-key format invalid.", 401)
    acct = state.exchange.account("binance", str(key))
    if acct is None:
        raise BinanceError(-2015, "Invalid API-key, IP, or permissions for action.", 401)
    sig = params.get("signature")
    if not sig:
        raise BinanceError(-1102, "Mandatory parameter 'signature' was not sent, "
                           "was empty/null, or malformed.")
    payload = "&".join(f"{k}={_raw(v)}" for k, v in sorted(params.items())
                       if k != "signature")
    check_time(state, {k: str(v) for k, v in params.items()})
    if not same_signature(acct.secret, payload, str(sig)):
        raise BinanceError(-1022, "Signature for this request is not valid.")
    return acct


def _raw(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class ApiSession:
    """One /ws-api/v3 connection: request/response plus user-data pushes."""

    def __init__(self, state: State, sock) -> None:
        self.state = state
        self.sock = sock
        self.subscriptions: dict[int, tuple] = {}  # id -> (account, detach)
        self.next_id = 0

    def answer(self, rid, status: int, result=None, error=None) -> None:
        body = {"id": rid, "status": status}
        if error is not None:
            body["error"] = error
        else:
            body["result"] = result
        budget = self.state.budgets["binance"]
        body["rateLimits"] = [{"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE",
                               "intervalNum": 1, "limit": budget.limit,
                               "count": budget.used}]
        self.state.hub.send(self.sock, json.dumps(body))

    async def on_text(self, sock, text: str) -> None:
        try:
            msg = json.loads(text)
            rid, method = msg.get("id"), msg["method"]
            params = msg.get("params") or {}
        except (ValueError, KeyError, AttributeError):
            self.answer(None, 400, error={"code": -1102, "msg": "Malformed request."})
            return
        try:
            result = self.call(method, params)
        except BinanceError as e:
            self.answer(rid, e.status, error=e.body())
            return
        self.answer(rid, 200, result)

    def call(self, method: str, params: dict):
        state = self.state
        if method == "ping":
            return {}
        if method == "time":
            return {"serverTime": state.server_ms()}
        if method == "userDataStream.subscribe.signature":
            acct = ws_signature_ok(state, params)
            if any(a is acct for a, _ in self.subscriptions.values()):
                raise BinanceError(-2035, "User Data Stream subscription already active.")
            sid = self.next_id
            self.next_id += 1
            detach = attach_user_stream(
                state, self.sock, acct,
                lambda text, sid=sid: f'{{"subscriptionId":{sid},"event":{text}}}')
            self.subscriptions[sid] = (acct, detach)
            return {"subscriptionId": sid}
        if method == "userDataStream.unsubscribe":
            wanted = params.get("subscriptionId")
            ids = list(self.subscriptions) if wanted is None else [int(wanted)]
            if not ids or any(i not in self.subscriptions for i in ids):
                raise BinanceError(-2036, "User Data Stream subscription not active.")
            for i in ids:
                self.subscriptions.pop(i)[1]()
            return {}
        if method == "session.subscriptions":
            return [{"subscriptionId": i} for i in self.subscriptions]
        if method in TRADING:
            acct = ws_signature_ok(state, params)
            return TRADING[method](state, acct, {k: _raw(v) for k, v in params.items()})
        if method in ("session.logon", "userDataStream.subscribe"):
            raise BinanceError(-4056, "HMAC_SHA256 API key is not supported.")
        raise BinanceError(-1100, f"Unknown method {method!r}.")


def _place(state: State, acct, params: dict):
    order = place_order(state, acct, params)
    default = "FULL" if order.type in ("MARKET", "LIMIT") else "ACK"
    return order_response(order, params.get("newOrderRespType", default))


def _status(state: State, acct, params: dict):
    return order_query(find_order(state, acct, params,
                                  BinanceError(-2013, "Order does not exist.")))


def _cancel(state: State, acct, params: dict):
    unknown = BinanceError(-2011, "Unknown order sent.")
    order = find_order(state, acct, params, unknown)
    if not order.is_open:
        raise unknown
    return cancel_one(state, order, params.get("newClientOrderId"))


def _open_orders(state: State, acct, params: dict):
    symbol = params.get("symbol")
    return [order_query(o) for o in state.exchange.open_orders(acct, symbol)
            if o.category == "spot"]


def _account(state: State, acct, params: dict):
    return account_body(state, acct, params.get("omitZeroBalances") == "true")


# The WebSocket API's trading requests: same checks and shapes as REST.
TRADING = {"order.place": _place, "order.status": _status, "order.cancel": _cancel,
           "openOrders.status": _open_orders, "account.status": _account}


async def ws_api(request: web.Request):
    state = state_of(request)
    session: ApiSession | None = None

    async def opened(sock):
        nonlocal session
        session = ApiSession(state, sock)

    async def on_text(sock, text):
        await session.on_text(sock, text)

    return await serve(request, state.hub, on_text, opened)


def add_routes(app: web.Application) -> None:
    app.router.add_get("/ws-api/v3", ws_api)
    app.router.add_get("/stream", combined_stream)
    app.router.add_get("/ws", raw_stream)
    app.router.add_get("/ws/{tail:.*}", raw_stream)
