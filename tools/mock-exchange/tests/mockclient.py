"""A small client for the mock: raw HTTP (exact bytes, for signing) and
WebSocket helpers over aiohttp."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import http.client
import json
import time
from urllib.parse import urlencode

import aiohttp

BINANCE_KEY, BINANCE_SECRET = "mock-binance-key", "mock-binance-secret"
BYBIT_KEY, BYBIT_SECRET = "mock-bybit-key", "mock-bybit-secret"
WAIT = 10.0  # generous deadline for anything we wait on


def hmac_hex(secret: str, payload: str) -> str:
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


class Answer:
    def __init__(self, status: int, headers, body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.text = body.decode()
        try:
            self.json = json.loads(self.text)
        except ValueError:
            self.json = None

    def __repr__(self) -> str:
        return f"<{self.status} {self.text[:300]}>"


class Mock:
    def __init__(self, port: int) -> None:
        self.port = port
        self.http = f"http://127.0.0.1:{port}"
        self.ws = f"ws://127.0.0.1:{port}"

    def request(self, method: str, target: str, body: str | bytes | None = None,
                headers: dict | None = None) -> Answer:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT)
        try:
            conn.request(method, target, body=body, headers=headers or {})
            resp = conn.getresponse()
            return Answer(resp.status, resp.headers, resp.read())
        finally:
            conn.close()

    def get(self, path: str, params: dict | None = None, headers=None) -> Answer:
        query = "?" + urlencode(params) if params else ""
        return self.request("GET", path + query, headers=headers)

    def post(self, path: str, body: dict) -> Answer:
        return self.request("POST", path, json.dumps(body),
                            {"Content-Type": "application/json"})

    # -- Binance ------------------------------------------------------------
    def binance(self, method: str, path: str, params: dict, key: str = BINANCE_KEY,
                secret: str = BINANCE_SECRET, timestamp: int | None = None,
                in_body: bool = False, signature: str | None = None) -> Answer:
        params = dict(params)
        params.setdefault("timestamp", timestamp or self.server_ms())
        payload = urlencode(params)
        sig = signature or hmac_hex(secret, payload)
        headers = {"X-MBX-APIKEY": key} if key else {}
        signed = f"{payload}&signature={sig}"
        if in_body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            return self.request(method, path, signed, headers)
        return self.request(method, f"{path}?{signed}", headers=headers)

    def server_ms(self) -> int:
        return self.get("/api/v3/time").json["serverTime"]

    # -- Bybit ----------------------------------------------------------------
    def bybit(self, method: str, path: str, params: dict, key: str = BYBIT_KEY,
              secret: str = BYBIT_SECRET, timestamp: int | None = None,
              signature: str | None = None) -> Answer:
        stamp = str(timestamp or int(time.time() * 1000))
        if method == "GET":
            tail = urlencode(params)
        else:
            tail = json.dumps(params)
        headers = {"X-BAPI-API-KEY": key, "X-BAPI-TIMESTAMP": stamp,
                   "X-BAPI-RECV-WINDOW": "5000", "X-BAPI-SIGN-TYPE": "2",
                   "X-BAPI-SIGN": signature or hmac_hex(secret, stamp + key + "5000" + tail),
                   "Content-Type": "application/json"}
        if method == "GET":
            return self.request("GET", f"{path}?{tail}" if tail else path, headers=headers)
        return self.request(method, path, tail, headers)

    def advance(self, **body) -> dict:
        return self.post("/_mock/advance", body).json

    def fault(self, **body) -> dict:
        answer = self.post("/_mock/fault", body)
        assert answer.status == 200, answer
        return answer.json


async def receive_json(ws, timeout: float = WAIT):
    msg = await ws.receive(timeout=timeout)
    assert msg.type == aiohttp.WSMsgType.TEXT, msg
    return json.loads(msg.data)


async def receive_until(ws, predicate, timeout: float = WAIT):
    """Reads messages until one satisfies `predicate`; returns all read."""
    seen = []
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        left = deadline - asyncio.get_running_loop().time()
        assert left > 0, f"no matching message; saw {seen[-5:]}"
        msg = await receive_json(ws, left)
        seen.append(msg)
        if predicate(msg):
            return seen


async def post_json(session: aiohttp.ClientSession, url: str, body: dict) -> dict:
    async with session.post(url, json=body) as resp:
        assert resp.status == 200, await resp.text()
        return await resp.json()


def run(coro):
    return asyncio.run(coro)
