"""Stake: TAO a coldkey locks behind a hotkey (its own, or a validator's). Stake is what a validator's vote weighs."""

from __future__ import annotations

from bittensor_lite.runtime import balances
from bittensor_lite.runtime.errors import fail
from bittensor_lite.runtime.events import emit
from bittensor_lite.runtime.state import ChainState


def stake_of(state: ChainState, hotkey: str, coldkey: str | None = None) -> int:
    """Stake on ``hotkey`` in rao: from one coldkey (Stake[hotkey][coldkey]) or in total."""
    per = state.stake.get(hotkey, {})
    return per.get(coldkey, 0) if coldkey is not None else sum(per.values())


def owner_of(state: ChainState, hotkey: str) -> str:
    """``Owner[hotkey]``: the coldkey that owns a hotkey (HotKeyAccountNotExists if none does yet)."""
    owner = state.owner.get(hotkey)
    if owner is None:
        raise fail("HotKeyAccountNotExists", f"hotkey {hotkey} is not registered anywhere yet")
    return owner


def add_stake(state: ChainState, coldkey: str, hotkey: str, amount_staked: int) -> None:
    """``add_stake``: move ``amount_staked`` rao of the coldkey's free balance onto a hotkey.

    Any coldkey may stake on any existing hotkey — its own, or a validator's as a nominator
    (which then shares that validator's dividends, see :mod:`~bittensor_lite.runtime.delegation`).
    """
    owner_of(state, hotkey)
    if not isinstance(amount_staked, int) or amount_staked <= 0:
        raise fail("AmountTooLow", f"stake a positive number of rao, got {amount_staked!r}")
    balances.withdraw(state, coldkey, amount_staked, error="NotEnoughBalanceToStake")
    credit_stake(state, hotkey, coldkey, amount_staked)
    emit(state, "SubtensorModule", "StakeAdded", hotkey, amount_staked)


def remove_stake(state: ChainState, coldkey: str, hotkey: str, amount_unstaked: int) -> None:
    """``remove_stake``: move ``amount_unstaked`` rao of the coldkey's own stake back to its free balance."""
    owner_of(state, hotkey)
    if not isinstance(amount_unstaked, int) or amount_unstaked <= 0:
        raise fail("StakeToWithdrawIsZero", f"unstake a positive number of rao, got {amount_unstaked!r}")
    have = stake_of(state, hotkey, coldkey)
    if have < amount_unstaked:
        raise fail("NotEnoughStakeToWithdraw", f"stake is {have} rao, asked for {amount_unstaked} rao")
    state.stake[hotkey][coldkey] = have - amount_unstaked
    balances.deposit(state, coldkey, amount_unstaked)
    emit(state, "SubtensorModule", "StakeRemoved", hotkey, amount_unstaked)


def credit_stake(state: ChainState, hotkey: str, coldkey: str, amount: int) -> None:
    """Add stake (e.g. emission) to Stake[hotkey][coldkey]."""
    per = state.stake.setdefault(hotkey, {})
    per[coldkey] = per.get(coldkey, 0) + amount
