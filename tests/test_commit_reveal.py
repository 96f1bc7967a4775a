"""Commit-reveal weights: the chain's hash-based flow, its reveal window and its errors."""

from __future__ import annotations

import pytest

from bittensor_lite.errors import ChainError
from bittensor_lite.runtime import Runtime
from bittensor_lite.runtime.commit_reveal import commit_hash
from bittensor_lite.scale import blake2_256

TAO = 10**9


def subnet_with_a_validator(**hyper):
    """Subnet 1 (tempo 9) with validator "v" (permit, stake) and miner "m"; commit-reveal on."""
    rt = Runtime(balances={"alice": 10**6 * TAO, "vc": 1000 * TAO, "mc": 10 * TAO}, sudo="alice")
    netuid = rt.dispatch("register_network", "alice", hotkey="alice-hot")
    for name, value in {"tempo": 9, "weights_rate_limit": 0, "max_regs_per_block": 5,
                        "commit_reveal_weights_enabled": True, **hyper}.items():
        rt.sudo_set_hyperparameter("alice", netuid, name, value)
    rt.dispatch("burned_register", "vc", netuid=netuid, hotkey="v")
    rt.step(1)
    rt.dispatch("burned_register", "mc", netuid=netuid, hotkey="m")
    rt.dispatch("add_stake", "vc", hotkey="v", netuid=netuid, amount_staked=500 * TAO)
    next_epoch(rt, netuid)  # the validator gets its permit
    return rt, netuid


def next_epoch(rt, netuid):
    """Step until the subnet's next epoch has run."""
    start = rt.state.subnets[netuid].epoch_index
    while rt.state.subnets[netuid].epoch_index == start:
        rt.step(1)


def fails(rt, name, call, origin, **args):
    before = rt.state.to_dict()
    with pytest.raises(ChainError) as err:
        rt.dispatch(call, origin, **args)
    assert err.value.name == name
    assert rt.state.to_dict() == before, f"{name}: a failed call changed the state"


def test_the_commit_hash_is_blake2_of_the_scale_tuple():
    # AccountId32 ‖ u16 ‖ Vec<u16> ×3 (compact length, then u16s) ‖ u64, all little-endian
    hotkey = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"  # //Alice
    from bittensor_lite.scale import account_bytes

    data = (account_bytes(hotkey) + (3).to_bytes(2, "little") + b"\x08" + (0).to_bytes(2, "little")
            + (1).to_bytes(2, "little") + b"\x08" + (65535).to_bytes(2, "little") + (100).to_bytes(2, "little")
            + b"\x04" + (42).to_bytes(2, "little") + (7).to_bytes(8, "little"))
    assert commit_hash(hotkey, 3, [0, 1], [65535, 100], [42], 7) == "0x" + blake2_256(data).hex()


def test_a_commit_reveals_in_its_window_and_only_then():
    rt, netuid = subnet_with_a_validator()
    salt = [11, 22, 33]
    fails(rt, "CommitRevealEnabled", "set_weights", "v", netuid=netuid, dests=[1], weights=[65535], version_key=0)
    fails(rt, "NoWeightsCommitFound", "reveal_weights", "v", netuid=netuid, uids=[1], values=[65535], salt=salt,
          version_key=0)
    digest = commit_hash("v", netuid, [1], [65535], salt, 0)
    rt.dispatch("commit_weights", "v", netuid=netuid, commit_hash=digest)
    assert rt.state.events[-1] == ("SubtensorModule", "WeightsCommitted", ("v", netuid, digest))
    fails(rt, "RevealTooEarly", "reveal_weights", "v", netuid=netuid, uids=[1], values=[65535], salt=salt,
          version_key=0)
    next_epoch(rt, netuid)
    fails(rt, "InvalidRevealCommitHashNotMatch", "reveal_weights", "v", netuid=netuid, uids=[1], values=[65535],
          salt=[11, 22, 34], version_key=0)  # wrong salt
    assert rt.state.subnets[netuid].neurons["weights"][0] == []  # nothing counted yet
    rt.dispatch("reveal_weights", "v", netuid=netuid, uids=[1], values=[65535], salt=salt, version_key=0)
    assert rt.state.subnets[netuid].neurons["weights"][0] == [(1, 65535)]
    assert rt.state.events[-1] == ("SubtensorModule", "WeightsRevealed", ("v", netuid, digest))
    assert "v" not in rt.state.subnets[netuid].weight_commits
    next_epoch(rt, netuid)
    assert rt.state.subnets[netuid].neurons["incentive"][1] > 0  # the revealed weights paid the miner


def test_a_commit_not_revealed_in_time_expires():
    rt, netuid = subnet_with_a_validator()
    digest = commit_hash("v", netuid, [1], [65535], [5], 0)
    rt.dispatch("commit_weights", "v", netuid=netuid, commit_hash=digest)
    next_epoch(rt, netuid)
    next_epoch(rt, netuid)  # reveal_period = 1: the window was the epoch just passed
    fails(rt, "ExpiredWeightCommit", "reveal_weights", "v", netuid=netuid, uids=[1], values=[65535], salt=[5],
          version_key=0)


def test_a_longer_reveal_period_and_the_commit_limit():
    rt, netuid = subnet_with_a_validator(reveal_period=2)
    for k in range(10):
        rt.dispatch("commit_weights", "v", netuid=netuid, commit_hash=commit_hash("v", netuid, [1], [65535], [k], 0))
    fails(rt, "TooManyUnrevealedCommits", "commit_weights", "v", netuid=netuid,
          commit_hash=commit_hash("v", netuid, [1], [65535], [99], 0))
    next_epoch(rt, netuid)
    fails(rt, "RevealTooEarly", "reveal_weights", "v", netuid=netuid, uids=[1], values=[65535], salt=[3],
          version_key=0)
    next_epoch(rt, netuid)
    rt.dispatch("reveal_weights", "v", netuid=netuid, uids=[1], values=[65535], salt=[3], version_key=0)
    assert len(rt.state.subnets[netuid].weight_commits["v"]) == 6  # the revealed one and those before it go


def test_commits_respect_the_rate_limit_and_need_the_switch_on():
    rt, netuid = subnet_with_a_validator(weights_rate_limit=5)
    rt.dispatch("commit_weights", "v", netuid=netuid, commit_hash=commit_hash("v", netuid, [1], [1], [1], 0))
    fails(rt, "CommittingWeightsTooFast", "commit_weights", "v", netuid=netuid,
          commit_hash=commit_hash("v", netuid, [1], [1], [2], 0))
    fails(rt, "HotKeyNotRegisteredInSubNet", "commit_weights", "stranger", netuid=netuid,
          commit_hash=commit_hash("stranger", netuid, [1], [1], [2], 0))
    rt.sudo_set_hyperparameter("alice", netuid, "commit_reveal_weights_enabled", False)
    fails(rt, "CommitRevealDisabled", "commit_weights", "v", netuid=netuid,
          commit_hash=commit_hash("v", netuid, [1], [1], [3], 0))
