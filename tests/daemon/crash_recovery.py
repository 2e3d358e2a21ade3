#!/usr/bin/env python3
"""Crash recovery of `osprey serve`, end to end (issue 6).

Paper bots trade a replay of real candles as fast as it goes. One daemon
runs undisturbed: the reference. Another is killed with SIGKILL at random
moments (and stopped with SIGTERM a few times), restarted each time, and
left to finish. Afterwards its store must hold exactly the reference's
trades and positions: nothing lost, nothing counted twice, no order sent
twice, every order final. The replay is deterministic, so any difference
is a recovery bug.

    crash_recovery.py OSPREY_BINARY SAMPLE_DIR [--kills 20] [--bars 6000] [--seed 1]
"""
import argparse
import gzip
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

DEADLINE_S = 120  # for any one wait; generous on a loaded 2-core machine


def truncated_replay(sample_dir, folder, bars):
    """The first `bars` candles of each bundled file: a short, real market."""
    for name in sorted(os.listdir(sample_dir)):
        if not name.endswith(".csv.gz"):
            continue
        with gzip.open(os.path.join(sample_dir, name), "rt") as source:
            lines = [next(source) for _ in range(bars + 1)]
        with open(os.path.join(folder, name[: -len(".gz")]), "w") as out:
            out.writelines(lines)


