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


def _fees_paid(sub, address):
    """What the chain charged ``address`` in transaction fees: BASE_FEE per extrinsic it signed (the mock charges none)."""
    if sub.backend.name == "mock":
        return 0
    return BASE_FEE * sub.backend.query("System", "Account", [address])["nonce"]


def _refused(out, attempt):
    with pytest.raises(ChainError) as exc:
        attempt()
    out["errors"].append(exc.value.name)


def scenario(sub):
    """Create a subnet, register a validator and miners, stake and unstake (with limits), nominate, weigh,
    commit and reveal, run tempos, hit named errors; return everything both transports can read."""
    out = {"errors": [], "stakes": {}}
    owner, val = bl.dev_wallet("Alice"), bl.dev_wallet("Bob")
    miners = [bl.dev_wallet(f"miner{i}") for i in range(4)]
    nominator = miners[3]
    netuid = sub.register_network(owner)
    out["pool_at_start"] = sub.subnet_pool(netuid)
    sub.dev.sudo_set(netuid, "tempo", 9)
    sub.dev.sudo_set(netuid, "weights_rate_limit", 0)
    for w in miners:
        sub.dev.set_balance(w.coldkey.ss58_address, 10**12)
    uids = [sub.burned_register(w, netuid) for w in [val, *miners]]
    vhot, vcold = val.hotkey.ss58_address, val.coldkey.ss58_address
    out["stakes"]["val_after_add"] = sub.add_stake(val, 1000).rao  # its own hotkey, the one subnet it is on
    out["stakes"]["val_root"] = sub.add_stake(val, 100, netuid=0).rao  # root: one TAO stakes one root alpha
    out["stakes"]["owner"] = sub.add_stake(owner, 5, netuid=netuid).rao  # on the hotkey it created the subnet with
    out["stakes"]["nominator_start"] = sub.add_stake(nominator, 20, hotkey_ss58=vhot).rao  # a nominator on the validator
    out["stakes"]["val_after_remove"] = sub.remove_stake(val, 20, netuid=netuid).rao
    def price():  # read right before each limit order: every block's emission moves the price
        return sub.subnet_pool(netuid)["price"]

    _refused(out, lambda: sub.remove_stake(val, 10, netuid=netuid, limit_price=price() * 1.01))  # above the price
    _refused(out, lambda: sub.add_stake(val, 200, netuid=netuid, limit_price=price() * 1.001))  # won't all fit
    out["stakes"]["val_partial_buy"] = sub.add_stake(val, 200, netuid=netuid, limit_price=price() * 1.001,
                                                     allow_partial=True).rao
    out["stakes"]["val_partial_sell"] = sub.remove_stake(val, 30, netuid=netuid, limit_price=price() * 0.999,
                                                         allow_partial=True).rao
    out["take"] = sub.set_delegate_take(val, 0.09)  # decrease_take
    out["owner_hotkey"] = sub.get_subnet_owner_hotkey(netuid)
    worker = bl.dev_wallet("pow-miner")  # `register` (once proof of work) burns like burned_register since spec 425
    sub.dev.set_balance(worker.coldkey, 10**12)
    burn = sub.recycle(netuid).rao
    uids.append(sub.register(worker, netuid))
    out["register_paid"] = 10**12 - sub.get_balance(worker.coldkey).rao - burn  # beyond the burn: the fee
    sub.dev.sudo_set(netuid, "alpha_low", 40000)  # AlphaValues: a setter that sets a pair
    sub.dev.sudo_set(netuid, "alpha_high", 60000)
    for attempt in (lambda: sub.add_stake(miners[0], 10**5),  # more than the miner has
                    lambda: sub.burned_register(miners[1], 99),  # no such subnet
                    lambda: sub.add_stake(miners[1], 1, netuid=99),  # no such subnet to stake on
                    lambda: sub.set_weights(miners[2], netuid, [0], [1.0]),  # registered, but no validator permit yet
                    lambda: sub.get_stake(vhot, vcold, netuid=99),  # reads name the same errors too
                    lambda: sub.subnet_pool(99)):
        _refused(out, attempt)
    sub.step(10)
    sub.set_weights(val, netuid, uids[1:], [0.1, 0.2, 0.3, 0.4, 0.5])
    sub.serve_axon(miners[0], netuid, "127.0.0.1", 8091)
    sub.step(25)
    out["snapshot_weights"] = sub.subnet_snapshot(netuid)
    _refused(out, lambda: sub.set_mechanism_weights(val, netuid, 1, uids[1:3], [1.0, 1.0]))  # one mechanism: 0
    sub.set_mechanism_weights(val, netuid, 0, uids[1:], [0.5, 0.1, 0.2, 0.3, 0.4])
    sub.step(10)
    out["snapshot_mechanism_weights"] = sub.subnet_snapshot(netuid)
    sub.dev.sudo_set(netuid, "commit_reveal_weights_enabled", True)
    salt = [2, 7, 1]
    out["commit"] = sub.commit_weights(val, netuid, salt, uids[1:], [0.5, 0.4, 0.3, 0.2, 0.1])
    sub.wait_for_epoch(netuid)
    out["revealed"] = sub.reveal_weights(val, netuid, uids[1:], [0.5, 0.4, 0.3, 0.2, 0.1], salt)
    sub.wait_for_epoch(netuid)
    sub.step(12)
    out["snapshot"] = sub.subnet_snapshot(netuid)
    out["root_snapshot"] = sub.subnet_snapshot(0)
    out["pools"] = {n: sub.subnet_pool(n) for n in sub.get_all_subnets_netuid()}
    out["hyper"] = sub.get_subnet_hyperparameters(netuid)
    out["block"] = sub.block
    out["subnets"] = sub.get_all_subnets_netuid()
    accounts = [w.coldkey.ss58_address for w in [owner, val, *miners, worker]]
    out["balances"] = {addr: sub.get_balance(addr).rao + _fees_paid(sub, addr) for addr in accounts}
    out["fees"] = {addr: _fees_paid(sub, addr) for addr in accounts}
    for name, (hot, cold, n) in {
        "val": (vhot, vcold, netuid), "val_root": (vhot, vcold, 0), "val_total": (vhot, None, netuid),
        "nominator": (vhot, nominator.coldkey.ss58_address, netuid),
        "owner": (owner.hotkey.ss58_address, owner.coldkey.ss58_address, netuid),
        "nobody": (vhot, worker.coldkey.ss58_address, netuid),
    }.items():
        out["stakes"][name] = sub.get_stake(hot, cold, netuid=n).rao
    return out


