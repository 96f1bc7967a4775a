"""The same scenario on the mock backend and on a local chain in its own process must agree exactly."""

from __future__ import annotations

import pytest

import bittensor_lite as bl
from bittensor_lite.chain.execution import BASE_FEE
from bittensor_lite.errors import ChainError
from bittensor_lite.runtime.commit_reveal import commit_hash

pytestmark = pytest.mark.slow  # the local chain in a child process



@pytest.fixture(scope="module")
def local(free_port):
    sub = bl.connect("local", port=free_port())  # starts `bittensor-lite chain start` in a child process
    yield sub
    process = sub.backend.process
    sub.close()
    assert not process.running()


def scenario(sub):
    """Create a subnet, register a validator and miners, stake, weigh, run tempos, hit named errors."""
    out = {"errors": []}
    owner, val = bl.dev_wallet("Alice"), bl.dev_wallet("Bob")
    miners = [bl.dev_wallet(f"miner{i}") for i in range(4)]
    netuid = sub.register_network(owner)
    sub.dev.sudo_set(netuid, "tempo", 9)
    sub.dev.sudo_set(netuid, "weights_rate_limit", 0)
    for w in miners:
        sub.dev.set_balance(w.coldkey.ss58_address, 10**12)
    uids = [sub.burned_register(w, netuid) for w in [val, *miners]]
    sub.add_stake(val, 1000)
    sub.add_stake(owner, 5)  # the owner stakes on the hotkey it created the subnet with
    sub.add_stake(miners[3], 20, hotkey_ss58=val.hotkey.ss58_address)  # a nominator on the validator
    out["take"] = sub.set_delegate_take(val, 0.09)  # decrease_take
    out["owner_hotkey"] = sub.get_subnet_owner_hotkey(netuid)
    out["owner_stake"] = sub.get_stake(owner.hotkey.ss58_address, owner.coldkey.ss58_address).rao
    worker = bl.dev_wallet("pow-miner")  # `register` (once proof of work) burns like burned_register since spec 425
    sub.dev.set_balance(worker.coldkey, 10**12)
    price = sub.recycle(netuid).rao
    uids.append(sub.register(worker, netuid))
    out["register_paid"] = 10**12 - sub.get_balance(worker.coldkey).rao - price  # beyond the burn: the fee
    sub.dev.sudo_set(netuid, "alpha_low", 40000)  # AlphaValues: a setter that sets a pair
    sub.dev.sudo_set(netuid, "alpha_high", 60000)
    fees = {w.coldkey.ss58_address: 0 for w in [owner, val, *miners]}
    for attempt in (lambda: sub.add_stake(miners[0], 10**6),  # more than the miner has
                    lambda: sub.burned_register(miners[1], 99),  # no such subnet
                    lambda: sub.set_weights(miners[2], netuid, [0], [1.0])):  # registered, but no validator permit yet
        with pytest.raises(ChainError) as exc:
            attempt()
        out["errors"].append(exc.value.name)
    sub.step(10)
    sub.set_weights(val, netuid, uids[1:], [0.1, 0.2, 0.3, 0.4, 0.5])
    sub.serve_axon(miners[0], netuid, "127.0.0.1", 8091)
    sub.step(25)
    out["snapshot"] = sub.subnet_snapshot(netuid)
    out["hyper"] = sub.get_subnet_hyperparameters(netuid)
    out["block"] = sub.block
    out["subnets"] = sub.get_all_subnets_netuid()
    out["balances"] = {addr: sub.get_balance(addr).rao for addr in fees}
    out["stake"] = sub.get_stake(val.hotkey.ss58_address, val.coldkey.ss58_address).rao
    out["nominator_stake"] = sub.get_stake(val.hotkey.ss58_address, miners[3].coldkey.ss58_address).rao
    return out


def test_mock_and_local_chain_agree_exactly(local):
    mock = scenario(bl.connect("mock"))
    live = scenario(local)
    assert live["errors"] == mock["errors"] == ["NotEnoughBalanceToStake", "SubNetworkDoesNotExist",
                                                "NeuronNoValidatorPermit"]
    assert live["snapshot"] == mock["snapshot"]
    assert live["hyper"] == mock["hyper"]
    assert live["block"] == mock["block"] and live["subnets"] == mock["subnets"]
    assert live["stake"] == mock["stake"]
    assert live["take"] == mock["take"] == round(0.09 * 65535) / 65535
    assert live["nominator_stake"] == mock["nominator_stake"] > bl.Balance.from_tao(20).rao  # shared dividends
    assert live["owner_hotkey"] == mock["owner_hotkey"] == bl.dev_wallet("Alice").hotkey.ss58_address
    assert live["owner_stake"] == mock["owner_stake"] == bl.Balance.from_tao(5).rao
    assert mock["register_paid"] == 0 and live["register_paid"] == BASE_FEE
    assert (mock["hyper"]["alpha_low"], mock["hyper"]["alpha_high"]) == (40000, 60000)
    assert len(mock["snapshot"]["hotkeys"]) == 6
    assert sum(mock["snapshot"]["incentive"]) > 0 and mock["snapshot"]["axons"][1]["port"] == 8091
    # balances differ only by the chain's transaction fees (coldkey-signed calls pay BASE_FEE each)
    for addr, rao in mock["balances"].items():
        paid = rao - live["balances"][addr]
        assert paid % BASE_FEE == 0 and 0 <= paid <= 10 * BASE_FEE, addr


