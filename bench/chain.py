"""Benchmark: the local chain over its real wire, each figure beside the mock backend's.

Runs a local chain in this process (FastAPI/uvicorn on a background thread, SQLite in a temp
folder) and drives it with substrate-interface and a raw WebSocket, as clients would:

* signed extrinsics per second, accepted and included (instant seal: a block each), with the
  signing done beforehand — vs the same calls dispatched on the mock backend;
* p50/p99 latency of ``state_getStorage`` — vs a mock-backend balance read;
* time to register N neurons by burn (signed extrinsics, one block each) — vs the mock;
* a full metagraph sync of N neurons through the live backend — vs the mock's.

    python bench/chain.py [--tx 2000] [--sizes 1024 4096]

Targets for the record: >= 300 extrinsics/s included; a 4096-neuron sync under 2 s.
"""

from __future__ import annotations

import argparse
import json
import time

import torch  # noqa: F401  (a Metagraph's tensors: loaded up front so a sync's time is the sync's own)
import websocket
from substrateinterface import Keypair, SubstrateInterface

import bittensor_lite as bl
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


def populate(sub, netuid, n, prefix):
    """Register n neurons by burn (each a signed extrinsic on the live backend)."""
    wallets = [bl.dev_wallet(f"{prefix}{i}") for i in range(n)]
    for w in wallets:
        sub.dev.set_balance(w.coldkey.ss58_address, 10**12)
    t = time.perf_counter()
    for w in wallets:
        sub.burned_register(w, netuid)
    return time.perf_counter() - t


def make_subnet(sub, size):
    netuid = sub.register_network(bl.dev_wallet("Alice"))
    for name, value in (("max_allowed_uids", size), ("max_regs_per_block", size), ("target_regs_per_interval", size),
                        ("immunity_period", 65535), ("tempo", 10_000)):
        sub.dev.sudo_set(netuid, name, value)
    return netuid


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tx", type=int, default=2000)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1024, 4096])
    args = ap.parse_args()
    srv = ChainServer().start()
    si = SubstrateInterface(url=srv.url)
    try:
        chain_tps, mock_tps, sign_ms = bench_throughput(srv, si, args.tx)
        print(f"extrinsics included/s   chain {chain_tps:8.0f}   mock {mock_tps:8.0f}   ratio {chain_tps / mock_tps:.3f}"
              f"   (signing beforehand: {sign_ms:.2f} ms each)")
        p50, p99, mock_ms = bench_storage_latency(srv, si)
        print(f"state_getStorage        p50 {p50:.3f} ms   p99 {p99:.3f} ms   mock read {mock_ms:.4f} ms   "
              f"ratio p50/mock {p50 / mock_ms:.1f}")
        for size in args.sizes:
            live = bl.connect(srv.url)
            mock = bl.connect("mock")
            live_net, mock_net = make_subnet(live, size), make_subnet(mock, size)
            reg_live = populate(live, live_net, size, f"n{size}-")
            reg_mock = populate(mock, mock_net, size, f"n{size}-")
            t = time.perf_counter()
            mg = live.metagraph(live_net)
            sync_live = time.perf_counter() - t
            t = time.perf_counter()
            mg_mock = mock.metagraph(mock_net)
            sync_mock = time.perf_counter() - t
            assert mg.n == mg_mock.n == size
            print(f"register {size:5d} by burn   chain {reg_live:7.2f} s   mock {reg_mock:6.3f} s   "
                  f"ratio {reg_live / reg_mock:6.1f}")
            print(f"metagraph sync {size:5d}   chain {sync_live:7.3f} s   mock {sync_mock:6.3f} s   "
                  f"ratio {sync_live / sync_mock:6.1f}")
            live.close()
    finally:
        si.close()
        srv.stop()


if __name__ == "__main__":
    main()
