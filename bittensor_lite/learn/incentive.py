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
    "check_bonds_and_dividends",
    "sharpen",
    "run_epochs",
    "plot_late_validator",
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


def _bonds_cases() -> list[tuple[Any, Any, float]]:
    """(W̃, old bonds, α) cases on the lesson's validators: from zero bonds, and from earlier bonds."""
    import torch

    from bittensor_lite import consensus as yuma

    w, s = example_subnet()
    out = yuma.yuma_epoch(w, s)
    v = out.validator_uids
    w_b = yuma.weights_for_bonds(yuma.mask_weights(w[v], v), out.clipped_rows, 1.0)
    old = torch.tensor([[0, 0, 0, 0.3, 0.2, 0.0], [0, 0, 0, 0.0, 0.0, 0.0], [0, 0, 0, 0.1, 0.4, 0.6]], dtype=torch.float64)
    return [(w_b, torch.zeros_like(w_b), 0.1), (w_b, old, 0.1), (w_b, old, 0.3)]


def check_bonds_and_dividends(bond_step: Any, dividends: Any) -> CheckResult:
    """Exercise: one Yuma 3 bond step B = α·W̃ + (1 − α)·B_old, then D ∝ S_a · (B / column sums) · I."""
    import torch

    from bittensor_lite import consensus as yuma
    from bittensor_lite.consensus import _normalise

    name = "bonds_and_dividends"

    def body() -> CheckResult:
        if is_placeholder(bond_step) or is_placeholder(dividends):
            return not_attempted(name)
        s_a = torch.tensor([0.40, 0.35, 0.25], dtype=torch.float64)
        for w_b, old, alpha in _bonds_cases():
            want = yuma.yuma3_bonds(w_b, old, torch.zeros(6, dtype=torch.float64),
                                    yuma.YumaParams(bonds_moving_average=1 - alpha))
            got = torch.as_tensor(bond_step(w_b, old.clone(), alpha), dtype=torch.float64)
            if got.shape != want.shape or not torch.allclose(got, want, atol=1e-6):
                if torch.allclose(got, (1 - alpha) * w_b + alpha * old, atol=1e-6):
                    return failed(name, "α is the share of the *new* weights: B = α·W̃ + (1 − α)·B_old, with α = 0.1.")
                if torch.allclose(got, w_b, atol=1e-6) or torch.allclose(got, alpha * w_b, atol=1e-6):
                    return failed(name, "Bonds are a moving average: keep (1 − α) of the old bonds B_old.")
                return failed(name, "bond_step: every entry moves α of the way from B_old towards W̃.")
            inc = torch.tensor([0, 0, 0, 0.5, 0.3, 0.2], dtype=torch.float64)
            want_d = yuma.yuma3_dividends(s_a, want, inc)
            got_d = torch.as_tensor(dividends(s_a.clone(), want.clone(), inc.clone()), dtype=torch.float64)
            if got_d.shape != want_d.shape or not torch.allclose(got_d, want_d, atol=1e-6):
                share = _normalise(want, dim=0) @ inc
                if torch.allclose(got_d, s_a * share, atol=1e-6):
                    return failed(name, "Almost: normalise the dividends at the end so they sum to 1.")
                if torch.allclose(got_d, _normalise(share), atol=1e-6):
                    return failed(name, "Multiply by each validator's active stake S_a: bonds are not stake-scaled in Yuma 3.")
                if torch.allclose(got_d, _normalise(s_a * (want @ inc)), atol=1e-6):
                    return failed(name, "Divide each bond by its column's sum first: a validator earns its *share* of each miner's bonds.")
                return failed(name, "dividends: D_i ∝ S_a,i · Σ_j (B_ij / Σ_k B_kj) · I_j, normalised to sum 1.")
        return passed(name, "Right: both steps match bittensor_lite.consensus (the chain's Yuma 3 with liquid alpha off). "
                            "The late-validator plot below runs your two functions.")

    return run_check(name, body)


def sharpen(weights: Any, power: float) -> Any:
    """Each validator's weights raised to ``power`` (reward sharpening, done by the validator, not the chain)."""
    import torch

    if power <= 0:
        raise ValueError("power must be > 0")
    return torch.as_tensor(weights, dtype=torch.float64) ** power


class _StepOrChain:
    """Call the learner's step; while it still raises NotImplementedError, run the chain's and say so once."""

    def __init__(self, fn: Any, chain_fn: Any, what: str):
        self.fn, self.chain_fn, self.what, self.told = fn, chain_fn, what, False

    def __call__(self, *args: Any) -> Any:
        if self.fn is not None:
            try:
                return self.fn(*args)
            except NotImplementedError:
                pass
        if not self.told and self.fn is not None:
            print(f"your {self.what} is not written yet: bittensor_lite.consensus ran instead")
        self.told = True
        return self.chain_fn(*args)


