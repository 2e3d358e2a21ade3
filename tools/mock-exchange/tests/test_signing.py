"""Signature checks, with the documented vectors run through the real
HTTP and WebSocket verifiers (the clock is skewed to the vectors' time)."""

import json
import time

import aiohttp

from mockclient import BYBIT_KEY, hmac_hex, receive_json, run
from venue import same_signature, sign

DOC_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
DOC_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
B1 = ("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1"
      "&recvWindow=5000&timestamp=1499827319559")
B2 = ("symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT"
      "&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559")
VECTORS = [
    (DOC_SECRET, B1, "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"),
    (DOC_SECRET, B2, "e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3"),
    (DOC_SECRET, "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTCquantity=1&price=0.1"
     "&recvWindow=5000&timestamp=1499827319559",
     "0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77"),
    (DOC_SECRET, f"apiKey={DOC_KEY}&price=52000.00&quantity=0.01000000&recvWindow=100"
     "&side=SELL&symbol=BTCUSDT&timeInForce=GTC&timestamp=1645423376532&type=LIMIT",
     "aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24"),
    (DOC_SECRET, f"apiKey={DOC_KEY}&price=0.10000000&quantity=1.00000000&recvWindow=5000"
     "&side=BUY&symbol=１２３４５６&timeInForce=GTC&timestamp=1645423376532&type=LIMIT",
     "b33892ae8e687c939f4468c6268ddd4c40ac1af18ad19a064864c47bae0752cd"),
    (DOC_SECRET, f"apiKey={DOC_KEY}&timestamp=1747385641636",
     "681110a6057ad58657af22f5640fab9dd17418834cdfccdc81be8b0f7b2cde3e"),
    (DOC_SECRET, "symbol=BTCUSDT&origClientOrderId=bot-0001&recvWindow=5000"
     "&timestamp=1499827319559",
     "984b021110642b34cdca51eeab34b4c6d287e446a052d7006ffa3a65cb5b785e"),
    ("bybit-test-secret", "1658384314791XXXXXXXXXX5000category=option&symbol=BTC-29JUL22-25000-C",
     "603cf75a23e0bd0a5226adb8f4f42accf1a7b89145fc1c05d3ec5f6855b26c67"),
    ("bybit-test-secret", '1658385579423XXXXXXXXXX5000{"category": "option"}',
     "0b6c1a0303aa265223e936cc8820dba57780ea6063a9e08473dcb575c5ca3a7c"),
    ("bybit-test-secret", '1672211928338XXXXXXXXXX5000{"category":"linear","symbol":"BTCUSDT",'
     '"side":"Buy","orderType":"Market","qty":"0.001","orderLinkId":"bot-0001"}',
     "bccb9aaf773667c1937b1f115cba46d47baf01562f0a558f9711a7bd3f928f4b"),
    ("bybit-test-secret", "GET/realtime1662350400000",
     "e5afa359fdaabfeeae6a8755687997f43c4696196a957502edf608dcd3c83caa"),
]


def test_documented_vectors_match_the_verifier():
    for secret, payload, expected in VECTORS:
        assert sign(secret, payload) == expected
        assert same_signature(secret, payload, expected.upper())
        assert not same_signature(secret, payload + "x", expected)


def skew_to(mock, target_ms: int) -> None:
    mock.fault(kind="clock_skew", ms=target_ms - int(time.time() * 1000))


def test_binance_official_requests_pass_the_http_verifier(mock):
    mock.post("/_mock/account", {"venue": "binance", "api_key": DOC_KEY,
                                 "secret": DOC_SECRET, "balances": {}})
    skew_to(mock, 1499827319559 + 200)
    headers = {"X-MBX-APIKEY": DOC_KEY, "Content-Type": "application/x-www-form-urlencoded"}
    sig1 = VECTORS[0][2]
    # Signature accepted: the request gets as far as the unknown symbol.
    r = mock.request("POST", "/api/v3/order", f"{B1}&signature={sig1}", headers)
    assert r.json["code"] == -1121, r
    r = mock.request("POST", f"/api/v3/order?{B2}&signature={VECTORS[1][2]}", None, headers)
    assert r.json["code"] == -1121, r
    # B3: query and body joined without a separator.
    r = mock.request("POST", "/api/v3/order?symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC",
                     "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
                     f"&signature={VECTORS[2][2]}", headers)
    assert r.json["code"] == -1121, r
    r = mock.request("POST", "/api/v3/order", f"{B1}&signature={sig1[:-1]}0", headers)
    assert r.json["code"] == -1022, r


def test_bybit_official_requests_pass_the_http_verifier(mock):
    mock.post("/_mock/account", {"venue": "bybit", "api_key": "XXXXXXXXXX",
                                 "secret": "bybit-test-secret", "balances": {"USDT": "1000"}})
    skew_to(mock, 1658384314791 + 200)
    r = mock.bybit("GET", "/v5/order/realtime",
                   {"category": "option", "symbol": "BTC-29JUL22-25000-C"},
                   key="XXXXXXXXXX", timestamp=1658384314791,
                   signature=VECTORS[7][2])
    assert r.json["retCode"] == 10001, r  # past the signature, option is not served
    skew_to(mock, 1672211928338 + 200)
    body = VECTORS[9][1][len("1672211928338XXXXXXXXXX5000"):]
    r = mock.request("POST", "/v5/order/create", body, {
        "X-BAPI-API-KEY": "XXXXXXXXXX", "X-BAPI-TIMESTAMP": "1672211928338",
        "X-BAPI-RECV-WINDOW": "5000", "X-BAPI-SIGN": VECTORS[9][2]})
    assert r.json["retCode"] == 0, r
    assert r.json["result"]["orderLinkId"] == "bot-0001"


