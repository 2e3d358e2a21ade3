"""Every fault kind, and the 429 -> 418 rate-limit escalation."""

import http.client
import json
import time

import aiohttp
import pytest

from mockclient import post_json, receive_json, run

HOUR = 3_600_000


def test_rate_limit_429_then_418(mock):
    # Hour-long windows: the test cannot straddle a window's end.
    mock.fault(kind="rate_limit", weight_per_minute=10, venue="binance", grace=0,
               interval_ms=HOUR)
    statuses = []
    for _ in range(12):
        r = mock.get("/api/v3/time")
        statuses.append(r.status)
        if r.status == 429:
            assert r.json["code"] == -1003
            assert int(r.headers["Retry-After"]) >= 1
            break
        assert int(r.headers["X-MBX-USED-WEIGHT-1M"]) == len(statuses)
    assert statuses[-1] == 429 and len(statuses) == 11
    live = mock.get("/api/v3/exchangeInfo", {"symbol": "BTCUSDT"})
    assert live.status == 418  # still going after a 429: banned
    banned = mock.get("/api/v3/ping")
    assert banned.status == 418 and banned.json["code"] == -1003
    assert int(banned.headers["Retry-After"]) >= 1
    seen = mock.get("/_mock/requests").json
    assert seen["statuses"]["418"] == 2 and seen["by_path"]["/api/v3/ping"] == {"418": 1}
    assert mock.get("/v5/market/time").status == 200  # Bybit counts separately


def test_requests_in_flight_after_a_429_are_not_banned_at_once(mock):
    mock.fault(kind="rate_limit", weight_per_minute=100, interval_ms=HOUR)
    info = mock.get("/api/v3/exchangeInfo", {"symbol": "BTCUSDT"}).json
    assert info["rateLimits"][0] == {"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE",
                                     "intervalNum": 60, "limit": 100}
    mock.post("/_mock/reset", {})
    mock.fault(kind="rate_limit", weight_per_minute=1, interval_ms=HOUR)
    statuses = [mock.get("/api/v3/ping").status for _ in range(6)]
    assert statuses == [200, 429, 429, 429, 429, 418]  # the default grace is 3


def test_rate_limit_window_resets_without_ban(mock):
    mock.fault(kind="rate_limit", weight_per_minute=2, interval_ms=500, grace=0)
    for _ in range(50):  # until the budget of some window runs out
        limited = mock.get("/api/v3/time")
        if limited.status == 429:
            break
    assert limited.status == 429
    wait_s = int(limited.headers["Retry-After"])
    assert wait_s == 1
    # A well-behaved client waits Retry-After, then is served (no ban).
    resume = mock.get("/_mock/clock").json["server_time"] + wait_s * 1000
    while mock.get("/_mock/clock").json["server_time"] < resume:
        time.sleep(0.02)  # polling the condition above
    assert mock.get("/api/v3/time").status == 200


def test_bybit_rate_limit(mock):
    mock.fault(kind="rate_limit", weight_per_minute=1, venue="bybit", grace=0,
               interval_ms=HOUR)
    assert mock.get("/v5/market/time").json["retCode"] == 0
    limited = mock.get("/v5/market/time")
    assert limited.json["retCode"] == 10006
    assert "X-Bapi-Limit-Reset-Timestamp" in limited.headers
    assert mock.get("/v5/market/time").status == 403


def test_http_status_delay_and_counts(mock):
    mock.fault(kind="http_status", status=503, count=2, path="/api/v3/time")
    assert [mock.get("/api/v3/time").status for _ in range(3)] == [503, 503, 200]
    mock.fault(kind="http_status", status=502, path="/v5/")
    r = mock.get("/v5/market/time")
    assert r.status == 502 and r.json["retCode"] == 10016
    mock.fault(kind="http_status", status=429, path="/api/v3/ping")
    r = mock.get("/api/v3/ping")
    assert (r.status, r.json["code"], r.headers["Retry-After"]) == (429, -1003, "1")
    mock.fault(kind="http_status", status=504, path="/api/v3/order")
    r = mock.binance("POST", "/api/v3/order", {"symbol": "BTCUSDT", "side": "BUY",
                                               "type": "MARKET", "quantity": "0.001"})
    assert (r.status, r.json["code"]) == (504, -1007)
    assert mock.get("/_mock/orders").json == []  # refused before it reached the engine
    mock.fault(kind="delay", ms=300, path="/api/v3/ping")
    start = time.monotonic()
    assert mock.get("/api/v3/ping").status == 200
    assert time.monotonic() - start >= 0.3


