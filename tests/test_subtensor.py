"""Subtensor over the mock backend: real SDK names, chain errors, and a metagraph that adds up."""

import pytest
import torch

import bittensor_lite as bl
from bittensor_lite import Balance, ChainError
from bittensor_lite.errors import BadWeightsError, BittensorLiteError
from bittensor_lite.weight_utils import convert_weights_and_uids_for_emit


@pytest.fixture()
def sub():
    return bl.connect("mock")


@pytest.fixture()
def alice():
    return bl.dev_wallet("Alice")  # //Alice: funded and sudo at genesis, like a dev chain


def fund(sub, wallet, tao):
    sub.dev.set_balance(wallet.coldkey.ss58_address, Balance.from_tao(tao).rao)


def test_dev_accounts_are_funded_and_calls_seal_blocks(sub, alice):
    assert sub.get_balance(alice.coldkey) == Balance.from_tao(1_000_000)
    b0 = sub.block
    bob = bl.dev_wallet("bob")
    after = sub.transfer(alice, bob.coldkey, 2.5)
    assert sub.get_balance(bob.coldkey) == Balance.from_tao(2.5)
    assert after == Balance.from_tao(1_000_000 - 2.5)
    assert sub.block == b0 + 1  # instant seal: one call, one block


def test_register_stake_weights_and_epoch(sub, alice):
    netuid = sub.register_network(alice)
    assert sub.subnet_exists(netuid) and netuid in sub.get_all_subnets_netuid()
    sub.dev.sudo_set(netuid, "tempo", 5)
    sub.dev.sudo_set(netuid, "weights_rate_limit", 0)
    sub.dev.sudo_set(netuid, "max_regs_per_block", 10)
    validator, good, bad = bl.dev_wallet("val"), bl.dev_wallet("good"), bl.dev_wallet("bad")
    for w in (validator, good, bad):
        fund(sub, w, 2000)
    uids = [sub.burned_register(w, netuid) for w in (validator, good, bad)]
    assert sorted(uids) == uids and len(set(uids)) == 3
    assert sub.get_uid_for_hotkey_on_subnet(good.hotkey.ss58_address, netuid) == uids[1]
    assert sub.is_hotkey_registered(bad.hotkey.ss58_address, netuid)
    assert sub.recycle(netuid).rao > 0

    pool = sub.subnet_pool(netuid)
    stake = sub.add_stake(validator, 1000, netuid=netuid)  # 1000 τ buys alpha through the subnet's pool
    assert stake == sub.get_stake(validator.hotkey.ss58_address, netuid=netuid) == sub.get_stake(
        validator.hotkey.ss58_address)  # the one subnet it is registered on
    assert 0 < stake.rao < pool["alpha_in"] and sub.subnet_pool(netuid)["price"] > pool["price"]
    with pytest.raises(ChainError, match="NeuronNoValidatorPermit"):
        sub.set_weights(validator, netuid, uids=[uids[1]], weights=[1.0])  # permits come with an epoch
    sub.wait_for_epoch(netuid)
    assert sub.metagraph(netuid).validator_permit[uids[0]]
    sub.set_weights(validator, netuid, uids=[uids[1], uids[2]], weights=[0.8, 0.2])
    # at least one epoch: the good miner earns more than the bad one, the validator earns dividends
    sub.wait_for_epoch(netuid)
    sub.wait_for_epoch(netuid)
    mg = sub.metagraph(netuid)
    assert mg.n == len(mg.hotkeys) == mg.S.shape[0] == len(uids)  # the three we registered
    assert mg.I[uids[1]] > mg.I[uids[2]] > 0
    assert mg.D[uids[0]] > 0 and bool(mg.validator_permit[uids[0]])
    assert torch.isclose(mg.I.sum(), torch.tensor(1.0), atol=1e-3)
    assert mg.W.shape == (mg.n, mg.n)
    assert torch.isclose(mg.W[uids[0], uids[1]] / mg.W[uids[0], uids[2]], torch.tensor(4.0), rtol=1e-3)
    assert "INCENTIVE" in mg.table() and "<table" in mg._repr_html_()
    assert len(sub.neurons(netuid)) == mg.n


def test_chain_errors_carry_pallet_names_and_change_nothing(sub, alice):
    netuid = sub.register_network(alice)
    poor = bl.dev_wallet("poor")
    sub.backend.automine = False  # no block sealed: the failing calls themselves must change nothing
    before = sub.dev.snapshot()
    with pytest.raises(ChainError) as exc:
        sub.add_stake(poor, 5, netuid=netuid)
    assert exc.value.name == "NotEnoughBalanceToStake"  # spec 425 checks the balance before the hotkey
    with pytest.raises(BittensorLiteError, match="netuid=N"):
        sub.add_stake(poor, 5)  # registered nowhere: which subnet is meant must be said
    with pytest.raises(ChainError) as exc:
        sub.burned_register(poor, 999)
    assert exc.value.name == "SubnetNotExists"  # spec 425 has no SubNetworkDoesNotExist
    with pytest.raises(ChainError) as exc:
        sub.set_weights(poor, netuid, [0], [1.0])
    assert exc.value.name == "HotKeyNotRegisteredInSubNet"
    assert sub.dev.snapshot() == before
    # with instant seal a failed extrinsic is still included in a block, as on a chain
    sub.backend.automine = True
    block = sub.block
    with pytest.raises(ChainError):
        sub.add_stake(poor, 5, netuid=netuid)
    assert sub.block == block + 1


def test_bad_weights_are_rejected_before_sending():
    with pytest.raises(BadWeightsError):
        convert_weights_and_uids_for_emit([1, 2], [0.5])
    with pytest.raises(BadWeightsError):
        convert_weights_and_uids_for_emit([1], [float("nan")])
    with pytest.raises(BadWeightsError):
        convert_weights_and_uids_for_emit([1], [-0.1])
    assert convert_weights_and_uids_for_emit([3, 4, 5], [0.0, 0.5, 1.0]) == ([4, 5], [32768, 65535])
    assert convert_weights_and_uids_for_emit([1], [0.0]) == ([], [])


def test_unknown_network_is_a_clear_error():
    with pytest.raises(bl.BittensorLiteError, match="mock"):
        bl.connect("finney")
