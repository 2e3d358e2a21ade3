"""User-data streams: Binance WS API and listenKey, Bybit private topics."""

import json
import time

import aiohttp

from mockclient import (BINANCE_KEY, BINANCE_SECRET, BYBIT_KEY, BYBIT_SECRET, hmac_hex,
                        receive_json, receive_until, run)


def ws_subscribe_request(server_ms: int, rid="s1") -> str:
    payload = f"apiKey={BINANCE_KEY}&timestamp={server_ms}"
    return json.dumps({"id": rid, "method": "userDataStream.subscribe.signature",
                       "params": {"apiKey": BINANCE_KEY, "timestamp": server_ms,
                                  "signature": hmac_hex(BINANCE_SECRET, payload)}})


def test_binance_ws_api_user_data(mock):
    async def go():
        async with aiohttp.ClientSession() as s:
            async with s.ws_connect(f"{mock.ws}/ws-api/v3") as ws:
                await ws.send_str(ws_subscribe_request(mock.server_ms()))
                answer = await receive_json(ws)
                assert answer["status"] == 200 and answer["result"] == {"subscriptionId": 0}
                assert answer["rateLimits"][0]["rateLimitType"] == "REQUEST_WEIGHT"
                await ws.send_str(ws_subscribe_request(mock.server_ms(), "s2"))
                assert (await receive_json(ws))["error"]["code"] == -2035
                placed = mock.binance("POST", "/api/v3/order", {
                    "symbol": "BTCUSDT", "side": "BUY", "type": "MARKET",
                    "quantity": "0.001", "newClientOrderId": "u-1"})
                assert placed.status == 200
                seen = await receive_until(ws, lambda m: m.get("event", {}).get("x") == "TRADE")
                report = seen[-1]["event"]
                assert seen[-1]["subscriptionId"] == 0
                assert (report["e"], report["c"], report["X"]) == ("executionReport", "u-1",
                                                                   "FILLED")
                assert report["z"] == "0.00100000" and report["i"] == placed.json["orderId"]
                seen = await receive_until(
                    ws, lambda m: m.get("event", {}).get("e") == "outboundAccountPosition")
                assert {b["a"] for b in seen[-1]["event"]["B"]} == {"BTC", "USDT"}
                stale = ws_subscribe_request(mock.server_ms() - 60_000, "s3")
                await ws.send_str(json.dumps({"id": "u", "method": "userDataStream.unsubscribe",
                                              "params": {}}))
                assert (await receive_json(ws))["status"] == 200
                await ws.send_str(stale)
                assert (await receive_json(ws))["error"]["code"] == -1021
                await ws.send_str(json.dumps({"id": "q", "method": "session.subscriptions"}))
                assert (await receive_json(ws))["result"] == []
    run(go())


def test_binance_listen_key_flow(mock):
    key = mock.request("POST", "/api/v3/userDataStream", None,
                       {"X-MBX-APIKEY": BINANCE_KEY}).json["listenKey"]
    assert len(key) == 60
    keep = mock.request("PUT", f"/api/v3/userDataStream?listenKey={key}", None,
                        {"X-MBX-APIKEY": BINANCE_KEY})
    assert keep.json == {}
    unknown = mock.request("PUT", "/api/v3/userDataStream?listenKey=nope", None,
                           {"X-MBX-APIKEY": BINANCE_KEY})
    assert unknown.json["code"] == -1125

    async def go():
        async with aiohttp.ClientSession() as s:
            async with s.ws_connect(f"{mock.ws}/ws/{key}") as ws:
                mock.binance("POST", "/api/v3/order", {
                    "symbol": "BTCUSDT", "side": "BUY", "type": "MARKET",
                    "quantity": "0.001", "newClientOrderId": "lk-1"})
                first = await receive_json(ws)
                assert first["e"] == "executionReport" and first["x"] == "NEW"
                await receive_until(ws, lambda m: m.get("x") == "TRADE")
    run(go())
    closed = mock.request("DELETE", f"/api/v3/userDataStream?listenKey={key}", None,
                          {"X-MBX-APIKEY": BINANCE_KEY})
    assert closed.json == {}


def bybit_auth(expires_in_ms=10_000) -> str:
    expires = int(time.time() * 1000) + expires_in_ms
    return json.dumps({"req_id": "a", "op": "auth", "args": [
        BYBIT_KEY, expires, hmac_hex(BYBIT_SECRET, f"GET/realtime{expires}")]})


