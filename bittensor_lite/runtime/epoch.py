"""Blocks, emission and the epoch: how TAO reaches miners and validators.

Each block mints ``block_emission`` rao — the halving rule on total issuance — split evenly
across subnets (a teaching simplification: today's chain splits by each subnet's net TAO flow). The subnet owner's cut (18%) is paid to the owner's
coldkey; the rest accrues as the subnet's pending emission. When a subnet's tempo comes round
— see :mod:`~bittensor_lite.runtime.schedule` — its epoch runs Yuma
consensus over the neurons' weights and stake, and pays the pending emission as stake: the
miners' half by incentive, the validators' half by dividends.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from bittensor_lite.runtime import balances
from bittensor_lite.runtime.delegation import pay_dividends
from bittensor_lite.runtime.registration import decay_burn
from bittensor_lite.runtime.schedule import is_epoch_block
from bittensor_lite.runtime.staking import credit_stake, stake_of
from bittensor_lite.runtime.state import DEFAULT_BLOCK_EMISSION, ChainState, SubnetState
from bittensor_lite.scale import U16_MAX
from bittensor_lite.weight_utils import rows_to_dense

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
    """Produce one block: mint emission, run the epochs that fall due, adjust burns."""
    state.block += 1
    state.events = []
    state.block_emission = block_emission_for_issuance(state.total_issuance)
    if not state.subnets:
        return
    share = state.block_emission // len(state.subnets)
    for netuid in sorted(state.subnets):
        net = state.subnets[netuid]
        net.regs_this_block = 0
        owner_cut = share * net.hyper.subnet_owner_cut // U16_MAX
        balances.deposit(state, net.owner_coldkey, owner_cut)
        state.total_issuance += owner_cut
        net.pending_emission += share - owner_cut
        if is_epoch_block(netuid, net.hyper.tempo, state.block):
            run_epoch(state, net)
        decay_burn(net, state.block)


def run_epoch(state: ChainState, net: SubnetState) -> None:
    """One epoch on subnet ``net``: Yuma consensus, then pay out the pending emission."""
    import torch  # loaded at the first epoch, not when the runtime is imported

    from bittensor_lite.consensus import yuma_epoch
    n, block, h, col = net.n, state.block, net.hyper, net.neurons
    pending, net.pending_emission = net.pending_emission, 0
    last_epoch, net.last_epoch_block = net.last_epoch_block, block
    net.epoch_index += 1
    if n == 0:
        return
    stake = torch.tensor([float(stake_of(state, hk)) for hk in col["hotkeys"]], dtype=torch.float64)
    prev_permit = torch.tensor(col["validator_permit"], dtype=torch.bool)
    active = torch.tensor([lu + h.activity_cutoff >= block for lu in col["last_update"]], dtype=torch.bool)
    rows = [i for i in range(n) if prev_permit[i]]
    weights = rows_to_dense(col["weights"], n, rows)
    bonds = rows_to_dense(col["bonds"], n, rows)
    reg = torch.tensor(col["block_at_registration"], dtype=torch.float64)
    if rows:
        # weights set before a miner (re)registered are about its slot's previous owner: drop them
        last_update = torch.tensor(col["last_update"], dtype=torch.float64)
        weights[last_update.unsqueeze(1) <= reg.unsqueeze(0)] = 0.0
        # bonds to miners registered since the last epoch start from zero
        bonds[:, reg >= last_epoch] = 0.0
    params = h.yuma_params()
    if h.yuma3_enabled:
        bonds = bonds / U16_MAX
    out = yuma_epoch(weights, stake, bonds=bonds, params=params, validator_permit=prev_permit, active=active)

    # pay: emission lands as stake — a miner's incentive on its owner, a validator's dividends shared
    # with its nominators after the take
    server = [int(pending * float(out.server_emission[i])) for i in range(n)]
    dividends = [int(pending * float(out.validator_emission[i])) for i in range(n)]
    paid = [s + d for s, d in zip(server, dividends, strict=True)]
    for i in range(n):
        hotkey = col["hotkeys"][i]
        if server[i]:
            credit_stake(state, hotkey, state.owner[hotkey], server[i])
        if dividends[i]:
            pay_dividends(state, hotkey, dividends[i])
    state.total_issuance += sum(paid)

    # new validator permits: the top-k non-zero stakes (stake after this epoch's payout)
    new_stake = [stake_of(state, hk) for hk in col["hotkeys"]]
    order = sorted((u for u in range(n) if new_stake[u] > 0), key=lambda u: (new_stake[u], u), reverse=True)
    top = set(order[: h.max_allowed_validators])
    new_permit = [u in top for u in range(n)]

    rank_sum = max(float(out.rank.sum()), 1e-300)
    stored = {
        "rank": [to_u16(r / rank_sum) for r in out.rank.tolist()],
        "trust": [to_u16(x) for x in out.trust.tolist()],
        "consensus": [to_u16(x) for x in out.consensus.tolist()],
        "incentive": [to_u16(x) for x in out.incentive.tolist()],
        "dividends": [to_u16(x) for x in out.dividends.tolist()],
        "validator_trust": [to_u16(x) for x in out.validator_trust.tolist()],
        "pruning_score": [to_u16(x) for x in out.emission.tolist()],
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


def _stored_bond_rows(rows: torch.Tensor, yuma3: bool) -> list[list[tuple[int, int]]]:
    """Validators' bond rows as stored u16: Yuma 3 floor(65535·b); original: column max-upscaled."""
    import torch
    if yuma3:
        vals = torch.floor(rows.clamp(0, 1) * U16_MAX)
    else:
        col_max = rows.max(dim=0).values if len(rows) else torch.zeros(rows.shape[1], dtype=rows.dtype)
        scaled = torch.where(col_max > 0, rows / col_max.clamp_min(1e-300), torch.zeros_like(rows))
        vals = torch.floor(scaled * U16_MAX)
    out = []
    for row in vals:
        nz = torch.nonzero(row).flatten()
        out.append(list(zip(nz.tolist(), row[nz].to(torch.int64).tolist(), strict=True)))
    return out
