"""Yuma consensus: how a subnet turns validators' weights into rewards, one epoch at a time.

This is node-subtensor's per-epoch computation (``pallets/subtensor/src/epoch/run_epoch.rs``)
written as short steps you can read in order. Each function is one step, named as the chain
names it:

1. ``active_stake``        S_a: stake of permitted, active validators, normalised
2. ``mask_weights``        W: drop non-validator rows and self-weights, row-normalise
3. ``weighted_median_col`` C: per miner, the highest weight that κ of the stake still backs
4. ``clip_weights``        W̄ = min(W, C): weight above consensus does not count
5. ``validator_trust``     Tv_i = Σ_j W̄_ij: how much of a validator's weight survived
6. ``rank`` / ``incentive`` R_j = Σ_i S_a_i W̄_ij,  I = R / ΣR: the miners' share
7. ``weights_for_bonds``   W̃ = W + β(W̄ − W): the bonds penalty β decides clipped or not
8. ``yuma3_bonds`` / ``original_bonds``: the validators' bonds (an EMA of W̃)
9. ``yuma3_dividends`` / ``original_dividends``: the validators' share
10. ``emission_split``     server (miner) and validator fractions of the epoch's emission

The chain computes in I32F32 fixed point; we use float64, which agrees to about 1e-8 on one
epoch. Only validator rows can carry weight, so every step works on the V×n block of rows
of the V permitted UIDs: the cost grows with validators × UIDs, not UIDs².
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from bittensor_lite.allocator import keep_freed_memory
from bittensor_lite.cores import use_available_cores
from bittensor_lite.errors import YumaInputError

DTYPE = torch.float64


@dataclass(frozen=True)
class YumaParams:
    """Hyperparameters of one epoch. The defaults are node-subtensor's defaults for a new subnet."""

    kappa: float = 32767 / 65535  # share of active stake that must back a weight for it to count
    bonds_penalty: float = 1.0  # β: 1 → bonds grow only from clipped weights; 0 → from raw weights
    bonds_moving_average: float = 0.9  # share of old bonds kept each epoch (EMA rate α = 1 − this)
    yuma3: bool = True  # Yuma 3 bonds (per-entry, in [0,1]) instead of the original stake-scaled bonds
    liquid_alpha: bool = False  # let the EMA rate vary per bond with how far a weight is from consensus
    alpha_low: float = 0.7  # liquid alpha's slowest EMA rate
    alpha_high: float = 0.9  # liquid alpha's fastest EMA rate
    alpha_sigmoid_steepness: float = 1000.0  # liquid alpha's sigmoid steepness (÷100 on chain)

    def __post_init__(self) -> None:
        for name in ("kappa", "bonds_penalty", "bonds_moving_average", "alpha_low", "alpha_high"):
            v = getattr(self, name)
            if not 0.0 <= v <= 1.0:
                raise YumaInputError(f"{name} must be in [0, 1], got {v}")
        if self.alpha_low > self.alpha_high:
            raise YumaInputError("alpha_low must not exceed alpha_high")


@dataclass
class YumaOutput:
    """Everything one epoch produces. Length-n vectors by UID; n×n matrices are built on access."""

    n: int
    validator_uids: torch.Tensor  # the V rows that can carry weight (UIDs with a validator permit)
    active_stake: torch.Tensor
    consensus: torch.Tensor
    rank: torch.Tensor
    trust: torch.Tensor  # legacy: rank / pre-clipping rank (the chain stopped storing it in 2025)
    incentive: torch.Tensor
    dividends: torch.Tensor
    validator_trust: torch.Tensor
    server_emission: torch.Tensor
    validator_emission: torch.Tensor
    clipped_rows: torch.Tensor  # W̄ on the validator rows, V×n
    bond_rows: torch.Tensor  # new bonds on the validator rows, V×n

    @property
    def emission(self) -> torch.Tensor:
        """Each UID's combined share of the epoch's emission (server + validator parts)."""
        return self.server_emission + self.validator_emission

    @property
    def clipped_weights(self) -> torch.Tensor:
        """W̄, n×n: every validator's weights clipped at consensus (rows row-normalised before clipping)."""
        return _expand_rows(self.clipped_rows, self.validator_uids, self.n)

    @property
    def bonds(self) -> torch.Tensor:
        """The new bonds, n×n (the EMA before any u16 storage rounding)."""
        return _expand_rows(self.bond_rows, self.validator_uids, self.n)


