"""Delegation: nominators stake on a validator's hotkey and share its dividends after the take."""

from __future__ import annotations

import pytest

from bittensor_lite.errors import ChainError
from bittensor_lite.runtime import Runtime
from bittensor_lite.runtime.delegation import pay_dividends, take_of

TAO = 10**9


def fails(rt, name, call, origin, **args):
    before = rt.state.to_dict()
    with pytest.raises(ChainError) as err:
        rt.dispatch(call, origin, **args)
    assert err.value.name == name
    assert rt.state.to_dict() == before


def validator_with_a_nominator():
    rt = Runtime(balances={"alice": 10**6 * TAO, "vc": 1000 * TAO, "nom": 1000 * TAO, "mc": 10 * TAO}, sudo="alice")
    netuid = rt.dispatch("register_network", "alice", hotkey="alice-hot")
    rt.sudo_set_hyperparameter("alice", netuid, "tempo", 9)
    rt.sudo_set_hyperparameter("alice", netuid, "weights_rate_limit", 0)
    rt.dispatch("burned_register", "vc", netuid=netuid, hotkey="val")
    rt.step(1)
    rt.dispatch("burned_register", "mc", netuid=netuid, hotkey="miner")
    rt.dispatch("add_stake", "vc", hotkey="val", amount_staked=600 * TAO)
    rt.dispatch("add_stake", "nom", hotkey="val", amount_staked=400 * TAO)  # a nominator: not its hotkey
    return rt, netuid


def test_dividends_pay_the_take_first_then_everyone_by_stake():
    """Hand-worked: 1 τ of dividends, take 18 % (11796/65535), stake 600 : 400."""
    rt, _ = validator_with_a_nominator()
    take = TAO * 11_796 // 65_535  # 179,995,422 rao to the owner first
    rest = TAO - take  # 820,004,578 rao shared 60 % / 40 %
    before_vc, before_nom = rt.stake_of("val", "vc"), rt.stake_of("val", "nom")
    pay_dividends(rt.state, "val", TAO)
    nom_share = rest * 400 // 1000
    assert rt.stake_of("val", "nom") - before_nom == nom_share == 328_001_831
    assert rt.stake_of("val", "vc") - before_vc == TAO - nom_share  # take + 60 % + rounding dust
    assert rt.stake_of("val") == before_vc + before_nom + TAO  # nothing lost, nothing made


def test_a_nominator_earns_at_the_epoch_and_can_leave():
    rt, netuid = validator_with_a_nominator()
    rt.step(10)  # the validator gets its permit at the first epoch
    rt.dispatch("set_weights", "val", netuid=netuid, dests=[1], weights=[65535], version_key=0)
    staked, total = rt.stake_of("val", "nom"), rt.stake_of("val")
    start = rt.state.subnets[netuid].epoch_index
    while rt.state.subnets[netuid].epoch_index == start:
        rt.step(1)
    earned = rt.stake_of("val", "nom") - staked
    assert earned > 0  # the nominator's share of the dividends
    dividends = rt.state.subnets[netuid].neurons["emission"][0]  # the validator earns no incentive here
    assert earned == (dividends - dividends * 11_796 // 65_535) * staked // total
    rt.dispatch("remove_stake", "nom", hotkey="val", amount_unstaked=staked + earned)
    assert rt.stake_of("val", "nom") == 0
    fails(rt, "NotEnoughStakeToWithdraw", "remove_stake", "nom", hotkey="val", amount_unstaked=1)


def test_the_take_goes_down_any_time_and_up_at_most_once_a_period():
    rt, _ = validator_with_a_nominator()
    assert take_of(rt.state, "val") == 11_796
    fails(rt, "NonAssociatedColdKey", "decrease_take", "nom", hotkey="val", take=1000)
    fails(rt, "HotKeyAccountNotExists", "decrease_take", "vc", hotkey="ghost", take=1000)
    fails(rt, "DelegateTakeTooLow", "decrease_take", "vc", hotkey="val", take=11_796)  # not lower
    rt.dispatch("decrease_take", "vc", hotkey="val", take=5_000)
    assert rt.state.events[-1] == ("SubtensorModule", "TakeDecreased", ("vc", "val", 5_000))
    fails(rt, "DelegateTakeTooLow", "increase_take", "vc", hotkey="val", take=4_000)  # not higher
    fails(rt, "DelegateTakeTooHigh", "increase_take", "vc", hotkey="val", take=11_797)
    rt.dispatch("increase_take", "vc", hotkey="val", take=8_000)
    rt.step(10)
    fails(rt, "DelegateTxRateLimitExceeded", "increase_take", "vc", hotkey="val", take=9_000)
    rt.dispatch("decrease_take", "vc", hotkey="val", take=0)  # lowering is never rate-limited
    assert take_of(rt.state, "val") == 0
