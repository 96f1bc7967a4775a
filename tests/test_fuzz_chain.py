"""A hostile room: over 10,000 seeded random requests against the local chain.

Random params go to every method of the server's own table (``RpcHandler.methods``), as a
learner's machine would send them (dev methods are refused to it); signed extrinsics are mutated
(bit flips, truncation, splices of two) and submitted between valid transfers. Afterwards the
chain still answers over its wire, no mutated extrinsic is in any block, every valid one is, and
the whole state (balances, nonces, issuance, subnets) is exactly what the valid transfers alone
make on a twin chain fed them afterwards. Seeded; about ten seconds of CPU (marked slow).
"""

from __future__ import annotations

import json
import random
import string
import urllib.request

import pytest
import websocket
from substrateinterface import Keypair

from bittensor_lite.chain.faucet import sign_call
from bittensor_lite.chain.node import Node
from bittensor_lite.chain.rpc import RpcHandler, Session
from bittensor_lite.chain.server import ChainServer

SEED = 20261203
HOSTILE = 10_000  # requests with random params (mutated extrinsics come on top)
VALID_EVERY = 40  # a valid transfer after this many hostile requests
OVER_THE_WIRE = 300  # of the hostile requests, this many also go over a real WebSocket
LEARNER = "10.6.6.6"  # the hostile client: another machine in the room
SIGNERS = [Keypair.create_from_uri(f"//{n}") for n in ("Alice", "Bob", "Charlie", "Dave")]


def _value(rng: random.Random, node: Node, depth: int = 0) -> object:
    """One hostile JSON value: the wrong type, a near-miss, or nonsense."""
    kind = rng.randrange(14 if depth < 3 else 10)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind == 2:
        return rng.choice([0, 1, -1, 7, 2**31, 2**64, -(2**63), 10**30, 256, 4096])
    if kind == 3:
        return rng.choice([0.5, -1e308, 1e308, 3.0])
    if kind == 4:
        return "".join(rng.choice(string.printable) for _ in range(rng.randrange(40)))
    if kind == 5:  # hex of any length, odd ones too
        return "0x" + "".join(rng.choice("0123456789abcdef") for _ in range(rng.randrange(130)))
    if kind == 6:
        return "0x" + "".join(rng.choice("0123456789abcdefXYZ ") for _ in range(rng.randrange(1, 70)))
    if kind == 7:
        return node.head["hash"] if rng.random() < 0.5 else node.blocks[0]["hash"]
    if kind == 8:  # a storage key prefix that exists, maybe with garbage after it
        prefix = rng.choice(list(node.codec.prefixes))
        return "0x" + prefix.hex() + "".join(rng.choice("0123456789abcdef") for _ in range(rng.randrange(0, 80, 2)))
    if kind == 9:
        return rng.choice(["Core_version", "Metadata_metadata_at_version", "SubnetInfoRuntimeApi_get_metagraph",
                           "TransactionPaymentApi_query_info", "NoSuch_api", "", "0x"])
    if kind in (10, 11):
        return [_value(rng, node, depth + 1) for _ in range(rng.randrange(5))]
    return {rng.choice(["count", "a", "", "0x"]): _value(rng, node, depth + 1) for _ in range(rng.randrange(3))}


def _params(rng: random.Random, node: Node) -> object:
    if rng.random() < 0.85:
        return [_value(rng, node) for _ in range(rng.randrange(5))]
    return _value(rng, node)


