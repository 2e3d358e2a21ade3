"""Exchange info, klines (limits, pagination) and kline streams in manual mode."""

import json

import aiohttp

from mockclient import post_json, receive_json, receive_until, run

MINUTE = 60_000


def test_exchange_info_filters(mock):
    info = mock.get("/api/v3/exchangeInfo", {"symbol": "BTCUSDT"}).json
    (sym,) = info["symbols"]
    filters = {f["filterType"]: f for f in sym["filters"]}
    assert filters["PRICE_FILTER"]["tickSize"] == "0.01000000"
    assert filters["LOT_SIZE"]["stepSize"] == "0.00001000"
    assert filters["NOTIONAL"]["minNotional"] == "5.00000000"
    assert info["rateLimits"][0]["rateLimitType"] == "REQUEST_WEIGHT"
    both = mock.get("/api/v3/exchangeInfo", {"symbols": '["BTCUSDT","ETHUSDT"]'}).json
    assert [s["symbol"] for s in both["symbols"]] == ["BTCUSDT", "ETHUSDT"]
    assert mock.get("/api/v3/exchangeInfo", {"symbol": "NOPE"}).json["code"] == -1121


def test_bybit_instruments(mock):
    spot = mock.get("/v5/market/instruments-info", {"category": "spot"}).json
    btc = next(i for i in spot["result"]["list"] if i["symbol"] == "BTCUSDT")
    assert btc["lotSizeFilter"]["basePrecision"] == "0.00001"
    assert btc["priceFilter"]["tickSize"] == "0.01"
    first = mock.get("/v5/market/instruments-info", {"category": "linear", "limit": 5}).json
    assert len(first["result"]["list"]) == 5 and first["result"]["nextPageCursor"]
    rest = mock.get("/v5/market/instruments-info", {
        "category": "linear", "limit": 1000,
        "cursor": first["result"]["nextPageCursor"]}).json["result"]
    names = [i["symbol"] for i in first["result"]["list"] + rest["list"]]
    assert len(names) == len(set(names)) == len(spot["result"]["list"])
    assert rest["nextPageCursor"] == ""
    assert rest["list"][0]["lotSizeFilter"]["minNotionalValue"] == "5"


def test_binance_klines_limits_and_pagination(mock):
    newest = mock.get("/api/v3/klines", {"symbol": "BTCUSDT", "interval": "1m"}).json
    assert len(newest) == 500  # the default limit
    now = mock.get("/_mock/clock").json["now"]
    assert newest[-1][0] == now - MINUTE  # the newest closed candle (no open one)
    assert newest[-1][6] == now - 1
    mock.advance(ms=30_000)  # mid-bar: still no open candle
    assert mock.get("/api/v3/klines", {"symbol": "BTCUSDT", "interval": "1m"}
                    ).json[-1][0] == now - MINUTE
    mock.post("/_mock/reset", {})
    big = mock.get("/api/v3/klines", {"symbol": "BTCUSDT", "interval": "1m", "limit": 1001})
    assert big.json["code"] == -1130
    assert mock.get("/api/v3/klines", {"symbol": "BTCUSDT", "interval": "7m"}).json["code"] \
        == -1120
    start = now - 2500 * MINUTE
    seen = []
    while True:
        page = mock.get("/api/v3/klines", {"symbol": "BTCUSDT", "interval": "1m",
                                           "startTime": start, "limit": 1000}).json
        assert len(page) <= 1000
        seen += page
        if len(page) < 1000:
            break
        start = page[-1][0] + 1
    opens = [row[0] for row in seen]
    assert opens == list(range(now - 2500 * MINUTE, now, MINUTE))
    ranged = mock.get("/api/v3/klines", {"symbol": "BTCUSDT", "interval": "1h",
                                         "endTime": now - 1, "limit": 3}).json
    assert [r[0] for r in ranged] == [now - 3 * 3_600_000 + i * 3_600_000 for i in range(3)]
    assert all(isinstance(r[1], str) and len(r) == 12 for r in ranged)


def test_hourly_klines_aggregate_the_minutes(mock):
    now = mock.get("/_mock/clock").json["now"]
    hour = mock.get("/api/v3/klines", {"symbol": "BTCUSDT", "interval": "1h",
                                       "startTime": now - 3_600_000, "limit": 1}).json[0]
    minutes = mock.get("/api/v3/klines", {"symbol": "BTCUSDT", "interval": "1m",
                                          "startTime": now - 3_600_000, "limit": 60}).json
    assert hour[1] == minutes[0][1] and hour[4] == minutes[-1][4]
    assert float(hour[2]) == max(float(m[2]) for m in minutes)
    assert float(hour[3]) == min(float(m[3]) for m in minutes)


def test_bybit_klines_newest_first_and_paged_by_end(mock):
    r = mock.get("/v5/market/kline", {"category": "linear", "symbol": "BTCUSDT",
                                      "interval": "1"}).json["result"]
    rows = r["list"]
    assert len(rows) == 200 and int(rows[0][0]) > int(rows[1][0])
    assert all(isinstance(x, str) for x in rows[0]) and len(rows[0]) == 7
    older = mock.get("/v5/market/kline", {"category": "linear", "symbol": "BTCUSDT",
                                          "interval": "1", "limit": 1000,
                                          "end": int(rows[-1][0]) - 1}).json["result"]["list"]
    assert int(older[0][0]) == int(rows[-1][0]) - MINUTE and len(older) == 1000
    bad = mock.get("/v5/market/kline", {"category": "linear", "symbol": "BTCUSDT",
                                        "interval": "1", "limit": 1001}).json
    assert bad["retCode"] == 10001


