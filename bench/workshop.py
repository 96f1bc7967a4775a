"""Benchmark: the workshop room — one instructor's chain, a validator, N learners' miners, a leaderboard.

Everything is a separate process talking over the real wire, as in a room (the runbook's
commands, course/workshop.md): the chain (``chain start --block-time 2`` with a faucet and no dev
funds), ``validator run``, ``leaderboard``, and N ``miner run --faucet --register`` learners
started a little apart, as a room joins. The leaderboard's ``/api`` is polled as a room of
browsers would poll it (each learner once every 5 s, at a random phase). Two phases are measured:
*joining* (from the first miner's start until every miner has a UID) and *steady* (the next
``--tempos`` tempos).

Printed per room size: block lateness against the slot grid (p99 and max, seconds; the slot grid
is the first block's slot plus k × block time), from each block's own sealed timestamp
(``Timestamp.Now``: when the chain made it) and, for comparison, from when this bench's client saw
the head (which adds this busy process's own delays), the validator's round time, leaderboard p50/p99
(and the ratio against the same request on the idle chain before the room joined), registrations
that failed, miners scored (a weight from the validator) and with incentive, the chain's CPU
(share of one core) and peak RSS, the room's CPU and memory, the machine's load average, and
the slots the chain's block timer missed.

    python bench/workshop.py [--learners 10 25 50] [--tempo 10] [--tempos 5] [--block-time 2]

Targets at N = 50: no block later than 1 s past its slot, every miner registered and scored,
leaderboard p99 under 500 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import psutil
import websocket

import bittensor_lite as bl
from bittensor_lite.chain.process import chain_answers, stop_processes

FORWARDS = ("adder", "adder", "adder", "sloppy", "guesser")  # most learners get it right; some do not
POLL_EVERY = 5.0  # seconds between two requests of one learner's browser


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "bittensor_lite.cli", *args]


def _port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


class HeadWatch:
    """Arrival time of every new head, from a ``chain_subscribeNewHeads`` subscription."""

    def __init__(self, url: str):
        self.arrivals: list[tuple[int, float]] = []
        self.ws = websocket.create_connection(url, timeout=30)
        self.ws.send(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "chain_subscribeNewHeads", "params": []}))
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        try:
            while True:
                msg = json.loads(self.ws.recv())
                if msg.get("method") == "chain_newHead":
                    self.arrivals.append((int(msg["params"]["result"]["number"], 16), time.monotonic()))
        except (websocket.WebSocketException, OSError, ValueError):
            return

    def numbers(self, start: float, end: float) -> list[int]:
        """The blocks whose heads arrived in [start, end) (monotonic seconds)."""
        return sorted(n for n, t in self.arrivals if start <= t < end)

    def lateness(self, start: float, end: float, block_time: float) -> list[float]:
        """Seconds each head in [start, end) reached this client after its slot (grid fitted to the earliest).

        This is what a learner's client sees: it includes the time this (busy) bench process took to read it."""
        return slot_lateness({n: t for n, t in self.arrivals if start <= t < end}, block_time)


def slot_lateness(times: dict[int, float], block_time: float) -> list[float]:
    """Seconds each block came after its slot: the grid is block k at t0 + k × block time, t0 fitted so that
    the earliest block is on time (no block early)."""
    if len(times) < 2:
        return []
    first = min(times)
    offsets = [t - (n - first) * block_time for n, t in times.items()]
    base = min(offsets)
    return [o - base for o in offsets]


def sealed_times(sub: Any, numbers: list[int]) -> dict[int, float]:
    """Each block's own timestamp (``Timestamp.Now``, set by the block's inherent when the chain began
    making it: the time a slot timer controls), in seconds."""
    backend = sub._backend
    out = {}
    for n in numbers:
        at = backend.substrate.get_block_hash(n)
        out[n] = int(backend.query("Timestamp", "Now", block_hash=at)) / 1000
    return out


