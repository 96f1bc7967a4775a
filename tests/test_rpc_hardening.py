"""The local chain in a shared room: malformed requests of every shape, crowds of clients, a faucet
that scripts cannot drain. Each bad request gets a JSON-RPC error on a connection that stays open."""

from __future__ import annotations

import http.client
import json
import socket
import time

import pytest
import websocket

import bittensor_lite as bl
from bittensor_lite.chain import rpc as rpc_module
from bittensor_lite.chain import server as server_module
from bittensor_lite.chain.rpc import MAX_BATCH, MAX_MESSAGE_BYTES, MAX_SUBSCRIPTIONS
from bittensor_lite.chain.server import ChainServer

REQ = {"jsonrpc": "2.0", "id": 1, "method": "system_name", "params": []}

# (what, raw text, the JSON-RPC error code expected)
MALFORMED = [
    ("empty", "", -32700),
    ("unclosed object", '{"jsonrpc": "2.0", "id": 1, "method": ', -32700),
    ("a lone bracket", "]", -32700),
    ("not JSON", "nul", -32700),
    ("NUL bytes", "\x00\x00", -32700),
    ("an integer of 5000 digits", "1" * 5000, -32700),
    ("a deep array", "[" * 100_000, -32600),
    ("a deep object", '{"a":' * 5000 + "1" + "}" * 5000, -32600),
    ("params nested 200 deep", json.dumps({**REQ, "params": [[[[[[[[[[[[[[[[[[[[0]]]]]]]]]]]]]]]]]]]]}).replace(
        "[0]", "[" * 180 + "0" + "]" * 180), -32600),
    ("a string", json.dumps("system_name"), -32600),
    ("a number", "42", -32600),
    ("null", "null", -32600),
    ("true", "true", -32600),
    ("method is a number", json.dumps({**REQ, "method": 7}), -32600),
    ("method is missing", json.dumps({"jsonrpc": "2.0", "id": 1}), -32600),
    ("id is an object", json.dumps({**REQ, "id": {"a": 1}}), -32600),
    ("id is a list", json.dumps({**REQ, "id": [1]}), -32600),
    ("id is true", json.dumps({**REQ, "id": True}), -32600),
    ("params is a string", json.dumps({**REQ, "method": "chain_getBlockHash", "params": "0x12"}), -32602),
    ("params is a number", json.dumps({**REQ, "method": "state_getStorage", "params": 5}), -32602),
    ("hash is a number", json.dumps({**REQ, "method": "chain_getBlock", "params": [5]}), -32602),
    ("block number is a float", json.dumps({**REQ, "method": "chain_getBlockHash", "params": [1.5]}), -32602),
    ("block number is huge", json.dumps({**REQ, "method": "chain_getBlockHash", "params": [10**30]}), None),
    ("storage key is a list", json.dumps({**REQ, "method": "state_getStorage", "params": [["0x00"]]}), -32602),
    ("keys are a dict", json.dumps({**REQ, "method": "state_queryStorageAt", "params": [{"a": 1}]}), -32602),
    ("count is a string", json.dumps({**REQ, "method": "state_getKeysPaged", "params": ["0x", "10"]}), -32602),
    ("extrinsic is an object", json.dumps({**REQ, "method": "author_submitExtrinsic", "params": [{}]}), -32602),
    ("runtime call of nothing", json.dumps({**REQ, "method": "state_call", "params": [None, None]}), -32602),
    ("an unknown method 10 kB long", json.dumps({**REQ, "method": "x" * 10_000}), -32601),
    ("an empty batch", "[]", -32600),
    ("a batch too big", json.dumps([REQ] * (MAX_BATCH + 1)), -32600),
    ("a batch of junk", json.dumps([1, "a", None]), [-32600, -32600, -32600]),
    ("a batch in a batch", json.dumps([[REQ]]), [-32600]),
]


def _codes(reply):
    if isinstance(reply, list):
        return [r["error"]["code"] for r in reply]
    return reply["error"]["code"] if "error" in reply else None


@pytest.fixture(scope="module")
def server():
    srv = ChainServer().start()
    yield srv
    srv.stop()


