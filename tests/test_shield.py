"""The MEV shield on the local chain: ``MevShield.submit_encrypted`` carries an encrypted extrinsic.

The client side here is written from the pallet's description, with the same libraries' roles as
the real SDK: ML-KEM-768 encapsulation to the announced ``MevShield.NextKey`` (``cryptography``),
the signed inner extrinsic sealed with XChaCha20-Poly1305 under the shared secret (libsodium via
PyNaCl), framed as ``key_hash || kem_len || kem_ct || nonce || aead_ct``.
"""

from __future__ import annotations

import json
import os
import urllib.request

import pytest
from cryptography.hazmat.primitives.asymmetric.mlkem import MLKEM768PrivateKey, MLKEM768PublicKey
from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_encrypt
from substrateinterface import Keypair, SubstrateInterface
from substrateinterface.utils.hasher import xxh128

from bittensor_lite.chain.execution import BASE_FEE
from bittensor_lite.chain.server import ChainServer
from bittensor_lite.errors import InvalidTransaction
from bittensor_lite.scale import blake2_256, encode_compact

ALICE = Keypair.create_from_uri("//Alice")


def shield(enc_key: bytes, plaintext: bytes) -> bytes:
    """Encrypt ``plaintext`` to ``enc_key`` as a client does for ``submit_encrypted``."""
    shared, kem_ct = MLKEM768PublicKey.from_public_bytes(enc_key).encapsulate()
    nonce = os.urandom(24)
    sealed = crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, None, nonce, shared)
    return bytes(xxh128(enc_key)) + len(kem_ct).to_bytes(2, "little") + kem_ct + nonce + sealed


@pytest.fixture(scope="module")
def server():
    srv = ChainServer(ready_subnet=True).start()
    yield srv
    srv.stop()


def _signed(si, call: tuple[str, str, dict], nonce: int, signer=ALICE, period: int | None = 8) -> bytes:
    composed = si.compose_call(*call)
    era = {"period": period} if period else None
    return bytes(si.create_signed_extrinsic(composed, signer, nonce=nonce, era=era).data.data)


def _register(si, netuid: int, hotkey: str, nonce: int) -> bytes:
    return _signed(si, ("SubtensorModule", "burned_register", {"netuid": netuid, "hotkey": hotkey}), nonce)


def _carrier(si, ciphertext: bytes, nonce: int, period: int | None = 8) -> bytes:
    return _signed(si, ("MevShield", "submit_encrypted", {"ciphertext": "0x" + ciphertext.hex()}), nonce,
                   period=period)


def _rpc(url, method, params):
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode()
    req = urllib.request.Request(url.replace("ws://", "http://") + "/", data=body,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())


def _chain_snapshot(node):
    state = node.runtime.state
    return node.head["hash"], dict(state.nonces), dict(state.balances), len(node.pool.pending)


def test_the_author_announces_its_ml_kem_key(si, server):
    node = server.node
    next_key = si.query("MevShield", "NextKey").value
    key = bytes.fromhex(next_key[2:]) if isinstance(next_key, str) else bytes(next_key)
    assert key == node.shield.enc_key and len(key) == 1184
    MLKEM768PublicKey.from_public_bytes(key)  # a well-formed ML-KEM-768 encapsulation key
    head = node.head["number"]
    assert si.query("MevShield", "NextKeyExpiresAt").value == head + 3
    assert si.query("MevShield", "PendingKeyExpiresAt").value == head + 2
    assert si.query("MevShield", "PendingKey").value == si.query("MevShield", "CurrentKey").value == next_key
    md = node.codec.metadata.pallet("MevShield")
    assert md.index == 30 and [(i, n, [a[0] for a in args]) for i, n, args in md.calls] == [
        (1, "submit_encrypted", ["ciphertext"])]


