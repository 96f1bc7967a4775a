"""Blocks and the epoch: how alpha reaches miners and validators (spec 425).

Each block runs the coinbase (:mod:`~bittensor_lite.runtime.coinbase`): TAO into each subnet's
pool, alpha emitted and accrued — the owner's cut, the miners' half, the validators' half.
When a subnet's tempo comes round (:mod:`~bittensor_lite.runtime.schedule`) its epoch runs Yuma
consensus over the neurons' weights and stake (alpha plus ``TaoWeight`` × root stake) and pays
the accrued alpha as stake: the owner's cut to the owner's hotkey, miners by incentive (never
to a hotkey of the owner's coldkey: that part is burned), validators by dividends after their take.
"""

from __future__ import annotations

import heapq
import math
from typing import TYPE_CHECKING

from bittensor_lite.runtime.coinbase import emit_to_subnets
from bittensor_lite.runtime.delegation import pay_dividends
from bittensor_lite.runtime.registration import decay_burn
from bittensor_lite.runtime.rows import put_row, rows_matrix
from bittensor_lite.runtime.schedule import is_epoch_block
from bittensor_lite.runtime.staking import credit_alpha, stake_weights
from bittensor_lite.runtime.state import DEFAULT_BLOCK_EMISSION, ChainState, SubnetState
from bittensor_lite.scale import U16_MAX

if TYPE_CHECKING:
    import numpy as np
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


def _shares(values: list[float]) -> np.ndarray:
    """Each value over their (left-to-right) sum; all zero when the sum is not positive."""
    import numpy as np

    total = sum(values)
    return np.asarray(values, dtype=np.float64) / total if total > 0 else np.zeros(len(values))


def _portions(amount: int, shares: np.ndarray) -> np.ndarray:
    """``int(amount · share)`` for each share, as int64 (``amount`` is alpha: far below 2^63)."""
    import numpy as np

    return np.trunc(float(amount) * shares).astype(np.int64)


def _pay(state: ChainState, net: SubnetState, server: int, validator: int, incentive: list[float],
         dividends: list[float], fallback: list[float]) -> list[int]:
    """Pay one epoch's alpha; returns what each UID received. Undistributable alpha is recycled."""
    import numpy as np

    col, n = net.neurons, net.n
    owner_cut, net.pending_owner_cut = net.pending_owner_cut, 0
    inc = _shares(incentive)
    if not inc.any():  # nobody earned incentive: validators take the miners' half too
        server, validator = 0, validator + server
    div = _shares(dividends) if any(dividends) else _shares(fallback)
    to_miner, to_validator = _portions(server, inc), _portions(validator, div)
    paid = [0] * n
    if owner_cut and net.owner_hotkey:
        credit_alpha(net, net.owner_hotkey, net.owner_coldkey, owner_cut)
    else:
        net.alpha_out -= owner_cut
    hotkeys, owner = col["hotkeys"], state.owner
    miner_alpha, validator_alpha = to_miner.tolist(), to_validator.tolist()
    for i in np.flatnonzero(to_miner | to_validator).tolist():  # only the UIDs that earned something
        hotkey = hotkeys[i]
        if miner_alpha[i]:
            if hotkey == net.owner_hotkey or owner.get(hotkey) == net.owner_coldkey:
                # the owner's hotkeys earn no miner emission (spec 425): it is burned
                net.alpha_out -= miner_alpha[i]
            else:
                credit_alpha(net, hotkey, owner[hotkey], miner_alpha[i])
                paid[i] += miner_alpha[i]
        if validator_alpha[i]:
            pay_dividends(state, net, hotkey, validator_alpha[i])
            paid[i] += validator_alpha[i]
    net.alpha_out -= (server + validator) - int(to_miner.sum()) - int(to_validator.sum())  # rounding dust, recycled
    return paid


def run_epoch(state: ChainState, net: SubnetState) -> None:
    """One epoch on subnet ``net``: Yuma consensus, then pay out the accrued alpha."""
    import numpy as np
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
    stake = torch.tensor(stake_weights(state, net, col["hotkeys"]), dtype=torch.float64)
    prev_permit = torch.tensor(col["validator_permit"], dtype=torch.bool)
    active = torch.from_numpy(np.asarray(col["last_update"], dtype=np.int64) + h.activity_cutoff >= block)
    rows = torch.nonzero(prev_permit).flatten().tolist()  # only validators' rows count: V×n, never n×n
    weights = torch.from_numpy(rows_matrix(net, "weights", rows, n))
    bonds = torch.from_numpy(rows_matrix(net, "bonds", rows, n))
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
    new_stake = stake_weights(state, net, col["hotkeys"])
    # by stake, then by UID, both descending: UIDs listed high to low keep that order among equal stakes
    order = heapq.nlargest(h.max_allowed_validators, range(n - 1, -1, -1), key=new_stake.__getitem__)
    new_permit = [False] * n
    for u in order:
        if new_stake[u] > 0:
            new_permit[u] = True

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
            if i in bond_rows:
                put_row(net, "bonds", i, *bond_rows[i])
            else:
                col["bonds"][i] = []
        elif col["validator_permit"][i]:
            col["bonds"][i] = []  # lost the permit: bonds are cleared
    col["validator_permit"] = new_permit


def _u16_column(x: torch.Tensor) -> list[int]:
    """A column of fractions as the chain stores them, :func:`to_u16` on each, in one tensor pass."""
    import torch
    return torch.floor(x.clamp(0.0, 1.0) * U16_MAX).to(torch.int64).tolist()


def _stored_bond_rows(rows: torch.Tensor, yuma3: bool) -> list[tuple[np.ndarray, np.ndarray]]:
    """Validators' bond rows as stored u16, each as (UIDs, values) without zeros: Yuma 3 floor(65535·b);
    original: each column max-upscaled."""
    import numpy as np

    b = rows.numpy()
    if yuma3:
        vals = np.floor(np.clip(b, 0, 1) * U16_MAX)
    else:
        col_max = b.max(axis=0) if len(b) else np.zeros(b.shape[1])
        scaled = np.divide(b, col_max, out=np.zeros_like(b), where=col_max > 0)
        vals = np.floor(scaled * U16_MAX)
    vals = vals.astype(np.int64)
    out = []
    for row in vals:
        uids = np.flatnonzero(row)
        out.append((uids, row[uids]))
    return out
