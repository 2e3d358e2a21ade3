#!/usr/bin/python3
"""How fast the mock streams klines: N symbols, realtime mode, full speed.

    /usr/bin/python3 tools/mock-exchange/bench_stream.py --symbols 200 --seconds 10

Starts the mock with N symbols (those without a candle file replay a 1m
file), subscribes every `<symbol>@kline_1m` over combined streams (200 per
connection), switches the clock to realtime at a huge speed and counts
messages for the given time. Prints messages/s, closed candles/s and the
mock's CPU use.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import sys
import time

import aiohttp

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "tests"))
from conftest import start_server  # noqa: E402


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


async def open_stream(port: int, names: str):
    """A bare WebSocket handshake; the frames are then read as raw bytes,
    because a Python frame parser would be the bottleneck, not the mock."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 24)
    key = base64.b64encode(os.urandom(16)).decode()
    writer.write((f"GET /stream?streams={names} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                  "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                  f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    head = await reader.readuntil(b"\r\n\r\n")
    assert b" 101 " in head.split(b"\r\n")[0], head
    return reader, writer


async def run(port: int, symbols: list[str], seconds: float, speed: float, pid: int) -> None:
    counts = {"messages": 0, "closed": 0}
    streams = []
    for i in range(0, len(symbols), 200):
        names = "/".join(f"{x.lower()}@kline_1m" for x in symbols[i:i + 200])
        streams.append(await open_stream(port, names))

    async def read(reader):
        tail = b""
        while True:
            chunk = await reader.read(1 << 20)
            if not chunk:
                return
            data = tail + chunk
            counts["messages"] += data.count(b'"e":"kline"')
            counts["closed"] += data.count(b'"x":true')
            tail = data[-8:]  # shorter than either pattern: no double count

    readers = [asyncio.ensure_future(read(r)) for r, _ in streams]
    async with aiohttp.ClientSession() as s:
        async with s.post(f"http://127.0.0.1:{port}/_mock/clock",
                          json={"mode": "realtime", "speed": speed}) as r:
            assert r.status == 200
    cpu0, t0 = cpu_seconds(pid), time.monotonic()
    await asyncio.sleep(seconds)  # the measurement window itself
    elapsed, cpu = time.monotonic() - t0, cpu_seconds(pid) - cpu0
    n, closed = counts["messages"], counts["closed"]
    print(f"symbols={len(symbols)} seconds={elapsed:.1f} messages/s={n / elapsed:,.0f} "
          f"closed candles/s={closed / elapsed:,.0f} mock CPU={100 * cpu / elapsed:.0f}% "
          f"mock RSS={rss_mb(pid):.0f} MB")
    for task in readers:
        task.cancel()
    for _, writer in streams:
        writer.close()


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--symbols", type=int, default=200)
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--speed", type=float, default=1e6)
    args = p.parse_args()
    symbols = [f"S{i:03d}USDT" for i in range(args.symbols)]
    proc, port, _ = start_server("--symbols", ",".join(symbols))
    try:
        asyncio.run(run(port, symbols, args.seconds, args.speed, proc.pid))
    finally:
        proc.terminate()
        proc.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