def test_an_encrypted_burned_register_lands_in_the_carriers_block(si, server):
    node = server.node
    netuid = max(node.runtime.state.subnets)
    hotkey = Keypair.create_from_uri("//shield-hotkey-1").ss58_address
    n = si.get_account_nonce(ALICE.ss58_address)
    free0 = node.runtime.free_balance(ALICE.ss58_address)
    inner = _register(si, netuid, hotkey, n + 1)
    ciphertext = shield(node.shield.enc_key, inner)
    carrier = _carrier(si, ciphertext, n)
    answer = si.rpc_request("author_submitExtrinsic", ["0x" + carrier.hex()])  # over the wire, like a wallet
    assert answer["result"] == "0x" + blake2_256(carrier).hex()
    block = node.head
    assert block["extrinsics"][1:] == ["0x" + carrier.hex(), "0x" + inner.hex()]  # carrier, then the inner one
    assert node.runtime.state.subnets[netuid].uid_of(hotkey) is not None
    assert node.runtime.state.nonces[ALICE.ss58_address] == n + 2
    events = si.get_events(block["hash"])
    by_xt = {}
    for e in events:
        by_xt.setdefault(e.value["extrinsic_idx"], []).append((e.value["module_id"], e.value["event_id"]))
    assert ("MevShield", "EncryptedSubmitted") in by_xt[1] and ("System", "ExtrinsicSuccess") in by_xt[1]
    assert ("SubtensorModule", "NeuronRegistered") in by_xt[2] and ("System", "ExtrinsicSuccess") in by_xt[2]
    shielded = next(e.value["attributes"] for e in events if e.value["event_id"] == "EncryptedSubmitted")
    wrapper_id = blake2_256(ALICE.public_key + encode_compact(len(ciphertext)) + ciphertext)
    assert shielded["who"] == ALICE.ss58_address and shielded["id"] == "0x" + wrapper_id.hex()
    burn = free0 - node.runtime.free_balance(ALICE.ss58_address) - 2 * BASE_FEE
    assert burn > 0  # both extrinsics paid their fee, and the registration burned


def _refused(node, raw: bytes) -> InvalidTransaction:
    before = _chain_snapshot(node)
    with pytest.raises(InvalidTransaction) as info:
        node.submit(raw)
    assert _chain_snapshot(node) == before  # nothing changed: no block, no nonce, no fee
    return info.value


def test_garbage_forged_and_stale_ciphertexts_are_refused_and_change_nothing(si, server):
    node = server.node
    netuid = max(node.runtime.state.subnets)
    hotkey = Keypair.create_from_uri("//shield-hotkey-2").ss58_address
    n = si.get_account_nonce(ALICE.ss58_address)
    good = shield(node.shield.enc_key, _register(si, netuid, hotkey, n + 1))

    garbage = _carrier(si, b"\x01\x02\x03\x04\x05", n)
    err = _refused(node, garbage)
    answer = _rpc(server.url, "author_submitExtrinsic", ["0x" + garbage.hex()])  # what a wallet is told
    assert answer["error"]["code"] == 1010 and answer["error"]["data"].startswith(
        "Custom error: 23 (FailedShieldedTxParsing): 5 bytes")
    assert (err.reason, err.detail[:28]) == ("Custom error", "23 (FailedShieldedTxParsing)")

    forged_aead = good[:-1] + bytes([good[-1] ^ 1])
    err = _refused(node, _carrier(si, forged_aead, n))
    assert err.detail.startswith("23 (FailedShieldedTxParsing)") and "does not open" in err.detail
    forged_kem = good[:18] + bytes([good[18] ^ 0x80]) + good[19:]
    assert "does not open" in _refused(node, _carrier(si, forged_kem, n)).detail
    truncated = good[:18 + 500]
    assert _refused(node, _carrier(si, truncated, n)).detail.startswith("23 (FailedShieldedTxParsing)")

    other_key = MLKEM768PrivateKey.generate().public_key().public_bytes_raw()  # e.g. an earlier chain's key
    err = _refused(node, _carrier(si, shield(other_key, _register(si, netuid, hotkey, n + 1)), n))
    assert err.detail.startswith("24 (InvalidShieldedTxPubKeyHash)") and "stale or foreign key" in err.detail
    relabelled = bytes(xxh128(node.shield.enc_key)) + shield(other_key, b"x" * 40)[16:]
    assert "does not open" in _refused(node, _carrier(si, relabelled, n)).detail

    # the carrier itself must be mortal, at most 8 blocks (the runtime's CheckMortality)
    assert _refused(node, _carrier(si, good, n, period=None)).reason == "Stale"
    assert _refused(node, _carrier(si, good, n, period=64)).reason == "Stale"
    assert node.runtime.state.subnets[netuid].uid_of(hotkey) is None


