"""Benchmark: the local chain over its real wire, each figure beside the mock backend's.

Runs a local chain in this process (FastAPI/uvicorn on a background thread, SQLite in a temp
folder) and drives it with substrate-interface and a raw WebSocket, as clients would. That node
shares this process's GIL with the client; registration is also timed against a chain in a
process of its own (``bittensor-lite chain start``), as a room runs it:

* signed extrinsics per second, accepted and included (instant seal: a block each), with the
  signing done beforehand — vs the same calls dispatched on the mock backend;
* p50/p99 latency of ``state_getStorage`` — vs a mock-backend balance read;
* time to register N neurons by burn (signed extrinsics, one block each), on both chains — vs
  the mock; and the RPCs the client sent per registration;
* a full metagraph sync of N neurons through the live backend — vs the mock's;
* the real bittensor SDK's metagraph read of the same subnet on the same chain (its
  ``SubnetInfoRuntimeApi.get_metagraph`` runtime call), run in the real SDK's own venv as a
  subprocess (bench/_real_sdk_metagraph.py), beside ours read as often: medians of ``--reads``
  reads each, ratio ours / real SDK; the two must agree on n and the hotkeys.

    python bench/chain.py [--tx 2000] [--sizes 256 1024 4096] [--reads 5] [--real-python PATH]

A quick run: ``--tx 200 --sizes 256``. The real SDK's Python is ``--real-python``, else
$BITTENSOR_LITE_REAL_SDK_PYTHON, else .venv-real-sdk in this checkout or in the main worktree
(the tests' venv); without one, that column is skipped.

Targets for the record: >= 300 extrinsics/s included; a 4096-neuron sync under 2 s; registering
4096 by burn in at most 5 s on the mock and 20 s on the chain, the cost per registration flat in
n (printed per size, and the largest size's cost per registration over the smallest's). Each
registration is timed with its keys already derived (deriving sr25519 keys is the wallet's cost).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import torch  # noqa: F401  (a Metagraph's tensors: loaded up front so a sync's time is the sync's own)
import websocket
from substrateinterface import Keypair, SubstrateInterface

import bittensor_lite as bl
from bittensor_lite.chain.process import start_local_chain
from bittensor_lite.chain.server import ChainServer


def raw_call(ws, method, params, req_id=1):
    ws.send(json.dumps({"jsonrpc": "2.0", "id": req_id, "method": method, "params": params}))
    while True:
        msg = json.loads(ws.recv())
        if msg.get("id") == req_id:
            return msg


def bench_throughput(srv, si, n_tx):
    alice = Keypair.create_from_uri("//Alice")
    call = si.compose_call("System", "remark", {"remark": "0x00"})
    start_nonce = si.get_account_nonce(alice.ss58_address)
    t = time.perf_counter()
    signed = [str(si.create_signed_extrinsic(call=call, keypair=alice, nonce=start_nonce + i).data)
              for i in range(n_tx)]
    sign_s = time.perf_counter() - t
    head0 = srv.node.head["number"]
    ws = websocket.create_connection(srv.url)
    t = time.perf_counter()
    for i, xt in enumerate(signed):
        reply = raw_call(ws, "author_submitExtrinsic", [xt], req_id=i + 1)
        assert "result" in reply, reply
    chain_s = time.perf_counter() - t
    ws.close()
    assert srv.node.head["number"] == head0 + n_tx  # every one included, each in its own block
    mock = bl.connect("mock")
    t = time.perf_counter()
    for _ in range(n_tx):
        mock.backend.submit("transfer_allow_death", alice, dest=Keypair.create_from_uri("//Bob").ss58_address,
                            value=1)
    mock_s = time.perf_counter() - t
    return n_tx / chain_s, n_tx / mock_s, sign_s / n_tx * 1e3


def bench_storage_latency(srv, si, n=2000):
    key = si.create_storage_key("System", "Account", [Keypair.create_from_uri("//Alice").ss58_address]).to_hex()
    ws = websocket.create_connection(srv.url)
    lat = []
    for i in range(n):
        t = time.perf_counter()
        raw_call(ws, "state_getStorage", [key], req_id=i + 1)
        lat.append((time.perf_counter() - t) * 1e3)
    ws.close()
    mock = bl.connect("mock")
    addr = Keypair.create_from_uri("//Alice").ss58_address
    t = time.perf_counter()
    for _ in range(n):
        mock.get_balance(addr)
    mock_ms = (time.perf_counter() - t) / n * 1e3
    lat.sort()
    return lat[len(lat) // 2], lat[int(len(lat) * 0.99)], mock_ms


def populate(sub, netuid, n, prefix, measure=None):
    """Register n neurons by burn (each a signed extrinsic on the live backend); ``measure`` (a NodeShare)
    sees the registrations only, not the funding before them."""
    wallets = [bl.dev_wallet(f"{prefix}{i}") for i in range(n)]
    for w in wallets:
        sub.dev.set_balance(w.coldkey.ss58_address, 10**12)
        w.hotkey  # noqa: B018  (derive the key now: deriving sr25519 keys is the wallet's cost, not the chain's)
    with measure or contextlib.nullcontext():
        t = time.perf_counter()
        for w in wallets:
            sub.burned_register(w, netuid)
        return time.perf_counter() - t


class NodeShare:
    """Counts the client's RPCs and, for a node in this process, times its own work (validate, execute,
    commit: ``Node.submit``); for a node in its own process (``node=None``) only the RPCs are counted."""

    def __init__(self, node=None):
        from substrateinterface import base

        self.node_s, self.rpcs = 0.0, 0
        self._node = node
        self._cls, self._rpc = base.SubstrateInterface, base.SubstrateInterface.rpc_request

    def __enter__(self):
        share, rpc = self, self._rpc

        def counted_rpc(inner, method, params, *a, **k):
            share.rpcs += 1
            return rpc(inner, method, params, *a, **k)

        if self._node is not None:
            submit = self._node.submit

            def timed_submit(*a, **k):
                t = time.perf_counter()
                try:
                    return submit(*a, **k)
                finally:
                    share.node_s += time.perf_counter() - t

            self._node.submit = timed_submit
        self._cls.rpc_request = counted_rpc
        return self

    def __exit__(self, *exc):
        if self._node is not None:
            del self._node.submit
        self._cls.rpc_request = self._rpc


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_subnet(sub, size):
    netuid = sub.register_network(bl.dev_wallet("Alice"))
    for name, value in (("max_allowed_uids", size), ("max_regs_per_block", size), ("target_regs_per_interval", size),
                        ("immunity_period", 65535), ("tempo", 10_000),
                        ("burn_increase_mult", 1 << 64)):  # 1.0: the burn stays put (the wire is measured, not it)
        sub.dev.sudo_set(netuid, name, value)
    return netuid


HERE = Path(__file__).resolve().parent


def find_real_python(explicit: str | None) -> str | None:
    """The real SDK's Python: --real-python, $BITTENSOR_LITE_REAL_SDK_PYTHON, or a .venv-real-sdk."""
    chosen = explicit or os.environ.get("BITTENSOR_LITE_REAL_SDK_PYTHON")
    if chosen:
        return chosen if Path(chosen).exists() else None
    roots = [HERE.parent]
    try:  # a git worktree: the main checkout holds the tests' venv
        common = subprocess.run(["git", "rev-parse", "--path-format=absolute", "--git-common-dir"], cwd=HERE,
                                capture_output=True, text=True, check=True).stdout.strip()
        roots.append(Path(common).parent)
    except (OSError, subprocess.CalledProcessError):
        pass
    for root in roots:
        py = root / ".venv-real-sdk" / "bin" / "python"
        if py.exists():
            return str(py)
    return None