def test_mock_and_local_chain_agree_exactly(local):
    mock = scenario(bl.connect("mock"))
    live = scenario(local)
    assert live["errors"] == mock["errors"] == ["SlippageTooHigh", "SlippageTooHigh", "NotEnoughBalanceToStake",
                                                "SubnetNotExists", "SubnetNotExists",
                                                "NeuronNoValidatorPermit", "SubnetNotExists",
                                                "SubnetNotExists", "MechanismDoesNotExist"]
    for key in ("pool_at_start", "stakes", "snapshot_weights", "snapshot_mechanism_weights", "snapshot", "root_snapshot", "pools", "hyper", "block",
                "subnets", "take", "owner_hotkey", "commit", "revealed"):
        assert live[key] == mock[key], key
    # balances agree exactly once the chain's transaction fees (BASE_FEE per signed extrinsic) are added back
    assert live["balances"] == mock["balances"]
    assert all(fee > 0 for addr, fee in live["fees"].items() if addr != bl.dev_wallet("miner2").coldkey.ss58_address)
    assert set(mock["fees"].values()) == {0}
    assert mock["register_paid"] == 0 and live["register_paid"] == BASE_FEE
    # what the scenario exercised really happened
    stakes = mock["stakes"]
    assert stakes["val_root"] == bl.Balance.from_tao(100).rao and mock["snapshot"]["tao_stake"][0] == stakes["val_root"]
    assert 0 < stakes["val_after_remove"] < stakes["val_after_add"]
    assert stakes["val_after_remove"] < stakes["val_partial_buy"]  # bought some, within the limit
    assert stakes["val_partial_buy"] - stakes["val_partial_sell"] < bl.Balance.from_tao(30).rao  # sold only part
    assert stakes["nominator"] > stakes["nominator_start"] > 0  # the validator's dividends are shared
    assert stakes["val_total"] >= stakes["val"] + stakes["nominator"] and stakes["nobody"] == 0
    assert live["take"] == round(0.09 * 65535) / 65535
    assert live["owner_hotkey"] == bl.dev_wallet("Alice").hotkey.ss58_address
    assert (mock["hyper"]["alpha_low"], mock["hyper"]["alpha_high"]) == (40000, 60000)
    snap = mock["snapshot"]
    assert len(snap["hotkeys"]) == 6 and snap["axons"][1]["port"] == 8091
    assert sum(snap["incentive"]) > 0 and snap["weights"][0] == [(u, w) for u, w in mock["snapshot"]["weights"][0]]
    assert snap["weights"] != mock["snapshot_weights"]["weights"]  # the revealed weights replaced the set ones
    assert snap["stake"][0] == snap["alpha_stake"][0] + stakes["val_root"] * bl.runtime.ChainState().tao_weight // 2**64
    pool = mock["pools"][snap["netuid"]]
    assert pool["tao_in"] > mock["pool_at_start"]["tao_in"] and pool["alpha_out"] > 0
    assert snap["pool"] == pool and mock["pools"][0]["price"] == 1.0


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