class Daemon:
    def __init__(self, osprey, data_dir, replay):
        self.data_dir = data_dir
        self.process = subprocess.Popen(
            [osprey, "serve", "--data-dir", data_dir, "--port", "0", "--replay", replay,
             "--speed", "0", "--quiet", "--fast-commits"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def url(self):
        path = os.path.join(self.data_dir, "daemon.json")
        deadline = time.monotonic() + DEADLINE_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"osprey serve exited {self.process.returncode}: "
                                     f"{self.process.stderr.read()}")
            try:
                with open(path) as f:
                    return json.load(f)["url"]
            except (OSError, ValueError):
                time.sleep(0.01)
        raise AssertionError("osprey serve did not start its API")

    def status(self):
        with urllib.request.urlopen(self.url() + "/api/status", timeout=10) as answer:
            return json.load(answer)

    def wait_until_done(self):
        deadline = time.monotonic() + DEADLINE_S
        while time.monotonic() < deadline:
            if self.status()["feed_ended"]:
                return
            time.sleep(0.05)
        raise AssertionError("the replay did not finish in time")

    def wait_for_bars(self, bars):
        """Until the engine has read `bars` bars (warm-up included) or finished."""
        deadline = time.monotonic() + DEADLINE_S
        while time.monotonic() < deadline:
            status = self.status()
            if status["bars"] >= bars or status["feed_ended"]:
                return status
        raise AssertionError(f"the engine did not reach {bars} bars in time")

    def kill(self, how):
        self.process.send_signal(how)
        code = self.process.wait(timeout=DEADLINE_S)
        if how == signal.SIGTERM and code != 0:
            raise AssertionError(f"SIGTERM: exit {code}: {self.process.stderr.read()}")
        # A killed daemon leaves its daemon.json behind; the next one replaces it.
        try:
            os.remove(os.path.join(self.data_dir, "daemon.json"))
        except OSError:
            pass


def book(data_dir):
    db = sqlite3.connect(os.path.join(data_dir, "osprey.db"))
    trades = db.execute(
        "SELECT bot_id, entry_time_ns, exit_time_ns, side, entry_price, exit_price, "
        "quantity, pnl, exit_reason FROM trades ORDER BY bot_id, exit_time_ns, entry_time_ns").fetchall()
    positions = db.execute(
        "SELECT bot_id, symbol, side, entry_price, quantity, opened_ns FROM positions "
        "ORDER BY bot_id").fetchall()
    unfinished = db.execute(
        "SELECT bot_id, sequence, state FROM orders WHERE state NOT IN "
        "('filled', 'cancelled', 'rejected')").fetchall()
    # One decision, one order: two entries (or two exits) decided at the same
    # moment by one bot would be an order sent twice.
    doubled = db.execute(
        "SELECT bot_id, created_ns, intent, COUNT(*) FROM orders WHERE state != 'cancelled' "
        "GROUP BY bot_id, created_ns, intent HAVING COUNT(*) > 1").fetchall()
    fills = db.execute("SELECT COUNT(*) FROM fills").fetchone()[0]
    rejected = db.execute("SELECT COUNT(*) FROM orders WHERE state = 'rejected'").fetchone()[0]
    return trades, positions, unfinished, doubled, (fills, rejected)


def same_trade(a, b):
    exact = a[:6] == b[:6] and a[8] == b[8]
    close = all(abs(float(x) - float(y)) <= 1e-6 * max(1.0, abs(float(y)))
                for x, y in ((a[6], b[6]), (a[7], b[7])))
    return exact and close


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("osprey")
    parser.add_argument("sample_dir")
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--bars", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="osprey-crash-") as root:
        replay = os.path.join(root, "replay")
        os.mkdir(replay)
        truncated_replay(args.sample_dir, replay, args.bars)

        reference_dir = os.path.join(root, "reference")
        daemon = Daemon(args.osprey, reference_dir, replay)
        daemon.wait_until_done()
        total_bars = daemon.status()["bars"]
        daemon.kill(signal.SIGTERM)
        reference = book(reference_dir)
        assert len(reference[0]) >= 20, f"the reference traded too little: {len(reference[0])}"

        crashed_dir = os.path.join(root, "crashed")
        kills = terms = 0
        stopped_at = []  # how far each daemon had read when it was stopped
        traded = 0
        while kills < args.kills:
            daemon = Daemon(args.osprey, crashed_dir, replay)
            # A random moment in the next stretch of the replay, so that the
            # stops fall all along it, each one mid-trading.
            stretch = total_bars / (args.kills + args.kills // 5 + 2)
            target = int(stretch * (kills + terms + rng.uniform(0.5, 1.5)))
            stopped_at.append(daemon.wait_for_bars(target)["bars"])
            how = signal.SIGTERM if rng.random() < 0.15 else signal.SIGKILL
            daemon.kill(how)
            kills += how == signal.SIGKILL
            terms += how == signal.SIGTERM
            trades, _, _, doubled, _ = book(crashed_dir)
            assert not doubled, f"an order was sent twice: {doubled}"
            assert len(trades) >= traded, f"trades were lost: {len(trades)} after {traded}"
            traded = len(trades)
        daemon = Daemon(args.osprey, crashed_dir, replay)
        daemon.wait_until_done()
        daemon.kill(signal.SIGTERM)

        trades, positions, unfinished, doubled, fills = book(crashed_dir)
        ref_trades, ref_positions, ref_unfinished, _, ref_fills = book(reference_dir)
        assert not doubled, f"an order was sent twice: {doubled}"
        assert len(trades) == len(ref_trades), \
            f"{len(trades)} trades after {kills} kills, {len(ref_trades)} without"
        for got, want in zip(trades, ref_trades):
            assert same_trade(got, want), f"trade differs:\n  got  {got}\n  want {want}"
        assert [p[:4] + p[5:] for p in positions] == [p[:4] + p[5:] for p in ref_positions], \
            f"positions differ:\n  got  {positions}\n  want {ref_positions}"
        assert len(unfinished) == len(ref_unfinished), \
            f"unfinished orders: {unfinished}, reference {ref_unfinished}"
        assert fills == ref_fills, f"(fills, rejected orders) {fills}, reference {ref_fills}"
        print(f"stopped after reading {stopped_at} of {total_bars} bars")
        print(f"crash recovery: {kills} SIGKILLs and {terms} SIGTERMs; {len(trades)} trades, "
              f"{len(positions)} open positions, {fills[0]} fills, {fills[1]} rejected orders: identical to the undisturbed run")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as failure:
        print(f"crash recovery: FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
