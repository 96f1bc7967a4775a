"""The live backend's extrinsics (backends/extrinsics.py): few requests each, the same errors, nonces that recover."""

from __future__ import annotations

import collections

import pytest
from substrateinterface import Keypair, SubstrateInterface, base

import bittensor_lite as bl
from bittensor_lite.errors import ChainError, InvalidTransaction

ALICE = Keypair.create_from_uri("//Alice")


class Requests:
    """Counts every JSON-RPC request any substrate-interface client sends (as bench/chain.py's NodeShare does)."""

    def __enter__(self):
        self.by_method: collections.Counter[str] = collections.Counter()
        original = self._original = base.SubstrateInterface.rpc_request

        def counted(client, method, params, *a, **k):
            self.by_method[method] += 1
            return original(client, method, params, *a, **k)

        base.SubstrateInterface.rpc_request = counted
        return self

    def __exit__(self, *exc):
        base.SubstrateInterface.rpc_request = self._original

    @property
    def total(self) -> int:
        return sum(self.by_method.values())


@pytest.fixture()
def live(server):
    sub = bl.connect(server.url)
    yield sub
    sub.close()


def _subnet(sub) -> int:
    netuid = sub.register_network(bl.dev_wallet("Alice"))
    for name in ("max_regs_per_block", "target_regs_per_interval"):
        sub.dev.sudo_set(netuid, name, 64)
    return netuid


def test_a_burned_register_costs_at_most_four_requests_and_a_known_signer_three(live):
    netuid = _subnet(live)
    wallets = [bl.dev_wallet(f"few-rpcs{i}") for i in range(6)]
    for w in wallets:
        live.dev.set_balance(w.coldkey, 10**12)
        w.hotkey  # noqa: B018  (derived before counting)
    with Requests() as first:
        uid = live.burned_register(wallets[0], netuid)
    with Requests() as rest:
        uids = [live.burned_register(w, netuid) for w in wallets[1:]]
    assert [uid, *uids] == list(range(uid, uid + 6))  # the UIDs, from NeuronRegistered, as before
    # a new coldkey: its nonce, the submission (watched until final), its block's extrinsics, that block's events
    assert first.total <= 4, first.by_method
    assert rest.total <= 4 * len(uids), rest.by_method  # flat: no request grows with the registrations before it
    dest = bl.dev_wallet("few-rpcs-dest").coldkey.ss58_address
    with Requests() as known:
        for _ in range(3):
            live.backend.submit("transfer_allow_death", ALICE, dest=dest, value=1)
    assert known.total <= 3 * 3 and known.by_method["system_accountNextIndex"] == 0, known.by_method


def test_the_nonce_counted_here_recovers_after_another_client_used_the_account(live, server):
    dest = bl.dev_wallet("nonce-dest").coldkey.ss58_address
    live.backend.submit("transfer_allow_death", ALICE, dest=dest, value=1)  # Alice's nonce now counted here
    other = SubstrateInterface(url=server.url)  # another client (another process, a terminal) signs as Alice
    try:
        for _ in range(2):
            call = other.compose_call("Balances", "transfer_allow_death", {"dest": dest, "value": 1})
            assert other.submit_extrinsic(other.create_signed_extrinsic(call=call, keypair=ALICE),
                                          wait_for_inclusion=True).is_success
    finally:
        other.close()
    before = live.get_balance(dest).rao
    with Requests() as sent:
        live.backend.submit("transfer_allow_death", ALICE, dest=dest, value=1)  # stale nonce: refused, re-read, sent
    assert live.get_balance(dest).rao == before + 1
    assert sent.by_method["author_submitAndWatchExtrinsic"] == 2 and sent.by_method["system_accountNextIndex"] == 1
    with Requests() as again:
        live.backend.submit("transfer_allow_death", ALICE, dest=dest, value=1)
    assert again.by_method["author_submitAndWatchExtrinsic"] == 1 and again.by_method["system_accountNextIndex"] == 0


