"""``convert_weights_and_uids_for_emit`` (NumPy) against a plain transcription of the SDK's rule."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bittensor_lite.errors import BadWeightsError
from bittensor_lite.scale import U16_MAX
from bittensor_lite.weight_utils import convert_weights_and_uids_for_emit


def reference(uids, weights):
    """The rule entry by entry: max-normalise to u16, round half to even, drop zeros; same checks, same order."""
    uids = [int(u) for u in uids]
    weights = [float(w) for w in weights]
    if len(uids) != len(weights):
        raise BadWeightsError(f"{len(uids)} uids but {len(weights)} weights: they must pair up")
    for w in weights:
        if not (w >= 0.0) or w == float("inf"):
            raise BadWeightsError(f"weights must be finite and >= 0, got {w!r}")
    for u in uids:
        if not 0 <= u <= U16_MAX:
            raise BadWeightsError(f"uid {u} is not a u16")
    top = max(weights, default=0.0)
    if top == 0.0:
        return [], []
    out_uids, out_weights = [], []
    for u, w in zip(uids, weights, strict=True):
        v = int(round(w / top * U16_MAX))
        if v > 0:
            out_uids.append(u)
            out_weights.append(v)
    return out_uids, out_weights


def outcome(f, uids, weights):
    """What a call gives: ('ok', result with its element types) or ('error', type, message)."""
    try:
        u, w = f(uids, weights)
    except Exception as exc:  # noqa: BLE001 - the exception itself is what is compared
        return ("error", type(exc), str(exc))
    return ("ok", u, w, [type(x) for x in u], [type(x) for x in w])


weights_st = st.one_of(
    st.floats(min_value=0.0, max_value=1e300),  # includes 0.0, subnormals, huge
    st.floats(allow_nan=True, allow_infinity=True),  # negative, NaN and inf: rejected
    st.integers(min_value=0, max_value=10**6),
    st.sampled_from([0.0, -0.0, 0.5, 1.0, 1 / 3, 5e-324, 1.5 / U16_MAX, 0.5 / U16_MAX, 2.5 / U16_MAX]),
)
uids_st = st.one_of(st.integers(min_value=0, max_value=U16_MAX),
                    st.integers(min_value=-5, max_value=2**70), st.booleans())


@settings(max_examples=400, deadline=None)
@given(data=st.data(), n=st.integers(min_value=0, max_value=40), extra=st.integers(min_value=-1, max_value=1))
def test_matches_the_rule_entry_by_entry(data, n, extra):
    uids = data.draw(st.lists(uids_st, min_size=n, max_size=n))
    weights = data.draw(st.lists(weights_st, min_size=max(n + extra, 0), max_size=max(n + extra, 0)))
    assert outcome(convert_weights_and_uids_for_emit, uids, weights) == outcome(reference, uids, weights)
    # NumPy inputs (what a validator usually has) give the same as their lists
    if all(isinstance(u, int) and -(2**63) <= u < 2**63 for u in uids):
        arr_u = np.array(uids, dtype=np.int64)
        arr_w = np.array([float(w) for w in weights])
        assert outcome(convert_weights_and_uids_for_emit, arr_u, arr_w) == outcome(reference, uids, weights)


@pytest.mark.parametrize("uids, weights", [
    ([], []),  # nothing to send
    ([1, 2, 3], [0.0, 0.0, 0.0]),  # all zero: nothing sent
    ([7], [0.25]),  # one weight: it becomes 65535
    ([0, 1], [1.0, 0.5 / U16_MAX]),  # exactly half a step: rounds to even (0), dropped
    ([0, 1], [1.0, 1.5 / U16_MAX]),  # one and a half steps: rounds to 2
    ([1.9, "2"], [1, "0.5"]),  # anything int() / float() take, as the SDK's lists do
    ([1], [float("nan")]), ([1], [-0.1]), ([1], [float("inf")]),  # rejected
    ([1, 70_000], [0.5, 0.5]), ([-1], [1.0]), ([1, 2], [0.5]),  # rejected
    (["x"], [1.0]), ([1], [None]),  # not numbers: int() / float() raise
])
def test_edge_cases_match(uids, weights):
    assert outcome(convert_weights_and_uids_for_emit, uids, weights) == outcome(reference, uids, weights)


def test_a_big_row_in_one_pass():
    rng = np.random.default_rng(0)
    w = (rng.random(4096) ** 4).tolist()
    w[17] = 0.0
    uids = list(range(4096))
    assert convert_weights_and_uids_for_emit(uids, w) == reference(uids, w)


def _old_ints_in(values, top):
    """The chain-side check as it was written: every value a Python int, all in 0..top."""
    if not values:
        return True
    if not all(isinstance(v, int) for v in values):
        return False
    return min(values) >= 0 and max(values) <= top


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.integers(min_value=-3, max_value=70_000), st.integers(min_value=-(2**70), max_value=2**70),
                          st.booleans(), st.floats(allow_nan=True), st.just("1"), st.none()), max_size=30),
       st.sampled_from([0, 9, 1023, 65535]))
def test_the_runtimes_int_check_is_the_old_one(values, top):
    from bittensor_lite.runtime.weights import _ints_in

    got = _ints_in(values, top)
    assert (got is not None) == _old_ints_in(values, top)
    if got is not None:
        assert got.tolist() == [int(v) for v in values]