def test_bybit_private_topics(mock):
    async def go():
        async with aiohttp.ClientSession() as s:
            async with s.ws_connect(f"{mock.ws}/v5/private") as ws:
                await ws.send_str(json.dumps({"op": "subscribe", "args": ["order"]}))
                assert (await receive_json(ws))["success"] is False  # not authorised yet
                await ws.send_str(bybit_auth(-1000))
                assert (await receive_json(ws))["success"] is False  # expired
                await ws.send_str(bybit_auth())
                ok = await receive_json(ws)
                assert ok["success"] is True and ok["op"] == "auth"
                await ws.send_str(json.dumps({"req_id": "s", "op": "subscribe", "args": [
                    "order", "execution", "position", "wallet"]}))
                assert (await receive_json(ws))["success"] is True
                placed = mock.bybit("POST", "/v5/order/create", {
                    "category": "linear", "symbol": "BTCUSDT", "side": "Buy",
                    "orderType": "Market", "qty": "0.01", "orderLinkId": "ws-1"}).json
                assert placed["retCode"] == 0
                seen = await receive_until(ws, lambda m: m.get("topic") == "position")
                topics = [m["topic"] for m in seen]
                assert {"order", "execution", "wallet", "position"} <= set(topics)
                order = [m for m in seen if m["topic"] == "order"][-1]["data"][0]
                assert (order["orderLinkId"], order["orderStatus"], order["category"]) == \
                    ("ws-1", "Filled", "linear")
                execution = next(m for m in seen if m["topic"] == "execution")["data"][0]
                assert execution["execQty"] == "0.01"
                pos = seen[-1]["data"][0]
                assert (pos["side"], pos["size"]) == ("Buy", "0.01")
                await ws.send_str(json.dumps({"req_id": "p", "op": "ping"}))
                assert (await receive_json(ws))["op"] == "pong"
    run(go())


def test_bybit_categorised_topics(mock):
    async def go():
        async with aiohttp.ClientSession() as s:
            async with s.ws_connect(f"{mock.ws}/v5/private") as ws:
                await ws.send_str(bybit_auth())
                await receive_json(ws)
                await ws.send_str(json.dumps({"op": "subscribe", "args": [
                    "order", "execution.linear"]}))
                assert (await receive_json(ws))["success"] is False  # cannot be mixed
                await ws.send_str(json.dumps({"op": "subscribe", "args": ["order.spot"]}))
                assert (await receive_json(ws))["success"] is True
                mock.bybit("POST", "/v5/order/create", {
                    "category": "spot", "symbol": "BTCUSDT", "side": "Buy",
                    "orderType": "Market", "qty": "50"})
                msg = await receive_json(ws)
                assert msg["topic"] == "order.spot"
    run(go())


def signed_ws(method: str, params: dict, rid) -> str:
    params = dict(params, apiKey=BINANCE_KEY, timestamp=int(time.time() * 1000))
    payload = "&".join(f"{k}={v}" for k, v in sorted(params.items()))
    params["signature"] = hmac_hex(BINANCE_SECRET, payload)
    return json.dumps({"id": rid, "method": method, "params": params})


def test_binance_ws_api_orders(mock):
    async def go():
        async with aiohttp.ClientSession() as s:
            async with s.ws_connect(f"{mock.ws}/ws-api/v3") as ws:
                await ws.send_str(signed_ws("order.place", {
                    "symbol": "BTCUSDT", "side": "BUY", "type": "MARKET",
                    "quantity": "0.001", "newClientOrderId": "w-1"}, 1))
                placed = await receive_json(ws)
                assert placed["status"] == 200 and placed["result"]["status"] == "FILLED"
                await ws.send_str(signed_ws("order.status", {
                    "symbol": "BTCUSDT", "origClientOrderId": "w-1"}, 2))
                assert (await receive_json(ws))["result"]["clientOrderId"] == "w-1"
                await ws.send_str(signed_ws("order.cancel", {
                    "symbol": "BTCUSDT", "origClientOrderId": "w-1"}, 3))
                assert (await receive_json(ws))["error"]["code"] == -2011
                await ws.send_str(signed_ws("openOrders.status", {}, 4))
                assert (await receive_json(ws))["result"] == []
                await ws.send_str(signed_ws("account.status", {"omitZeroBalances": "true"}, 5))
                assets = {b["asset"] for b in (await receive_json(ws))["result"]["balances"]}
                assert assets == {"BTC", "USDT"}
    run(go())
