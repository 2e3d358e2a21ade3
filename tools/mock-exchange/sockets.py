"""Outgoing WebSocket traffic: batching, and the WebSocket faults.

Every message a venue sends goes through a Socket's queue and leaves in one
transport write per flush, so a replay tick that updates 200 streams costs
one system call per connection instead of 200. Faults that concern
WebSocket messages (stall, malformed, duplicated, drop) are applied here,
in the order the messages are sent, so a test that asks for "the next two
messages broken" gets exactly those.
"""

from __future__ import annotations

import asyncio
import itertools
import struct
import time
from typing import Callable

from aiohttp import web

from faults import Faults

HIGH_WATER = 4 * 1024 * 1024
DRAIN_TIMEOUT_S = 10.0
_conn_ids = itertools.count(1)


def text_frame(payload: bytes) -> bytes:
    """An unmasked server-to-client text frame (RFC 6455 section 5.2)."""
    n = len(payload)
    if n < 126:
        return bytes((0x81, n)) + payload
    if n < 65536:
        return struct.pack("!BBH", 0x81, 126, n) + payload
    return struct.pack("!BBQ", 0x81, 127, n) + payload


class Socket:
    """One accepted WebSocket and the messages waiting for the next flush."""

    def __init__(self, ws: web.WebSocketResponse, path: str) -> None:
        self.ws = ws
        self.path = path
        self.conn_id = f"mock-{next(_conn_ids)}"
        self.pending: list[str] = []
        self.stalled_until = 0.0
        self.close_code = 1000  # what a graceful close sends, whoever closes first
        self.on_close: list[Callable[[], None]] = []

    @property
    def closed(self) -> bool:
        return self.ws.closed or self.ws._writer is None or \
            self.ws._writer.transport.is_closing()

    def stalled(self) -> bool:
        return time.monotonic() < self.stalled_until

    def queue(self, text: str) -> None:
        if not self.closed:
            self.pending.append(text)


class Hub:
    """Every open WebSocket, so faults and flushes can reach all of them."""

    def __init__(self, faults: Faults) -> None:
        self.faults = faults
        self.sockets: set[Socket] = set()
        self._flush_task: asyncio.Task | None = None

    def add(self, sock: Socket) -> None:
        self.sockets.add(sock)

    def remove(self, sock: Socket) -> None:
        self.sockets.discard(sock)
        for hook in sock.on_close:
            hook()
        sock.on_close.clear()

    def send(self, sock: Socket, text: str) -> None:
        """Queue a message and make sure a flush follows soon."""
        sock.queue(text)
        if self._flush_task is None or self._flush_task.done():
            self._flush_task = asyncio.ensure_future(self.flush())

    def _frames(self, sock: Socket) -> list[bytes]:
        frames = []
        for text in sock.pending:
            payload = text.encode()
            if self.faults.take_ws("ws_malformed", sock.path):
                payload = payload[: max(1, len(payload) // 2)]
            frame = text_frame(payload)
            frames.append(frame)
            if self.faults.take_ws("ws_duplicate", sock.path):
                frames.append(frame)
        sock.pending.clear()
        return frames

    async def flush(self) -> None:
        """Write every queued message; returns once the transports took them."""
        drains = []
        for sock in list(self.sockets):
            if not sock.pending:
                continue
            if sock.closed:
                sock.pending.clear()
                continue
            if sock.stalled():
                sock.pending.clear()  # a stalled route loses what it carried
                continue
            frames = self._frames(sock)
            transport = sock.ws._writer.transport
            transport.write(b"".join(frames))
            if transport.get_write_buffer_size() > HIGH_WATER:
                drains.append(sock.ws._writer.protocol._drain_helper())
        if drains:
            # A client that stops reading must not hang the clock for ever.
            try:
                await asyncio.wait_for(asyncio.gather(*drains, return_exceptions=True),
                                       DRAIN_TIMEOUT_S)
            except asyncio.TimeoutError:
                pass

    def matching(self, path: str | None) -> list[Socket]:
        return [s for s in self.sockets if not path or s.path.startswith(path)]

    async def drop(self, path: str | None, graceful: bool, notice: bool = False) -> int:
        victims = self.matching(path)
        for sock in victims:
            if notice and sock.path.startswith(("/ws/", "/stream")) and not sock.closed:
                # Binance's warning before its scheduled cut of market streams.
                text = f'{{"e":"serverShutdown","E":{int(time.time() * 1000)}}}'
                if sock.path.startswith("/stream"):
                    text = f'{{"stream":"!serverShutdown","data":{text}}}'
                sock.ws._writer.transport.write(text_frame(text.encode()))
            if graceful:
                sock.close_code = 1001
                await sock.ws.close(code=1001, message=b"mock drop")
            elif sock.ws._writer is not None:
                sock.ws._writer.transport.abort()
        return len(victims)

    def stall(self, path: str | None, ms: int) -> int:
        victims = self.matching(path)
        until = time.monotonic() + ms / 1000
        for sock in victims:
            sock.stalled_until = until
        return len(victims)

    async def close_all(self) -> None:
        for sock in list(self.sockets):
            sock.close_code = 1001
            await sock.ws.close(code=1001, message=b"server shutdown")


async def serve(request: web.Request, hub: Hub, on_text, on_open=None,
                ping_s: float = 20.0) -> web.WebSocketResponse:
    """Accept a WebSocket and feed its text frames to `on_text(sock, text)`.

    Pings are answered by hand (autoping off) so that a stalled socket also
    stops answering, as a dead route would. The server pings every
    `ping_s` seconds like Binance does.
    """
    ws = web.WebSocketResponse(autoping=False, compress=False, max_msg_size=1 << 22)
    await ws.prepare(request)
    sock = Socket(ws, request.path)
    hub.add(sock)
    pinger = asyncio.ensure_future(_ping(sock, ping_s))
    try:
        if on_open is not None:
            await on_open(sock)
        async for msg in ws:
            if sock.stalled():
                continue
            if msg.type == web.WSMsgType.TEXT:
                await on_text(sock, msg.data)
            elif msg.type == web.WSMsgType.PING:
                await ws.pong(msg.data)
            elif msg.type in (web.WSMsgType.CLOSE, web.WSMsgType.ERROR):
                break
    finally:
        pinger.cancel()
        hub.remove(sock)
    if not ws.closed:
        await ws.close(code=sock.close_code)
    return ws


async def _ping(sock: Socket, every: float) -> None:
    while not sock.closed:
        await asyncio.sleep(every)
        if not sock.stalled() and not sock.closed:
            try:
                await sock.ws.ping(str(int(time.time() * 1000)).encode())
            except ConnectionError:
                return
