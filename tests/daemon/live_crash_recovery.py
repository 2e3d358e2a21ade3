#!/usr/bin/env python3
"""Crash recovery of live bots on the mock exchange (issue 6).

`osprey serve --market binance` trades two live bots on the local mock
exchange, whose market runs in real time at 600x. The daemon is killed with
SIGKILL at random moments (and stopped with SIGTERM now and then), and
restarted each time. A live market does not repeat itself, so there is no
reference run; instead the exchange and the store must agree:

- no client order id was sent twice (the mock keeps every order);
- every order the exchange holds is in the store, and every one the
  exchange filled is filled in the store (nothing lost);
- every closing order the exchange filled is exactly one trade in the store
  (nothing counted twice), and each bot's open position is there if and
  only if its last filled order on the exchange was a buy;
- after the last, clean stop, no order is left unresolved.

    live_crash_recovery.py OSPREY_BINARY SOURCE_DIR SHARED_DATA [--kills 20] [--seed 1]
"""
import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

DEADLINE_S = 60


def request(url, body=None, method=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method or ("POST" if data else "GET"),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=20) as answer:
        text = answer.read()
        return json.loads(text) if text else None


def wait_for(what, check):
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


class Mock:
    def __init__(self, source_dir, shared_data, root):
        port_file = os.path.join(root, "mock.port")
        self.process = subprocess.Popen(
            ["/usr/bin/python3", os.path.join(source_dir, "tools/mock-exchange/mock_exchange.py"),
             "--port", "0", "--port-file", port_file, "--symbols", "BTCUSDT",
             "--candles", os.path.join(shared_data, "candles")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port = wait_for("the mock exchange", lambda: os.path.exists(port_file)
                        and open(port_file).read().strip())
        self.url = f"http://127.0.0.1:{int(port)}"

    def orders(self):
        return request(self.url + "/_mock/orders")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class Daemon:
    def __init__(self, osprey, data_dir, env):
        self.data_dir = data_dir
        self.process = subprocess.Popen(
            [osprey, "serve", "--market", "binance", "--no-demo", "--data-dir", data_dir,
             "--port", "0", "--quiet", "--fast-commits"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        path = os.path.join(data_dir, "daemon.json")

        def ready():
            if self.process.poll() is not None:
                raise AssertionError(f"osprey serve exited: {self.process.stderr.read()}")
            try:
                with open(path) as f:
                    return json.load(f)["url"]
            except (OSError, ValueError):
                return None
        self.url = wait_for("osprey serve's API", ready)

    def stop(self, how):
        self.process.send_signal(how)
        code = self.process.wait(timeout=DEADLINE_S)
        assert how != signal.SIGTERM or code == 0, f"SIGTERM: exit {code}"
        try:
            os.remove(os.path.join(self.data_dir, "daemon.json"))
        except OSError:
            pass


def client_id(bot, sequence):
    return f"osp-{bot}-{sequence}"


def check(store_path, mock_orders, final):
    db = sqlite3.connect(store_path)
    stored = {client_id(b, s): (intent, state) for b, s, intent, state in db.execute(
        "SELECT bot_id, sequence, intent, state FROM orders")}
    ids = [o["clientOrderId"] for o in mock_orders]
    doubled = {i for i in ids if ids.count(i) > 1}
    assert not doubled, f"sent twice: {doubled}"
    for order in mock_orders:
        cid = order["clientOrderId"]
        assert cid in stored, f"{cid} is on the exchange but not in the store"
        if order["status"] == "FILLED" and final:
            assert stored[cid][1] == "filled", f"{cid}: FILLED on the exchange, {stored[cid]} stored"
    trades = db.execute("SELECT bot_id, COUNT(*) FROM trades GROUP BY bot_id").fetchall()
    positions = {b for (b,) in db.execute("SELECT bot_id FROM positions")}
    if final:
        unresolved = db.execute("SELECT bot_id, sequence, state FROM orders WHERE state IN "
                                "('sending', 'unknown', 'open')").fetchall()
        assert not unresolved, f"unresolved after a clean stop: {unresolved}"
        by_bot = {}
        for order in mock_orders:
            if order["status"] == "FILLED":
                bot = int(order["clientOrderId"].split("-")[1])
                by_bot.setdefault(bot, []).append(order["side"])
        for bot, sides in by_bot.items():
            sells = sides.count("SELL")
            stored_trades = dict(trades).get(bot, 0)
            assert stored_trades == sells, f"bot {bot}: {sells} sells filled, {stored_trades} trades"
            assert (sides[-1] == "BUY") == (bot in positions), \
                f"bot {bot}: last fill {sides[-1]}, position stored: {bot in positions}"
    return sum(n for _, n in trades)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("osprey")
    parser.add_argument("source_dir")
    parser.add_argument("shared_data")
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="osprey-live-crash-") as root:
        mock = Mock(args.source_dir, args.shared_data, root)
        try:
            env = dict(os.environ, OSPREY_BINANCE_API_KEY="mock-binance-key",
                       OSPREY_BINANCE_API_SECRET="mock-binance-secret",
                       OSPREY_BINANCE_BASE_URL=mock.url,
                       OSPREY_BINANCE_STREAM_URL=mock.url.replace("http", "ws"))
            data_dir = os.path.join(root, "data")
            daemon = Daemon(args.osprey, data_dir, env)
            for name, fast, slow in (("fast", 2, 5), ("slower", 3, 8)):
                bot = request(daemon.url + "/api/bots", {
                    "name": name, "symbol": "BTCUSDT", "strategy": "ema_cross", "amount": "200",
                    "mode": "live", "parameters": {"fast": fast, "slow": slow},
                    "stop_loss_pct": 0.5, "take_profit_pct": 0.5})
                request(f"{daemon.url}/api/bots/{bot['id']}/start", {})
            request(mock.url + "/_mock/clock", {"mode": "realtime", "speed": 600, "push_ms": 100})
            store = os.path.join(data_dir, "osprey.db")
            kills = terms = 0
            while kills < args.kills:
                time.sleep(rng.uniform(0.2, 1.2))  # a random moment of trading
                how = signal.SIGTERM if rng.random() < 0.15 else signal.SIGKILL
                daemon.stop(how)
                kills += how == signal.SIGKILL
                terms += how == signal.SIGTERM
                check(store, mock.orders(), final=False)
                daemon = Daemon(args.osprey, data_dir, env)
            request(mock.url + "/_mock/clock", {"mode": "manual"})
            daemon.stop(signal.SIGTERM)
            # One more start: reconciliation, done before the API answers,
            # resolves whatever the last stop left open.
            daemon = Daemon(args.osprey, data_dir, env)
            daemon.stop(signal.SIGTERM)
            orders = mock.orders()
            trades = check(store, orders, final=True)
            assert trades >= 5, f"too few trades to prove anything: {trades}"
            print(f"live crash recovery: {kills} SIGKILLs and {terms} SIGTERMs; {len(orders)} "
                  f"orders on the exchange, each once and each in the store; {trades} trades")
        finally:
            mock.stop()


if __name__ == "__main__":
    try:
        main()
    except AssertionError as failure:
        print(f"live crash recovery: FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
