"""Events: what a block tells the world happened, declared once with the chain's indices and fields.

A rule records an event with :func:`emit` as ``(pallet, name, fields)``, already in the
chain's shape: the local chain only SCALE-encodes it into ``System.Events``; the mock keeps it
in ``state.events`` for the block. Fields are ``(name, SCALE type[, Rust type name])``; events
whose fields have no names take their values positionally, as on chain.
"""

from __future__ import annotations

from typing import Any

from bittensor_lite.runtime import hyperparams
from bittensor_lite.runtime.state import ChainState

ACC = "AccountId32"
EventDecl = tuple[int, str, tuple[tuple[Any, ...], ...]]
Event = tuple[str, str, Any]  # (pallet, event name, fields: a tuple, or a dict for named fields)

_FIXED: dict[str, tuple[EventDecl, ...]] = {
    "System": (
        (0, "ExtrinsicSuccess", (("dispatch_info", "DispatchInfo"),)),
        (1, "ExtrinsicFailed", (("dispatch_error", "DispatchError"), ("dispatch_info", "DispatchInfo"))),
        (3, "NewAccount", (("account", ACC, "T::AccountId"),)),
        (5, "Remarked", (("sender", ACC, "T::AccountId"), ("hash", "H256", "T::Hash"))),
    ),
    "Balances": (
        (0, "Endowed", (("account", ACC, "T::AccountId"), ("free_balance", "u64", "T::Balance"))),
        (2, "Transfer", (("from", ACC, "T::AccountId"), ("to", ACC, "T::AccountId"), ("amount", "u64", "T::Balance"))),
        (3, "BalanceSet", (("who", ACC, "T::AccountId"), ("free", "u64", "T::Balance"))),
        (8, "Withdraw", (("who", ACC, "T::AccountId"), ("amount", "u64", "T::Balance"))),
    ),
    "TransactionPayment": (
        (0, "TransactionFeePaid", (("who", ACC, "T::AccountId"), ("actual_fee", "u64", "BalanceOf<T>"),
                                   ("tip", "u64", "BalanceOf<T>"))),
    ),
    "SubtensorModule": (
        (0, "NetworkAdded", ((None, "u16"), (None, "u16"))),
        (2, "StakeAdded", ((None, ACC, "T::AccountId"), (None, ACC, "T::AccountId"), (None, "u64", "TaoBalance"),
                           (None, "u64", "AlphaBalance"), (None, "u16", "NetUid"), (None, "u64"))),
        (3, "StakeRemoved", ((None, ACC, "T::AccountId"), (None, ACC, "T::AccountId"), (None, "u64", "TaoBalance"),
                             (None, "u64", "AlphaBalance"), (None, "u16", "NetUid"), (None, "u64"))),
        (4, "WeightsSet", ((None, "u16"), (None, "u16"))),
        (5, "NeuronRegistered", ((None, "u16"), (None, "u16"), (None, ACC, "T::AccountId"))),
        (24, "AxonServed", ((None, "u16"), (None, ACC, "T::AccountId"))),
        (25, "PrometheusServed", ((None, "u16"), (None, ACC, "T::AccountId"))),
        (57, "TakeDecreased", ((None, ACC, "T::AccountId"), (None, ACC, "T::AccountId"), (None, "u16"))),
        (58, "TakeIncreased", ((None, ACC, "T::AccountId"), (None, ACC, "T::AccountId"), (None, "u16"))),
        (79, "WeightsCommitted", ((None, ACC, "T::AccountId"), (None, "u16"), (None, "H256"))),
        (80, "WeightsRevealed", ((None, ACC, "T::AccountId"), (None, "u16"), (None, "H256"))),
    ),
    "Sudo": ((0, "Sudid", (("sudo_result", "DispatchResult", "DispatchResult"),)),),
    "AdminUtils": (),
    "MevShield": ((0, "EncryptedSubmitted", (("id", "H256", "T::Hash"), ("who", ACC, "T::AccountId"))),),
}


def declared() -> dict[str, tuple[EventDecl, ...]]:
    """Every pallet's events in index order (SubtensorModule's include each hyperparameter setter's)."""
    out = dict(_FIXED)
    knob_events = {(k.event[0], k.event[1], ((None, "u16"), (None, k.scale))) for k in hyperparams.KNOBS if k.event}
    out["SubtensorModule"] = tuple(sorted((*_FIXED["SubtensorModule"], *knob_events)))
    return out


def emit(state: ChainState, pallet: str, name: str, *values: Any, **named: Any) -> None:
    """Record event ``pallet.name`` for this block: positional values, or named fields."""
    state.events.append((pallet, name, named if named else tuple(values)))