class Browsers:
    """N learners' browsers polling the leaderboard's ``/api`` every POLL_EVERY seconds."""

    def __init__(self, url: str, n: int, seed: int = 0):
        self.url, self.n = url, n
        self.latencies: list[tuple[float, float]] = []  # (when, seconds)
        self.failures: list[float] = []
        self.stop = threading.Event()
        rng = random.Random(seed)
        self.threads = [threading.Thread(target=self._poll, args=(rng.uniform(0, POLL_EVERY),), daemon=True)
                        for _ in range(n)]

    def _poll(self, phase: float) -> None:
        if self.stop.wait(phase):
            return
        while True:
            t = time.perf_counter()
            try:
                with urllib.request.urlopen(self.url, timeout=30) as resp:  # noqa: S310 - local URL
                    json.loads(resp.read())
                self.latencies.append((time.monotonic(), time.perf_counter() - t))
            except (OSError, ValueError):
                self.failures.append(time.monotonic())
            if self.stop.wait(max(0.0, POLL_EVERY - (time.perf_counter() - t))):
                return

    def figures(self, start: float, end: float) -> dict[str, float]:
        """p50/p99 (seconds) of the requests answered in [start, end), their number and the failures."""
        lat = [dt for t, dt in self.latencies if start <= t < end]
        return {"p50": _pct(lat, 0.5), "p99": _pct(lat, 0.99), "n": len(lat),
                "failed": sum(1 for t in self.failures if start <= t < end)}

    def __enter__(self) -> Browsers:
        for th in self.threads:
            th.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop.set()
        for th in self.threads:
            th.join(timeout=35)


def _cpu(procs: list[subprocess.Popen]) -> float:
    """CPU seconds (user + system) the running ones of ``procs`` have used so far."""
    total = 0.0
    for p in procs:
        try:
            total += sum(psutil.Process(p.pid).cpu_times()[:2])
        except psutil.Error:
            pass
    return total


def _round_time(log: str, interval: float) -> float:
    """Mean seconds a validator round took (its log's time stamps, minus the pause between rounds)."""
    rounds = [(int(m.group(4)), int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3)))
              for m in re.finditer(r"^(\d\d):(\d\d):(\d\d) round (\d+):", log, re.M)]
    if len(rounds) < 2:
        return float("nan")
    (r0, t0), (r1, t1) = rounds[0], rounds[-1]
    return (t1 - t0) / max(1, r1 - r0) - interval


