"""Realtime replay over many streams, and the per-connection stream limit."""

import aiohttp
import pytest

from conftest import start_server
from mockclient import Mock, post_json, receive_json, run

SYMBOLS = [f"S{i:03d}USDT" for i in range(200)]


@pytest.fixture(scope="module")
def wide():
    proc, port, log = start_server("--symbols", ",".join(SYMBOLS))
    yield Mock(port)
    proc.terminate()
    proc.wait(timeout=10)
    text = open(log).read()
    assert "Traceback" not in text, text


def test_200_symbols_stream_in_realtime(wide):
    names = "/".join(f"{s.lower()}@kline_1m" for s in SYMBOLS)

    async def go():
        async with aiohttp.ClientSession() as s:
            async with s.ws_connect(f"{wide.ws}/stream?streams={names}") as ws:
                await post_json(s, f"{wide.http}/_mock/clock",
                                {"mode": "realtime", "speed": 1e6})
                closed = {}
                while len(closed) < len(SYMBOLS):
                    msg = await receive_json(ws)
                    k = msg["data"]["k"]
                    if k["x"]:
                        closed.setdefault(k["s"], []).append(k["t"])
                await post_json(s, f"{wide.http}/_mock/clock", {"mode": "manual"})
                # Each symbol's closed candles arrive once each, in order.
                for times in closed.values():
                    assert times == sorted(set(times))
    run(go())


def test_stream_count_limit(wide):
    many = [f"{s.lower()}@kline_{i}" for s in SYMBOLS for i in ("1m", "3m", "5m", "15m",
                                                               "30m", "1h")]

    async def go():
        async with aiohttp.ClientSession() as s:
            url = f"{wide.ws}/stream?streams={'/'.join(many[:1024])}"
            async with s.ws_connect(url) as ws:
                await post_json(s, f"{wide.http}/_mock/advance", {"bars": 1})
                assert "stream" in await receive_json(ws)
            with pytest.raises(aiohttp.WSServerHandshakeError):
                await s.ws_connect(f"{wide.ws}/stream?streams={'/'.join(many[:1025])}")
    run(go())


def test_realtime_resends_the_forming_candle(mock):
    async def go():
        async with aiohttp.ClientSession() as s:
            async with s.ws_connect(f"{mock.ws}/ws/btcusdt@kline_1m") as ws:
                await post_json(s, f"{mock.http}/_mock/clock",
                                {"mode": "realtime", "speed": 1, "push_ms": 50})
                first, second = await receive_json(ws), await receive_json(ws)
                assert first["k"]["x"] is False and second["k"]["t"] == first["k"]["t"]
                await post_json(s, f"{mock.http}/_mock/clock", {"mode": "manual"})
    run(go())
