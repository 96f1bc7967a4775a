"""Blocks and the epoch: how alpha reaches miners and validators (spec 425).

Each block runs the coinbase (:mod:`~bittensor_lite.runtime.coinbase`): TAO into each subnet's
pool, alpha emitted and accrued — the owner's cut, the miners' half, the validators' half.
When a subnet's tempo comes round (:mod:`~bittensor_lite.runtime.schedule`) its epoch runs Yuma
consensus over the neurons' weights and stake (alpha plus ``TaoWeight`` × root stake) and pays
the accrued alpha as stake: the owner's cut to the owner's hotkey, miners by incentive (never
to a hotkey of the owner's coldkey: that part is burned), validators by dividends after their take.
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING

from bittensor_lite.runtime.coinbase import emit_to_subnets
from bittensor_lite.runtime.delegation import pay_dividends
from bittensor_lite.runtime.registration import decay_burn
from bittensor_lite.runtime.schedule import is_epoch_block
from bittensor_lite.runtime.staking import credit_alpha, stake_weight
from bittensor_lite.runtime.state import DEFAULT_BLOCK_EMISSION, ChainState, SubnetState
from bittensor_lite.scale import U16_MAX

if TYPE_CHECKING:
    import torch



def to_u16(x: float) -> int:
    """A fraction as the chain stores it: floor(x · 65535)."""
    return int(math.floor(min(max(float(x), 0.0), 1.0) * U16_MAX))


TOTAL_SUPPLY = 21_000_000 * 10**9  # rao: TAO's hard cap


def block_emission_for_issuance(issuance: int) -> int:
    """Rao minted per block at this total issuance: the halving rule (spec 425, block_emission.rs).

    Emission halves each time issuance crosses the next halfway point to 21M TAO: with
    ``k = floor(log2(1 / (1 − issuance / 21M)))`` it is ``1 TAO / 2^k`` (0.5 τ after the first
    halving at 10.5M, December 2025), and nothing once 21M exist. ``k`` is the largest integer
    with ``(21M − issuance) · 2^k ≤ 21M``, computed exactly in integers.
    """
    if issuance >= TOTAL_SUPPLY:
        return 0
    halvings = 0
    while (TOTAL_SUPPLY - issuance) << (halvings + 1) <= TOTAL_SUPPLY:
        halvings += 1
    return DEFAULT_BLOCK_EMISSION >> halvings


def step_block(state: ChainState) -> None:
    """Produce one block: mint emission into the pools, run the epochs that fall due, adjust burns."""
    state.block += 1
    state.events = []
    state.block_emission = block_emission_for_issuance(state.total_issuance)
    emit_to_subnets(state)
    for netuid in sorted(state.subnets):
        if netuid == 0:
            continue
        net = state.subnets[netuid]
        net.regs_this_block = 0
        if is_epoch_block(netuid, net.hyper.tempo, state.block):
            run_epoch(state, net)
        decay_burn(net, state.block)


def _shares(values: list[float]) -> list[float]:
    total = sum(values)
    return [v / total for v in values] if total > 0 else [0.0] * len(values)


def _pay(state: ChainState, net: SubnetState, server: int, validator: int, incentive: list[float],
         dividends: list[float], fallback: list[float]) -> list[int]:
    """Pay one epoch's alpha; returns what each UID received. Undistributable alpha is recycled."""
    col, n = net.neurons, net.n
    owner_cut, net.pending_owner_cut = net.pending_owner_cut, 0
    inc = _shares(incentive)
    if not any(inc):  # nobody earned incentive: validators take the miners' half too
        server, validator = 0, validator + server
    div = _shares(dividends) if any(dividends) else _shares(fallback)
    to_miner = [int(server * inc[i]) for i in range(n)]
    to_validator = [int(validator * div[i]) for i in range(n)]
    paid = [0] * n
    if owner_cut and net.owner_hotkey:
        credit_alpha(net, net.owner_hotkey, net.owner_coldkey, owner_cut)
    else:
        net.alpha_out -= owner_cut
    for i in range(n):
        hotkey = col["hotkeys"][i]
        if to_miner[i]:
            if hotkey == net.owner_hotkey or state.owner.get(hotkey) == net.owner_coldkey:
                # the owner's hotkeys earn no miner emission (spec 425): it is burned
                net.alpha_out -= to_miner[i]
            else:
                credit_alpha(net, hotkey, state.owner[hotkey], to_miner[i])
                paid[i] += to_miner[i]
        if to_validator[i]:
            pay_dividends(state, net, hotkey, to_validator[i])
            paid[i] += to_validator[i]
    net.alpha_out -= (server + validator) - sum(to_miner) - sum(to_validator)  # rounding dust, recycled
    return paid


