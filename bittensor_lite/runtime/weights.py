"""``set_weights``: a validator's verdict on every miner, checked as the chain checks it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bittensor_lite.runtime.errors import fail
from bittensor_lite.runtime.events import emit
from bittensor_lite.runtime.registration import subnet
from bittensor_lite.runtime.rows import put_row
from bittensor_lite.runtime.staking import stake_weight
from bittensor_lite.runtime.state import ChainState, SubnetState
from bittensor_lite.scale import U16_MAX

if TYPE_CHECKING:
    import numpy as np


def max_upscale(values: np.ndarray) -> np.ndarray:
    """Scale u16 weights so the largest is 65535 (rounding half away from zero), as the chain stores them.

    ``(v · 65535 · 2 + top) // (2 · top)`` on each, in int64 (at most 65535 · 131070 + 65535, far below 2^63).
    """
    import numpy as np

    top = int(values.max()) if len(values) else 0
    if top == 0:
        return np.zeros_like(values)
    return (values * (U16_MAX * 2) + top) // (2 * top)


def set_weights(
    state: ChainState, hotkey: str, netuid: int, dests: Sequence[int], weights: Sequence[int], version_key: int
) -> None:
    """``set_weights``: store the signer's weights over UIDs (u16), after every chain check.

    On a subnet with commit-reveal on, weights must go through ``commit_weights`` and
    ``reveal_weights`` instead (``CommitRevealEnabled``).
    """
    net = subnet(state, netuid)
    if net.hyper.commit_reveal_weights_enabled:
        raise fail("CommitRevealEnabled", f"subnet {netuid} hides weights: commit_weights, then reveal_weights")
    apply_weights(state, net, hotkey, list(dests), list(weights), version_key)


MECHANISM_COUNT = 1  # MechanismCountCurrent: every subnet here has one mechanism, MechId 0 (the main one)


def set_mechanism_weights(state: ChainState, hotkey: str, netuid: int, mecid: int, dests: Sequence[int],
                          weights: Sequence[int], version_key: int) -> None:
    """``set_mechanism_weights``: weights for one of a subnet's mechanisms (spec 425).

    A subnet may run several incentive mechanisms, each with its own weights and emission
    split (``MechanismCountCurrent``, ``MechanismEmissionSplit``). Here every subnet has one,
    MechId 0, so this is ``set_weights`` with ``mecid = 0``; any other gets ``MechanismDoesNotExist``.
    """
    net = subnet(state, netuid)
    if not 0 <= int(mecid) < MECHANISM_COUNT:
        raise fail("MechanismDoesNotExist", f"subnet {netuid} has {MECHANISM_COUNT} mechanism(s): mecid 0 only")
    set_weights(state, hotkey, net.netuid, dests, weights, version_key)


def _ints_in(values: list[int], top: int) -> np.ndarray | None:
    """``values`` as an int64 array if every one is an integer in 0..top, else None.

    One NumPy pass reads the list: it comes out as integers only if every entry is one (a float,
    a string or None makes it float, text or object); a bool counts as 0 or 1, as in Python.
    """
    import numpy as np

    if not values:
        return np.zeros(0, dtype=np.int64)
    try:
        arr = np.array(values)
    except (ValueError, TypeError, OverflowError):  # ragged or unreadable: not a vector of ints
        return None
    if arr.ndim != 1 or arr.dtype.kind not in "iub":
        return None
    if arr.dtype.kind == "u" and arr.max() > top:  # beyond int64: certainly not in range
        return None
    arr = arr.astype(np.int64, copy=False)
    if arr.min() < 0 or arr.max() > top:
        return None
    return arr


def check_rate_limit(state: ChainState, net: SubnetState, uid: int, hotkey: str) -> bool:
    """Whether ``uid`` may set or commit weights now: ``weights_rate_limit`` blocks after its last time."""
    has_set_before = bool(net.neurons["weights"][uid]) or hotkey in net.weight_commits
    return not has_set_before or state.block - net.neurons["last_update"][uid] >= net.hyper.weights_rate_limit


def apply_weights(state: ChainState, net: SubnetState, hotkey: str, dests: list[int], weights: list[int],
                  version_key: int) -> None:
    """The checks and the write that ``set_weights`` and a successful ``reveal_weights`` share."""
    netuid = net.netuid
    if len(dests) != len(weights):
        raise fail("WeightVecNotEqualSize", f"{len(dests)} uids but {len(weights)} weights")
    uid = net.uid_of(hotkey)
    if uid is None:
        raise fail("HotKeyNotRegisteredInSubNet", f"{hotkey} has no uid on subnet {netuid}")
    h = net.hyper
    if stake_weight(state, net, hotkey) < h.weights_min_stake:
        raise fail("NotEnoughStakeToSetWeights", f"needs {h.weights_min_stake} of stake (alpha + TaoWeight × root)")
    if version_key < h.weights_version:
        raise fail("IncorrectWeightVersionKey", f"version_key {version_key} < required {h.weights_version}")
    last = net.neurons["last_update"][uid]
    if not check_rate_limit(state, net, uid, hotkey) and not net.hyper.commit_reveal_weights_enabled:
        raise fail("SettingWeightsTooFast", f"last set at block {last}; wait until block {last + h.weights_rate_limit}")
    n = net.n
    uids = _ints_in(dests, n - 1)
    if uids is None:
        raise fail("UidVecContainInvalidOne", f"uids must be in 0..{n - 1}")
    order = uids.argsort(kind="stable")
    uids = uids[order]
    if len(uids) > 1 and (uids[1:] == uids[:-1]).any():
        raise fail("DuplicateUids")
    if len(dests) > n:
        raise fail("UidsLengthExceedUidsInSubNet")
    values = _ints_in(weights, U16_MAX)
    if values is None:
        raise fail("MaxWeightExceeded", "each weight must be a u16 (0..65535)")
    self_only = len(dests) == 1 and dests[0] == uid
    if not self_only:
        if len(dests) < min(h.min_allowed_weights, net.n):
            raise fail("WeightVecLengthIsLow", f"weight at least {h.min_allowed_weights} uids")
        total = int(values.sum())
        if total > 0 and int(values.max()) * U16_MAX > h.max_weights_limit * total:
            raise fail("MaxWeightExceeded", f"one weight exceeds {h.max_weights_limit / U16_MAX:.1%} of the row")
        if not net.neurons["validator_permit"][uid]:
            raise fail("NeuronNoValidatorPermit", "only neurons with a validator permit (top-k stake) may weight others")
    scaled = max_upscale(values)[order]
    keep = scaled > 0
    put_row(net, "weights", uid, uids[keep], scaled[keep])  # stored by UID, zeros left out
    net.neurons["last_update"][uid] = state.block
    emit(state, "SubtensorModule", "WeightsSet", netuid, uid)
