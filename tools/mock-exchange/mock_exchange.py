#!/usr/bin/python3
"""Osprey's mock exchange: Binance Spot and Bybit v5 on one loopback port.

Run:  /usr/bin/python3 tools/mock-exchange/mock_exchange.py --port 0 --port-file F
The port is written to F once the server listens. See README.md for the
control API (/_mock/...) that tests use to move the market clock, script
faults and inspect orders.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import ssl
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

from aiohttp import web  # noqa: E402

import binance  # noqa: E402
import binance_ws  # noqa: E402
import bybit  # noqa: E402
import bybit_ws  # noqa: E402
import control  # noqa: E402
from accounts import Exchange  # noqa: E402
from faults import Faults  # noqa: E402
from market import Market  # noqa: E402
from replay import Replay  # noqa: E402
from sockets import Hub  # noqa: E402
from venue import State  # noqa: E402

DEFAULT_CANDLES = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data",
                                                "candles"))


def build_app(candles: str, symbols: list[str] | None, speed: float | None) -> web.Application:
    market = Market(candles, symbols)
    faults = Faults()
    hub = Hub(faults)
    exchange = Exchange(market)
    state = State(market, exchange, faults, hub, Replay(market, exchange, hub))
    app = web.Application(middlewares=[control.venue_middleware])
    app["state"] = state
    app["listen_keys"] = {}
    app.add_routes(control.routes)
    app.add_routes(binance.routes)
    app.add_routes(bybit.routes)
    binance_ws.add_routes(app)
    bybit_ws.add_routes(app)

    async def start_clock(app):
        if speed:
            state.replay.set_clock("realtime", speed)

    async def stop(app):
        state.replay.set_clock("manual", 1.0)
        await hub.close_all()

    app.on_startup.append(start_clock)
    app.on_shutdown.append(stop)
    return app


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=0, help="0 picks a free port")
    p.add_argument("--port-file", help="write the port here once listening")
    p.add_argument("--candles", default=DEFAULT_CANDLES, help="folder of SYMBOL-INTERVAL.csv")
    p.add_argument("--symbols", help="comma-separated; symbols without a file replay a 1m file")
    p.add_argument("--speed", type=float, help="start in realtime mode at this speed")
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    p.add_argument("--detach", action="store_true",
                   help="keep running when the process that started it exits")
    return p.parse_args(argv)


async def _watch_parent(done: asyncio.Event) -> None:
    """Exits with the test that started us: an orphaned mock would hold the
    test's output pipe open and stall ctest until its timeout."""
    parent = os.getppid()
    while not done.is_set():
        await asyncio.sleep(0.5)
        if os.getppid() != parent:
            done.set()


async def serve(args: argparse.Namespace) -> None:
    symbols = [s.strip().upper() for s in args.symbols.split(",") if s.strip()] \
        if args.symbols else None
    app = build_app(args.candles, symbols, args.speed)
    # Long lines: a combined-stream URL with 1024 streams is ~25 kB.
    runner = web.AppRunner(app, access_log=None, handle_signals=False,
                           max_line_size=1 << 17, max_field_size=1 << 16)
    await runner.setup()
    context = None
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
    site = web.TCPSite(runner, "127.0.0.1", args.port, ssl_context=context)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w", encoding="ascii") as f:
            f.write(f"{port}\n")
        os.replace(tmp, args.port_file)  # readers never see a half-written file
    print(f"mock exchange listening on 127.0.0.1:{port}", flush=True)
    done = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, done.set)
    watcher = None if args.detach else asyncio.ensure_future(_watch_parent(done))
    await done.wait()
    if watcher is not None:
        watcher.cancel()
    await runner.cleanup()


def main(argv: list[str]) -> int:
    asyncio.run(serve(parse_args(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
