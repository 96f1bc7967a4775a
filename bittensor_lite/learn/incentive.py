"""Lesson 07's helpers: a small subnet to compute Yuma by hand, checks, and the "fly the plane" widget."""

from __future__ import annotations

from typing import Any

from bittensor_lite.learn.feedback import (
    CheckResult,
    failed,
    is_placeholder,
    not_attempted,
    passed,
    run_check,
)

__all__ = [
    "EXAMPLE_STAKE",
    "EXAMPLE_WEIGHTS",
    "example_subnet",
    "check_consensus_by_hand",
    "check_incentive_by_hand",
    "check_validator_trust_by_hand",
    "run_epochs",
    "fly_the_plane",
]

# Three validators (UIDs 0-2) with 40/35/25 % of the stake; three miners (UIDs 3-5).
EXAMPLE_STAKE = [40.0, 35.0, 25.0, 0.0, 0.0, 0.0]
EXAMPLE_WEIGHTS = [
    # miner:   3     4     5
    [0, 0, 0, 0.6, 0.3, 0.1],  # V0
    [0, 0, 0, 0.5, 0.4, 0.1],  # V1
    [0, 0, 0, 0.0, 0.2, 0.8],  # V2: pushes miner 5, which nobody else rates
    [0] * 6,
    [0] * 6,
    [0] * 6,
]


def example_subnet() -> tuple[Any, Any]:
    """The lesson's 6-UID subnet as (weights n×n, stake n) float64 tensors."""
    import torch

    return torch.tensor(EXAMPLE_WEIGHTS, dtype=torch.float64), torch.tensor(EXAMPLE_STAKE, dtype=torch.float64)


def _reference() -> Any:
    from bittensor_lite.consensus import yuma_epoch

    w, s = example_subnet()
    return yuma_epoch(w, s)


def _close(value: Any, target: float, tol: float = 5e-3) -> bool:
    return abs(float(value) - target) <= tol


def check_consensus_by_hand(c3: Any) -> CheckResult:
    """Exercise: the consensus weight C on miner 3 (κ = 0.5)."""
    name = "consensus_by_hand"

    def body() -> CheckResult:
        if is_placeholder(c3):
            return not_attempted(name)
        target = float(_reference().consensus[3])
        if _close(c3, target):
            return passed(name, f"Right: C₃ = {target:.2f}. V0 alone (40%) is not enough; V0 and V1 (75%) back 0.5.")
        if _close(c3, 0.6):
            return failed(name, "0.6 is backed only by V0's 40% of the stake, below κ = 50%.")
        if _close(c3, 0.366, 0.01) or _close(c3, 0.375):
            return failed(name, "That is a stake-weighted *mean*; consensus is a stake-weighted *median* (κ-quantile).")
        return failed(name, "Sort the weights on miner 3 high to low and add up stake until you reach half.")

    return run_check(name, body)


def check_incentive_by_hand(i3: Any) -> CheckResult:
    """Exercise: miner 3's incentive I₃ = R₃ / ΣR with R = S · W̄."""
    name = "incentive_by_hand"

    def body() -> CheckResult:
        if is_placeholder(i3):
            return not_attempted(name)
        target = float(_reference().incentive[3])
        if _close(i3, target):
            return passed(name, f"Right: R₃ = 0.375, ΣR = 0.75, so I₃ = {target:.2f}.")
        if _close(i3, 0.375):
            return failed(name, "That is the rank R₃; incentive divides it by the sum of all miners' ranks.")
        if _close(i3, 0.41, 0.01) or _close(i3, 0.4):
            return failed(name, "Use the clipped weights W̄ (after consensus), not the raw ones.")
        return failed(name, "R_j = Σᵢ Sᵢ · W̄ᵢⱼ with stake as fractions (0.40, 0.35, 0.25); then I = R / ΣR.")

    return run_check(name, body)