def _post(server, body: bytes, source: str | None = None) -> tuple[int, str]:
    conn = http.client.HTTPConnection(server.host, server.port, timeout=30,
                                      source_address=(source, 0) if source else None)
    try:
        conn.request("POST", "/", body=body, headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        return resp.status, resp.read().decode()
    finally:
        conn.close()


@pytest.mark.parametrize("what,text,code", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_a_malformed_request_over_http_gets_a_json_rpc_error(server, what, text, code):
    status, body = _post(server, text.encode())
    assert status == 200, (what, status, body[:200])
    reply = json.loads(body)
    assert _codes(reply) == code, (what, reply)


def test_every_malformed_shape_over_one_websocket_and_it_stays_open(server):
    ws = websocket.create_connection(server.url, timeout=30)
    try:
        for what, text, code in MALFORMED:
            ws.send(text)
            assert _codes(json.loads(ws.recv())) == code, what
        ws.send_binary(json.dumps(REQ).encode())  # JSON in a binary frame: answered like text
        assert json.loads(ws.recv())["result"] == "bittensor-lite"
        ws.send_binary(b"\xff\xfe\x00garbage")
        assert _codes(json.loads(ws.recv())) == -32700
        ws.send(json.dumps([{"jsonrpc": "2.0", "method": "system_name"}]))  # a batch of notifications: no reply
        ws.send(json.dumps(REQ))
        assert json.loads(ws.recv()) == {"jsonrpc": "2.0", "id": 1, "result": "bittensor-lite"}
    finally:
        ws.close()


def test_a_full_batch_is_answered_in_order_and_an_oversized_body_is_not_read(server):
    batch = [{**REQ, "id": i} for i in range(MAX_BATCH)]
    status, body = _post(server, json.dumps(batch).encode())
    assert status == 200 and [r["id"] for r in json.loads(body)] == list(range(MAX_BATCH))
    status, body = _post(server, b"[" + b" " * (MAX_MESSAGE_BYTES + 10) + b"]")
    assert status == 200 and json.loads(body)["error"]["code"] == -32600


def _ws_from(server, source: str) -> websocket.WebSocket:
    """A WebSocket whose client address is ``source`` (127.0.0.0/8 is all this machine: another "machine")."""
    sock = socket.create_connection((server.host, server.port), timeout=30, source_address=(source, 0))
    return websocket.create_connection(server.url, socket=sock, timeout=30)


@pytest.mark.slow
def test_hundreds_of_clients_are_served_while_one_floods(server):
    crowd = [websocket.create_connection(server.url, timeout=60) for _ in range(300)]
    flood = websocket.create_connection(server.url, timeout=60)
    try:
        for i, ws in enumerate(crowd):
            ws.send(json.dumps({"jsonrpc": "2.0", "id": i, "method": "chain_subscribeNewHeads", "params": []}))
        sub_ids = []
        for ws in crowd:
            reply = json.loads(ws.recv())
            sub_ids.append(reply["result"])
            assert json.loads(ws.recv())["method"] == "chain_newHead"  # the current head, right away
        # the flood: subscriptions past the cap are refused, one by one
        refused = 0
        for i in range(MAX_SUBSCRIPTIONS + 20):
            flood.send(json.dumps({"jsonrpc": "2.0", "id": i, "method": "chain_subscribeNewHeads", "params": []}))
            while True:
                msg = json.loads(flood.recv())
                if msg.get("id") == i:
                    refused += "error" in msg
                    break
        assert refused == 20
        # …then it asks for a lot (60 MB of metadata) and reads nothing: its replies pile up on the server
        asked = 600
        for _ in range(asked):
            flood.send(json.dumps({"jsonrpc": "2.0", "id": "meta", "method": "state_getMetadata", "params": []}))
        # meanwhile a newcomer is answered, and a block reaches every one of the 300
        late = websocket.create_connection(server.url, timeout=60)
        late.send(json.dumps(REQ))
        assert json.loads(late.recv())["result"] == "bittensor-lite"
        late.close()
        assert _post(server, json.dumps({**REQ, "method": "dev_newBlock", "params": [{"count": 1}]}).encode())[0] == 200
        for ws, sub_id in zip(crowd, sub_ids, strict=True):
            msg = json.loads(ws.recv())
            assert msg["params"]["subscription"] == sub_id and int(msg["params"]["result"]["number"], 16) >= 1
        # the flooder reads at last: some replies, then the server's goodbye (1008), not all 600
        answered = 0
        while True:
            opcode, data = flood.recv_data(control_frame=True)
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                assert int.from_bytes(data[:2], "big") == server_module.WS_TOO_SLOW
                break
            answered += json.loads(data).get("id") == "meta"
        assert 0 < answered < asked
    finally:
        for ws in [*crowd, flood]:
            ws.close()
    status, body = _post(server, json.dumps(REQ).encode())
    assert status == 200 and json.loads(body)["result"] == "bittensor-lite"


def test_one_other_machine_may_hold_only_so_many_connections(server):
    mine = []
    try:
        for _ in range(server_module.MAX_CONNECTIONS_PER_CLIENT):
            mine.append(_ws_from(server, "127.0.0.2"))
        with pytest.raises(websocket.WebSocketException):
            mine.append(_ws_from(server, "127.0.0.2"))  # the handshake is refused (HTTP 403)
        other = _ws_from(server, "127.0.0.3")  # another learner's machine is still let in
        other.send(json.dumps(REQ))
        assert json.loads(other.recv())["result"] == "bittensor-lite"
        other.close()
        mine.pop(0).close()
        for _ in range(100):  # the server notices the close, then there is room again
            try:
                mine.append(_ws_from(server, "127.0.0.2"))
                break
            except websocket.WebSocketException:
                time.sleep(0.05)
        else:
            raise AssertionError("a closed connection's place was not given back")
    finally:
        for ws in mine:
            ws.close()


# -- the faucet -------------------------------------------------------------------------------------------

@pytest.fixture()
def faucet_chain():
    srv = ChainServer(faucet_tao=1, faucet_every=3600).start()
    yield srv
    srv.stop()


def _drip(server, address: str, source: str) -> dict:
    status, body = _post(server, json.dumps({"jsonrpc": "2.0", "id": 1, "method": "faucet_drip",
                                             "params": [address]}).encode(), source=source)
    assert status == 200
    return json.loads(body)


def test_a_learner_scripting_new_addresses_gets_three_drips_per_window(faucet_chain):
    per_client = faucet_chain.node.faucet.per_client
    addresses = [bl.dev_wallet(f"script{i}").coldkey.ss58_address for i in range(per_client + 2)]
    replies = [_drip(faucet_chain, a, "127.0.0.2") for a in addresses]
    assert ["result" in r for r in replies] == [True] * per_client + [False, False]
    assert all("your machine" in r["error"]["message"] for r in replies[per_client:])
    funded = [faucet_chain.node.runtime.free_balance(a) for a in addresses]
    assert funded == [10**9] * per_client + [0, 0]
    assert "result" in _drip(faucet_chain, addresses[-1], "127.0.0.3")  # another machine is served
    again = _drip(faucet_chain, addresses[-1], "127.0.0.4")
    assert "once every" in again["error"]["message"]  # an address drips once per window, from anywhere


@pytest.mark.slow
def test_the_faucet_gives_at_most_its_budget_per_window(tmp_path):
    from bittensor_lite.chain.node import Node

    node = Node(tmp_path, faucet_tao=1, faucet_every=100)
    try:
        node.faucet.budget = 5
        clients = [f"10.0.0.{i}" for i in range(10)]  # ten machines, each under its own limit
        who = [bl.dev_wallet(f"room{i}").coldkey.ss58_address for i in range(10)]
        for i in range(5):
            node.faucet.drip(node, who[i], now=float(i), client=clients[i])
        with pytest.raises(bl.BittensorLiteError, match="budget of 5"):
            node.faucet.drip(node, who[5], now=50.0, client=clients[5])
        node.faucet.drip(node, who[5], now=100.5, client=clients[5])  # the first drip left the window
        assert node.runtime.free_balance(who[5]) == 10**9
        # a script of many addresses, spread over time, does not grow what the faucet remembers
        node.faucet.every, node.faucet.budget, node.faucet.per_client = 10, 10**6, 10**6
        for t in range(120):
            node.faucet.drip(node, bl.dev_wallet(f"many{t}").coldkey.ss58_address, now=1000.0 + t, client="10.0.1.1"
                             if t % 2 else "10.0.1.2")
        assert len(node.faucet.last) <= 12 and len(node.faucet.recent) <= 11
        assert sum(len(times) for times in node.faucet.by_client.values()) <= 11
    finally:
        node.close()


def test_requests_from_the_chains_own_machine_are_not_held_to_a_clients_limit(faucet_chain):
    per_client = faucet_chain.node.faucet.per_client
    replies = [_drip(faucet_chain, bl.dev_wallet(f"local{i}").coldkey.ss58_address, "127.0.0.1")
               for i in range(per_client + 2)]
    assert all("result" in r for r in replies)  # a room simulated on the instructor's laptop still works
    assert rpc_module.is_loopback("127.0.0.1") and not rpc_module.is_loopback("127.0.0.2")