def run_epochs(epochs: int, params: Any = None, weights: Any = None, stake: Any = None, active: Any = None,
               bond_step: Any = None, dividends: Any = None) -> list[Any]:
    """Run Yuma ``epochs`` times on the lesson's subnet, carrying bonds forward; returns every epoch's output.

    ``weights`` is a matrix (the same every epoch) or a function ``epoch -> matrix`` (epochs count
    from 1); ``active`` likewise a bool vector or ``epoch -> vector`` (inactive stake is dropped,
    as ``activity_cutoff`` does on chain). ``bond_step(W̃, B_old, α)`` and ``dividends(S_a, B, I)``,
    when given, replace the chain's Yuma 3 bond and dividend steps (your functions from the lesson).
    """
    import dataclasses

    from bittensor_lite import consensus as yuma

    p = params or yuma.YumaParams()
    w0, s = example_subnet()
    s = s if stake is None else stake
    mine = (bond_step is not None or dividends is not None) and p.yuma3 and not p.liquid_alpha
    step = _StepOrChain(bond_step, lambda w_b, old, a: yuma.yuma3_bonds(w_b, old, w_b.new_zeros(w_b.shape[1]), p),
                        "bond_step")
    divs = _StepOrChain(dividends, yuma.yuma3_dividends, "dividends")
    outs, bonds = [], None
    for epoch in range(1, epochs + 1):
        w = weights(epoch) if callable(weights) else (w0 if weights is None else weights)
        act = active(epoch) if callable(active) else active
        out = yuma.yuma_epoch(w, s, bonds=bonds, params=p, active=act)
        if mine:
            v = out.validator_uids
            w_t = yuma.as_tensor(w, "weights", (out.n, out.n))
            w_b = yuma.weights_for_bonds(yuma.mask_weights(w_t[v], v), out.clipped_rows, p.bonds_penalty)
            old = out.bond_rows.new_zeros(out.bond_rows.shape) if bonds is None else bonds[v]
            rows = step(w_b, old, 1.0 - p.bonds_moving_average)
            d = out.dividends.new_zeros(out.n)
            d[v] = divs(out.active_stake[v], rows, out.incentive)
            server, validator = yuma.emission_split(out.incentive, d, out.active_stake, yuma.as_tensor(s, "stake", (out.n,)))
            out = dataclasses.replace(out, bond_rows=rows, dividends=d, server_emission=server, validator_emission=validator)
        bonds = out.bonds
        outs.append(out)
    return outs


def plot_late_validator(outs: list[Any], late: int = 1, joins_after: int = 5, title: str = "") -> Any:
    """Incentive of the miners (left) beside dividends of the validators (right), epoch by epoch."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    epochs = range(1, len(outs) + 1)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.4), constrained_layout=True)
    for m, colour in zip((3, 4, 5), ("#0891b2", "#9333ea", "#ea580c"), strict=True):
        left.plot(epochs, [float(o.incentive[m]) for o in outs], marker="o", ms=3, color=colour, label=f"miner {m}")
    for v, colour in zip((0, 1, 2), ("#2563eb", "#16a34a", "#dc2626"), strict=True):
        right.plot(epochs, [float(o.dividends[v]) for o in outs], marker="o", ms=3, color=colour,
                   label=f"V{v} ({EXAMPLE_STAKE[v]:.0f}% stake)" + (" — late" if v == late else ""))
    for ax, what in ((left, "Incentive (miners)"), (right, "Dividends (validators)")):
        ax.axvline(joins_after + 0.5, color="grey", ls="--", lw=1)
        ax.set(title=f"{what}{title}", xlabel=f"epoch (V{late} silent until the dashed line)", ylabel="share", ylim=(0, 1))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    return fig


def fly_the_plane() -> Any:
    """Sliders for the subnet's knobs; incentive, dividends and bonds re-plot live."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    from bittensor_lite.consensus import YumaParams

    def draw(kappa: float = 0.5, power: float = 1.0, bonds_moving_average: float = 0.9, bonds_penalty: float = 1.0,
             liquid_alpha: bool = False, yuma3: bool = True, tempo: int = 360, epochs: int = 10) -> None:
        p = YumaParams(kappa=kappa, bonds_moving_average=bonds_moving_average, bonds_penalty=bonds_penalty,
                       liquid_alpha=liquid_alpha, yuma3=yuma3)
        outs = run_epochs(epochs, p, weights=sharpen(example_subnet()[0], power))
        last = outs[-1]
        fig, axes = plt.subplots(1, 3, figsize=(12, 3.4), constrained_layout=True)
        miners, vals = ["M3", "M4", "M5"], ["V0", "V1", "V2"]
        minutes = tempo * 12 / 60  # mainnet blocks are 12 s apart (MILLISECS_PER_BLOCK, spec 425)
        axes[0].bar(miners, last.incentive[3:].tolist(), color="#60a5fa")
        axes[0].set(title=f"Incentive (an epoch every {minutes:.0f} min)", ylim=(0, 1), ylabel="share")
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
        power=widgets.FloatSlider(value=1.0, min=0.25, max=6.0, step=0.25, description="power"),
        bonds_moving_average=widgets.FloatSlider(value=0.9, min=0.0, max=0.99, step=0.01, description="bonds MA"),
        bonds_penalty=widgets.FloatSlider(value=1.0, min=0.0, max=1.0, step=0.1, description="bonds β"),
        liquid_alpha=widgets.Checkbox(value=False, description="liquid alpha"),
        yuma3=widgets.Checkbox(value=True, description="Yuma 3 bonds"),
        tempo=widgets.IntSlider(value=360, min=10, max=1000, step=10, description="tempo"),
        epochs=widgets.IntSlider(value=10, min=1, max=40, description="epochs"),
    )