def check_validator_trust_by_hand(tv2: Any) -> CheckResult:
    """Exercise: validator 2's trust Tv₂ = Σⱼ W̄₂ⱼ."""
    name = "validator_trust_by_hand"

    def body() -> CheckResult:
        if is_placeholder(tv2):
            return not_attempted(name)
        target = float(_reference().validator_trust[2])
        if _close(tv2, target):
            return passed(name, f"Right: W̄₂ = [0, 0.2, 0.1], so Tv₂ = {target:.1f}. 70% of its weight was clipped away.")
        if _close(tv2, 1.0):
            return failed(name, "That is before clipping; clip each weight at its miner's consensus first.")
        return failed(name, "Clip V2's row [0, 0.2, 0.8] at the consensus values [0.5, 0.3, 0.1], then add it up.")

    return run_check(name, body)


def run_epochs(epochs: int, params: Any, weights: Any = None, stake: Any = None) -> list[Any]:
    """Run Yuma ``epochs`` times, carrying bonds forward; returns every epoch's output.

    ``weights`` is a matrix (the same every epoch) or a function ``epoch -> matrix`` (epochs count from 1).
    """
    from bittensor_lite.consensus import yuma_epoch

    w0, s = example_subnet()
    s = s if stake is None else stake
    outs, bonds = [], None
    for epoch in range(1, epochs + 1):
        w = weights(epoch) if callable(weights) else (w0 if weights is None else weights)
        out = yuma_epoch(w, s, bonds=bonds, params=params)
        bonds = out.bonds
        outs.append(out)
    return outs


def fly_the_plane() -> Any:
    """Sliders for the subnet's knobs; incentive, dividends and bonds re-plot live."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    from bittensor_lite.consensus import YumaParams

    def draw(kappa: float = 0.5, bonds_moving_average: float = 0.9, bonds_penalty: float = 1.0,
             liquid_alpha: bool = False, yuma3: bool = True, tempo: int = 360, epochs: int = 10) -> None:
        p = YumaParams(kappa=kappa, bonds_moving_average=bonds_moving_average, bonds_penalty=bonds_penalty,
                       liquid_alpha=liquid_alpha, yuma3=yuma3)
        outs = run_epochs(epochs, p)
        last = outs[-1]
        fig, axes = plt.subplots(1, 3, figsize=(12, 3.4), constrained_layout=True)
        miners, vals = ["M3", "M4", "M5"], ["V0", "V1", "V2"]
        per_epoch = tempo * 1.0 * 0.82 / 2  # TAO: tempo blocks × 1 τ, less the owner's 18 %, miners' half
        axes[0].bar(miners, last.incentive[3:].tolist(), color="#60a5fa")
        axes[0].set(title=f"Incentive (≈ τ{per_epoch:.0f} per epoch to miners)", ylim=(0, 1), ylabel="share")
        axes[1].bar(vals, last.dividends[:3].tolist(), color="#f59e0b")
        axes[1].set(title="Dividends after the last epoch", ylim=(0, 1), ylabel="share")
        for v in range(3):
            axes[2].plot(range(1, epochs + 1), [float(o.bonds[v, 4]) for o in outs], marker=".", label=vals[v])
        axes[2].set(title="Bonds on miner 4 over epochs", xlabel="epoch", ylabel="bond")
        axes[2].legend(fontsize=8)
        for ax in axes:
            ax.grid(alpha=0.3)
        plt.show()

    return widgets.interactive(
        draw,
        kappa=widgets.FloatSlider(value=0.5, min=0.05, max=0.95, step=0.05, description="κ"),
        bonds_moving_average=widgets.FloatSlider(value=0.9, min=0.0, max=0.99, step=0.01, description="bonds MA"),
        bonds_penalty=widgets.FloatSlider(value=1.0, min=0.0, max=1.0, step=0.1, description="bonds β"),
        liquid_alpha=widgets.Checkbox(value=False, description="liquid alpha"),
        yuma3=widgets.Checkbox(value=True, description="Yuma 3 bonds"),
        tempo=widgets.IntSlider(value=360, min=10, max=1000, step=10, description="tempo"),
        epochs=widgets.IntSlider(value=10, min=1, max=40, description="epochs"),
    )