def real_sdk_metagraph(real_python, url, netuid, reads):
    """The real SDK's metagraph reads of netuid, timed in its own venv: {times, warmup_s, n, hotkeys}."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "BITTENSOR_RUNTIME_CACHE_DIR": str(Path(tmp) / "cache"), "HOME": tmp}
        env.pop("PYTHONPATH", None)  # its own bittensor, not ours
        out = subprocess.run([real_python, str(HERE / "_real_sdk_metagraph.py"), url, str(netuid), str(reads)],
                             capture_output=True, text=True, timeout=600, env=env, cwd=tmp)
    if out.returncode != 0:
        raise RuntimeError(f"the real SDK's metagraph read failed (rc {out.returncode}):\n{out.stdout}{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def time_reads(fn, reads):
    times = []
    for _ in range(reads):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def bench_vs_real_sdk(real_python, url, live, netuid, size, reads):
    """Ours (full and lite) vs the real SDK's metagraph read of the same subnet: medians of ``reads``."""
    ours, mg = time_reads(lambda: live.metagraph(netuid), reads)
    ours_lite, mg_lite = time_reads(lambda: live.metagraph(netuid, lite=True), reads)
    ws = websocket.create_connection(url)  # the runtime call alone, undecoded: the chain's share of the SDK's read
    params = ["SubnetInfoRuntimeApi_get_metagraph", "0x" + netuid.to_bytes(2, "little").hex()]
    serve, reply = time_reads(lambda: raw_call(ws, "state_call", params), reads)
    ws.close()
    assert "result" in reply, reply
    real = real_sdk_metagraph(real_python, url, netuid, reads)
    if not (real["n"] == mg.n == mg_lite.n == size and real["hotkeys"] == mg.hotkeys == mg_lite.hotkeys):
        raise SystemExit(f"MISMATCH: the real SDK read n={real['n']}, ours n={mg.n} (lite {mg_lite.n}), "
                         f"size {size}; hotkeys equal: {real['hotkeys'] == mg.hotkeys}")
    theirs = statistics.median(real["times"])
    print(f"metagraph read {size:5d}   ours {ours:7.3f} s (lite {ours_lite:6.3f} s)   real SDK {theirs:6.3f} s   "
          f"ratio ours/real {ours / theirs:5.2f} (lite {ours_lite / theirs:5.2f})   "
          f"median of {reads}; of it the chain's state_call {serve:.3f} s ({len(reply['result']) // 2 - 1} B); "
          f"SDK warm-up {real['warmup_s']:.2f} s; n and hotkeys agree")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tx", type=int, default=2000)
    ap.add_argument("--sizes", type=int, nargs="+", default=[256, 1024, 4096])
    ap.add_argument("--reads", type=int, default=5, help="timed metagraph reads, ours and the real SDK's")
    ap.add_argument("--real-python", help="a Python with the real bittensor (>= 11) installed")
    args = ap.parse_args()
    real_python = find_real_python(args.real_python)
    if real_python is None:
        print("real SDK: no Python of it found (--real-python, $BITTENSOR_LITE_REAL_SDK_PYTHON, .venv-real-sdk): "
              "skipping its metagraph column")
    srv = ChainServer().start()
    si = SubstrateInterface(url=srv.url)
    state_dir = tempfile.TemporaryDirectory()
    own = start_local_chain(port=free_port(), state_dir=state_dir.name)  # the node in a process (and GIL) of its own
    per_reg: dict[int, dict[str, float]] = {}  # size → {"chain", "own process", "mock"}: seconds per registration
    try:
        chain_tps, mock_tps, sign_ms = bench_throughput(srv, si, args.tx)
        print(f"extrinsics included/s   chain {chain_tps:8.0f}   mock {mock_tps:8.0f}   ratio {chain_tps / mock_tps:.3f}"
              f"   (signing beforehand: {sign_ms:.2f} ms each)")
        p50, p99, mock_ms = bench_storage_latency(srv, si)
        print(f"state_getStorage        p50 {p50:.3f} ms   p99 {p99:.3f} ms   mock read {mock_ms:.4f} ms   "
              f"ratio p50/mock {p50 / mock_ms:.1f}")
        print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; 'chain' is a ChainServer in this "
              "process, sharing one GIL with the client; 'own process' is `bittensor-lite chain start`)")
        for size in args.sizes:
            live, apart = bl.connect(srv.url), bl.connect(own.url)
            mock = bl.connect("mock")
            live_net, apart_net, mock_net = make_subnet(live, size), make_subnet(apart, size), make_subnet(mock, size)
            reg_live = populate(live, live_net, size, f"n{size}-", share := NodeShare(srv.node))
            reg_apart = populate(apart, apart_net, size, f"n{size}-", share_apart := NodeShare())
            reg_mock = populate(mock, mock_net, size, f"n{size}-")
            apart.close()
            t = time.perf_counter()
            mg = live.metagraph(live_net)
            sync_live = time.perf_counter() - t
            t = time.perf_counter()
            mg_mock = mock.metagraph(mock_net)
            sync_mock = time.perf_counter() - t
            assert mg.n == mg_mock.n == size
            per_reg[size] = {"chain": reg_live / size, "own process": reg_apart / size, "mock": reg_mock / size}
            print(f"register {size:5d} by burn   chain {reg_live:7.2f} s (own process {reg_apart:7.2f} s)   "
                  f"mock {reg_mock:6.3f} s   ratio {reg_live / reg_mock:6.1f} (own process {reg_apart / reg_mock:6.1f})"
                  f"   per registration: chain {reg_live / size * 1e3:.2f} ms (own process "
                  f"{reg_apart / size * 1e3:.2f} ms), mock {reg_mock / size * 1e3:.3f} ms")
            print(f"  of a chain registration: the node (validate, execute, commit) {share.node_s / size * 1e3:.2f} ms; "
                  f"the client sent {share.rpcs / size:.1f} RPCs for it (own process: {share_apart.rpcs / size:.1f}; "
                  "substrate-interface via backends/live.py)")
            print(f"metagraph sync {size:5d}   chain {sync_live:7.3f} s   mock {sync_mock:6.3f} s   "
                  f"ratio {sync_live / sync_mock:6.1f}")
            if real_python is not None:
                bench_vs_real_sdk(real_python, srv.url, live, live_net, size, args.reads)
            live.close()
        report_registration(per_reg)
    finally:
        si.close()
        srv.stop()
        own.stop()
        state_dir.cleanup()


def report_registration(per_reg: dict[int, dict[str, float]]) -> None:
    """The registration targets: 4096 in <= 5 s (mock) and <= 20 s (chain), and a flat cost per registration."""
    if not per_reg:
        return
    lo, hi = min(per_reg), max(per_reg)
    for name, target in (("chain", 20.0), ("own process", 20.0), ("mock", 5.0)):
        growth = per_reg[hi][name] / per_reg[lo][name]
        line = f"per registration ({name}): n={hi} / n={lo} = {growth:.2f}x (flat: about 1)"
        if 4096 in per_reg:
            total = per_reg[4096][name] * 4096
            line += (f"; 4096 in {total:.1f} s, target <= {target:.0f} s: "
                     + ("met" if total <= target else f"MISSED by {total - target:.1f} s ({total / target:.1f}x)"))
        print(line)


if __name__ == "__main__":
    main()
