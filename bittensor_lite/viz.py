"""Pictures of a subnet: who earns what, epoch by epoch (matplotlib, read-only)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def plot_history(history: Sequence[Any], labels: Sequence[str], *, title: str | None = None) -> Any:
    """Two panels over epochs: miners' incentive and validators' dividends, one line per neuron.

    ``history`` is a list of :class:`bittensor_lite.sim.EpochRecord`; returns the Figure.
    """
    import matplotlib.pyplot as plt

    epochs = [h.epoch for h in history]
    fig, (ax_i, ax_d) = plt.subplots(1, 2, figsize=(10, 3.8), constrained_layout=True)
    n = len(labels)
    for uid in range(n):
        inc = [h.incentive[uid] for h in history]
        div = [h.dividends[uid] for h in history]
        if any(inc):
            ax_i.plot(epochs, inc, marker="o", label=f"uid {uid}: {labels[uid]}")
        if any(div):
            ax_d.plot(epochs, div, marker="s", label=f"uid {uid}: {labels[uid]}")
    ax_i.set(title="Miners: incentive (share of miner emission)", xlabel="epoch", ylabel="incentive", ylim=(0, 1.02))
    ax_d.set(title="Validators: dividends (share of validator emission)", xlabel="epoch", ylabel="dividends", ylim=(0, 1.02))
    for ax in (ax_i, ax_d):
        ax.grid(alpha=0.3)
        if ax.lines:
            ax.legend(fontsize=8, loc="best")
    if title:
        fig.suptitle(title)
    return fig


def bittensor_in_one_picture() -> Any:
    """The course's map in one figure: miners serve models, validators score them, the chain pays."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    fig, ax = plt.subplots(figsize=(9, 4.2))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 5)
    ax.axis("off")

    def box(x: float, y: float, w: float, h: float, text: str, colour: str) -> None:
        ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.08", fc=colour, ec="#333", lw=1.2))
        ax.text(x + w / 2, y + h / 2, text, ha="center", va="center", fontsize=10)

    def arrow(x0: float, y0: float, x1: float, y1: float, text: str) -> None:
        ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), arrowstyle="-|>", mutation_scale=14, lw=1.3, color="#333"))
        ax.text((x0 + x1) / 2, (y0 + y1) / 2 + 0.18, text, ha="center", fontsize=8.5, color="#333")

    for k, name in enumerate(["miner A\n(a model)", "miner B\n(a model)", "miner C\n(a model)"]):
        box(0.3, 0.4 + 1.5 * k, 2.0, 1.0, name, "#dbeafe")
    box(4.1, 1.9, 2.0, 1.2, "validator\n(scores answers)", "#fde68a")
    box(7.7, 1.6, 2.0, 1.8, "the chain\nYuma consensus\npays TAO", "#d1fae5")
    for k in range(3):
        arrow(4.1, 2.5, 2.4, 0.9 + 1.5 * k, "query" if k == 2 else "")
        arrow(2.4, 0.7 + 1.5 * k, 4.1, 2.3, "answer" if k == 0 else "")
    arrow(6.2, 2.5, 7.6, 2.5, "weights")
    ax.annotate("emission: useful miners earn,\nuseless ones don't", xy=(8.7, 1.55), xytext=(6.0, 0.35),
                fontsize=9, arrowprops={"arrowstyle": "->", "color": "#1b7f3b"}, color="#1b7f3b")
    ax.set_title("Bittensor in one picture: models are paid for being useful to each other", fontsize=11)
    return fig


def plot_reward_split(labels: Sequence[str], values: Sequence[float], *, title: str, ylabel: str = "share") -> Any:
    """A bar chart of how one quantity (incentive, dividends …) splits between neurons."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.2), constrained_layout=True)
    bars = ax.bar(list(labels), list(values), color="#60a5fa", edgecolor="#1e3a8a")
    for b, v in zip(bars, values, strict=True):
        ax.text(b.get_x() + b.get_width() / 2, v + 0.01, f"{v:.0%}", ha="center", fontsize=9)
    ax.set(title=title, ylabel=ylabel, ylim=(0, 1.1))
    ax.grid(axis="y", alpha=0.3)
    return fig