def run_room(n: int, tempo: int, tempos: int, block_time: float, stagger: float, work: Path) -> dict[str, Any]:
    """One workshop with ``n`` learners; returns its figures."""
    port, board_port = _port(), _port()
    url = f"ws://127.0.0.1:{port}"
    instructor = bl.dev_wallet("Instructor")
    procs: list[subprocess.Popen] = []
    logs: dict[str, Path] = {}

    def spawn(name: str, *args: str) -> subprocess.Popen:
        logs[name] = work / f"{name}.log"
        proc = subprocess.Popen(_cli(*args), stdout=open(logs[name], "w"), stderr=subprocess.STDOUT)  # noqa: SIM115
        procs.append(proc)
        return proc

    try:
        chain = spawn("chain", "chain", "start", "--port", str(port), "--state", str(work / "state"),
                      "--block-time", str(block_time), "--no-dev-funds", "--sudo", instructor.coldkey.ss58_address,
                      "--faucet-tao", "5", "--faucet-every", "3600", "--faucet-budget", str(4 * n))
        deadline = time.monotonic() + 120
        while not chain_answers(port=port, timeout=0.5):
            if chain.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(logs["chain"].read_text())
            time.sleep(0.2)
        heads = HeadWatch(url)
        sub = bl.connect(url)
        sub.dev.set_balance(instructor.coldkey.ss58_address, 10_000 * 10**9)
        netuid = sub.register_network(instructor)
        for name, value in (("tempo", tempo), ("weights_rate_limit", max(1, tempo // 2)),
                            ("burn_increase_mult", 2**64), ("max_allowed_uids", max(256, n + 1))):
            sub.dev.sudo_set(netuid, name, value, sudo=instructor.coldkey)
        sub.burned_register(instructor, netuid)
        sub.add_stake(instructor, 1000, netuid=netuid)
        spawn("validator", "validator", "run", "--network", url, "--netuid", str(netuid), "--dev", "Instructor",
              "--interval", str(block_time), "--weights-every", "3")
        spawn("leaderboard", "leaderboard", "--network", url, "--netuid", str(netuid), "--port", str(board_port))
        api = f"http://127.0.0.1:{board_port}/api"
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(api, timeout=5):  # noqa: S310 - local URL
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(logs["leaderboard"].read_text()) from None
                time.sleep(0.5)
        idle = []
        for _ in range(20):
            t = time.perf_counter()
            with urllib.request.urlopen(api, timeout=30) as resp:  # noqa: S310 - local URL
                resp.read()
            idle.append(time.perf_counter() - t)
            time.sleep(0.25)

        learners = [bl.dev_wallet(f"learner{i}") for i in range(n)]
        hotkeys = {w.hotkey.ss58_address for w in learners}
        chain_ps = psutil.Process(chain.pid)
        rss_peak, cpu_at = 0, []
        joined_at = time.monotonic()
        with Browsers(api, n) as browsers:
            for i in range(n):
                spawn(f"miner{i}", "miner", "run", "--network", url, "--netuid", str(netuid), "--dev", f"learner{i}",
                      "--forward", FORWARDS[i % len(FORWARDS)], "--port", str(_port()), "--faucet", "--register",
                      "--refresh", "10")
                time.sleep(stagger)
            deadline = time.monotonic() + 120 + 8 * n
            registered: set[str] = set()
            while time.monotonic() < deadline:
                registered = hotkeys & set(sub.metagraph(netuid, lite=True).hotkeys)
                rss_peak = max(rss_peak, chain_ps.memory_info().rss)
                if len(registered) == n:
                    break
                time.sleep(2)
            steady_from = time.monotonic()
            join_s = steady_from - joined_at
            cpu_at.append((steady_from, sum(chain_ps.cpu_times()[:2]), _cpu(procs[1:]), os.getloadavg()[0]))
            end = steady_from + tempos * tempo * block_time
            while time.monotonic() < end:
                rss_peak = max(rss_peak, chain_ps.memory_info().rss)
                time.sleep(1)
            cpu_at.append((time.monotonic(), sum(chain_ps.cpu_times()[:2]), _cpu(procs[1:]), os.getloadavg()[0]))
        browsers_latency = browsers.figures(steady_from, end)  # the steady phase's requests only
        mg = sub.metagraph(netuid)
        room_rss = sum(psutil.Process(p.pid).memory_info().rss for p in procs[3:] if p.poll() is None)
        uid_of = {hk: uid for uid, hk in enumerate(mg.hotkeys)}
        validator_uid = uid_of.get(instructor.hotkey.ss58_address)
        weighted = {uid for uid, w in enumerate(mg.W[validator_uid].tolist()) if w > 0} if validator_uid is not None else set()
        miners = [uid_of[hk] for hk in hotkeys if hk in uid_of]
        late_steady = slot_lateness(sealed_times(sub, heads.numbers(steady_from, end)), block_time)
        late_join = slot_lateness(sealed_times(sub, heads.numbers(joined_at, steady_from)), block_time)
        seen_late = heads.lateness(joined_at, end, block_time)
        (t0, c0, r0, load0), (t1, c1, r1, load1) = cpu_at
        sub.close()
        missed = sum(int(m.group(1)) for m in re.finditer(r"(\d+) slot\(s\) missed", logs["chain"].read_text()))
        return {
            "learners": n, "join_s": join_s,
            "late_join_p99": _pct(late_join, 0.99), "late_join_max": max(late_join, default=float("nan")),
            "late_p99": _pct(late_steady, 0.99), "late_max": max(late_steady, default=float("nan")),
            "seen_p99": _pct(seen_late, 0.99), "seen_max": max(seen_late, default=float("nan")),
            "blocks": len(late_steady), "round_s": _round_time(logs["validator"].read_text(), block_time),
            "idle_p50": statistics.median(idle), "registered": len(miners), "failed": n - len(miners),
            "scored": len(weighted & set(miners)), "incentive": sum(1 for u in miners if float(mg.I[u]) > 0),
            "chain_cpu": (c1 - c0) / (t1 - t0), "room_cpu": (r1 - r0) / (t1 - t0), "load": (load0 + load1) / 2,
            "missed_slots": missed, "chain_rss_mb": rss_peak / 2**20, "room_rss_mb": room_rss / 2**20,
            "exited": sum(1 for p in procs if p.poll() is not None), "browsers": browsers_latency,
        }
    finally:
        stop_processes(procs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--learners", type=int, nargs="+", default=[10, 25, 50])
    ap.add_argument("--tempo", type=int, default=10, help="blocks per tempo (short: five tempos in a few minutes)")
    ap.add_argument("--tempos", type=int, default=5, help="tempos measured once every miner is registered")
    ap.add_argument("--block-time", type=float, default=2.0)
    ap.add_argument("--stagger", type=float, default=1.0, help="seconds between two learners' miners starting")
    ap.add_argument("--keep", action="store_true", help="keep the logs (printed folder)")
    args = ap.parse_args()
    print(f"workshop room: block time {args.block_time:g} s, tempo {args.tempo} blocks, {args.tempos} tempos measured, "
          f"{psutil.cpu_count()} CPUs")
    for n in args.learners:
        work = Path(tempfile.mkdtemp(prefix=f"bench-workshop-{n}-"))
        r = run_room(n, args.tempo, args.tempos, args.block_time, args.stagger, work)
        print(f"N={n:3d}  joined in {r['join_s']:5.0f} s (lateness p99 {r['late_join_p99']:.2f} s, "
              f"max {r['late_join_max']:.2f} s)   steady {r['blocks']} blocks: lateness p99 {r['late_p99']:.2f} s "
              f"max {r['late_max']:.2f} s ({r['late_max'] / args.block_time:.2f} × block time)")
        print(f"       (lateness from each block's sealed timestamp; heads as this bench's client saw them, joining and "
              f"steady: p99 {r['seen_p99']:.2f} s, max {r['seen_max']:.2f} s)")
        b = r["browsers"]
        print(f"       validator round {r['round_s']:.2f} s   leaderboard p50 {b['p50'] * 1000:.0f} ms "
              f"p99 {b['p99'] * 1000:.0f} ms ({b['n']} requests, {b['failed']} failed; "
              f"p99 {b['p99'] / r['idle_p50']:.1f} × idle p50 {r['idle_p50'] * 1000:.0f} ms)")
        print(f"       registered {r['registered']}/{n} (failed {r['failed']})   scored {r['scored']}   "
              f"incentive > 0: {r['incentive']}   chain CPU {r['chain_cpu'] * 100:.0f} % of a core, "
              f"RSS {r['chain_rss_mb']:.0f} MiB   room RSS {r['room_rss_mb']:.0f} MiB   exited {r['exited']}")
        print(f"       room CPU (validator, leaderboard, miners) {r['room_cpu']:.2f} cores   machine load average "
              f"{r['load']:.1f} on {psutil.cpu_count()} CPUs   slots missed by the chain {r['missed_slots']}")
        ok = r["late_max"] <= 1.0 and r["failed"] == 0 and r["scored"] == n and b["p99"] < 0.5
        print(f"       targets (no block > 1 s late, all registered and scored, p99 < 500 ms): "
              f"{'met' if ok else 'missed'}" + (f"   logs in {work}" if args.keep or not ok else ""))


if __name__ == "__main__":
    main()
