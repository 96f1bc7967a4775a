"""Delegation: anyone may stake on a validator's hotkey and share its dividends, after the validator's take.

Every hotkey has a take (``Delegates``, 18 % by default, at most ``MaxDelegateTake``). When a
validator earns dividends at an epoch, its owner's coldkey first keeps the take; the rest is
shared among everyone staked on that hotkey — the owner and its nominators — in proportion
to their stake. A validator can lower its take at any time, and raise it at most once per
``TxDelegateTakeRateLimit`` blocks (216,000: about a month), so nominators are not surprised.

Dividends are alpha on the subnet that paid them: the take becomes new shares for the owner,
the rest grows the hotkey's alpha, so every staker's shares are worth more (see :mod:`.staking`).
"""

from __future__ import annotations

from bittensor_lite.runtime.errors import fail
from bittensor_lite.runtime.events import emit
from bittensor_lite.runtime.staking import credit_alpha, grow_hotkey, owner_of
from bittensor_lite.runtime.state import ChainState, SubnetState
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


def pay_dividends(state: ChainState, net: SubnetState, hotkey: str, amount: int) -> None:
    """Credit a validator's dividends (alpha on ``net``): the take to its owner, the rest to all its stakers."""
    owner = owner_of(state, hotkey)
    take = amount * take_of(state, hotkey) // U16_MAX
    credit_alpha(net, hotkey, owner, take)
    grow_hotkey(net, hotkey, owner, amount - take)
