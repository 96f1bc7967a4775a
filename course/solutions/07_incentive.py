"""Solutions for lesson 07 (Incentive). Each section replaces the exercise cell of the same name."""

# %% exercise:consensus_by_hand
# Sorted high to low: 0.6 (40 %) → 40 % < 50 %; 0.5 (35 %) → 75 % ≥ 50 %. So C₃ = 0.5.
# Why: consensus is the highest weight that at least κ of the stake backs — a median, so V0's
# higher 0.6 alone (40 %) cannot set it, and V2's 0 is outvoted.
c3 = 0.5

# %% exercise:validator_trust_by_hand
# min([0, 0.2, 0.8], [0.5, 0.3, 0.1]) = [0, 0.2, 0.1]
# Why: V2's 0.8 on miner 5 is backed by nobody else, so all but consensus' 0.1 is cut off; trust
# measures how much of a validator's vote the stake majority agreed with.
tv2 = 0.0 + 0.2 + 0.1

# %% exercise:incentive_by_hand
# W̄ columns for miners 3, 4, 5: V0 [0.5, 0.3, 0.1], V1 [0.5, 0.3, 0.1], V2 [0, 0.2, 0.1]
# Why: incentive is a share of the pie, so ranks are divided by their sum; using clipped weights
# is what stops V2 from paying miner 5 with 0.8.
r3 = 0.40 * 0.5 + 0.35 * 0.5 + 0.25 * 0.0
r4 = 0.40 * 0.3 + 0.35 * 0.3 + 0.25 * 0.2
r5 = 0.40 * 0.1 + 0.35 * 0.1 + 0.25 * 0.1
i3 = r3 / (r3 + r4 + r5)

# %% exercise:bonds_and_dividends
import torch


def bond_step(W_b: torch.Tensor, B_old: torch.Tensor, alpha: float) -> torch.Tensor:
    # An exponential moving average: a validator's bond remembers (1 − α) of its past weights, so a
    # validator that backed a miner early keeps the bond after others catch up.
    return alpha * W_b + (1 - alpha) * B_old


def dividends(S_a: torch.Tensor, B: torch.Tensor, I: torch.Tensor) -> torch.Tensor:  # noqa: E741 (the paper's I)
    # Yuma 3's bonds are not stake-scaled, so stake enters here: each validator earns its share of
    # each miner's bonds, weighted by what that miner earns, times its own active stake.
    col = B.sum(dim=0, keepdim=True)
    share = torch.where(col > 0, B / torch.where(col > 0, col, torch.ones_like(col)), torch.zeros_like(B))
    d = S_a * (share @ I)
    return d / d.sum() if d.sum() > 0 else d
# The late-validator plot then shows V1 at 0 while silent and climbing ~10 % of the gap a step.