def _mutants(rng: random.Random, raw: bytes, other: bytes) -> list[bytes]:
    """Bit flips, truncations and splices of a signed extrinsic."""
    out = []
    for _ in range(3):
        i = rng.randrange(len(raw) * 8)
        flipped = bytearray(raw)
        flipped[i // 8] ^= 1 << (i % 8)
        out.append(bytes(flipped))
    out.append(raw[:rng.randrange(1, len(raw))])
    out.append(raw[rng.randrange(1, len(raw)):])
    cut = rng.randrange(1, len(raw))
    out.append(raw[:cut] + other[cut:])
    out.append(other[:cut] + raw[cut:])
    out.append(raw + raw[rng.randrange(len(raw)):])
    return [m for m in out if m not in (raw, other)]


def _transfer(node: Node, rng: random.Random) -> bytes:
    sender, dest = rng.sample(SIGNERS, 2)
    call = {"call_module": "Balances", "call_function": "transfer_keep_alive",
            "call_args": {"dest": dest.ss58_address, "value": rng.randrange(1, 10**9)}}
    return sign_call(node, sender, call)


def _ask(handler: RpcHandler, session: Session, method: str, params: object, req_id: int) -> dict:
    reply = handler.handle_text(json.dumps({"jsonrpc": "2.0", "id": req_id, "method": method, "params": params}),
                                session, LEARNER)
    assert isinstance(reply, dict) and reply.get("id") == req_id and ("result" in reply) != ("error" in reply), reply
    return reply


@pytest.mark.slow
def test_ten_thousand_hostile_requests_leave_only_the_valid_traffic(tmp_path):
    rng = random.Random(SEED)
    node, twin = Node(tmp_path / "fuzzed", ready_subnet=True), Node(tmp_path / "twin", ready_subnet=True)
    server = None
    try:
        handler = RpcHandler(node)
        session = Session(lambda msg: None, client=LEARNER)
        methods = sorted(handler.methods)
        assert len(methods) > 30  # the server's own table, not a copy
        valid, mutated, internal = [], set(), []
        sent = 0
        last = _transfer(node, rng)  # an extrinsic to splice with
        for k in range(HOSTILE):
            method = methods[k % len(methods)] if k < 4 * len(methods) else rng.choice(methods)
            reply = _ask(handler, session, method, _params(rng, node), k)
            internal += [(method, reply)] if reply.get("error", {}).get("code") == -32603 else []
            sent += 1
            if k % VALID_EVERY == VALID_EVERY - 1:
                raw = _transfer(node, rng)
                for m in _mutants(rng, raw, last):
                    mutated.add(m)
                    submit = rng.choice(["author_submitExtrinsic", "author_submitAndWatchExtrinsic",
                                         "payment_queryInfo"])
                    reply = _ask(handler, session, submit, ["0x" + m.hex()], -k)
                    assert "error" in reply or submit == "payment_queryInfo", (m.hex(), reply)
                    sent += 1
                reply = _ask(handler, session, "author_submitExtrinsic", ["0x" + raw.hex()], k)
                assert "result" in reply, reply
                valid.append(raw)
                last = raw
        for raw in valid:  # the twin sees only the valid traffic, afterwards (other block times, same blocks)
            twin.submit(raw)
        assert sent >= HOSTILE and not internal, internal[:5]
        session.close()
        # over the real wire too: a sample of the same kind of requests, then the chain still answers
        server = ChainServer(node=node).start()
        ws = websocket.create_connection(server.url, timeout=60)
        served = [m for m in methods if not m.startswith("dev_")]  # this socket is the chain's own machine
        for k in range(OVER_THE_WIRE):
            ws.send(json.dumps({"jsonrpc": "2.0", "id": k, "method": rng.choice(served), "params": _params(rng, node)}))
            while True:  # skip subscription notifications
                msg = json.loads(ws.recv())
                if "id" in msg:
                    break
            assert msg["id"] == k and ("result" in msg) != ("error" in msg), msg
        ws.close()
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "chain_getHeader", "params": []}).encode()
        with urllib.request.urlopen(urllib.request.Request(f"http://{server.host}:{server.port}/", data=body,
                                                           headers={"Content-Type": "application/json"}),
                                    timeout=30) as resp:
            assert int(json.loads(resp.read())["result"]["number"], 16) == node.head["number"]
        # no mutant in any block; every valid transfer in one
        included = [bytes.fromhex(x[2:]) for b in node.blocks for x in b["extrinsics"][1:]]
        assert not mutated & set(included)
        assert [x for x in included if x in set(valid)] == valid
        # the valid traffic alone, on a twin chain, gives every balance and nonce exactly
        assert node.head["number"] == twin.head["number"] == len(valid)
        assert node.runtime.state.balances == twin.runtime.state.balances
        assert node.runtime.state.nonces == twin.runtime.state.nonces
        assert node.runtime.state.total_issuance == twin.runtime.state.total_issuance
        fuzzed, clean = node.runtime.state, twin.runtime.state  # and every other field of the state, subnets too
        assert {k: v for k, v in vars(fuzzed).items() if k != "subnets"} == \
            {k: v for k, v in vars(clean).items() if k != "subnets"}
        assert {u: vars(net) for u, net in fuzzed.subnets.items()} == {u: vars(net) for u, net in clean.subnets.items()}
    finally:
        if server is not None:
            server.stop()  # closes the node too
        else:
            node.close()
        twin.close()
