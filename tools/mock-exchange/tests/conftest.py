"""Starts the real mock exchange once per test session on a free port.

Tests talk to it over real HTTP and WebSocket (aiohttp client); each test
starts from POST /_mock/reset. Nothing here sleeps for timing: the port
file is polled with a deadline, and WebSocket reads have generous
timeouts.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

from mockclient import Mock  # noqa: E402

SERVER = os.path.join(os.path.dirname(HERE), "mock_exchange.py")


def start_server(*extra: str) -> tuple[subprocess.Popen, int, str]:
    folder = tempfile.mkdtemp(prefix="osprey-mock-")
    port_file = os.path.join(folder, "port")
    log = open(os.path.join(folder, "log"), "w")
    # ctest says where the shared candles are (OSPREY_SHARED_DATA); by hand
    # the server's default, ../shared/data/candles next to the repo, applies.
    candles = os.environ.get("OSPREY_MOCK_CANDLES")
    if candles:
        extra = ("--candles", candles, *extra)
    proc = subprocess.Popen([sys.executable, SERVER, "--port", "0", "--port-file",
                             port_file, *extra], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while not os.path.exists(port_file):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(open(log.name).read())
        time.sleep(0.02)  # polling for the file, not timing anything
    with open(port_file) as f:
        return proc, int(f.read()), log.name


@pytest.fixture(scope="session")
def server():
    proc, port, log = start_server()
    yield Mock(port)
    proc.terminate()
    proc.wait(timeout=10)
    text = open(log).read()
    assert "Traceback" not in text, text


@pytest.fixture
def mock(server):
    server.post("/_mock/reset", {})
    return server
