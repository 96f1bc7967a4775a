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
    rt = Runtime(balances={"alice": 10**6 * TAO, "vc": 2000 * TAO, "nom": 1000 * TAO, "mc": 10 * TAO}, sudo="alice")
    netuid = rt.dispatch("register_network", "alice", hotkey="alice-hot")
    rt.sudo_set_hyperparameter("alice", netuid, "tempo", 9)
    rt.sudo_set_hyperparameter("alice", netuid, "weights_rate_limit", 0)
    rt.dispatch("burned_register", "vc", netuid=netuid, hotkey="val")
    rt.step(1)
    rt.dispatch("burned_register", "mc", netuid=netuid, hotkey="miner")
    rt.dispatch("add_stake", "vc", hotkey="val", netuid=netuid, amount_staked=600 * TAO)
    rt.dispatch("add_stake", "nom", hotkey="val", netuid=netuid, amount_staked=400 * TAO)  # a nominator
    return rt, netuid


def test_dividends_pay_the_take_first_then_everyone_by_shares():
    """Hand-worked on root (1 TAO = 1 alpha, so stakes are exactly 600 : 400): 1 τ of dividends, take 18 %.

    As on chain, the take becomes new shares for the owner first; then the rest grows the
    hotkey's alpha for every share — the take's new shares included.
    """
    rt, _ = validator_with_a_nominator()
    root = rt.state.subnets[0]
    rt.dispatch("add_stake", "vc", hotkey="val", netuid=0, amount_staked=600 * TAO)
    rt.dispatch("add_stake", "nom", hotkey="val", netuid=0, amount_staked=400 * TAO)  # nominators
    take = TAO * 11_796 // 65_535  # 179,995,422 rao to the owner first, as 179,995,422 new shares
    rest = TAO - take  # 820,004,578 rao for all 1000.179995422 τ of shares
    pay_dividends(rt.state, root, "val", TAO)
    nom = 400 * TAO * (1000 * TAO + TAO) // (1000 * TAO + take)
    assert rt.stake_of("val", "nom", 0) == nom == 400 * TAO + 327_942_802  # ≈ 40 % of the rest
    vc = (600 * TAO + take) * (1001 * TAO) // (1000 * TAO + take)  # the take's shares and its 600 τ
    assert rt.stake_of("val", "vc", 0) == vc
    assert rt.stake_of("val", netuid=0) == 1001 * TAO  # nothing lost, nothing made …
    assert 0 <= 1001 * TAO - vc - nom <= 1  # … and rounding down leaves at most a rao unowned
    assert rest * 400 // 1000 - 327_942_802 < rest // 10_000  # the take's shares share too, slightly


def test_a_nominator_earns_at_the_epoch_and_can_leave():
    rt, netuid = validator_with_a_nominator()
    rt.step(10)  # the validator gets its permit at the first epoch
    rt.dispatch("set_weights", "val", netuid=netuid, dests=[1], weights=[65535], version_key=0)
    net = rt.state.subnets[netuid]
    staked, total = rt.stake_of("val", "nom", netuid), rt.stake_of("val", netuid=netuid)
    shares, all_shares = net.alpha["val"]["nom"], net.total_hotkey_shares["val"]
    start = net.epoch_index
    while net.epoch_index == start:
        rt.step(1)
    earned = rt.stake_of("val", "nom", netuid) - staked
    assert earned > 0  # the nominator's share of the dividends, in the subnet's alpha
    dividends = net.neurons["emission"][0]  # the validator earns no incentive here
    take = dividends * 11_796 // 65_535
    assert net.alpha["val"]["nom"] == shares  # a nominator's shares never change; their worth does
    assert rt.stake_of("val", "nom", netuid) == shares * (total + dividends) // (all_shares + take * all_shares // total)
    rt.dispatch("remove_stake", "nom", hotkey="val", netuid=netuid, amount_unstaked=staked + earned)
    assert rt.stake_of("val", "nom", netuid) == 0 and rt.free_balance("nom") > 600 * TAO
    fails(rt, "NotEnoughStakeToWithdraw", "remove_stake", "nom", hotkey="val", netuid=netuid, amount_unstaked=1)


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
