"""Sparse u16 rows (``Weights``, ``Bonds``) as stored, with their NumPy arrays kept beside them.

The chain's ``Weights[netuid][uid]`` and ``Bonds[netuid][uid]`` are lists of ``(uid, u16)``
pairs; that is how the state stores, saves and shows them. An epoch needs them as arrays,
and turning 64 lists of 1,000 pairs back into numbers costs more than Yuma itself. So the
writers here keep each row's arrays in a cache beside the column (not a dataclass field: never
saved, compared or shown), tied to the very list object stored: a row replaced by any other
writer is simply read again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bittensor_lite.runtime.state import SubnetState
from bittensor_lite.weight_utils import dense_rows, pairs_arrays

if TYPE_CHECKING:
    import numpy as np

Row = list[tuple[int, int]]


def _cache(net: SubnetState) -> dict[tuple[str, int], tuple[Row, np.ndarray, np.ndarray]]:
    return net.__dict__.setdefault("_row_arrays", {})


def put_row(net: SubnetState, column: str, uid: int, uids: np.ndarray, values: np.ndarray) -> None:
    """Store row ``uid`` of ``column`` ("weights" or "bonds") from UIDs (ascending) and their u16 values."""
    row = list(zip(uids.tolist(), values.tolist(), strict=True))
    net.neurons[column][uid] = row
    _cache(net)[(column, uid)] = (row, uids, values)


def row_arrays(net: SubnetState, column: str, uid: int) -> tuple[np.ndarray, np.ndarray]:
    """Row ``uid`` of ``column`` as two int64 arrays (:func:`pairs_arrays`), from the cache while it is current."""
    row = net.neurons[column][uid]
    hit = _cache(net).get((column, uid))
    if hit is not None and hit[0] is row and len(row) == len(hit[1]):
        return hit[1], hit[2]
    uids, values = pairs_arrays(row)
    _cache(net)[(column, uid)] = (row, uids, values)
    return uids, values


def rows_matrix(net: SubnetState, column: str, rows: list[int], n: int) -> np.ndarray:
    """Rows ``rows`` of ``column`` as a dense len(rows)×n float64 array (entries naming UIDs >= n dropped)."""
    return dense_rows([row_arrays(net, column, i) for i in rows], n)
