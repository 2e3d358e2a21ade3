"""The test-facing control API under /_mock, and the venue middleware.

The middleware is where every venue request passes: it counts the request
(GET /_mock/requests), applies the scripted HTTP faults (delay, status,
lost response) and the rate limits, and stamps the weight headers.
"""

from __future__ import annotations

import asyncio
import json

from aiohttp import web

import binance
from faults import FaultError
from market import INTERVALS, MARKET_START
from venue import State

routes = web.RouteTableDef()


def state_of(request: web.Request) -> State:
    return request.app["state"]


def venue_of(path: str) -> str | None:
    if path.startswith("/v5/"):
        return "bybit"
    if path.startswith(("/api/", "/ws", "/stream")):
        return "binance"
    return None


BINANCE_FAULTS = {
    429: (-1003, "Too many requests; please use the websocket for live updates."),
    418: (-1003, "Way too many requests; IP banned."),
    503: (-1008, "Server is currently overloaded with other requests. Please try again "
                 "in a few minutes."),
    504: (-1007, "Timeout waiting for response from backend server. Send status unknown; "
                 "execution status unknown."),
}


def fault_answer(venue: str, status: int, state: State) -> web.Response:
    """A scripted HTTP failure, in the venue's own error shape."""
    headers = {"Retry-After": "1"} if status in (418, 429) else {}
    if venue == "bybit":
        code = 10006 if status == 429 else 10016
        body = {"retCode": code, "retMsg": "Too many visits!" if code == 10006 else
                "Internal server error.", "result": {}, "retExtInfo": {},
                "time": state.server_ms()}
    else:
        code, msg = BINANCE_FAULTS.get(
            status, (-1000, "An unknown error occurred while processing the request."))
        body = {"code": code, "msg": msg}
    return web.json_response(body, status=status, headers=headers)


def _limited(venue: str, request: web.Request, state: State) -> web.Response | None:
    """Charges the request's weight; an answer when the limit says no."""
    budget = state.budgets[venue]
    weight = binance.weight(request) if venue == "binance" else 1
    verdict = budget.charge(weight)
    request["verdict"] = verdict
    if verdict.status == 200:
        return None
    if venue == "binance":
        if verdict.status == 429:
            msg = (f"Too much request weight used; current limit is {budget.limit} request "
                   "weight per 1 MINUTE. Please use WebSocket Streams for live updates "
                   "to avoid polling the API.")
        else:
            msg = (f"Way too much request weight used; IP banned until {verdict.reset_ms}. "
                   "Please use WebSocket Streams for live updates to avoid bans.")
        return web.json_response({"code": -1003, "msg": msg}, status=verdict.status,
                                 headers={"Retry-After": str(verdict.retry_after_s),
                                          "X-MBX-USED-WEIGHT-1M": str(verdict.used)})
    if verdict.status == 429:
        return web.json_response(
            {"retCode": 10006, "retMsg": "Too many visits!", "result": {},
             "retExtInfo": {}, "time": state.server_ms()},
            headers={"X-Bapi-Limit": str(budget.limit), "X-Bapi-Limit-Status": "0",
                     "X-Bapi-Limit-Reset-Timestamp": str(verdict.reset_ms)})
    return web.Response(status=403, text="access too frequent",
                        headers={"Retry-After": str(verdict.retry_after_s)})


@web.middleware
async def venue_middleware(request: web.Request, handler):
    state = state_of(request)
    path = request.path
    venue = venue_of(path)
    if venue is None:
        return await handler(request)
    faults = state.faults
    status = 0
    try:
        delay = faults.take("delay", path)
        if delay is not None:
            await asyncio.sleep(delay.ms / 1000)
        forced = faults.take("http_status", path)
        if forced is not None:
            status = forced.status
            return fault_answer(venue, status, state)
        if request.headers.get("Upgrade", "").lower() == "websocket":
            state.count(path, 101)  # now: the handler returns when the socket closes
            status = -1
            return await handler(request)
        refused = _limited(venue, request, state)
        if refused is not None:
            status = refused.status
            return refused
        response = await handler(request)
        status = response.status
        _stamp(venue, request, response, state)
        if faults.take("lose_response", path) is not None:
            status = 0  # processed, but the client never hears of it
            request.transport.abort()
        return response
    finally:
        if status != -1:
            state.count(path, status)