def test_metagraph_sync_uses_a_constant_number_of_requests(local):
    """Bulk reads: syncing 4 or 20 neurons costs the same number of RPC requests."""
    sub = local
    owner = bl.dev_wallet("Charlie")
    netuid = sub.register_network(owner)
    sub.dev.sudo_set(netuid, "max_regs_per_block", 64)
    sub.dev.sudo_set(netuid, "target_regs_per_interval", 100)
    counts = []
    calls = {"n": 0}
    original = sub.backend.substrate.rpc_request

    def counting(method, params, result_handler=None):
        calls["n"] += 1
        return original(method, params, result_handler=result_handler)

    registered = 0
    for target in (4, 20):
        while registered < target:
            w = bl.dev_wallet(f"sync{registered}")
            sub.dev.set_balance(w.coldkey.ss58_address, 10**12)
            sub.burned_register(w, netuid)
            registered += 1
        sub.backend.substrate.rpc_request = counting
        calls["n"] = 0
        mg = sub.metagraph(netuid)
        counts.append(calls["n"])
        sub.backend.substrate.rpc_request = original
        assert mg.n == target
    assert counts[0] == counts[1], counts


def commit_reveal_scenario(sub):
    """A validator commits, fails to reveal early and with a wrong salt, reveals in its window."""
    out = {"errors": []}
    owner, val, miner = bl.dev_wallet("Alice"), bl.dev_wallet("cr-validator"), bl.dev_wallet("cr-miner")
    netuid = sub.register_network(owner)
    for name, value in (("tempo", 9), ("weights_rate_limit", 0), ("commit_reveal_weights_enabled", True)):
        sub.dev.sudo_set(netuid, name, value)
    for w in (val, miner):
        sub.dev.set_balance(w.coldkey, 10**13)
    sub.burned_register(val, netuid)
    sub.step(1)
    sub.burned_register(miner, netuid)
    sub.add_stake(val, 500)
    sub.wait_for_epoch(netuid)  # permits
    salt = [3, 1, 4]
    for attempt in (lambda: sub.set_weights(val, netuid, [1], [1.0]),
                    lambda: sub.reveal_weights(val, netuid, [1], [1.0], salt)):
        with pytest.raises(ChainError) as exc:
            attempt()
        out["errors"].append(exc.value.name)
    out["hash_ok"] = sub.commit_weights(val, netuid, salt, [1], [1.0]) == commit_hash(
        val.hotkey.ss58_address, netuid, [1], [65535], salt, 0)
    for attempt in (lambda: sub.reveal_weights(val, netuid, [1], [1.0], salt),
                    lambda: sub.wait_for_epoch(netuid) and sub.reveal_weights(val, netuid, [1], [1.0], [9])):
        with pytest.raises(ChainError) as exc:
            attempt()
        out["errors"].append(exc.value.name)
    sub.reveal_weights(val, netuid, [1], [1.0], salt)
    sub.wait_for_epoch(netuid)
    out["snapshot"] = sub.subnet_snapshot(netuid)
    return out


def test_commit_reveal_agrees_on_mock_and_local_chain(local):
    mock = commit_reveal_scenario(bl.connect("mock"))
    live = commit_reveal_scenario(local)
    assert live["errors"] == mock["errors"] == ["CommitRevealEnabled", "NoWeightsCommitFound", "RevealTooEarly",
                                                "InvalidRevealCommitHashNotMatch"]
    assert live["hash_ok"] and mock["hash_ok"]
    assert live["snapshot"]["weights"] == mock["snapshot"]["weights"] == [[(1, 65535)], []]
    assert mock["snapshot"]["incentive"][1] > 0
    # the shared chain holds other subnets (emission is split among them) and is at another block:
    # compare what consensus decided, not amounts or block numbers
    for key in ("hotkeys", "coldkeys", "rank", "trust", "consensus", "incentive", "dividends", "validator_trust",
                "active", "validator_permit", "bonds", "pruning_score"):
        assert live["snapshot"][key] == mock["snapshot"][key], key
