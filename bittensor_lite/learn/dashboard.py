"""Lesson 11: the god's-eye view — a metagraph dashboard and a miner's own Prometheus metrics."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bittensor_lite.learn.feedback import (
    CheckResult,
    failed,
    is_placeholder,
    not_attempted,
    numeric_answer,
    passed,
)

__all__ = ["plot_dashboard", "live_dashboard", "drill_down", "metric_value", "scrape_series", "check_best_uid",
           "check_total_emission", "check_requests_served"]


def plot_dashboard(mg: Any, labels: Sequence[str] | None = None) -> Any:
    """Four panels of one subnet: stake, incentive, dividends, and the weight matrix W."""
    import matplotlib.pyplot as plt

    labels = list(labels) if labels else [str(u) for u in range(mg.n)]
    fig, axes = plt.subplots(2, 2, figsize=(11, 6.5), constrained_layout=True)
    panels = [(axes[0, 0], mg.S.tolist(), "Stake S (α)", "#60a5fa"), (axes[0, 1], mg.I.tolist(), "Incentive I", "#16a34a"),
              (axes[1, 0], mg.D.tolist(), "Dividends D", "#f59e0b")]
    for ax, values, title, colour in panels:
        ax.bar(range(mg.n), values, color=colour)
        ax.set(title=title, xticks=range(mg.n))
        ax.set_xticklabels(labels, rotation=60, ha="right", fontsize=7)
    im = axes[1, 1].imshow(mg.W.numpy(), cmap="viridis", vmin=0)
    axes[1, 1].set(title="Weights W (row → column)", xlabel="to uid", ylabel="from uid")
    fig.colorbar(im, ax=axes[1, 1], shrink=0.8)
    fig.suptitle(f"Subnet {mg.netuid} at block {mg.block}: {mg.n} neurons")
    return fig


def live_dashboard(net: Any) -> Any:
    """A button that runs one more epoch of ``net`` (a ``bl.sim.Network``) and redraws the dashboard."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    out = widgets.Output()
    button = widgets.Button(description="run one epoch", icon="play")

    def redraw(_: Any = None) -> None:
        net.run(1, progress=False)
        with out:
            out.clear_output(wait=True)
            plot_dashboard(net.metagraph(), net.labels())
            plt.show()

    button.on_click(redraw)
    redraw()
    return widgets.VBox([button, out])


def metric_value(text: str, name: str, labels: str = "") -> float | None:
    """Read one sample from Prometheus' text format, e.g. ``metric_value(t, "x_total", 'status="ok"')``."""
    pattern = re.escape(name) + (r"\{" + re.escape(labels) + r"\}" if labels else r"(\{[^}]*\})?") + r" ([0-9.eE+-]+)"
    m = re.search(r"^" + pattern + r"$", text, flags=re.M)
    return float(m.group(m.lastindex)) if m else None


def check_best_uid(uid: Any, mg: Any) -> CheckResult:
    """Exercise: the UID with the highest incentive."""
    name = "best_uid"
    if is_placeholder(uid):
        return not_attempted(name)
    target = int(mg.I.argmax())
    try:
        got = int(uid)
    except (TypeError, ValueError):
        return failed(name, "Give a UID (an integer).")
    if got == target:
        return passed(name, f"Right: UID {target} earns {float(mg.I[target]):.1%} of the miners' emission.")
    if got == int(mg.S.argmax()):
        return failed(name, "That is the largest stake (a validator). Incentive is mg.I.")
    return failed(name, "mg.I holds incentive by UID; argmax() finds the largest.")


def check_total_emission(tao: Any, mg: Any) -> CheckResult:
    """Exercise: the alpha the subnet paid out in its last epoch, in total (emission is the subnet's alpha)."""
    name = "total_emission"
    target = float(mg.E.sum())
    got = numeric_answer(name, tao, "Give an amount of the subnet's alpha.")
    if isinstance(got, CheckResult):
        return got
    if abs(got - target) <= 1e-3 * max(target, 1e-9):
        return passed(name, f"Right: α{target:.4f}, split between miners (incentive) and validators (dividends).")
    if abs(got - float(mg.I.sum())) < 1e-6 or abs(got - 1.0) < 1e-6:
        return failed(name, "Incentive is a share (it sums to 1); emission mg.E is in the subnet's alpha.")
    return failed(name, "Add up mg.E.")


def check_requests_served(n: Any, metrics_text: str) -> CheckResult:
    """Exercise: how many requests the miner answered successfully, read from its metrics."""
    name = "requests_served"
    if is_placeholder(n):
        return not_attempted(name)
    target = metric_value(metrics_text, "bittensor_lite_requests_total", 'status="ok"')
    if target is not None and n == target:
        return passed(name, f"Right: {int(target)} requests, straight from the miner's own /metrics.")
    return failed(name, 'Find the line bittensor_lite_requests_total{status="ok"} in the text.')


def drill_down(net: Any) -> Any:
    """Pick a UID: its incentive, dividends, emission and stake over the epochs run so far."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    labels = net.labels()
    out = widgets.Output()
    pick = widgets.Dropdown(options=[(f"uid {u}: {lab}", u) for u, lab in enumerate(labels)], value=len(labels) - 1,
                            description="neuron")

    def show(change: Any = None) -> None:
        uid = pick.value
        epochs = [h.epoch for h in net.history]
        with out:
            out.clear_output(wait=True)
            fig, axes = plt.subplots(1, 3, figsize=(11, 2.8), constrained_layout=True)
            axes[0].plot(epochs, [h.incentive[uid] for h in net.history], marker="o", label="incentive")
            axes[0].plot(epochs, [h.dividends[uid] for h in net.history], marker="s", label="dividends")
            axes[0].set(title="shares", xlabel="epoch", ylim=(0, 1))
            axes[0].legend(fontsize=8)
            axes[1].bar(epochs, [h.emission[uid] for h in net.history], color="#f59e0b")
            axes[1].set(title="emission per epoch (τ)", xlabel="epoch")
            axes[2].plot(epochs, [h.stake[uid] for h in net.history], marker=".", color="#2563eb")
            axes[2].set(title="stake (τ)", xlabel="epoch")
            fig.suptitle(f"uid {uid}: {labels[uid]}")
            plt.show()

    pick.observe(show, names="value")
    show()
    return widgets.VBox([pick, out])


def scrape_series(metrics_text_over_time: Sequence[str], name: str, labels: str = "") -> list[float]:
    """One metric's value in each of several scrapes of a /metrics page (what Prometheus stores)."""
    return [metric_value(t, name, labels) or 0.0 for t in metrics_text_over_time]
