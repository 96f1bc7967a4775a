"""Raising a pallet error from a rule: ``raise fail("NotEnoughBalanceToStake", "…")``.

The error classes themselves are written out in :mod:`bittensor_lite.errors`, in each
pallet's order. A rule raises one *before* it changes anything.
"""

from __future__ import annotations

from bittensor_lite.errors import ChainError, error_by_name


def fail(name: str, message: str = "") -> ChainError:
    """The chain error called ``name`` with a message (its docstring if none), ready to ``raise``."""
    cls = error_by_name(name)
    return cls(message or (cls.__doc__ or "").strip())