def test_lose_response_still_places_the_order(mock):
    mock.fault(kind="lose_response", path="/api/v3/order")
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        mock.binance("POST", "/api/v3/order", {"symbol": "BTCUSDT", "side": "BUY",
                                               "type": "MARKET", "quantity": "0.001",
                                               "newClientOrderId": "lost-1"})
    orders = mock.get("/_mock/orders").json
    assert [(o["clientOrderId"], o["status"]) for o in orders] == [("lost-1", "FILLED")]
    found = mock.binance("GET", "/api/v3/order", {"symbol": "BTCUSDT",
                                                  "origClientOrderId": "lost-1"})
    assert found.status == 200 and found.json["status"] == "FILLED"


def test_clock_skew(mock):
    mock.fault(kind="clock_skew", ms=-120_000)
    now = time.time() * 1000
    assert mock.server_ms() < now - 100_000
    bybit = mock.get("/v5/market/time").json["result"]
    assert int(bybit["timeSecond"]) * 1000 < now - 100_000
    mock.post("/_mock/reset", {})
    assert abs(mock.server_ms() - time.time() * 1000) < 5_000


async def _stream(session, mock):
    ws = await session.ws_connect(f"{mock.ws}/ws/btcusdt@kline_1m")
    return ws


def test_ws_malformed_and_duplicate(mock):
    async def go():
        async with aiohttp.ClientSession() as s:
            ws = await _stream(s, mock)
            await post_json(s, f"{mock.http}/_mock/fault", {"kind": "ws_malformed", "count": 1})
            await post_json(s, f"{mock.http}/_mock/advance", {"bars": 1})
            broken = await ws.receive(timeout=10)
            with pytest.raises(ValueError):
                json.loads(broken.data)
            assert (await receive_json(ws))["k"]["x"] is False  # the stream goes on
            await post_json(s, f"{mock.http}/_mock/fault", {"kind": "ws_duplicate", "count": 1})
            await post_json(s, f"{mock.http}/_mock/advance", {"bars": 1})
            a, b, c = [await receive_json(ws) for _ in range(3)]
            assert a == b and a["k"]["x"] is True and c["k"]["x"] is False
            await ws.close()
    run(go())


def test_ws_drop(mock):
    async def go():
        async with aiohttp.ClientSession() as s:
            market = await _stream(s, mock)
            api = await s.ws_connect(f"{mock.ws}/ws-api/v3")
            r = await post_json(s, f"{mock.http}/_mock/fault",
                                {"kind": "ws_drop", "path": "/ws/"})
            assert r["sockets"] == 1
            msg = await market.receive(timeout=10)
            assert msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                                aiohttp.WSMsgType.ERROR)
            await api.send_str(json.dumps({"id": 1, "method": "ping"}))
            assert (await receive_json(api))["status"] == 200  # other paths live on
            r = await post_json(s, f"{mock.http}/_mock/fault",
                                {"kind": "ws_drop", "graceful": True})
            msg = await api.receive(timeout=10)
            assert msg.type == aiohttp.WSMsgType.CLOSE and msg.data == 1001
    run(go())


def test_ws_stall(mock):
    async def go():
        async with aiohttp.ClientSession() as s:
            ws = await _stream(s, mock)
            r = await post_json(s, f"{mock.http}/_mock/fault", {"kind": "ws_stall",
                                                               "ms": 60_000})
            assert r["sockets"] == 1
            await post_json(s, f"{mock.http}/_mock/advance", {"bars": 2})
            await ws.send_str(json.dumps({"method": "LIST_SUBSCRIPTIONS", "id": 1}))
            with pytest.raises(TimeoutError):
                await ws.receive(timeout=0.3)  # silence is the point
            await post_json(s, f"{mock.http}/_mock/fault", {"kind": "ws_stall", "ms": 0})
            await post_json(s, f"{mock.http}/_mock/advance", {"bars": 1})
            assert (await receive_json(ws))["k"]["x"] is True
            await ws.close()
    run(go())


def test_unknown_fault_is_refused(mock):
    assert mock.post("/_mock/fault", {"kind": "meteor"}).status == 400


def test_ws_drop_with_shutdown_notice(mock):
    async def go():
        async with aiohttp.ClientSession() as s:
            ws = await s.ws_connect(f"{mock.ws}/stream?streams=btcusdt@kline_1m")
            await post_json(s, f"{mock.http}/_mock/fault",
                            {"kind": "ws_drop", "graceful": True, "notice": True})
            notice = await receive_json(ws)
            assert notice["stream"] == "!serverShutdown"
            assert notice["data"]["e"] == "serverShutdown"
            msg = await ws.receive(timeout=10)
            assert msg.type == aiohttp.WSMsgType.CLOSE
    run(go())
