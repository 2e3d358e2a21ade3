"""Bybit WebSockets: public kline topics and the private account topics.

Public (/v5/public/spot, /v5/public/linear): subscribe / unsubscribe /
ping with the documented ack shapes (spot and linear differ slightly),
spot's 10-args-per-request rule and the 21,000-character args budget per
connection. Only `kline.{interval}.{symbol}` topics carry data; other
topics are acknowledged and stay silent.

Private (/v5/private): `auth` with HMAC(secret, "GET/realtime" + expires),
then `order`, `execution`, `position`, `wallet` (or their per-category
forms, e.g. `order.linear`) pushed after every change.
"""

from __future__ import annotations

import json
import time
import uuid

from aiohttp import web

from bybit_format import execution_obj, kline_message, order_obj, position_obj, wallet_obj
from market import BYBIT_INTERVALS
from sockets import serve
from venue import State, same_signature

MAX_ARGS_CHARS = 21_000
SPOT_ARGS_PER_REQUEST = 10
PRIVATE_TOPICS = {"order", "execution", "position", "wallet"}


def state_of(request: web.Request) -> State:
    return request.app["state"]


class PublicSession:
    def __init__(self, state: State, sock, category: str) -> None:
        self.state = state
        self.sock = sock
        self.category = category
        self.topics: dict[str, tuple[str, int, str]] = {}
        self.feeds: dict[tuple[str, int], list[str]] = {}

    def ack(self, req_id, op: str, ok: bool, msg: str = "") -> None:
        body = {"success": ok, "ret_msg": msg if msg or self.category != "spot" or not ok
                else op, "conn_id": self.sock.conn_id, "req_id": req_id or "", "op": op}
        self.state.hub.send(self.sock, json.dumps(body))

    def kline(self, symbol: str, k, event_time: int, cache: dict) -> None:
        for topic in self.feeds.get((symbol, k.length), ()):
            key = ("y", topic, k.start, k.closed, event_time)
            text = cache.get(key)
            if text is None:
                text = cache[key] = kline_message(topic, topic.split(".")[1], k, event_time)
            self.sock.queue(text)

    def subscribe(self, args: list[str]) -> str:
        if self.category == "spot" and len(args) > SPOT_ARGS_PER_REQUEST:
            return f"args size >{SPOT_ARGS_PER_REQUEST}"
        used = sum(len(t) for t in self.topics) + sum(len(a) for a in args)
        if used > MAX_ARGS_CHARS:
            return "args length exceeds 21000 characters per connection"
        for topic in args:
            if topic in self.topics:
                return f"error:already subscribed,topic:{topic}"
        for topic in args:
            parts = topic.split(".")
            if len(parts) == 3 and parts[0] == "kline" and parts[1] in BYBIT_INTERVALS \
                    and parts[2] in self.state.market.series:
                length = BYBIT_INTERVALS[parts[1]][1]
                self.topics[topic] = (parts[2], length, parts[1])
                self.feeds.setdefault((parts[2], length), []).append(topic)
                self.state.replay.subscribe(parts[2], length, self)
            else:
                self.topics[topic] = ("", 0, "")
        return ""

    def unsubscribe(self, args: list[str]) -> None:
        for topic in args:
            symbol, length, _ = self.topics.pop(topic, ("", 0, ""))
            if not symbol:
                continue
            feed = [t for t in self.feeds.get((symbol, length), []) if t != topic]
            self.feeds[(symbol, length)] = feed
            if not feed:
                del self.feeds[(symbol, length)]
                self.state.replay.unsubscribe(symbol, length, self)

    def close(self) -> None:
        self.unsubscribe(list(self.topics))

    async def on_text(self, sock, text: str) -> None:
        try:
            msg = json.loads(text)
            op, req_id, args = msg.get("op"), msg.get("req_id"), msg.get("args") or []
        except (ValueError, AttributeError):
            self.ack(None, "", False, "error:invalid json")
            return
        if op == "ping":
            body = {"success": True, "ret_msg": "pong", "conn_id": sock.conn_id, "op": "ping"}
            if self.category != "spot":
                body["req_id"] = req_id or ""
            self.state.hub.send(sock, json.dumps(body))
        elif op == "subscribe":
            error = self.subscribe([str(a) for a in args])
            self.ack(req_id, op, not error, error)
        elif op == "unsubscribe":
            self.unsubscribe([str(a) for a in args])
            self.ack(req_id, op, True)
        else:
            self.ack(req_id, str(op), False, f"error:unknown op {op}")


