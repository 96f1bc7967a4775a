"""Delegation: anyone may stake on a validator's hotkey and share its dividends, after the validator's take.

Every hotkey has a take (``Delegates``, 18 % by default, at most ``MaxDelegateTake``). When a
validator earns dividends at an epoch, its owner's coldkey first keeps the take; the rest is
shared among everyone staked on that hotkey — the owner and its nominators — in proportion
to their stake. A validator can lower its take at any time, and raise it at most once per
``TxDelegateTakeRateLimit`` blocks (216,000: about a month), so nominators are not surprised.

A simplification until Dynamic TAO lands here: stake is TAO per (hotkey, coldkey), not alpha
shares per subnet; the split is the same rule (take first, the rest by stake).
"""

from __future__ import annotations

from bittensor_lite.runtime.errors import fail
from bittensor_lite.runtime.events import emit
from bittensor_lite.runtime.staking import credit_stake, owner_of
from bittensor_lite.runtime.state import ChainState
from bittensor_lite.scale import U16_MAX


def take_of(state: ChainState, hotkey: str) -> int:
    """``Delegates[hotkey]``: the validator's take as a u16 fraction (x / 65535)."""
    return state.delegate_take.get(hotkey, state.default_delegate_take)


def _check_owner(state: ChainState, coldkey: str, hotkey: str) -> None:
    if owner_of(state, hotkey) != coldkey:
        raise fail("NonAssociatedColdKey", f"hotkey {hotkey} belongs to another coldkey")


def decrease_take(state: ChainState, coldkey: str, hotkey: str, take: int) -> None:
    """``decrease_take``: lower the hotkey's take (never below ``MinDelegateTake``)."""
    _check_owner(state, coldkey, hotkey)
    if take >= take_of(state, hotkey) or take < state.min_delegate_take:
        raise fail("DelegateTakeTooLow", f"the new take must be below {take_of(state, hotkey)} and at least "
                                         f"{state.min_delegate_take}")
    state.delegate_take[hotkey] = take
    emit(state, "SubtensorModule", "TakeDecreased", coldkey, hotkey, take)


def increase_take(state: ChainState, coldkey: str, hotkey: str, take: int) -> None:
    """``increase_take``: raise the hotkey's take, at most ``MaxDelegateTake``, once per rate-limit period."""
    _check_owner(state, coldkey, hotkey)
    if take <= take_of(state, hotkey):
        raise fail("DelegateTakeTooLow", f"the new take must be above {take_of(state, hotkey)}")
    if take > state.max_delegate_take:
        raise fail("DelegateTakeTooHigh", f"the take is at most {state.max_delegate_take} (of 65535)")
    last = state.last_take_increase.get(hotkey)
    if last is not None and state.block - last < state.delegate_take_rate_limit:
        raise fail("DelegateTxRateLimitExceeded", f"the take was raised at block {last}; wait "
                                                  f"{state.delegate_take_rate_limit} blocks")
    state.last_take_increase[hotkey] = state.block
    state.delegate_take[hotkey] = take
    emit(state, "SubtensorModule", "TakeIncreased", coldkey, hotkey, take)


def pay_dividends(state: ChainState, hotkey: str, amount: int) -> None:
    """Credit a validator's dividends: the take to its owner, the rest to its stakers by stake (rao, exact)."""
    owner = owner_of(state, hotkey)
    take = amount * take_of(state, hotkey) // U16_MAX
    rest = amount - take
    stakes = {ck: s for ck, s in state.stake.get(hotkey, {}).items() if s > 0}
    total = sum(stakes.values())
    shared = {ck: rest * s // total for ck, s in stakes.items()} if total else {}
    dust = rest - sum(shared.values())  # what integer division leaves goes to the owner
    credit_stake(state, hotkey, owner, take + dust)
    for ck, share in shared.items():
        if share:
            credit_stake(state, hotkey, ck, share)
