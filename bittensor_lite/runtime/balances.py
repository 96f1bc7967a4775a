"""The ``Balances`` pallet: free TAO per account, in rao, and transfers between accounts."""

from __future__ import annotations

from bittensor_lite.runtime.errors import fail
from bittensor_lite.runtime.events import emit
from bittensor_lite.runtime.state import ChainState


def free_balance(state: ChainState, account: str) -> int:
    """An account's free (spendable, unstaked) balance in rao."""
    return state.balances.get(account, 0)


def withdraw(state: ChainState, account: str, amount: int, error: str = "NotEnoughBalanceToStake") -> None:
    """Take ``amount`` rao from an account's free balance, or raise ``error`` and take nothing."""
    if free_balance(state, account) < amount:
        raise fail(error, f"free balance {free_balance(state, account)} rao < {amount} rao needed")
    state.balances[account] = state.balances.get(account, 0) - amount


def deposit(state: ChainState, account: str, amount: int) -> None:
    """Add ``amount`` rao to an account's free balance (issuance is the caller's business)."""
    state.balances[account] = state.balances.get(account, 0) + amount


def transfer(state: ChainState, origin: str, dest: str, value: int) -> None:
    """``Balances.transfer_allow_death``: move ``value`` rao from the signer to ``dest``."""
    if not isinstance(value, int) or value <= 0:
        raise fail("InsufficientBalance", f"transfer value must be a positive number of rao, got {value!r}")
    withdraw(state, origin, value, error="InsufficientBalance")
    deposit(state, dest, value)
    emit(state, "Balances", "Transfer", **{"from": origin, "to": dest, "amount": value})


def set_balance(state: ChainState, account: str, amount: int) -> None:
    """Dev only: set a free balance outright, minting or burning the difference (a faucet)."""
    if amount < 0:
        raise ValueError("a balance cannot be negative")
    state.total_issuance += amount - free_balance(state, account)
    state.balances[account] = amount