def _stamp(venue: str, request: web.Request, response: web.StreamResponse, state: State):
    verdict = request.get("verdict")
    if verdict is None:
        return
    budget = state.budgets[venue]
    if venue == "binance":
        response.headers["X-MBX-USED-WEIGHT-1M"] = str(verdict.used)
    else:
        response.headers["X-Bapi-Limit"] = str(budget.limit)
        response.headers["X-Bapi-Limit-Status"] = str(max(0, budget.limit - verdict.used))
        response.headers["X-Bapi-Limit-Reset-Timestamp"] = str(
            budget.window_start + budget.window_ms)


async def _json(request: web.Request) -> dict:
    try:
        body = await request.json() if request.can_read_body else {}
    except json.JSONDecodeError as e:
        raise web.HTTPBadRequest(text=f"body is not JSON: {e}") from e
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="body must be a JSON object")
    return body


@routes.post("/_mock/advance")
async def advance(request):
    state = state_of(request)
    body = await _json(request)
    if "bars" in body:
        interval = body.get("interval", "1m")
        if interval not in INTERVALS:
            raise web.HTTPBadRequest(text=f"unknown interval {interval!r}")
        ms = int(body["bars"]) * INTERVALS[interval][1]
    else:
        ms = int(body.get("ms", 0))
    return web.json_response(await state.replay.advance(ms))


@routes.post("/_mock/clock")
async def clock(request):
    state = state_of(request)
    body = await _json(request)
    mode = body.get("mode", "manual")
    if mode not in ("manual", "realtime"):
        raise web.HTTPBadRequest(text="mode is manual or realtime")
    state.replay.set_clock(mode, float(body.get("speed", 1.0)),
                           int(body.get("push_ms", 2000)))
    return web.json_response({"mode": mode, "speed": state.replay.speed,
                              "now": state.market.now})


@routes.get("/_mock/clock")
async def clock_now(request):
    state = state_of(request)
    return web.json_response({"mode": state.replay.mode, "speed": state.replay.speed,
                              "now": state.market.now, "server_time": state.server_ms()})


@routes.post("/_mock/account")
async def account(request):
    state = state_of(request)
    body = await _json(request)
    venue = body.get("venue")
    if venue not in ("binance", "bybit") or not body.get("api_key") or not body.get("secret"):
        raise web.HTTPBadRequest(text="need venue (binance|bybit), api_key and secret")
    state.exchange.set_account(venue, body["api_key"], body["secret"],
                               body.get("balances") or {"USDT": "10000"})
    return web.json_response({"venue": venue, "api_key": body["api_key"]})


@routes.post("/_mock/fault")
async def fault(request):
    state = state_of(request)
    body = await _json(request)
    try:
        armed = state.faults.arm(body)
    except FaultError as e:
        raise web.HTTPBadRequest(text=str(e)) from e
    affected = 0
    if armed.kind == "ws_drop":
        affected = await state.hub.drop(armed.path, bool(body.get("graceful", False)),
                                        bool(body.get("notice", False)))
    elif armed.kind == "ws_stall":
        affected = state.hub.stall(armed.path, armed.ms)
    elif armed.kind == "rate_limit":
        for name, budget in state.budgets.items():
            if body.get("venue") in (None, name):
                budget.configure(body)
    return web.json_response({"armed": armed.kind, "sockets": affected})


@routes.post("/_mock/reset")
async def reset(request):
    state = state_of(request)
    body = await _json(request)
    state.faults.reset()
    for budget in state.budgets.values():
        budget.reset()
    state.exchange.reset()
    state.requests.clear()
    state.replay.set_clock("manual", 1.0)
    if not body.get("keep_clock"):
        state.market.now = MARKET_START  # each test starts from the same market
    return web.json_response({"reset": True, "now": state.market.now})


@routes.get("/_mock/orders")
async def orders(request):
    state = state_of(request)
    return web.json_response([
        {"venue": o.venue, "category": o.category, "symbol": o.symbol,
         "orderId": o.uuid if o.venue == "bybit" else o.order_id,
         "clientOrderId": o.client_id, "orderLinkId": o.client_id,
         "side": o.side, "type": o.type, "status": o.status, "qty": str(o.qty),
         "price": str(o.price), "executedQty": str(o.executed)}
        for o in state.exchange.orders])


@routes.get("/_mock/requests")
async def requests(request):
    state = state_of(request)
    paths = {p: sum(v.values()) for p, v in state.requests.items()}
    statuses: dict[str, int] = {}
    for row in state.requests.values():
        for code, n in row.items():
            statuses[code] = statuses.get(code, 0) + n
    return web.json_response({"paths": paths, "statuses": statuses,
                              "by_path": state.requests})