def test_a_bad_inner_extrinsic_refuses_the_carrier_too(si, server):
    node = server.node
    netuid = max(node.runtime.state.subnets)
    hotkey = Keypair.create_from_uri("//shield-hotkey-3").ss58_address
    key = node.shield.enc_key
    n = si.get_account_nonce(ALICE.ss58_address)

    err = _refused(node, _carrier(si, shield(key, bytes((i * 7 + 13) & 0xFF for i in range(64))), n))
    assert err.detail.startswith("23 (FailedShieldedTxParsing)") and "not an extrinsic" in err.detail
    err = _refused(node, _carrier(si, shield(key, _register(si, netuid, hotkey, n)), n))  # the carrier's nonce
    assert err.reason == "Stale" and err.detail.startswith("inner extrinsic:")
    err = _refused(node, _carrier(si, shield(key, _register(si, netuid, hotkey, n + 2)), n))
    assert err.reason == "Future" and err.detail.startswith("inner extrinsic:")
    inner = bytearray(_register(si, netuid, hotkey, n + 1))
    inner[40] ^= 1  # inside the signature
    assert _refused(node, _carrier(si, shield(key, bytes(inner)), n)).reason == "BadProof"
    nested = _carrier(si, shield(key, _register(si, netuid, hotkey, n + 2)), n + 1)
    err = _refused(node, _carrier(si, shield(key, nested), n))
    assert "itself a submit_encrypted" in err.detail
    assert node.runtime.state.subnets[netuid].uid_of(hotkey) is None


def test_the_carrier_needs_a_signed_origin():
    from bittensor_lite.errors import BadOrigin
    from bittensor_lite.runtime import Runtime
    from bittensor_lite.runtime.state import ROOT

    with pytest.raises(BadOrigin):
        Runtime().dispatch("submit_encrypted", ROOT, ciphertext=b"\x00" * 40)


def test_a_waiting_carrier_hides_its_inner_extrinsic_and_counts_its_nonce(si, server):
    node = server.node
    netuid = max(node.runtime.state.subnets)
    hotkey = Keypair.create_from_uri("//shield-hotkey-4").ss58_address
    n = si.get_account_nonce(ALICE.ss58_address)
    inner = _register(si, netuid, hotkey, n + 1)
    carrier = _carrier(si, shield(node.shield.enc_key, inner), n)
    node.block_time = 3600.0  # no instant seal: the carrier waits in the pool
    try:
        node.submit(carrier)
        assert si.rpc_request("author_pendingExtrinsics", [])["result"] == ["0x" + carrier.hex()]
        assert node.next_nonce(ALICE.ss58_address) == n + 2
        node.produce_blocks(1)
    finally:
        node.block_time = 0.0
    assert node.head["extrinsics"][1:] == ["0x" + carrier.hex(), "0x" + inner.hex()]
    assert node.runtime.state.subnets[netuid].uid_of(hotkey) is not None


def test_a_shielded_block_replays_after_a_restart_with_the_same_key(tmp_path):
    from bittensor_lite.chain.node import Node

    srv = ChainServer(state_dir=tmp_path, ready_subnet=True).start()
    try:
        si = SubstrateInterface(url=srv.url)
        node = srv.node
        netuid = max(node.runtime.state.subnets)
        hotkey = Keypair.create_from_uri("//shield-hotkey-5").ss58_address
        n = si.get_account_nonce(ALICE.ss58_address)
        node.submit(_carrier(si, shield(node.shield.enc_key, _register(si, netuid, hotkey, n + 1)), n))
        si.close()
        key, head = node.shield.enc_key, node.head["hash"]
    finally:
        srv.stop()
    again = Node(tmp_path)
    try:
        assert again.shield.enc_key == key and again.head["hash"] == head
        again.runtime.state = again.genesis_state  # rebuild every block from genesis, as a read of an old block does
        again._replay(again.runtime, 0, 0, again.head["number"])
        assert again.runtime.state.subnets[netuid].uid_of(hotkey) is not None
    finally:
        again.close()