async def public(request: web.Request):
    state = state_of(request)
    category = request.match_info["category"]
    if category not in ("spot", "linear"):
        raise web.HTTPNotFound()
    session: PublicSession | None = None

    async def opened(sock):
        nonlocal session
        session = PublicSession(state, sock, category)
        sock.on_close.append(session.close)

    async def on_text(sock, text):
        await session.on_text(sock, text)

    return await serve(request, state.hub, on_text, opened)


class PrivateSession:
    def __init__(self, state: State, sock) -> None:
        self.state = state
        self.sock = sock
        self.acct = None
        self.topics: set[str] = set()

    def send(self, body: dict) -> None:
        self.state.hub.send(self.sock, json.dumps(body))

    def push(self, topic: str, category: str | None, data: list[dict]) -> None:
        stamp = self.state.server_ms()
        for name in (topic, f"{topic}.{category}" if category else None):
            if name and name in self.topics:
                self.send({"id": uuid.uuid4().hex, "topic": name, "creationTime": stamp,
                           "data": data})

    def on_event(self, kind: str, payload, extra=None) -> None:
        market = self.state.market
        if kind == "order":
            o = payload
            row = order_obj(o, market.last_price(o.symbol))
            row["category"] = o.category
            self.push("order", o.category, [row])
            if extra is not None:
                ex = execution_obj(o, extra)
                ex["category"] = o.category
                self.push("execution", o.category, [ex])
        elif kind == "position":
            row = position_obj(payload, market.last_price(payload.symbol))
            row["category"] = "linear"
            self.push("position", "linear", [row])
        elif kind == "balance":
            self.push("wallet", None, [wallet_obj(self.acct, None)])

    def auth(self, args: list) -> str:
        if len(args) != 3:
            return "Params Error"
        key, expires, sig = str(args[0]), args[1], str(args[2])
        acct = self.state.exchange.account("bybit", key)
        if acct is None:
            return "API key is invalid."
        if not str(expires).isdigit() or int(expires) <= self.state.server_ms():
            return "Request expired"
        if not same_signature(acct.secret, f"GET/realtime{expires}", sig):
            return "Signature error"
        if self.acct is None:
            self.acct = acct
            acct.listeners.append(self.on_event)
            self.sock.on_close.append(
                lambda: self.on_event in acct.listeners and acct.listeners.remove(self.on_event))
        return ""

    async def on_text(self, sock, text: str) -> None:
        try:
            msg = json.loads(text)
            op, req_id, args = msg.get("op"), msg.get("req_id"), msg.get("args") or []
        except (ValueError, AttributeError):
            self.send({"success": False, "ret_msg": "error:invalid json", "op": "",
                       "conn_id": sock.conn_id})
            return
        ack = {"success": True, "ret_msg": "", "op": op, "conn_id": sock.conn_id}
        if req_id is not None:
            ack["req_id"] = req_id
        if op == "ping":
            self.send({"req_id": req_id or "", "op": "pong",
                       "args": [str(int(time.time() * 1000))], "conn_id": sock.conn_id})
            return
        if op == "auth":
            error = self.auth(args)
        elif op == "subscribe":
            error = self.subscribe([str(a) for a in args])
        elif op == "unsubscribe":
            self.topics.difference_update(str(a) for a in args)
            error = ""
        else:
            error = f"error:unknown op {op}"
        if error:
            ack.update(success=False, ret_msg=error)
        self.send(ack)

    def subscribe(self, args: list[str]) -> str:
        if self.acct is None:
            return "Request not authorized"
        plain = [a for a in args if a in PRIVATE_TOPICS]
        split = [a for a in args if a.split(".")[0] in PRIVATE_TOPICS and "." in a]
        if len(plain) + len(split) != len(args):
            return f"error:handler not found,topics:{args}"
        if plain and split:
            return "error:all-in-one and categorised topics cannot be mixed"
        self.topics.update(args)
        return ""


async def private(request: web.Request):
    state = state_of(request)
    session: PrivateSession | None = None

    async def opened(sock):
        nonlocal session
        session = PrivateSession(state, sock)

    async def on_text(sock, text):
        await session.on_text(sock, text)

    return await serve(request, state.hub, on_text, opened)


def add_routes(app: web.Application) -> None:
    app.router.add_get("/v5/public/{category}", public)
    app.router.add_get("/v5/private", private)
