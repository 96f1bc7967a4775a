"""The calls the chain accepts, written once: pallet, call index, arguments, the rule, who pays.

Each :class:`Call` names a pallet call exactly as node-subtensor does (the indices,
argument names and SCALE types of spec 425 for the calls it shares with spec 219 and for the
Dynamic TAO staking calls). The runtime dispatches by this table, the local chain's metadata declares it,
and the live backend composes calls from it — so a call exists in all three or in none.
AdminUtils setters come from the hyperparameter table (:mod:`~bittensor_lite.runtime.hyperparams`).
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bittensor_lite.errors import BittensorLiteError, ChainError, RequireSudo
from bittensor_lite.runtime import (
    admin,
    balances,
    commit_reveal,
    delegation,
    hyperparams,
    registration,
    serving,
    shield,
    staking,
    weights,
)
from bittensor_lite.runtime.events import ACC, emit
from bittensor_lite.runtime.state import ROOT, ChainState
from bittensor_lite.scale import blake2_256

Field = tuple[str, str] | tuple[str, str, str]  # (argument name, SCALE type[, Rust type name])
Rule = Callable[..., Any]  # rule(state, origin, **arguments)


@dataclass(frozen=True)
class Call:
    """One pallet call: where it lives on chain, its arguments, and the rule that runs it."""

    pallet: str
    index: int
    name: str
    args: tuple[Field, ...]
    rule: Rule | None  # None: an inherent the node itself applies (Timestamp.set)
    pays_fee: bool = True  # Pays::No calls are free (a hotkey holds no TAO to pay with)
    guarded: bool = False  # writes several items: restore the state exactly if it fails midway

    @property
    def arg_names(self) -> tuple[str, ...]:
        """The argument names, in the chain's order."""
        return tuple(a[0] for a in self.args)


# -- small rules that need no module of their own -------------------------------------------------------------
def remark(state: ChainState, origin: str, remark: bytes) -> None:
    """``System.remark``: put bytes on chain, nothing else."""


def remark_with_event(state: ChainState, origin: str, remark: bytes) -> None:
    """``System.remark_with_event``: put bytes on chain and announce their hash."""
    emit(state, "System", "Remarked", sender=origin, hash="0x" + blake2_256(bytes(remark)).hex())


def sudo(state: ChainState, origin: str, call: tuple[str, dict[str, Any]]) -> ChainError | None:
    """``Sudo.sudo``: the sudo key runs ``call`` as Root.

    The extrinsic succeeds even when the inner call fails: ``Sudid`` carries the inner result,
    and the inner call changes nothing. Returns the inner call's error, if any.
    """
    if origin != state.sudo:
        raise RequireSudo("the signer is not the sudo key")
    name, args = call
    inner = call_table().get(name)
    if inner is None or inner.pallet == "Sudo":
        raise ChainError(f"{name} cannot be dispatched by sudo here", name="CallFiltered", pallet="System")
    before = copy.deepcopy(state.__dict__) if inner.guarded else None  # other rules check before they write
    events_before = len(state.events)
    try:
        run(inner, state, ROOT, args)
    except ChainError as exc:
        if before is not None:
            state.__dict__.update(before)
        del state.events[events_before:]
        emit(state, "Sudo", "Sudid", sudo_result={"Err": exc})
        return exc
    emit(state, "Sudo", "Sudid", sudo_result={"Ok": ()})
    return None


def run(call: Call, state: ChainState, origin: str, args: dict[str, Any]) -> Any:
    """Run ``call``'s rule with ``args`` checked against the table's argument names."""
    if set(args) != set(call.arg_names):
        missing = [a for a in call.arg_names if a not in args]
        extra = [a for a in args if a not in call.arg_names]
        raise BittensorLiteError(f"{call.pallet}.{call.name} takes ({', '.join(call.arg_names)}); "
                                 + (f"missing {', '.join(missing)}" if missing else "")
                                 + ("; " if missing and extra else "")
                                 + (f"unknown {', '.join(extra)}" if extra else ""))
    if call.rule is None:
        raise BittensorLiteError(f"{call.pallet}.{call.name} is applied by the block author, not dispatched")
    return call.rule(state, origin, **args)


