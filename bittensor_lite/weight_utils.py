"""From a validator's float scores to the u16 vectors that ``set_weights`` puts on chain."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bittensor_lite.errors import BadWeightsError
from bittensor_lite.scale import U16_MAX

if TYPE_CHECKING:
    import numpy as np


def _ints(values: Sequence[Any]) -> np.ndarray | list[int]:
    """``int(v)`` of each value: an integer array where NumPy reads them as integers, else a list of ints."""
    import numpy as np

    try:
        arr = np.asarray(values)
    except (ValueError, TypeError, OverflowError):
        arr = None
    if arr is not None and arr.ndim == 1 and arr.dtype.kind in "iub":
        return arr.astype(np.int64) if arr.dtype.kind == "b" else arr
    return [int(v) for v in values]


def _floats(values: Sequence[Any]) -> np.ndarray:
    """``float(v)`` of each value as a float64 array (NumPy converts numbers exactly as ``float`` does)."""
    import numpy as np

    try:
        arr = np.asarray(values)
    except (ValueError, TypeError, OverflowError):
        arr = None
    if arr is not None and arr.ndim == 1 and arr.dtype.kind in "fiub":
        return arr.astype(np.float64, copy=False)
    return np.array([float(v) for v in values], dtype=np.float64)


def convert_weights_and_uids_for_emit(
    uids: Sequence[int], weights: Sequence[float]
) -> tuple[list[int], list[int]]:
    """Max-normalise float weights to u16 (largest → 65535), round, and drop zeros.

    This is what the real SDK does before ``set_weights``: only the relative sizes matter
    (the chain normalises rows again), and zero entries are not sent at all. Each value is
    ``round(w / max · 65535)``, rounding half to even; in one NumPy pass over the row.
    """
    import numpy as np  # not at import time: ``import bittensor_lite`` stays light

    u = _ints(uids)
    w = _floats(weights)
    if len(u) != len(w):
        raise BadWeightsError(f"{len(u)} uids but {len(w)} weights: they must pair up")
    bad = ~(w >= 0.0) | (w == np.inf)
    if bad.any():
        raise BadWeightsError(f"weights must be finite and >= 0, got {float(w[np.argmax(bad)])!r}")
    if isinstance(u, list):
        if u and not (min(u) >= 0 and max(u) <= U16_MAX):
            raise BadWeightsError(f"uid {next(x for x in u if not 0 <= x <= U16_MAX)} is not a u16")
        u = np.array(u, dtype=np.int64)
    else:
        out = (u > U16_MAX) if u.dtype.kind == "u" else ((u < 0) | (u > U16_MAX))
        if out.any():
            raise BadWeightsError(f"uid {int(u[np.argmax(out)])} is not a u16")
    top = w.max() if len(w) else 0.0
    if top == 0.0:
        return [], []
    values = np.rint(w / top * U16_MAX)
    keep = values > 0
    return u[keep].tolist(), values[keep].astype(np.int64).tolist()


def pairs_arrays(row: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """A stored row of ``(uid, u16)`` pairs as two int64 arrays: the UIDs it names and their values."""
    import numpy as np

    pairs = np.fromiter(itertools.chain.from_iterable(row), dtype=np.int64, count=2 * len(row)).reshape(-1, 2)
    return pairs[:, 0].copy(), pairs[:, 1].copy()


def dense_rows(parts: list[tuple[np.ndarray, np.ndarray]], n: int) -> np.ndarray:
    """Rows given as (UIDs, values) arrays as a dense len(parts)×n float64 array (UIDs >= n dropped)."""
    import numpy as np

    out = np.zeros((len(parts), n))
    lengths = [len(u) for u, _ in parts]
    if sum(lengths):
        uids = np.concatenate([u for u, _ in parts])
        values = np.concatenate([v for _, v in parts])
        which = np.repeat(np.arange(len(parts)), lengths)
        keep = uids < n
        out[which[keep], uids[keep]] = values[keep]
    return out


def rows_to_dense(rows: Sequence[Sequence[tuple[int, int]]], n: int, uids: Sequence[int] | None = None) -> Any:
    """Sparse u16 rows (the chain's ``Weights``/``Bonds`` storage: ``[(uid, value), …]`` per UID)
    → a dense n×n float64 tensor. Only the rows in ``uids`` are filled (all rows by default)."""
    import torch

    picked = list(range(len(rows)) if uids is None else uids)
    m = torch.zeros(n, n, dtype=torch.float64)
    if picked:
        m[torch.tensor(picked)] = torch.from_numpy(dense_rows([pairs_arrays(rows[i]) for i in picked], n))
    return m