# -- inputs ------------------------------------------------------------------------------
def as_tensor(x: Any, name: str, shape: tuple[int, ...]) -> torch.Tensor:
    """A float64 tensor from a tensor, NumPy array or nested list; checks shape, sign and finiteness."""
    try:
        t = torch.as_tensor(x, dtype=DTYPE) if not isinstance(x, torch.Tensor) else x.to(DTYPE)
    except (TypeError, ValueError, RuntimeError) as exc:
        raise YumaInputError(f"{name} is not numeric: {exc}") from exc
    if tuple(t.shape) != shape:
        raise YumaInputError(f"{name} must have shape {shape}, got {tuple(t.shape)}")
    if t.numel() == 0:
        return t
    low, high = torch.aminmax(t)  # one pass; NaN propagates into both
    if bool(low >= 0) and bool(high < math.inf):
        return t
    if not bool(torch.isfinite(t).all()):
        raise YumaInputError(f"{name} contains NaN or infinity")
    raise YumaInputError(f"{name} must be >= 0")


def _as_matrix(x: Any, name: str, n: int) -> torch.Tensor:
    """An n×n tensor view of ``x`` (no copy for a tensor); values are checked later, row by row."""
    try:
        t = x if isinstance(x, torch.Tensor) else torch.as_tensor(x, dtype=DTYPE)
    except (TypeError, ValueError, RuntimeError) as exc:
        raise YumaInputError(f"{name} is not a numeric n×n matrix: {exc}") from exc
    if tuple(t.shape) != (n, n):
        raise YumaInputError(f"{name} must have shape ({n}, {n}), got {tuple(t.shape)}")
    return t


def _as_mask(x: Any, name: str, n: int, default: torch.Tensor) -> torch.Tensor:
    if x is None:
        return default
    m = torch.as_tensor(x).to(torch.bool)
    if tuple(m.shape) != (n,):
        raise YumaInputError(f"{name} must have shape ({n},), got {tuple(m.shape)}")
    return m


def _normalise(x: torch.Tensor, dim: int = -1) -> torch.Tensor:
    """x / Σx along dim (x ≥ 0); an all-zero slice stays zero (the chain's safe_div)."""
    s = x.sum(dim=dim, keepdim=True)
    return x / torch.where(s > 0, s, 1.0)  # where Σx = 0 every x is 0, so 0 / 1 keeps it 0


def _expand_rows(rows: torch.Tensor, uids: torch.Tensor, n: int) -> torch.Tensor:
    full = torch.zeros(n, n, dtype=rows.dtype)
    full[uids] = rows
    return full


# -- the steps ----------------------------------------------------------------------------
def active_stake(stake: torch.Tensor, permit: torch.Tensor, active: torch.Tensor) -> torch.Tensor:
    """S_a: stake normalised, zeroed for UIDs without a validator permit or inactive, renormalised."""
    return _normalise(_normalise(stake) * (permit & active))


def mask_weights(rows: torch.Tensor, uids: torch.Tensor) -> torch.Tensor:
    """Validators' weight rows with self-weights removed, then row-normalised (rows sum to 1 or 0)."""
    rows = rows.clone()
    rows[torch.arange(len(uids)), uids] = 0.0
    return _normalise(rows, dim=1)


def weighted_median_col(stake: torch.Tensor, weights: torch.Tensor, kappa: float) -> torch.Tensor:
    """C_j = the largest weight w on miner j such that validators giving ≥ w hold ≥ κ of the stake.

    ``stake`` (V) are the validators' active stakes summing to 1 (or all 0), ``weights`` is V×n.
    Sort each miner's V weights low → high and accumulate the stake below each place: the answer
    is the highest place whose weight is still backed, i.e. where the stake strictly below it is
    at most total − κ.
    """
    voters = stake > 0
    if not bool(voters.any()):
        return torch.zeros(weights.shape[1], dtype=DTYPE)
    w = weights[voters].t().contiguous()  # n × V: one short row per miner
    s = stake[voters]
    # NumPy sorts short rows several times faster than torch (SIMD sorting networks); torch
    # accumulates along the last dimension several times faster than NumPy. They share memory.
    order = torch.from_numpy(np.argsort(w.numpy(), axis=1))  # lowest weight first
    at_or_below = torch.cumsum(s[order], dim=1)
    below_limit = float(s.sum()) - kappa + 1e-12  # stake strictly below a backed place is at most this
    place = (at_or_below <= below_limit).sum(dim=1).clamp_(max=len(s) - 1)  # places 0..k-1 pass → k is the answer
    return w.gather(1, order.gather(1, place.unsqueeze(1))).squeeze(1)