_ADDRESS = ("dest", "MultiAddress", "AccountIdLookupOf<T>")
_FIXED_CALLS: tuple[Call, ...] = (
    Call("System", 0, "remark", (("remark", "Vec<u8>"),), remark),
    Call("System", 7, "remark_with_event", (("remark", "Vec<u8>"),), remark_with_event),
    Call("Timestamp", 0, "set", (("now", "Compact<u64>", "T::Moment"),), None, pays_fee=False),
    Call("Balances", 0, "transfer_allow_death", (_ADDRESS, ("value", "Compact<u64>", "T::Balance")), balances.transfer),
    Call("Balances", 3, "transfer_keep_alive", (_ADDRESS, ("value", "Compact<u64>", "T::Balance")), balances.transfer),
    Call("SubtensorModule", 0, "set_weights",
         (("netuid", "u16"), ("dests", "Vec<u16>"), ("weights", "Vec<u16>"), ("version_key", "u64")),
         weights.set_weights, pays_fee=False),
    Call("SubtensorModule", 119, "set_mechanism_weights",
         (("netuid", "u16", "NetUid"), ("mecid", "u8", "MechId"), ("dests", "Vec<u16>"), ("weights", "Vec<u16>"),
          ("version_key", "u64")),
         weights.set_mechanism_weights, pays_fee=False),
    Call("SubtensorModule", 2, "add_stake",
         (("hotkey", ACC, "T::AccountId"), ("netuid", "u16", "NetUid"), ("amount_staked", "u64", "TaoBalance")),
         staking.add_stake),
    Call("SubtensorModule", 3, "remove_stake",
         (("hotkey", ACC, "T::AccountId"), ("netuid", "u16", "NetUid"), ("amount_unstaked", "u64", "AlphaBalance")),
         staking.remove_stake),
    Call("SubtensorModule", 88, "add_stake_limit",
         (("hotkey", ACC, "T::AccountId"), ("netuid", "u16", "NetUid"), ("amount_staked", "u64", "TaoBalance"),
          ("limit_price", "u64", "TaoBalance"), ("allow_partial", "bool")),
         staking.add_stake_limit),
    Call("SubtensorModule", 89, "remove_stake_limit",
         (("hotkey", ACC, "T::AccountId"), ("netuid", "u16", "NetUid"), ("amount_unstaked", "u64", "AlphaBalance"),
          ("limit_price", "u64", "TaoBalance"), ("allow_partial", "bool")),
         staking.remove_stake_limit),
    Call("SubtensorModule", 4, "serve_axon",
         (("netuid", "u16"), ("version", "u32"), ("ip", "u128"), ("port", "u16"), ("ip_type", "u8"),
          ("protocol", "u8"), ("placeholder1", "u8"), ("placeholder2", "u8")),
         serving.serve_axon, pays_fee=False),
    Call("SubtensorModule", 5, "serve_prometheus",
         (("netuid", "u16"), ("version", "u32"), ("ip", "u128"), ("port", "u16"), ("ip_type", "u8")),
         serving.serve_prometheus, pays_fee=False),
    Call("SubtensorModule", 6, "register",
         (("netuid", "u16"), ("block_number", "u64"), ("nonce", "u64"), ("work", "Vec<u8>"),
          ("hotkey", ACC, "T::AccountId"), ("coldkey", ACC, "T::AccountId")),
         registration.register),  # spec 425: the work is ignored, the signer burns
    # registrations check everything before their first write, so they need no backup (a copy
    # of the whole state per registration made registering n neurons cost O(n²))
    Call("SubtensorModule", 7, "burned_register", (("netuid", "u16"), ("hotkey", ACC, "T::AccountId")),
         registration.burned_register),
    Call("SubtensorModule", 134, "register_limit",
         (("netuid", "u16", "NetUid"), ("hotkey", ACC, "T::AccountId"), ("limit_price", "u64")),
         registration.register_limit),
    Call("SubtensorModule", 65, "decrease_take", (("hotkey", ACC, "T::AccountId"), ("take", "u16")),
         delegation.decrease_take),
    Call("SubtensorModule", 66, "increase_take", (("hotkey", ACC, "T::AccountId"), ("take", "u16")),
         delegation.increase_take),
    Call("SubtensorModule", 96, "commit_weights", (("netuid", "u16"), ("commit_hash", "H256", "H256")),
         commit_reveal.commit_weights, pays_fee=False),
    Call("SubtensorModule", 97, "reveal_weights",
         (("netuid", "u16"), ("uids", "Vec<u16>"), ("values", "Vec<u16>"), ("salt", "Vec<u16>"), ("version_key", "u64")),
         commit_reveal.reveal_weights, pays_fee=False),
    Call("SubtensorModule", 59, "register_network", (("hotkey", ACC, "T::AccountId"),),
         registration.register_network, guarded=True),
    Call("MevShield", 1, "submit_encrypted", (("ciphertext", "Vec<u8>", "BoundedVec<u8, ConstU32<8192>>"),),
         shield.submit_encrypted),
    Call("Sudo", 0, "sudo", (("call", "RuntimeCall", "Box<<T as Config>::RuntimeCall>"),), sudo),
)


def _setter_calls(knobs: tuple[hyperparams.Knob, ...]) -> tuple[Call, ...]:
    out = []
    for name, group in hyperparams.setter_groups().items():
        index = group[0].setter[0]
        args = (("netuid", "u16"), *((k.setter[2], k.scale) for k in group))
        out.append(Call("AdminUtils", index, name, args, functools.partial(admin.set_hyperparameters, call=name)))
    return tuple(out)


@functools.cache
def _table(knobs: tuple[hyperparams.Knob, ...]) -> dict[str, Call]:
    return {c.name: c for c in (*_FIXED_CALLS, *_setter_calls(knobs))}


# The last (KNOBS tuple, table): every dispatch asks, and the cache's key (34 knobs, hashed field by field)
# cost 30 µs a call. Valid while KNOBS is the same object and _table's cache was not cleared.
_last_table: list[Any] = [None, None]


def call_table() -> dict[str, Call]:
    """Every call by name (names are unique across our pallets)."""
    knobs = hyperparams.KNOBS
    if _last_table[0] is not knobs or not _table.cache_info().currsize:
        _last_table[:] = [knobs, _table(knobs)]
    return _last_table[1]


def pallet_calls(pallet: str) -> tuple[Call, ...]:
    """One pallet's calls in index order."""
    return tuple(sorted((c for c in call_table().values() if c.pallet == pallet), key=lambda c: c.index))
