"""Lesson 11: the god's-eye view — a metagraph dashboard and a miner's own Prometheus metrics."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import Any

from bittensor_lite.learn.feedback import (
    CheckResult,
    failed,
    is_placeholder,
    not_attempted,
    passed,
    run_check,
)

__all__ = ["plot_dashboard", "live_dashboard", "drill_down", "metric_value", "scrape_series", "check_find_lazy",
           "check_split_epoch", "epoch_accounts", "check_read_metric", "SAMPLE_METRICS"]


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
            axes[1].set(title="emission per epoch (α)", xlabel="epoch")
            axes[2].plot(epochs, [h.stake[uid] for h in net.history], marker=".", color="#2563eb")
            axes[2].set(title="stake S (α)", xlabel="epoch")
            fig.suptitle(f"uid {uid}: {labels[uid]}")
            plt.show()

    pick.observe(show, names="value")
    show()
    return widgets.VBox([pick, out])


def scrape_series(metrics_text_over_time: Sequence[str], name: str, labels: str = "") -> list[float]:
    """One metric's value in each of several scrapes of a /metrics page (what Prometheus stores)."""
    return [metric_value(t, name, labels) or 0.0 for t in metrics_text_over_time]


# A second subnet, made up, for the lazy-validator check: UIDs 0–2 validate, 3–6 mine. UID 0 weights every
# miner the same; UID 1 and UID 2 weight by quality (2 with noise), so Yuma clips less of theirs.
_LAZY_W = [[0, 0, 0, 0.25, 0.25, 0.25, 0.25], [0, 0, 0, 0.45, 0.30, 0.20, 0.05], [0, 0, 0, 0.35, 0.40, 0.05, 0.20],
           [0] * 7, [0] * 7, [0] * 7, [0] * 7]
_LAZY_TV = [0.55, 0.92, 0.81, 0, 0, 0, 0]


def check_find_lazy(find_lazy: Callable[[Any, Any], int], mg: Any, labels: Sequence[str]) -> CheckResult:
    """Exercise: name the lazy validator from the weights ``W`` and validator trust ``Tv`` alone."""
    import torch

    name = "find_lazy"

    def body() -> CheckResult:
        lazy = [u for u, lab in enumerate(labels) if "lazy" in lab]
        got = find_lazy(mg.W, mg.Tv)
        if is_placeholder(got):
            return not_attempted(name, "find_lazy still returns ...")
        try:
            got = int(got)
        except (TypeError, ValueError):
            return failed(name, "Return a UID (an integer).")
        other = find_lazy(torch.tensor(_LAZY_W), torch.tensor(_LAZY_TV))
        if got in lazy and int(other) == 0:
            return passed(name, f"Right: UID {got} is {labels[got]!r}. Its row of W is flat — it weights every miner "
                                "alike because it never looked — and Yuma clips most of it, so its Tv is the lowest. "
                                "You found it without being told who anyone is: the metagraph is public.")
        if got >= len(labels) or float(mg.W[got].sum()) == 0:
            return failed(name, "Only validators set weights: look among the rows of W that are not all zero.")
        if got in lazy:
            return failed(name, "Right UID here, but your rule fails on another subnet: use what W and Tv say, "
                                "not where the lazy one sits.")
        return failed(name, "A validator that never evaluates gives every miner the same weight: a flat row of W. "
                            "Yuma clips such weights, so its validator trust Tv is low.")

    return run_check(name, body)


def _split_reference(alpha: float, owner_cut: float) -> dict[str, float]:
    """The coinbase's split of one epoch's alpha (before root stakers' share): the owner first, then halves."""
    owner = alpha * owner_cut
    return {"owner": owner, "miners": (alpha - owner) / 2, "validators": (alpha - owner) / 2}