def run_epoch(state: ChainState, net: SubnetState) -> None:
    """One epoch on subnet ``net``: Yuma consensus, then pay out the accrued alpha."""
    import torch  # loaded at the first epoch, not when the runtime is imported

    from bittensor_lite.consensus import yuma_epoch_rows
    n, block, h, col = net.n, state.block, net.hyper, net.neurons
    server, validator = net.pending_server, net.pending_validator
    net.pending_server = net.pending_validator = 0
    last_epoch, net.last_epoch_block = net.last_epoch_block, block
    net.epoch_index += 1
    if n == 0:
        net.alpha_out -= server + validator + net.pending_owner_cut
        net.pending_owner_cut = 0
        return
    stake = torch.tensor([stake_weight(state, net, hk) for hk in col["hotkeys"]], dtype=torch.float64)
    prev_permit = torch.tensor(col["validator_permit"], dtype=torch.bool)
    active = torch.tensor([lu + h.activity_cutoff >= block for lu in col["last_update"]], dtype=torch.bool)
    rows = torch.nonzero(prev_permit).flatten().tolist()  # only validators' rows count: V×n, never n×n
    weights = _rows_tensor(col["weights"], rows, n)
    bonds = _rows_tensor(col["bonds"], rows, n)
    reg = torch.tensor(col["block_at_registration"], dtype=torch.float64)
    if rows:
        # weights set before a miner (re)registered are about its slot's previous owner: drop them
        last_update = torch.tensor([col["last_update"][i] for i in rows], dtype=torch.float64)
        weights.masked_fill_(last_update.unsqueeze(1) <= reg.unsqueeze(0), 0.0)
        # bonds to miners registered since the last epoch start from zero
        bonds.masked_fill_((reg >= last_epoch).unsqueeze(0), 0.0)
    params = h.yuma_params()
    if h.yuma3_enabled:
        bonds = bonds / U16_MAX
    out = yuma_epoch_rows(weights, stake, bond_rows=bonds, params=params, validator_permit=prev_permit, active=active)

    paid = _pay(state, net, server, validator, out.incentive.tolist(), out.dividends.tolist(),
                out.validator_emission.tolist())

    # new validator permits: the top-k non-zero stakes (stake after this epoch's payout)
    new_stake = [stake_weight(state, net, hk) for hk in col["hotkeys"]]
    order = sorted((u for u in range(n) if new_stake[u] > 0), key=lambda u: (new_stake[u], u), reverse=True)
    top = set(order[: h.max_allowed_validators])
    new_permit = [u in top for u in range(n)]

    rank_sum = max(float(out.rank.sum()), 1e-300)
    stored = {
        "rank": _u16_column(out.rank / rank_sum),
        "trust": _u16_column(out.trust),
        "consensus": _u16_column(out.consensus),
        "incentive": _u16_column(out.incentive),
        "dividends": _u16_column(out.dividends),
        "validator_trust": _u16_column(out.validator_trust),
        "pruning_score": _u16_column(out.emission),
        "emission": paid,
        "active": active.tolist(),
    }
    for name, values in stored.items():
        col[name] = values
    bond_rows = dict(zip(out.validator_uids.tolist(), _stored_bond_rows(out.bond_rows, h.yuma3_enabled), strict=True))
    for i in range(n):
        if new_permit[i]:
            col["bonds"][i] = bond_rows.get(i, [])
        elif col["validator_permit"][i]:
            col["bonds"][i] = []  # lost the permit: bonds are cleared
    col["validator_permit"] = new_permit


def _u16_column(x: torch.Tensor) -> list[int]:
    """A column of fractions as the chain stores them, :func:`to_u16` on each, in one tensor pass."""
    import torch
    return torch.floor(x.clamp(0.0, 1.0) * U16_MAX).to(torch.int64).tolist()


def _rows_tensor(stored: list[list[tuple[int, int]]], rows: list[int], n: int) -> torch.Tensor:
    """Stored sparse u16 rows (``Weights``/``Bonds``: ``[(uid, value), …]``) of ``rows`` as a V×n float64 tensor."""
    import numpy as np
    import torch
    lengths = [len(stored[i]) for i in rows]
    out = np.zeros((len(rows), n))
    if sum(lengths):
        pairs = np.fromiter(itertools.chain.from_iterable(itertools.chain.from_iterable(stored[i] for i in rows)),
                            dtype=np.int64, count=2 * sum(lengths)).reshape(-1, 2)
        which = np.repeat(np.arange(len(rows)), lengths)
        keep = pairs[:, 0] < n
        out[which[keep], pairs[keep, 0]] = pairs[keep, 1]
    return torch.from_numpy(out)


def _stored_bond_rows(rows: torch.Tensor, yuma3: bool) -> list[list[tuple[int, int]]]:
    """Validators' bond rows as stored u16: Yuma 3 floor(65535·b); original: column max-upscaled."""
    import numpy as np

    b = rows.numpy()
    if yuma3:
        vals = np.floor(np.clip(b, 0, 1) * U16_MAX)
    else:
        col_max = b.max(axis=0) if len(b) else np.zeros(b.shape[1])
        scaled = np.divide(b, col_max, out=np.zeros_like(b), where=col_max > 0)
        vals = np.floor(scaled * U16_MAX)
    which, uids = np.nonzero(vals)  # row-major: each row's entries in UID order
    pairs = list(zip(uids.tolist(), vals[which, uids].astype(np.int64).tolist(), strict=True))
    ends = np.cumsum(np.bincount(which, minlength=len(vals))).tolist()
    return [pairs[start:end] for start, end in itertools.pairwise([0, *ends])]
