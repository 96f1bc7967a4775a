"""The local chain over its real wire: substrate-interface as the client, bad input refused."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
import websocket
from substrateinterface import Keypair, SubstrateInterface
from substrateinterface.exceptions import SubstrateRequestException

from bittensor_lite.chain.execution import BASE_FEE
from bittensor_lite.chain.metadata import build_metadata, spec_version_of
from bittensor_lite.chain.process import chain_answers
from bittensor_lite.chain.rpc import MAX_SUBSCRIPTIONS
from bittensor_lite.chain.server import ChainServer
from bittensor_lite.errors import StateDiscarded

ALICE = Keypair.create_from_uri("//Alice")
BOB = Keypair.create_from_uri("//Bob")


def free(si, who):
    return si.query("System", "Account", [who.ss58_address]).value["data"]["free"]


def nonce(si, who):
    return si.query("System", "Account", [who.ss58_address]).value["nonce"]


def rpc(url, method, params=None):
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params or []}).encode()
    req = urllib.request.Request(url.replace("ws://", "http://") + "/", data=body,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())


def test_chain_identity_and_runtime(si):
    assert si.chain == "Bittensor Lite Local"
    assert si.properties == {"ss58Format": 42, "tokenDecimals": 9, "tokenSymbol": "TAO"}
    si.init_runtime()
    md = build_metadata()
    assert si.runtime_version == md.spec_version == spec_version_of(md.encoded_v15)  # 425·10^4 + a metadata hash
    assert si.runtime_version // 10_000 == 425
    assert si.get_constant("System", "SS58Prefix").value == 42
    assert si.query("Sudo", "Key").value == ALICE.ss58_address
    assert free(si, BOB) == 1_000_000 * 10**9


def test_transfer_signed_by_substrate_interface_pays_a_fee(si):
    a0, b0, n0 = free(si, ALICE), free(si, BOB), nonce(si, ALICE)
    call = si.compose_call("Balances", "transfer_keep_alive", {"dest": BOB.ss58_address, "value": 3 * 10**9})
    receipt = si.submit_extrinsic(si.create_signed_extrinsic(call=call, keypair=ALICE), wait_for_inclusion=True)
    assert receipt.is_success and receipt.total_fee_amount == BASE_FEE
    assert [e.value["event_id"] for e in receipt.triggered_events] == [
        "Withdraw", "Transfer", "TransactionFeePaid", "ExtrinsicSuccess"]
    assert free(si, ALICE) == a0 - 3 * 10**9 - BASE_FEE
    assert free(si, BOB) == b0 + 3 * 10**9
    assert nonce(si, ALICE) == n0 + 1
    block = si.get_block(receipt.block_hash)
    assert [x.value["call"]["call_function"] for x in block["extrinsics"]] == ["set", "transfer_keep_alive"]


def test_failed_extrinsic_names_the_pallet_error_and_changes_only_fee_and_nonce(si):
    a0, n0 = free(si, ALICE), nonce(si, ALICE)
    call = si.compose_call("SubtensorModule", "add_stake",
                           {"hotkey": BOB.ss58_address, "netuid": 0, "amount_staked": 10**12})
    receipt = si.submit_extrinsic(si.create_signed_extrinsic(call=call, keypair=ALICE), wait_for_inclusion=True)
    assert not receipt.is_success
    assert receipt.error_message["name"] == "HotKeyAccountNotExists"
    assert receipt.error_message["type"] == "Module"
    assert free(si, ALICE) == a0 - BASE_FEE and nonce(si, ALICE) == n0 + 1
    assert si.query("SubtensorModule", "TotalHotkeyAlpha", [BOB.ss58_address, 0]).value == 0


def test_sudo_sets_a_hyperparameter_and_non_sudo_is_refused(si):
    call = si.compose_call("SubtensorModule", "register_network", {"hotkey": ALICE.ss58_address})
    receipt = si.submit_extrinsic(si.create_signed_extrinsic(call=call, keypair=BOB), wait_for_inclusion=True)
    assert receipt.is_success
    netuid = next(e.value["attributes"][0] for e in receipt.triggered_events if e.value["event_id"] == "NetworkAdded")
    inner = si.compose_call("AdminUtils", "sudo_set_tempo", {"netuid": netuid, "tempo": 7})
    ok = si.submit_extrinsic(si.create_signed_extrinsic(call=si.compose_call("Sudo", "sudo", {"call": inner}),
                                                        keypair=ALICE), wait_for_inclusion=True)
    assert ok.is_success and si.query("SubtensorModule", "Tempo", [netuid]).value == 7
    assert si.query("SubtensorModule", "Uids", [netuid, ALICE.ss58_address]).value is None  # optional, absent
    refused = si.submit_extrinsic(si.create_signed_extrinsic(call=si.compose_call("Sudo", "sudo", {"call": inner}),
                                                             keypair=BOB), wait_for_inclusion=True)
    assert not refused.is_success and refused.error_message["name"] == "RequireSudo"


def _tamper(xt, offset_from_signature_start=5):
    raw = bytearray(xt.data.data)
    # compact length (2 bytes here) + version + MultiAddress (33) + signature kind byte
    pos = raw.index(bytes.fromhex(ALICE.public_key.hex())) + 32 + 1 + offset_from_signature_start
    raw[pos] ^= 0xFF
    return "0x" + bytes(raw).hex()


def test_forged_signatures_are_refused_and_change_nothing(si, server):
    head = server.node.head["number"]
    a0 = free(si, ALICE)
    call = si.compose_call("Balances", "transfer_keep_alive", {"dest": BOB.ss58_address, "value": 10**9})
    xt = si.create_signed_extrinsic(call=call, keypair=ALICE)
    res = rpc(server.url, "author_submitExtrinsic", [_tamper(xt)])
    assert res["error"]["code"] == 1010 and res["error"]["data"].startswith("BadProof")
    # Bob signs a payload but the extrinsic claims to come from Alice
    forged = si.create_signed_extrinsic(call=call, keypair=ALICE,
                                        signature=BOB.sign(si.generate_signature_payload(call, nonce=nonce(si, ALICE))))
    with pytest.raises(SubstrateRequestException, match="BadProof"):
        si.submit_extrinsic(forged, wait_for_inclusion=True)
    assert server.node.head["number"] == head and free(si, ALICE) == a0


def test_replays_and_wrong_nonces_are_refused(si):
    call = si.compose_call("System", "remark", {"remark": "0x01"})
    xt = si.create_signed_extrinsic(call=call, keypair=BOB)
    assert si.submit_extrinsic(xt, wait_for_inclusion=True).is_success
    with pytest.raises(SubstrateRequestException, match="Stale"):
        si.submit_extrinsic(xt, wait_for_inclusion=True)
    ahead = si.create_signed_extrinsic(call=call, keypair=BOB, nonce=nonce(si, BOB) + 5)
    with pytest.raises(SubstrateRequestException, match="Future"):
        si.submit_extrinsic(ahead, wait_for_inclusion=True)


def test_mortal_eras_are_checked(si):
    call = si.compose_call("System", "remark", {"remark": "0x02"})
    assert si.submit_extrinsic(si.create_signed_extrinsic(call=call, keypair=BOB, era={"period": 64}),
                               wait_for_inclusion=True).is_success
    head = si.get_block_number(None)
    future = si.create_signed_extrinsic(call=call, keypair=BOB, era={"period": 64, "current": head + 40},
                                        signature="0x" + "00" * 64)
    with pytest.raises(SubstrateRequestException, match="AncientBirthBlock"):
        si.submit_extrinsic(future, wait_for_inclusion=True)


def test_unpayable_fee_is_refused_before_any_block(si, server):
    poor = Keypair.create_from_uri("//NobodyFundedMe")
    call = si.compose_call("System", "remark", {"remark": "0x03"})
    head = server.node.head["number"]
    with pytest.raises(SubstrateRequestException, match="Payment"):
        si.submit_extrinsic(si.create_signed_extrinsic(call=call, keypair=poor), wait_for_inclusion=True)
    assert server.node.head["number"] == head


def test_malformed_requests_get_json_rpc_errors(server):
    ws = websocket.create_connection(server.url, timeout=10)
    try:
        cases = [
            ("not json at all", -32700),
            (json.dumps({"jsonrpc": "2.0", "id": 1, "method": "no_such_method", "params": []}), -32601),
            (json.dumps({"jsonrpc": "2.0", "id": 2, "method": "state_getStorage", "params": ["zz"]}), -32602),
            (json.dumps({"jsonrpc": "2.0", "id": 3, "method": "author_submitExtrinsic", "params": ["0x1234"]}), 1002),
            (json.dumps({"jsonrpc": "2.0", "id": 4, "method": "author_submitExtrinsic", "params": ["0x"]}), 1002),
            (json.dumps({"jsonrpc": "2.0", "id": 5, "method": "chain_getHeader", "params": [7]}), -32602),
            (json.dumps({"jsonrpc": "2.0", "id": 10, "method": "chain_getBlockHash", "params": ["0xzz"]}), -32602),
            (json.dumps([1, 2]), [-32600, -32600]),  # a batch of two invalid requests: two errors
            (json.dumps({"jsonrpc": "2.0", "id": 6, "method": "dev_newBlock", "params": [{"count": -3}]}), -32602),
            (json.dumps({"jsonrpc": "2.0", "id": 7, "method": "dev_setBalance", "params": ["nobody", 5]}), 1002),
            (json.dumps({"jsonrpc": "2.0", "id": 8, "method": "state_getKeysPaged", "params": ["0x", 10**9]}),
             -32602),
        ]
        for text, code in cases:
            ws.send(text)
            reply = json.loads(ws.recv())
            if isinstance(code, list):
                assert [r["error"]["code"] for r in reply] == code, (text, reply)
            else:
                assert reply["error"]["code"] == code, (text, reply)
        # a truncated signed extrinsic: a real one cut short
        si = SubstrateInterface(url=server.url)
        xt = si.create_signed_extrinsic(si.compose_call("System", "remark", {"remark": "0x04"}), keypair=BOB)
        ws.send(json.dumps({"jsonrpc": "2.0", "id": 9, "method": "author_submitExtrinsic",
                            "params": [str(xt.data)[:-10]]}))
        assert json.loads(ws.recv())["error"]["code"] == 1002
        ws.send(json.dumps({"jsonrpc": "2.0", "id": 11, "method": "chain_getHeader", "params": ["0x" + "00" * 32]}))
        assert json.loads(ws.recv()) == {"jsonrpc": "2.0", "id": 11, "result": None}  # unknown block: null, as a node
        si.close()
    finally:
        ws.close()
    assert rpc(server.url, "system_health")["result"]["peers"] == 0


def test_oversized_messages_and_subscription_floods_do_not_hurt_the_node(server):
    huge = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "system_name", "params": ["x" * (2 << 20)]})
    ws = websocket.create_connection(server.url, timeout=10)
    with pytest.raises((websocket.WebSocketConnectionClosedException, ConnectionError, OSError)):
        ws.send(huge)  # the server closes the connection (1009, message too big), maybe mid-send
        ws.recv()
        ws.recv()
    body = huge.encode()
    req = urllib.request.Request(server.url.replace("ws://", "http://") + "/", data=body)
    with urllib.request.urlopen(req, timeout=10) as resp:
        assert json.loads(resp.read())["error"]["code"] == -32600
    ws = websocket.create_connection(server.url, timeout=10)
    errors = 0
    for i in range(MAX_SUBSCRIPTIONS + 10):
        ws.send(json.dumps({"jsonrpc": "2.0", "id": i, "method": "chain_subscribeNewHeads", "params": []}))
        while True:
            msg = json.loads(ws.recv())
            if msg.get("id") == i:
                errors += "error" in msg
                break
    ws.close()
    assert errors == 10
    assert rpc(server.url, "system_name")["result"] == "bittensor-lite"


def test_new_heads_subscription_sees_blocks(si, server):
    seen = []

    def handler(header, update_nr, sub_id):
        seen.append(header["header"]["number"])
        if update_nr == 0:
            rpc(server.url, "dev_newBlock", [{"count": 2}])
        if len(seen) >= 3:
            return seen

    result = si.subscribe_block_headers(handler)
    assert result[1] == result[0] + 1 and result[2] == result[0] + 2


def test_dev_rpcs_new_blocks_balances_snapshot_revert(server, si):
    head = server.node.head["number"]
    snap = rpc(server.url, "dev_snapshot")["result"]
    rpc(server.url, "dev_newBlock", [{"count": 5}])
    assert server.node.head["number"] == head + 5
    rpc(server.url, "dev_setBalance", [BOB.ss58_address, 42])
    assert free(si, BOB) == 42
    assert rpc(server.url, "dev_revert", [snap])["result"] is True
    assert server.node.head["number"] == head
    assert free(si, BOB) != 42


def _dump(node, block_hash=None):
    """Every storage item of a block, as the node answers for it (every item must encode)."""
    return {k: node.storage(k, block_hash) for k in node.storage_keys(b"", block_hash)}


def _busy_chain(srv, blocks, seen):
    """A chain whose state changes every block — a subnet with a short tempo (epochs every few blocks),
    neurons registered by burn and staked to, dev balances — built over the wire, then ``blocks`` more
    blocks; ``seen[hash]`` is the whole storage as read while that block was the head (the last read wins)."""
    import bittensor_lite as bl

    node = srv.node
    sub = bl.connect(srv.url)
    netuid = sub.register_network(bl.dev_wallet("Alice"))
    sub.dev.sudo_set(netuid, "tempo", 4)
    for i in range(3):
        w = bl.dev_wallet(f"window-{i}")
        sub.dev.set_balance(w.coldkey.ss58_address, 10**12)
        seen[node.head["hash"]] = _dump(node)  # a dev operation: part of the head block's state from now on
        sub.burned_register(w, netuid)
    sub.add_stake(bl.dev_wallet("window-0"), 5.0)
    sub.close()
    for i in range(blocks):
        if i % 7 == 3:
            node.set_balance(ALICE.ss58_address if i % 2 else BOB.ss58_address, 10**15 + i)
        seen[node.head["hash"]] = _dump(node)
        node.produce_blocks(1)
    seen[node.head["hash"]] = _dump(node)
    return netuid


@pytest.mark.slow  # 300 busy blocks, every storage item read at each
def test_recent_blocks_read_as_they_were_while_head_and_older_ones_are_discarded():
    from bittensor_lite.chain.node import REBUILT_KEPT, SNAPSHOT_EVERY, STATE_WINDOW

    srv = ChainServer().start()
    node = srv.node
    try:
        seen = {}
        _busy_chain(srv, STATE_WINDOW + 40, seen)
        head = node.head["number"]
        for n in range(head - STATE_WINDOW + 1, head + 1):
            h = node.block_hash(n)
            assert _dump(node, h) == seen[h], f"block #{n} reads differently from when it was the head"
        # memory stays bounded: the snapshots that reach back over the window, a few rebuilt states
        assert len(node._bases) <= STATE_WINDOW // SNAPSHOT_EVERY + 2 and len(node._rebuilt) <= REBUILT_KEPT
        old = node.block_hash(head - STATE_WINDOW)
        with pytest.raises(StateDiscarded, match=f"keeps the state of the last {STATE_WINDOW} blocks"):
            node.storage(next(k for k in seen[old] if k[:16] != node.codec.storage_key("System", "Events")[:16]),
                         old)
        with pytest.raises(StateDiscarded):
            node.storage_keys(b"", old)
        events = node.codec.storage_key("System", "Events")
        assert node.storage(events, old) == seen[old][events]  # block-level items of any block stay
    finally:
        srv.stop()


@pytest.mark.slow  # a busy chain, stopped or killed, then every recent block read again
@pytest.mark.parametrize("clean", [True, False])
def test_recent_reads_survive_a_restart(tmp_path, clean):
    from bittensor_lite.chain.node import STATE_WINDOW, Node

    srv = ChainServer(state_dir=tmp_path).start()
    seen = {}
    _busy_chain(srv, 300, seen)  # crosses a checkpoint (every 256 blocks)
    head = srv.node.head["number"]
    if not clean:  # as after kill -9: no closing checkpoint; the periodic one and the blocks after it
        srv.node.close = srv.node.store.close
    srv.stop()
    again = Node(tmp_path)
    try:
        assert again.head["number"] == head
        for n in range(head, head - STATE_WINDOW, -1):  # newest first: each read rebuilds from a base
            h = again.block_hash(n)
            assert _dump(again, h) == seen[h], f"block #{n} after the restart"
        with pytest.raises(StateDiscarded):
            again.storage_keys(b"", again.block_hash(head - STATE_WINDOW))
    finally:
        again.close()


# -- a real process: start, kill -9, restart -----------------------------------------------------------------

def _start(port, state):
    proc = subprocess.Popen([sys.executable, "-m", "bittensor_lite.chain", "start", "--port", str(port),
                             "--state", str(state)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 60
    while not chain_answers(port=port, timeout=0.5):
        assert proc.poll() is None, proc.stdout.read()
        assert time.monotonic() < deadline
        time.sleep(0.1)
    return proc


@pytest.mark.slow
def test_included_blocks_survive_kill_9_and_the_chain_continues(tmp_path, free_port):
    port = free_port()
    proc = _start(port, tmp_path)
    try:
        si = SubstrateInterface(url=f"ws://127.0.0.1:{port}")
        for value in (1, 2, 3):
            call = si.compose_call("Balances", "transfer_keep_alive", {"dest": BOB.ss58_address, "value": value * 10**9})
            assert si.submit_extrinsic(si.create_signed_extrinsic(call=call, keypair=ALICE),
                                       wait_for_inclusion=True).is_success
        rpc(f"ws://127.0.0.1:{port}", "dev_setBalance", [Keypair.create_from_uri("//Dave").ss58_address, 77])
        rpc(f"ws://127.0.0.1:{port}", "dev_newBlock", [{"count": 300}])  # crosses a checkpoint
        head, head_hash = si.get_block_number(None), si.get_chain_head()
        bob, alice_nonce = free(si, BOB), nonce(si, ALICE)
        si.close()
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    proc = _start(port, tmp_path)
    try:
        si = SubstrateInterface(url=f"ws://127.0.0.1:{port}")
        assert si.get_block_number(None) == head and si.get_chain_head() == head_hash
        assert free(si, BOB) == bob and nonce(si, ALICE) == alice_nonce
        assert si.query("System", "Account", [Keypair.create_from_uri("//Dave").ss58_address]).value["data"]["free"] == 77
        call = si.compose_call("System", "remark", {"remark": "0x05"})
        assert si.submit_extrinsic(si.create_signed_extrinsic(call=call, keypair=ALICE),
                                   wait_for_inclusion=True).is_success
        assert si.get_block_number(None) == head + 1
        si.close()
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=20)
    assert proc.returncode == 0 and "stopped at block" in out


def test_ed25519_signers_are_verified_too(si, server):
    from substrateinterface import KeypairType

    ed = Keypair.create_from_mnemonic(Keypair.generate_mnemonic(), crypto_type=KeypairType.ED25519)
    rpc(server.url, "dev_setBalance", [ed.ss58_address, 10**10])
    call = si.compose_call("Balances", "transfer_keep_alive", {"dest": BOB.ss58_address, "value": 10**9})
    receipt = si.submit_extrinsic(si.create_signed_extrinsic(call=call, keypair=ed), wait_for_inclusion=True)
    assert receipt.is_success and free(si, ed) == 10**10 - 10**9 - BASE_FEE
    other = Keypair.create_from_mnemonic(Keypair.generate_mnemonic(), crypto_type=KeypairType.ED25519)
    forged = si.create_signed_extrinsic(call=call, keypair=ed, signature=other.sign(
        si.generate_signature_payload(call, nonce=nonce(si, ed))))
    with pytest.raises(SubstrateRequestException, match="BadProof"):
        si.submit_extrinsic(forged, wait_for_inclusion=True)


@pytest.mark.slow
def test_latest_reads_survive_a_head_that_moves_mid_read():
    """The live backend pins a block hash for a consistent read; when a block arrives mid-read the node
    answers at the pinned (now older) block from its recent states: no StateDiscarded, no retry.

    The head is moved deterministically: a new block is sealed between two of a read's requests.
    """
    import bittensor_lite as bl

    srv = ChainServer().start()
    try:
        sub = bl.connect(srv.url)
        netuid = sub.register_network(bl.dev_wallet("Alice"))
        discarded = []
        pending_move = []
        original = sub.backend.substrate.rpc_request

        def watching(method, params, result_handler=None):
            if method.startswith("state_") and pending_move:
                pending_move.pop()
                srv.node.produce_blocks(1)  # the head moves on in the middle of this read
            try:
                response = original(method, params, result_handler=result_handler)
            except SubstrateRequestException as exc:
                discarded.append("State already discarded" in str(exc))
                raise
            return response

        sub.backend.substrate.rpc_request = watching
        rebuilds = srv.node.rebuilds
        for _ in range(10):
            pending_move.append(True)
            assert sub.metagraph(netuid).n == 0
            pending_move.append(True)
            assert sub.get_subnet_hyperparameters(netuid)["tempo"] == 360
        assert not any(discarded), "a read at the pinned block failed with StateDiscarded"
        assert srv.node.rebuilds > rebuilds, "the head never moved mid-read: no older block was read"
        sub.close()
    finally:
        srv.stop()


def test_register_limit_and_spec_425_subnet_items_over_the_wire(si):
    """register_limit (call 134) refuses a burn above the limit; the spec-425 items a client reads decode."""
    owner_hot, hot = Keypair.create_from_uri("//RegisterLimitOwner"), Keypair.create_from_uri("//RegisterLimit")
    call = si.compose_call("SubtensorModule", "register_network", {"hotkey": owner_hot.ss58_address})
    receipt = si.submit_extrinsic(si.create_signed_extrinsic(call=call, keypair=BOB), wait_for_inclusion=True)
    assert receipt.is_success
    netuid = next(e.value["attributes"][0] for e in receipt.triggered_events if e.value["event_id"] == "NetworkAdded")
    burn = si.query("SubtensorModule", "Burn", [netuid]).value
    low = si.compose_call("SubtensorModule", "register_limit",
                          {"netuid": netuid, "hotkey": hot.ss58_address, "limit_price": burn // 2})
    refused = si.submit_extrinsic(si.create_signed_extrinsic(call=low, keypair=ALICE), wait_for_inclusion=True)
    assert not refused.is_success and refused.error_message["name"] == "RegistrationPriceLimitExceeded"
    assert si.query("SubtensorModule", "Uids", [netuid, hot.ss58_address]).value is None
    a0 = free(si, ALICE)
    ok = si.compose_call("SubtensorModule", "register_limit",
                         {"netuid": netuid, "hotkey": hot.ss58_address, "limit_price": burn})
    receipt = si.submit_extrinsic(si.create_signed_extrinsic(call=ok, keypair=ALICE), wait_for_inclusion=True)
    assert receipt.is_success
    assert si.query("SubtensorModule", "Uids", [netuid, hot.ss58_address]).value is not None
    assert 0 < a0 - free(si, ALICE) - BASE_FEE <= burn  # the burn at inclusion (it only decays), within the limit
    # the items today's SDK reads about a subnet
    registered = si.query("SubtensorModule", "NetworkRegisteredAt", [netuid]).value
    assert si.query("SubtensorModule", "FirstEmissionBlockNumber", [netuid]).value == registered + 1
    assert si.query("SubtensorModule", "FirstEmissionBlockNumber", [0]).value is None  # root: never emitted to
    assert si.query("SubtensorModule", "MechanismCountCurrent", [netuid]).value == 1
    assert si.query("SubtensorModule", "NetworksAdded", [netuid]).value is True
    assert si.query("SubtensorModule", "SubnetOwner", [netuid]).value == BOB.ss58_address
    block, ema = si.query("SubtensorModule", "SubnetEmaTaoFlow", [netuid]).value
    assert registered < block <= si.get_block_number(si.get_chain_head())
    assert isinstance(ema["bits"], int)  # I64F64, as substrate_fixed's composite of its bits
    assert si.query("SubtensorModule", "SubnetEmaTaoFlow", [0]).value is None
    assert si.query("SubtensorModule", "SubnetEmaProtocolFlow", [netuid]).value[0] == block
    keys = [k.value for k, _ in si.query_map("SubtensorModule", "SubnetEmaTaoFlow")]
    assert netuid in keys and 0 not in keys  # no entry for root in the map either
