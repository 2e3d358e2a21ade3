#!/usr/bin/python3
"""Osprey's mock notification services: Telegram, Discord and a webhook.

Run:  /usr/bin/python3 tools/mock-notify/mock_notify.py --port 0 --port-file F
The port is written to F once the server listens. Served on one loopback port:

  POST /bot<token>/sendMessage      Telegram Bot API (JSON chat_id, text)
  GET  /bot<token>/getUpdates       long poll (offset, timeout in seconds)
  POST /api/webhooks/<id>/<token>   a Discord webhook (JSON content)
  POST /hook/<anything>             a generic webhook (any JSON)

Control API for tests (see README.md):
  POST /_mock/telegram/updates  {"chat_id": 1, "text": "/status"}  a chat message
  GET  /_mock/received          every request so far, answered or faulted
  POST /_mock/fault             {"path": "/api/webhooks", "kind": "status",
                                 "status": 429, "retry_after": 0.2, "count": 1}
                                kind "stall": hold the next matching requests
                                until /_mock/release (or "ms" elapse)
  POST /_mock/release           answer every stalled request now
  POST /_mock/reset             forget requests, faults and updates
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import time

from aiohttp import web

sys.dont_write_bytecode = True


class State:
    def __init__(self) -> None:
        self.received: list[dict] = []
        self.faults: list[dict] = []
        self.updates: list[dict] = []
        self.next_update_id = 1
        self.next_message_id = 1
        self.new_update = asyncio.Condition()
        self.release = asyncio.Event()

    def reset(self) -> None:
        self.received.clear()
        self.faults.clear()
        self.updates.clear()
        self.release.set()
        self.release = asyncio.Event()

    def take_fault(self, path: str) -> dict | None:
        for fault in self.faults:
            if fault["count"] > 0 and path.startswith(fault.get("path", "")):
                fault["count"] -= 1
                return fault
        return None


async def body_of(request: web.Request):
    text = await request.text()
    try:
        return json.loads(text) if text else None
    except ValueError:
        return text


async def answer(request: web.Request, channel: str, ok) -> web.Response:
    """Records the request, applies a fault if one is armed, else answers ok(body)."""
    state: State = request.app["state"]
    body = await body_of(request)
    record = {"channel": channel, "path": request.path, "body": body,
              "headers": {k: v for k, v in request.headers.items()
                          if k.lower() not in ("host", "content-length")},
              "at": time.monotonic(), "status": 200}
    state.received.append(record)
    fault = state.take_fault(request.path)
    if fault is not None and fault["kind"] == "stall":
        record["stalled"] = True
        try:
            await asyncio.wait_for(state.release.wait(), fault.get("ms", 30000) / 1000)
        except asyncio.TimeoutError:
            pass
    elif fault is not None and fault["kind"] == "status":
        status = int(fault.get("status", 500))
        record["status"] = status
        payload: dict = {"ok": False, "error_code": status, "description": "mock fault"}
        headers = {}
        if "retry_after" in fault:
            retry_after = fault["retry_after"]
            # Discord puts it at the top level (float seconds), Telegram
            # under parameters (whole seconds); both send the header too.
            payload["retry_after"] = retry_after
            payload["parameters"] = {"retry_after": retry_after}
            headers["Retry-After"] = str(retry_after)
        return web.json_response(payload, status=status, headers=headers)
    return ok(body)


async def send_message(request: web.Request) -> web.Response:
    state: State = request.app["state"]

    def ok(body):
        if not isinstance(body, dict) or "chat_id" not in body or not body.get("text"):
            return web.json_response({"ok": False, "error_code": 400,
                                      "description": "Bad Request: chat_id and text"},
                                     status=400)
        state.next_message_id += 1
        return web.json_response({"ok": True, "result": {
            "message_id": state.next_message_id, "chat": {"id": body["chat_id"]},
            "text": body["text"]}})
    return await answer(request, "telegram", ok)


async def get_updates(request: web.Request) -> web.Response:
    state: State = request.app["state"]
    offset = int(request.query.get("offset", "0"))
    timeout = min(float(request.query.get("timeout", "0")), 30.0)
    state.received.append({"channel": "telegram", "path": request.path,
                           "body": dict(request.query), "at": time.monotonic(), "status": 200})
    # An offset confirms every update below it: Telegram forgets them.
    state.updates = [u for u in state.updates if u["update_id"] >= offset]
    deadline = time.monotonic() + timeout
    async with state.new_update:
        while not state.updates and time.monotonic() < deadline:
            try:
                await asyncio.wait_for(state.new_update.wait(), deadline - time.monotonic())
            except asyncio.TimeoutError:
                break
    return web.json_response({"ok": True, "result": state.updates})


async def discord(request: web.Request) -> web.Response:
    def ok(body):
        if not isinstance(body, dict) or not body.get("content"):
            return web.json_response({"message": "Cannot send an empty message", "code": 50006},
                                     status=400)
        if len(body["content"]) > 2000:
            return web.json_response({"message": "content: must be 2000 or fewer in length",
                                      "code": 50035}, status=400)
        return web.Response(status=204)
    return await answer(request, "discord", ok)


async def webhook(request: web.Request) -> web.Response:
    return await answer(request, "webhook", lambda body: web.json_response({"ok": True}))


async def inject_update(request: web.Request) -> web.Response:
    state: State = request.app["state"]
    spec = await request.json()
    update = {"update_id": state.next_update_id, "message": {
        "message_id": state.next_update_id, "date": int(time.time()),
        "chat": {"id": int(spec["chat_id"]), "type": "private"},
        "from": {"id": int(spec["chat_id"]), "is_bot": False, "first_name": "Test"},
        "text": spec["text"]}}
    state.next_update_id += 1
    async with state.new_update:
        state.updates.append(update)
        state.new_update.notify_all()
    return web.json_response(update)


async def received(request: web.Request) -> web.Response:
    return web.json_response({"requests": request.app["state"].received})


async def arm_fault(request: web.Request) -> web.Response:
    spec = await request.json()
    if spec.get("kind") not in ("status", "stall"):
        return web.json_response({"error": "kind must be status or stall"}, status=400)
    spec.setdefault("count", 1)
    state: State = request.app["state"]
    if spec["kind"] == "stall":
        state.release = asyncio.Event()
    state.faults.append(spec)
    return web.json_response(spec)


async def release(request: web.Request) -> web.Response:
    request.app["state"].release.set()
    return web.json_response({"released": True})


async def reset(request: web.Request) -> web.Response:
    request.app["state"].reset()
    return web.json_response({"reset": True})


def build_app() -> web.Application:
    app = web.Application()
    app["state"] = State()
    app.add_routes([
        web.post("/bot{token}/sendMessage", send_message),
        web.get("/bot{token}/getUpdates", get_updates),
        web.post("/bot{token}/getUpdates", get_updates),
        web.post("/api/webhooks/{id}/{token}", discord),
        web.post("/hook/{tail:.*}", webhook),
        web.post("/_mock/telegram/updates", inject_update),
        web.get("/_mock/received", received),
        web.post("/_mock/fault", arm_fault),
        web.post("/_mock/release", release),
        web.post("/_mock/reset", reset),
    ])
    return app


async def _watch_parent(done: asyncio.Event) -> None:
    """Exits with the test that started us: an orphan would hold ctest's pipe."""
    parent = os.getppid()
    while not done.is_set():
        await asyncio.sleep(0.5)
        if os.getppid() != parent:
            done.set()


async def serve(args: argparse.Namespace) -> None:
    runner = web.AppRunner(build_app(), access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", args.port)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w", encoding="ascii") as f:
            f.write(f"{port}\n")
        os.replace(tmp, args.port_file)  # readers never see a half-written file
    print(f"mock notify listening on 127.0.0.1:{port}", flush=True)
    done = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, done.set)
    watcher = asyncio.ensure_future(_watch_parent(done))
    await done.wait()
    watcher.cancel()
    # Stalled requests and long polls end now, so cleanup does not wait.
    runner.app["state"].release.set()
    await runner.shutdown()
    await runner.cleanup()


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=0, help="0 picks a free port")
    p.add_argument("--port-file", help="write the port here once listening")
    asyncio.run(serve(p.parse_args(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
