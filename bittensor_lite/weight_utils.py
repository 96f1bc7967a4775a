"""From a validator's float scores to the u16 vectors that ``set_weights`` puts on chain."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bittensor_lite.errors import BadWeightsError
from bittensor_lite.scale import U16_MAX


def convert_weights_and_uids_for_emit(
    uids: Sequence[int], weights: Sequence[float]
) -> tuple[list[int], list[int]]:
    """Max-normalise float weights to u16 (largest → 65535), round, and drop zeros.

    This is what the real SDK does before ``set_weights``: only the relative sizes matter
    (the chain normalises rows again), and zero entries are not sent at all.
    """
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


def rows_to_dense(rows: Sequence[Sequence[tuple[int, int]]], n: int, uids: Sequence[int] | None = None) -> Any:
    """Sparse u16 rows (the chain's ``Weights``/``Bonds`` storage: ``[(uid, value), …]`` per UID)
    → a dense n×n float64 tensor. Only the rows in ``uids`` are filled (all rows by default)."""
    import torch

    ii: list[int] = []
    jj: list[int] = []
    vv: list[int] = []
    for i in range(len(rows)) if uids is None else uids:
        for j, v in rows[i]:
            if j < n:
                ii.append(i)
                jj.append(j)
                vv.append(v)
    m = torch.zeros(n, n, dtype=torch.float64)
    if ii:
        m[torch.tensor(ii), torch.tensor(jj)] = torch.tensor(vv, dtype=torch.float64)
    return m