def clip_weights(weights: torch.Tensor, consensus: torch.Tensor) -> torch.Tensor:
    """W̄ = min(W, C): the part of each weight above what consensus backs is cut off."""
    return torch.minimum(weights, consensus.unsqueeze(0))


def validator_trust(clipped: torch.Tensor) -> torch.Tensor:
    """Tv_i = Σ_j W̄_ij: the share of validator i's weight that survived clipping."""
    return clipped.sum(dim=1)


def rank(stake: torch.Tensor, clipped: torch.Tensor) -> torch.Tensor:
    """R_j = Σ_i S_a_i · W̄_ij: stake-weighted, consensus-backed support for miner j."""
    return stake @ clipped


def incentive(ranks: torch.Tensor) -> torch.Tensor:
    """I = R / ΣR: each miner's share of the miners' emission (all zero if nobody is backed)."""
    return _normalise(ranks)


def weights_for_bonds(weights: torch.Tensor, clipped: torch.Tensor, bonds_penalty: float) -> torch.Tensor:
    """W̃ = W + β(W̄ − W): with β = 1 (default) bonds only grow on consensus-backed weight."""
    return torch.lerp(weights, clipped, bonds_penalty)


def liquid_alphas(w_bonds: torch.Tensor, old: torch.Tensor, consensus: torch.Tensor, p: YumaParams) -> torch.Tensor:
    """Per-bond EMA rates: a sigmoid of how far a weight sits from consensus (buying) or from the bond (selling)."""
    buying = w_bonds >= old
    dist = torch.where(buying, (w_bonds - consensus.unsqueeze(0)).clamp(0, 1), (old - w_bonds).clamp(0, 1))
    steep = p.alpha_sigmoid_steepness / 100.0
    sig = 1.0 / (1.0 + torch.exp((-steep * (dist - 0.5)).clamp(-20, 20)))
    return (p.alpha_low + (p.alpha_high - p.alpha_low) * sig).clamp(p.alpha_low, p.alpha_high)


def yuma3_bonds(w_bonds: torch.Tensor, old: torch.Tensor, consensus: torch.Tensor, p: YumaParams) -> torch.Tensor:
    """Yuma 3: each bond B_ij ∈ [0,1] moves toward W̃_ij by the EMA rate α (not scaled by stake).

    With liquid alpha each bond gets its own rate; this is the chain's dense variant, where a
    bond to a miner no longer weighted decays (the sparse production path deletes it).
    """
    if p.liquid_alpha and bool((consensus != 0).any()):
        alpha = liquid_alphas(w_bonds, old, consensus, p)
        return ((1 - alpha) * old + alpha * w_bonds).clamp(max=1.0)
    alpha = 1.0 - p.bonds_moving_average
    return torch.lerp(old, w_bonds, alpha)  # α·W̃ + (1 − α)·B


def yuma3_dividends(stake: torch.Tensor, bonds: torch.Tensor, incentives: torch.Tensor) -> torch.Tensor:
    """D_i ∝ S_a_i · Σ_j (B_ij / Σ_k B_kj) · I_j: a validator's share of each miner it bonded to."""
    column = bonds.sum(dim=0)
    per_bond = incentives / torch.where(column > 0, column, 1.0)  # I_j / Σ_k B_kj: no V×n division
    return _normalise(stake * (bonds @ per_bond))


def original_bonds(w_bonds: torch.Tensor, old: torch.Tensor, stake: torch.Tensor, p: YumaParams) -> torch.Tensor:
    """Original Yuma: bonds are stake-scaled and column-normalised, then EMA'd and normalised again."""
    delta = _normalise(stake.unsqueeze(1) * w_bonds, dim=0)
    alpha = 1.0 - p.bonds_moving_average
    return _normalise(alpha * delta + (1 - alpha) * _normalise(old, dim=0), dim=0)


def original_dividends(bonds: torch.Tensor, incentives: torch.Tensor) -> torch.Tensor:
    """D_i ∝ Σ_j B_ij · I_j: validators earn from the miners they hold bonds in."""
    return _normalise(bonds @ incentives)