def test_a_revert_takes_the_nonces_back_with_the_chain(live):
    dest = bl.dev_wallet("revert-dest").coldkey.ss58_address
    snap = live.dev.snapshot()
    live.backend.submit("transfer_allow_death", ALICE, dest=dest, value=5)
    live.dev.revert(snap)
    live.backend.submit("transfer_allow_death", ALICE, dest=dest, value=7)
    assert live.get_balance(dest).rao == 7


def test_errors_are_named_as_before(live):
    netuid = _subnet(live)
    w = bl.dev_wallet("errors-miner")
    live.dev.set_balance(w.coldkey, 10**12)
    live.burned_register(w, netuid)
    with pytest.raises(ChainError) as exc:  # a failed dispatch: the pallet's error by name
        live.burned_register(w, netuid)
    assert exc.value.name == "HotKeyAlreadyRegisteredInSubNet"
    with pytest.raises(ChainError) as exc:
        live.add_stake(w, 2000, netuid=netuid)  # more TAO than it has
    assert exc.value.name == "NotEnoughBalanceToStake"
    with Requests() as after_failure:  # a failed dispatch still used its nonce: counted, no re-read
        live.backend.submit("transfer_allow_death", w.coldkey, dest=ALICE.ss58_address, value=1)
    assert after_failure.by_method["system_accountNextIndex"] == 0
    backend = live.backend
    with pytest.raises(ChainError) as exc:  # Sudo's own dispatch succeeds; its Sudid event carries the Err
        backend.submit("sudo", ALICE, call=backend.compose("sudo_set_tempo", {"netuid": 999, "tempo": 7}))
    assert exc.value.name == "SubnetDoesNotExist"  # AdminUtils names it so
    with pytest.raises(ChainError) as exc:  # not the sudo key: Sudo's own error
        backend.submit("sudo", w.coldkey, call=backend.compose("sudo_set_tempo", {"netuid": netuid, "tempo": 7}))
    assert exc.value.name == "RequireSudo"
    poor = Keypair.create_from_uri("//live-submit-poor")
    with pytest.raises(InvalidTransaction) as refused:  # refused by the pool, with the chain's reason
        backend.submit("transfer_allow_death", poor, dest=ALICE.ss58_address, value=1)
    assert refused.value.reason == "Payment"
    live.dev.set_balance(poor.ss58_address, 10**12)
    backend.submit("transfer_allow_death", poor, dest=ALICE.ss58_address, value=1)  # the next submit works


def test_a_node_that_finalizes_later_is_followed_to_inblock_then_unwatched(live):
    """Real nodes finalize blocks later: the watch stops at inBlock and unwatches; nothing is left queued."""
    dest = bl.dev_wallet("inblock-dest").coldkey.ss58_address
    live.backend.submit("transfer_allow_death", ALICE, dest=dest, value=1)
    live.backend.sender._final_at_once = False  # as against a node whose finality lags
    with Requests() as sent:
        for _ in range(3):
            live.backend.submit("transfer_allow_death", ALICE, dest=dest, value=1)
    assert sent.by_method["author_unwatchExtrinsic"] == 3 and sent.total <= 3 * 4, sent.by_method
    assert live.get_balance(dest).rao == 4
    # the node's later updates (finalized) were consumed, not left to pile up in the client's queue
    assert live.backend.substrate.transport._WebsocketTransport__rpc_message_queue == []


def test_a_signature_over_a_stale_genesis_or_runtime_is_re_signed_once(live):
    """BadProof: what we kept (genesis hash, runtime) is read again and the extrinsic signed afresh."""
    dest = bl.dev_wallet("badproof-dest").coldkey.ss58_address
    live.backend.submit("transfer_allow_death", ALICE, dest=dest, value=1)
    live.backend.substrate._genesis = "0x" + "00" * 32  # as if the node had been replaced by a fresh chain
    with Requests() as sent:
        live.backend.submit("transfer_allow_death", ALICE, dest=dest, value=1)
    assert sent.by_method["author_submitAndWatchExtrinsic"] == 2 and sent.by_method["chain_getBlockHash"] == 1
    assert live.get_balance(dest).rao == 2
