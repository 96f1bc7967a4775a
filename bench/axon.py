"""Benchmark: a signed echo synapse on loopback — our Axon/Dendrite against two references.

In one run, each server in its own process and each reference in its own venv:

* **ours** — ``bl.Axon`` (FastAPI/uvicorn, btauth/1) queried by ``bl.Dendrite``;
* **bare** — a bare FastAPI/uvicorn app that verifies with the real ``bittensor.http_auth``
  (bittensor 11.3.0), queried by ``bl.Dendrite`` (it speaks btauth/1 too): the floor for the protocol;
* **classic** — ``bittensor==10.5.0``'s Axon queried by its own Dendrite (the last release that ships them).

For each: requests/s at 32 concurrent requests, and p50/p99 latency of one request at a time.
Then our Dendrite fanning one query out to 64 and 256 of our axons (one server process).

    python bench/axon.py [--requests 600] [--concurrency 32]

The reference venvs are created under bench/.venvs on first use (pip, a few minutes), or taken
from BENCH_BITTENSOR10_PYTHON / BENCH_BITTENSOR11_PYTHON. Targets for the record: at least the
classic Axon's throughput, within 20 % of the bare reference, fan-out to 256 axons under 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bittensor_lite.synapse import Echo

HERE = Path(__file__).resolve().parent
VENVS = HERE / ".venvs"
SERVER_URI, CLIENT_URI = "//bench-miner", "//bench-validator"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def reference_python(env: str, name: str, packages: list[str]) -> str:
    if os.environ.get(env):
        return os.environ[env]
    py = VENVS / name / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(py.parent.parent)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", *packages], check=True)
    return str(py)


def start(cmd: list[str]) -> subprocess.Popen:
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = proc.stdout.readline()
    if not line.startswith("ready"):
        proc.kill()
        raise RuntimeError(f"server did not start: {line}{proc.stdout.read()[-2000:]}")
    return proc


# -- servers run by this file (our venv) --------------------------------------------------------------------
def serve_ours(base_port: int, count: int) -> None:
    """``count`` of our axons on consecutive ports, all in one event loop."""
    import uvicorn

    import bittensor_lite as bl

    def echo(synapse: Echo) -> Echo:
        synapse.echoed = synapse.text
        return synapse

    wallet = bl.dev_wallet("bench-miner")
    servers = []
    for i in range(count):
        axon = bl.Axon(wallet, port=base_port + i, max_concurrency=64).attach(echo)
        config = uvicorn.Config(axon.app, host="127.0.0.1", port=base_port + i, log_level="error", access_log=False,
                                lifespan="off")
        servers.append(uvicorn.Server(config))

    async def main() -> None:
        tasks = [asyncio.create_task(s.serve()) for s in servers]
        while not all(s.started for s in servers):
            await asyncio.sleep(0.05)
        print("ready", flush=True)
        await asyncio.gather(*tasks)

    asyncio.run(main())


# -- our client -------------------------------------------------------------------------------------------------
def drive(port: int, hotkey: str, requests: int, concurrency: int) -> dict[str, float]:
    import bittensor_lite as bl
    from bittensor_lite.metagraph import AxonInfo

    dendrite = bl.Dendrite(bl.dev_wallet("bench-validator"))
    info = AxonInfo(ip="127.0.0.1", port=port, hotkey=hotkey)
    for _ in range(20):  # warm up
        dendrite.query(info, Echo(text="warm"))
    lat, ok = [], 0
    for i in range(requests // 2):
        t = time.perf_counter()
        ans = dendrite.query(info, Echo(text=f"hello {i}"))
        lat.append(time.perf_counter() - t)
        ok += ans.dendrite.status_code == 200 and ans.echoed == f"hello {i}"
    t = time.perf_counter()
    rounds = max(1, requests // concurrency)
    for _ in range(rounds):
        answers = dendrite.query([info] * concurrency, Echo(text="load"))
        ok += sum(a.dendrite.status_code == 200 for a in answers)
    elapsed = time.perf_counter() - t
    lat.sort()
    return {"rps": rounds * concurrency / elapsed, "p50_ms": lat[len(lat) // 2] * 1e3,
            "p99_ms": lat[int(len(lat) * 0.99)] * 1e3, "ok": ok, "sent": requests // 2 + rounds * concurrency}


def fan_out(base_port: int, count: int, hotkey: str, repeat: int = 5) -> float:
    import bittensor_lite as bl
    from bittensor_lite.metagraph import AxonInfo

    dendrite = bl.Dendrite(bl.dev_wallet("bench-validator"))
    infos = [AxonInfo(ip="127.0.0.1", port=base_port + i, hotkey=hotkey) for i in range(count)]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        answers = dendrite.query(infos, Echo(text="fan"), timeout=30)
        times.append(time.perf_counter() - t)
        bad = [a.dendrite.status_code for a in answers if a.dendrite.status_code != 200]
        assert not bad, bad[:5]
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--requests", type=int, default=600)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--fanout", type=int, nargs="+", default=[64, 256])
    ap.add_argument("--serve-ours", nargs=2, type=int, metavar=("BASE_PORT", "COUNT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve_ours:
        serve_ours(*args.serve_ours)
        return
    from substrateinterface import Keypair

    server_hotkey = Keypair.create_from_uri(SERVER_URI).ss58_address
    import bittensor_lite as bl

    ours_hotkey = bl.dev_wallet("bench-miner").hotkey.ss58_address
    py10 = reference_python("BENCH_BITTENSOR10_PYTHON", "bittensor10", ["bittensor==10.5.0"])
    py11 = reference_python("BENCH_BITTENSOR11_PYTHON", "bittensor11", ["bittensor==11.3.0", "fastapi", "uvicorn"])
    results = {}

    port = free_port()
    proc = start([sys.executable, __file__, "--serve-ours", str(port), "1"])
    try:
        results["ours"] = (drive(port, ours_hotkey, args.requests, args.concurrency))
    finally:
        proc.kill()
    port = free_port()
    proc = start([py11, str(HERE / "_axon_bare.py"), str(port), SERVER_URI])
    try:
        results["bare"] = (drive(port, server_hotkey, args.requests, args.concurrency))
    finally:
        proc.kill()
    port = free_port()
    proc = start([py10, str(HERE / "_axon_classic.py"), "serve", str(port)])
    try:
        out = subprocess.run([py10, str(HERE / "_axon_classic.py"), "client", str(port), str(args.requests),
                              str(args.concurrency)], capture_output=True, text=True, timeout=600)
        results["classic"] = json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        proc.kill()

    print(f"signed echo on loopback, {args.concurrency} concurrent for throughput; one at a time for latency")
    for name, label in (("ours", "ours (bl.Axon + bl.Dendrite)"), ("bare", "bare FastAPI + bittensor.http_auth 11.3"),
                        ("classic", "classic Axon/Dendrite, bittensor 10.5.0")):
        r = results[name]
        print(f"  {label:42s} {r['rps']:8.0f} req/s   p50 {r['p50_ms']:6.2f} ms   p99 {r['p99_ms']:6.2f} ms"
              f"   ok {r['ok']}/{r['sent']}")
    print(f"  ratios: ours/bare throughput {results['ours']['rps'] / results['bare']['rps']:.2f}, "
          f"ours/classic {results['ours']['rps'] / results['classic']['rps']:.2f}; "
          f"p50 ours/bare {results['ours']['p50_ms'] / results['bare']['p50_ms']:.2f}")
    for count in args.fanout:
        base = 21000  # below Linux's ephemeral range, so clients' own ports do not collide
        while not all(_bindable(base + i) for i in range(count)):
            base += count
        proc = start([sys.executable, __file__, "--serve-ours", str(base), str(count)])
        try:
            one = (fan_out(base, 1, ours_hotkey))
            many = (fan_out(base, count, ours_hotkey))
            print(f"  fan-out to {count:3d} axons: {many * 1e3:7.1f} ms (one axon: {one * 1e3:.1f} ms; "
                  f"ratio {many / one:.1f} for {count}x the work)")
        finally:
            proc.kill()


def _bindable(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


if __name__ == "__main__":
    main()