def test_binance_ws_api_subscription_vector(mock):
    mock.post("/_mock/account", {"venue": "binance", "api_key": DOC_KEY,
                                 "secret": DOC_SECRET, "balances": {}})
    skew_to(mock, 1747385641636 + 100)

    async def go():
        async with aiohttp.ClientSession() as s:
            async with s.ws_connect(f"{mock.ws}/ws-api/v3") as ws:
                await ws.send_str(json.dumps({
                    "id": "1", "method": "userDataStream.subscribe.signature",
                    "params": {"apiKey": DOC_KEY, "timestamp": 1747385641636,
                               "signature": VECTORS[5][2]}}))
                answer = await receive_json(ws)
                assert answer["status"] == 200, answer
                assert answer["result"] == {"subscriptionId": 0}
    run(go())


def test_bybit_ws_auth_vector(mock):
    mock.post("/_mock/account", {"venue": "bybit", "api_key": "XXXXXXXXXX",
                                 "secret": "bybit-test-secret"})
    skew_to(mock, 1662350400000 - 4000)  # expires must stay ahead of server time

    async def go():
        async with aiohttp.ClientSession() as s:
            async with s.ws_connect(f"{mock.ws}/v5/private") as ws:
                await ws.send_str(json.dumps({"req_id": "1", "op": "auth", "args": [
                    "XXXXXXXXXX", 1662350400000, VECTORS[10][2]]}))
                assert (await receive_json(ws))["success"] is True
                await ws.send_str(json.dumps({"op": "auth", "args": [
                    "XXXXXXXXXX", 1662350400000, "0" * 64]}))
                assert (await receive_json(ws))["success"] is False
    run(go())


def test_binance_signature_errors(mock):
    ok = mock.binance("GET", "/api/v3/account", {})
    assert ok.status == 200, ok
    assert ok.headers["X-MBX-USED-WEIGHT-1M"]
    bad = mock.binance("GET", "/api/v3/account", {}, signature="0" * 64)
    assert (bad.status, bad.json["code"]) == (400, -1022)
    stale = mock.binance("GET", "/api/v3/account", {}, timestamp=mock.server_ms() - 6000)
    assert (stale.status, stale.json["code"]) == (400, -1021)
    ahead = mock.binance("GET", "/api/v3/account", {}, timestamp=mock.server_ms() + 5000)
    assert ahead.json["code"] == -1021
    widened = mock.binance("GET", "/api/v3/account", {"recvWindow": 10000},
                           timestamp=mock.server_ms() - 6000)
    assert widened.status == 200
    missing = mock.binance("GET", "/api/v3/account", {}, key="")
    assert (missing.status, missing.json["code"]) == (401, -2014)
    unknown = mock.binance("GET", "/api/v3/account", {}, key="nobody")
    assert (unknown.status, unknown.json["code"]) == (401, -2015)
    body = mock.binance("GET", "/api/v3/account", {}, in_body=False)
    assert "mock-binance-secret" not in body.text


def test_binance_skew_is_seen_by_time_and_checks(mock):
    mock.fault(kind="clock_skew", ms=30_000)
    server = mock.server_ms()
    assert server - int(time.time() * 1000) > 25_000
    local = mock.binance("GET", "/api/v3/account", {}, timestamp=int(time.time() * 1000))
    assert local.json["code"] == -1021
    synced = mock.binance("GET", "/api/v3/account", {}, timestamp=mock.server_ms())
    assert synced.status == 200


def test_bybit_signature_errors(mock):
    ok = mock.bybit("GET", "/v5/account/wallet-balance", {"accountType": "UNIFIED"})
    assert ok.json["retCode"] == 0, ok
    bad = mock.bybit("GET", "/v5/account/wallet-balance", {"accountType": "UNIFIED"},
                     signature="0" * 64)
    assert bad.json["retCode"] == 10004
    stale = mock.bybit("GET", "/v5/account/wallet-balance", {"accountType": "UNIFIED"},
                       timestamp=int(time.time() * 1000) - 10_000)
    assert stale.json["retCode"] == 10002
    unknown = mock.bybit("GET", "/v5/account/wallet-balance", {"accountType": "UNIFIED"},
                         key="nobody")
    assert unknown.json["retCode"] == 10003
    assert "mock-bybit-secret" not in bad.text and BYBIT_KEY not in bad.text
    stamp = str(int(time.time() * 1000))
    sig = hmac_hex("mock-bybit-secret", stamp + BYBIT_KEY + "5000" + '{"a": 1}')
    r = mock.request("POST", "/v5/order/create", '{"a":1}', {
        "X-BAPI-API-KEY": BYBIT_KEY, "X-BAPI-TIMESTAMP": stamp,
        "X-BAPI-RECV-WINDOW": "5000", "X-BAPI-SIGN": sig})
    assert r.json["retCode"] == 10004  # the bytes sent are signed, not a re-encoding