def emission_split(
    incentives: torch.Tensor, dividends: torch.Tensor, stake_a: torch.Tensor, stake: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """Server (miner) and validator fractions of the epoch's emission; normally half each.

    If nobody is backed (no weights, or only self-weights), everything goes to validators in
    proportion to active stake (or to raw stake if no stake is active).
    """
    total = float(incentives.sum() + dividends.sum())
    if total > 0:
        return incentives / total, dividends / total
    fallback = stake_a if float(stake_a.sum()) > 0 else _normalise(stake)
    return torch.zeros_like(incentives), fallback


# -- the epoch ----------------------------------------------------------------------------
_threads_sized = False


def _size_threads() -> None:
    """Once per process: torch's threads = the cores we may use (more threads than cores is slow),
    and freed temporaries kept for the next epoch (:mod:`bittensor_lite.allocator`)."""
    global _threads_sized
    if not _threads_sized:
        use_available_cores()
        keep_freed_memory()
        _threads_sized = True


def yuma_epoch(
    weights: Any,
    stake: Any,
    bonds: Any = None,
    params: YumaParams | None = None,
    validator_permit: Any = None,
    active: Any = None,
) -> YumaOutput:
    """Run one epoch of Yuma consensus.

    ``weights`` is n×n (row i = the weights UID i set, any floats ≥ 0), ``stake`` length n (raw
    or normalised), ``bonds`` the previous epoch's bonds (n×n, None = zeros).
    ``validator_permit`` (bool, n) defaults to "has stake"; ``active`` (bool, n) to all True.
    Only the permitted UIDs' rows are read (see :func:`yuma_epoch_rows`).
    """
    try:
        n = len(stake)
    except TypeError as exc:
        raise YumaInputError("stake must be a vector with one entry per UID") from exc
    s = as_tensor(stake, "stake", (n,))
    permit = _as_mask(validator_permit, "validator_permit", n, s > 0)
    vuids = torch.nonzero(permit).flatten()
    w = _as_matrix(weights, "weights", n)[vuids]
    old = None if bonds is None else _as_matrix(bonds, "bonds", n)[vuids]
    return yuma_epoch_rows(w, s, old, params, permit, active)


def yuma_epoch_rows(
    weight_rows: Any,
    stake: Any,
    bond_rows: Any = None,
    params: YumaParams | None = None,
    validator_permit: Any = None,
    active: Any = None,
) -> YumaOutput:
    """One epoch of Yuma consensus from the validators' rows alone, as the chain stores them.

    ``weight_rows`` and ``bond_rows`` are V×n: the rows of the V UIDs with a validator permit, in
    UID order (no other UID's weights count, so an n×n matrix is never needed); the rest as
    :func:`yuma_epoch`.
    """
    p = params or YumaParams()
    _size_threads()
    try:
        n = len(stake)
    except TypeError as exc:
        raise YumaInputError("stake must be a vector with one entry per UID") from exc
    s = as_tensor(stake, "stake", (n,))
    permit = _as_mask(validator_permit, "validator_permit", n, s > 0)
    act = _as_mask(active, "active", n, torch.ones(n, dtype=torch.bool))
    vuids = torch.nonzero(permit).flatten()

    w = as_tensor(weight_rows, "weights", (len(vuids), n))
    if bond_rows is None:
        old = torch.zeros(len(vuids), n, dtype=DTYPE)
    else:
        old = as_tensor(bond_rows, "bonds", (len(vuids), n))

    s_a_full = active_stake(s, permit, act)
    s_a = s_a_full[vuids]
    w = mask_weights(w, vuids)
    c = weighted_median_col(s_a, w, p.kappa)
    w_clip = clip_weights(w, c)
    tv = torch.zeros(n, dtype=DTYPE)
    tv[vuids] = validator_trust(w_clip)
    r = rank(s_a, w_clip)
    pre = s_a @ w
    trust = torch.where(pre > 0, r / torch.where(pre > 0, pre, torch.ones_like(pre)), torch.zeros_like(pre))
    inc = incentive(r)
    w_b = weights_for_bonds(w, w_clip, p.bonds_penalty)
    d = torch.zeros(n, dtype=DTYPE)
    if p.yuma3:
        new_bonds = yuma3_bonds(w_b, old, c, p)
        d[vuids] = yuma3_dividends(s_a, new_bonds, inc)
    else:
        new_bonds = original_bonds(w_b, old, s_a, p)
        d[vuids] = original_dividends(new_bonds, inc)
    server, validator = emission_split(inc, d, s_a_full, s)
    return YumaOutput(
        n=n,
        validator_uids=vuids,
        active_stake=s_a_full,
        consensus=c,
        rank=r,
        trust=trust,
        incentive=inc,
        dividends=d,
        validator_trust=tv,
        server_emission=server,
        validator_emission=validator,
        clipped_rows=w_clip,
        bond_rows=new_bonds,
    )


def u16_fraction(x: float) -> int:
    """A fraction in [0, 1] as the chain stores it: floor(x · 65535)."""
    return int(math.floor(min(max(x, 0.0), 1.0) * 65535))