def test_binance_kline_stream_open_and_closed_updates(mock):
    async def go():
        async with aiohttp.ClientSession() as s:
            async with s.ws_connect(f"{mock.ws}/ws/btcusdt@kline_1m") as raw, \
                    s.ws_connect(f"{mock.ws}/stream?streams=btcusdt@kline_5m") as combined:
                start = (await post_json(s, f"{mock.http}/_mock/advance", {"ms": 0}))["now"]
                result = await post_json(s, f"{mock.http}/_mock/advance",
                                         {"bars": 5, "interval": "1m"})
                assert result["bars"] == 5
                events = [await receive_json(raw) for _ in range(10)]
                closed = [e["k"] for e in events if e["k"]["x"]]
                opened = [e["k"] for e in events if not e["k"]["x"]]
                assert [k["t"] for k in closed] == [start + i * MINUTE for i in range(5)]
                assert [k["t"] for k in opened] == [start + i * MINUTE for i in range(1, 6)]
                assert all(e["e"] == "kline" and e["s"] == "BTCUSDT" for e in events)
                assert closed[0]["T"] == start + MINUTE - 1 and closed[0]["i"] == "1m"
                five = [await receive_json(combined) for _ in range(6)]
                assert all(m["stream"] == "btcusdt@kline_5m" for m in five)
                flags = [m["data"]["k"]["x"] for m in five]
                assert flags == [False, False, False, False, True, False]
                assert five[4]["data"]["k"]["t"] == start
                assert five[5]["data"]["k"]["t"] == start + 5 * MINUTE
                assert five[4]["data"]["k"]["c"] == closed[-1]["c"]
    run(go())


def test_binance_subscribe_control_frames(mock):
    async def go():
        async with aiohttp.ClientSession() as s:
            async with s.ws_connect(f"{mock.ws}/ws") as ws:
                await ws.send_str(json.dumps({"method": "SUBSCRIBE", "id": 1,
                                              "params": ["ethusdt@kline_1h"]}))
                assert await receive_json(ws) == {"result": None, "id": 1}
                await ws.send_str(json.dumps({"method": "LIST_SUBSCRIPTIONS", "id": 2}))
                assert (await receive_json(ws))["result"] == ["ethusdt@kline_1h"]
                await post_json(s, f"{mock.http}/_mock/advance", {"bars": 1, "interval": "1h"})
                seen = await receive_until(ws, lambda m: m.get("k", {}).get("x"))
                assert seen[-1]["k"]["i"] == "1h"
                await ws.send_str("{not json")
                await receive_until(ws, lambda m: m.get("code") == 3)
    run(go())


def test_bybit_kline_topic_confirm(mock):
    async def go():
        async with aiohttp.ClientSession() as s:
            async with s.ws_connect(f"{mock.ws}/v5/public/spot") as spot, \
                    s.ws_connect(f"{mock.ws}/v5/public/linear") as linear:
                await spot.send_str(json.dumps({"req_id": "r1", "op": "subscribe",
                                                "args": ["kline.1.BTCUSDT"]}))
                ack = await receive_json(spot)
                assert ack["success"] and ack["ret_msg"] == "subscribe" and ack["req_id"] == "r1"
                await linear.send_str(json.dumps({"op": "subscribe",
                                                  "args": ["kline.5.ETHUSDT"]}))
                assert (await receive_json(linear))["ret_msg"] == ""
                many = [f"kline.1.{n}" for n in range(11)]
                await spot.send_str(json.dumps({"op": "subscribe", "args": many}))
                assert (await receive_json(spot))["success"] is False
                await post_json(s, f"{mock.http}/_mock/advance", {"bars": 5})
                msgs = [await receive_json(spot) for _ in range(10)]
                assert all(m["topic"] == "kline.1.BTCUSDT" for m in msgs)
                assert [m["data"][0]["confirm"] for m in msgs[:2]] == [True, False]
                got = await receive_until(linear, lambda m: m["data"][0]["confirm"])
                assert got[-1]["data"][0]["interval"] == "5"
                await spot.send_str(json.dumps({"req_id": "p", "op": "ping"}))
                assert (await receive_json(spot))["ret_msg"] == "pong"
    run(go())


def test_intervals_finer_than_the_data_stay_silent(mock):
    async def go():
        async with aiohttp.ClientSession() as s:
            async with s.ws_connect(f"{mock.ws}/stream?streams=ethusdt@kline_1m/"
                                    "ethusdt@kline_5m") as ws:
                await post_json(s, f"{mock.http}/_mock/advance", {"bars": 1, "interval": "5m"})
                msgs = [await receive_json(ws), await receive_json(ws)]
                assert {m["stream"] for m in msgs} == {"ethusdt@kline_5m"}
    assert mock.get("/api/v3/klines", {"symbol": "ETHUSDT", "interval": "1m"}).json == []
    run(go())