def check_split_epoch(split_epoch: Callable[[float, float], dict[str, float]]) -> CheckResult:
    """Exercise: split a subnet's alpha emission between its owner, its miners and its validators."""
    name = "split_epoch"

    def body() -> CheckResult:
        for alpha, cut in ((10.0, 0.18), (11.0, 0.18), (100.0, 0.0), (3.0, 0.5)):
            got = split_epoch(alpha, cut)
            if is_placeholder(got):
                return not_attempted(name, "split_epoch still returns ...")
            if not isinstance(got, dict) or set(got) != {"owner", "miners", "validators"}:
                return failed(name, 'Return a dict with the keys "owner", "miners" and "validators".')
            right = _split_reference(alpha, cut)
            if not all(math.isclose(float(got[k]), right[k], abs_tol=1e-9) for k in right):
                if math.isclose(float(got["miners"]), alpha / 2, abs_tol=1e-9) and cut:
                    return failed(name, "The owner's cut comes off first; miners and validators halve what is left.")
                if math.isclose(sum(float(v) for v in got.values()), alpha, abs_tol=1e-9):
                    return failed(name, "Everything is accounted for, but the halves are uneven: after the owner's "
                                        "cut, miners (incentive) and validators (dividends) get half each.")
                return failed(name, "owner = alpha × owner_cut; miners = validators = (alpha − owner) / 2.")
        return passed(name, "Right: 18 % to the subnet's owner, then half to miners by incentive and half to "
                            "validators by dividends (spec 425, run_coinbase.rs).")

    return run_check(name, body)


def epoch_accounts(net: Any) -> dict[str, float]:
    """The last epoch of a ``sim.Network`` in alpha: what was emitted, what miners and validators got, root's part."""
    from bittensor_lite.learn.modalities import epoch_schedule
    from bittensor_lite.runtime.hyperparams import knob
    from bittensor_lite.scale import U16_MAX

    mg = net.metagraph(lite=True)
    pool = net.sub.subnet_pool(net.netuid)
    per_block = pool["alpha_out_emission"] / 1e9
    root_tao = sum(net.sub.get_stake(w.hotkey.ss58_address, netuid=0).tao for w in net.wallets[:len(net.validators)])
    weighted = pool["tao_weight"] * root_tao
    issuance = (pool["alpha_in"] + pool["alpha_out"]) / 1e9
    return {"emitted": epoch_schedule(net.tempo) * per_block, "owner_cut": knob("subnet_owner_cut").default / U16_MAX,
            "miners": float(sum(mg.E[u] for u in net.miner_uids)),
            "validators": float(sum(mg.E[u] for u in net.validator_uids)),
            "root_proportion": weighted / (weighted + issuance)}


SAMPLE_METRICS = """# HELP bittensor_lite_requests_total Requests answered, by status.
# TYPE bittensor_lite_requests_total counter
bittensor_lite_requests_total{status="ok"} 41.0
bittensor_lite_requests_total{status="408"} 2.0
# TYPE bittensor_lite_latency_seconds histogram
bittensor_lite_latency_seconds_bucket{le="0.1"} 30.0
bittensor_lite_latency_seconds_count 43.0
bittensor_lite_incentive 0.25
"""


def check_read_metric(read_metric: Callable[[str, str, str], float | None]) -> CheckResult:
    """Exercise: read one sample from Prometheus' text format (a name, optional labels, a value)."""
    name = "read_metric"

    def body() -> CheckResult:
        cases = [("bittensor_lite_requests_total", 'status="ok"'), ("bittensor_lite_requests_total", 'status="408"'),
                 ("bittensor_lite_incentive", ""), ("bittensor_lite_latency_seconds_count", ""), ("missing_total", "")]
        for metric, labels in cases:
            got = read_metric(SAMPLE_METRICS, metric, labels)
            if got is ...:
                return not_attempted(name, "read_metric still returns ...")
            right = metric_value(SAMPLE_METRICS, metric, labels)
            if right is None:
                if got is not None:
                    return failed(name, "A metric that is not on the page has no value: return None.")
                continue
            try:
                ok = got is not None and math.isclose(float(got), right)
            except (TypeError, ValueError):
                return failed(name, "Return the sample's value as a number (float).")
            if not ok:
                if labels and got is not None and math.isclose(float(got), 41.0):
                    return failed(name, "Match the labels too: status=\"408\" is its own sample.")
                return failed(name, f"Find the line that starts with {metric}{{{labels}}} (or the bare name when there "
                                    "are no labels) and take the number after the space; skip # comments.")
        return passed(name, "Right: that is all a Prometheus scrape is — name{labels} value, one sample a line, "
                            "stored with the time it was read.")

    return run_check(name, body)
