"""Lesson 08: attacks on the incentive mechanism, measured on the mock network."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from bittensor_lite.learn.feedback import (
    CheckResult,
    failed,
    is_placeholder,
    not_attempted,
    numeric_answer,
    passed,
    run_check,
)

__all__ = ["cabal_sweep", "profit", "plot_profits", "drifting_quality", "copying_under_drift", "plot_copying",
           "stalling_round", "attack_arena", "check_cabal_threshold", "check_copier_share", "check_attack"]

YUMA3 = {"yuma3_enabled": True}  # Yuma 3, as init_new_network sets it for every new subnet (spec 425)


def cabal_sweep(shares: list[float], epochs: int = 3, seed: int = 0) -> list[dict[str, float]]:
    """For each cabal stake share: the incentive of the cabal's (useless) miner and of the best honest miner."""
    from bittensor_lite import sim

    rows = []
    for share in shares:
        net = sim.Network(miner_quality=[0.9, 0.7, 0.05],
                          validators=[sim.Honest(stake=1000 * (1 - share)), sim.Colluding(stake=1000 * share, targets=[2])],
                          tempo=10, seed=seed)
        last = net.run(epochs, progress=False)[-1]
        rows.append({"share": share, "cabal_miner": last.incentive[net.miner_uids[2]],
                     "best_honest_miner": last.incentive[net.miner_uids[0]],
                     "cabal_dividends": last.dividends[net.validator_uids[1]]})
    return rows


def profit(net: Any, validator_index: int, last_epochs: int = 1) -> float:
    """A validator's dividends share divided by its stake share (1.0 = paid exactly its weight), averaged."""
    uid = net.validator_uids[validator_index]
    stakes = [v.stake for v in net.validators]
    stake_share = stakes[validator_index] / sum(stakes)
    recent = net.history[-last_epochs:]
    return sum(h.dividends[uid] for h in recent) / len(recent) / stake_share


def plot_profits(net: Any, last_epochs: int = 4, title: str = "Dividends per unit of stake (1 = fair share)") -> Any:
    """One bar per validator: its profit (dividends share ÷ stake share) over the last epochs."""
    import matplotlib.pyplot as plt

    names = net.labels()[: len(net.validators)]
    colours = {"honest": "#16a34a", "selfweighting": "#dc2626", "lazy": "#f59e0b", "copying": "#7c3aed",
               "weightcopying": "#7c3aed", "colluding": "#dc2626"}
    fig, ax = plt.subplots(figsize=(6.5, 3.2), constrained_layout=True)
    ax.bar(names, [profit(net, i, last_epochs) for i in range(len(names))],
           color=[colours.get(n.split()[-1], "#dc2626") for n in names])
    ax.axhline(1.0, color="grey", ls="--", lw=1)
    ax.set(title=title, ylabel="dividends share / stake share")
    ax.tick_params(axis="x", rotation=15)
    return fig


# -- copying weights, with and without commit-reveal ------------------------------------------------
def drifting_quality(epoch: int, n_miners: int = 4, period: int = 6) -> list[float]:
    """Miner qualities that drift: each follows a sine of ``period`` epochs, the miners out of phase."""
    return [0.5 + 0.45 * math.sin(2 * math.pi * (epoch / period + j / n_miners)) for j in range(n_miners)]


def copying_under_drift(hidden: bool, epochs: int = 12, period: int = 6, seed: int = 0) -> Any:
    """Three honest validators and a weight copier (25 % of the stake) while miner quality drifts.

    ``hidden=False``: weights are public the moment they are set (``set_weights``), and the copier
    reads them the same epoch. ``hidden=True``: commit-reveal (:class:`sim.CommitRevealNetwork`),
    so the copier can only copy weights revealed a tempo late. Returns the network (``.history``).
    """
    from bittensor_lite import sim

    validators = [sim.Honest(stake=300), sim.Honest(stake=250), sim.Honest(stake=200), sim.WeightCopying(stake=250)]
    cls = sim.CommitRevealNetwork if hidden else sim.Network
    net = cls(miner_quality=drifting_quality(0, period=period), validators=validators, tempo=10, seed=seed,
              hyperparameters=dict(YUMA3))
    for epoch in range(epochs):
        net.miner_quality = drifting_quality(epoch, period=period)
        net.run(1, progress=False)
    return net


def plot_copying(open_net: Any, hidden_net: Any, last_epochs: int = 9) -> Any:
    """Each validator's profit with open weights beside commit-reveal's hidden weights."""
    import matplotlib.pyplot as plt

    names = open_net.labels()[: len(open_net.validators)]
    x = range(len(names))
    fig, ax = plt.subplots(figsize=(7, 3.3), constrained_layout=True)
    for shift, net, label, colour in ((-0.2, open_net, "open weights (set_weights)", "#60a5fa"),
                                      (0.2, hidden_net, "hidden a tempo (commit-reveal)", "#1e3a8a")):
        ax.bar([i + shift for i in x], [profit(net, i, last_epochs) for i in x], width=0.4, color=colour, label=label)
    ax.axhline(1.0, color="grey", ls="--", lw=1)
    ax.set(xticks=list(x), xticklabels=names, ylabel="dividends share / stake share", ylim=(0, 1.55),
           title="Copying weights while miner quality drifts")
    ax.legend(fontsize=8, loc="upper center", ncol=2)
    return fig


# -- a stalling miner ------------------------------------------------------------------------------
def stalling_round(forwards: dict[str, Callable[[Any], Any]], timeout_s: float = 0.2, rounds: int = 3,
                   seed: int = 0) -> dict[str, dict[str, Any]]:
    """Real neurons on a mock subnet: one validator (``Validator``, arithmetic task, ``timeout_s``) and a
    miner per forward. One direct query shows each miner's status code; then ``rounds`` validator
    rounds, ``set_weights`` and an epoch. Per miner: status, message, score, incentive."""
    import bittensor_lite as bl
    from bittensor_lite.neurons import ArithmeticTask, Miner, Validator
    from bittensor_lite.synapse import TextPrompt

    sub = bl.connect("mock")
    owner = bl.dev_wallet("lesson08-owner")
    sub.dev.set_balance(owner.coldkey.ss58_address, 10**15)
    netuid = sub.register_network(owner)
    for knob, value in {"tempo": 10, "weights_rate_limit": 0, "max_regs_per_block": 16,
                        "target_regs_per_interval": 16, **YUMA3}.items():
        sub.dev.sudo_set(netuid, knob, value)
    vw = bl.dev_wallet("lesson08-validator")
    sub.dev.set_balance(vw.coldkey.ss58_address, 10**13)
    sub.burned_register(vw, netuid)
    sub.add_stake(vw, 1000, netuid=netuid)
    validator = Validator(vw, sub, netuid, ArithmeticTask(seed), alpha=0.5, timeout=timeout_s)
    miners = {}
    for k, (name, fn) in enumerate(forwards.items()):
        w = bl.dev_wallet(f"lesson08-miner-{name}")
        sub.dev.set_balance(w.coldkey.ss58_address, 10**10)
        sub.burned_register(w, netuid)
        miners[name] = Miner(w, sub, netuid, fn, port=9700 + 10 * seed + k).start()
    try:
        sub.wait_for_epoch(netuid)  # the validator's permit
        probe = validator.dendrite.query([m.axon.info() for m in miners.values()], TextPrompt(prompt="2+2="),
                                         timeout=timeout_s)
        validator.run(rounds=rounds, weights_every=rounds)
        sub.wait_for_epoch(netuid)
        mg = sub.metagraph(netuid, lite=True)
        return {name: {"status": a.dendrite.status_code, "message": a.dendrite.status_message,
                       "score": validator.scores.get(m.uid, 0.0), "incentive": float(mg.I[m.uid])}
                for (name, m), a in zip(miners.items(), probe, strict=True)}
    finally:
        for m in miners.values():
            m.stop()


# -- your attack -----------------------------------------------------------------------------------
ARENA_MINERS = [0.9, 0.7, 0.4, 0.1]


def attack_arena(attacker: Any, epochs: int = 4, seed: int = 0) -> Any:
    """Two honest validators (40 %, 30 %) and ``attacker`` (a ``sim.ValidatorBehaviour`` subclass or
    instance; a class gets 30 % of the stake) on four miners; runs ``epochs`` and returns the network."""
    from bittensor_lite import sim

    me = attacker(stake=300) if isinstance(attacker, type) else attacker
    if not isinstance(me, sim.ValidatorBehaviour):
        raise TypeError("your attacker must subclass sim.ValidatorBehaviour")
    net = sim.Network(miner_quality=ARENA_MINERS, validators=[sim.Honest(stake=400), sim.Honest(stake=300), me],
                      tempo=10, seed=seed, hyperparameters=dict(YUMA3))
    net.run(epochs, progress=False)
    return net


def _did_work(behaviour: Any) -> Any:
    """Wrap a behaviour so we can tell whether it ever looked at the miners (``net.observed_quality``)."""
    seen = {"work": False}
    original = behaviour.weights

    def weights(net: Any, me: int, rng: Any) -> dict[int, float]:
        look = net.observed_quality

        def watched(r: Any) -> dict[int, float]:
            seen["work"] = True
            return look(r)

        net.observed_quality = watched
        try:
            return original(net, me, rng)
        finally:
            net.observed_quality = look

    behaviour.weights = weights
    return seen


def check_attack(attacker: Any) -> CheckResult:
    """Exercise: your ``sim.ValidatorBehaviour`` subclass must *misbehave* — do no work, or set weights
    far from what honest validators set — and the check reports what it earned."""
    from bittensor_lite import sim

    name = "my_attack"

    def body() -> CheckResult:
        if is_placeholder(attacker):
            return not_attempted(name)
        if not (isinstance(attacker, type) and issubclass(attacker, sim.ValidatorBehaviour)):
            return failed(name, "Define a class: `class MyAttack(sim.ValidatorBehaviour):` with a `weights` method.")
        me = attacker(stake=300)
        seen = _did_work(me)
        net = attack_arena(me)
        mg = net.metagraph()
        miners = net.miner_uids
        rows = mg.W[net.validator_uids][:, miners].double()
        mine, honest = rows[2], rows[:2].sum(dim=0)
        reason = None
        if float(mine.sum()) == 0:
            reason = "it sets no weight on any miner, so its stake votes zero everywhere (lesson 07)"
        else:
            gap = 0.5 * float((mine / mine.sum() - honest / honest.sum()).abs().sum())
            if not seen["work"]:
                reason = "it never looks at the miners (net.observed_quality): it is paid for no work"
            elif gap > 0.4:
                reason = f"its weights are far from the honest validators' ({gap:.0%} of the weight moved)"
        if reason is None:
            return failed(name, "That looks like honest work: it measures the miners and weights them much as "
                                "the honest validators do. Push harder — skip the work, or favour a weak miner.")
        mine_p, honest_p = profit(net, 2, last_epochs=2), profit(net, 0, last_epochs=2)
        verdict = "the attack pays" if mine_p >= honest_p else "Yuma makes it pay less than honest work"
        return passed(name, f"It misbehaves: {reason}. It earned {mine_p:.2f}× its stake's share of dividends "
                            f"(the first honest validator {honest_p:.2f}×): {verdict}.")

    return run_check(name, body)


def check_cabal_threshold(share: Any) -> CheckResult:
    """Exercise: the smallest share of validator stake a colluding cabal needs to lift its own miner."""
    name = "cabal_threshold"
    s = numeric_answer(name, share, "Give a fraction between 0 and 1.")
    if isinstance(s, CheckResult):
        return s
    if abs(s - 0.5) <= 0.01:
        return passed(name, "Right: κ = 0.5 of the stake. Below it the cabal's weights are clipped to nothing; "
                            "above it the cabal *is* consensus, and the honest miners are clipped instead.")
    if s > 1:
        return failed(name, "As a fraction, please (0.5 rather than 50).")
    return failed(name, "Look at the sweep's plot: where does the cabal's miner jump? Which hyperparameter sits there?")


def check_copier_share(fraction: Any) -> CheckResult:
    """Exercise: a miner that copies the best miner's answers — what share of the original's reward does each keep?"""
    name = "copier_share"
    f = numeric_answer(name, fraction, "Give a fraction.")
    if isinstance(f, CheckResult):
        return f
    if 0.45 <= f <= 0.55:
        return passed(name, "Right: identical answers earn identical weight, so they split it: the copier takes half.")
    if f >= 0.95:
        return failed(name, "Incentive is a share of a fixed pie: two miners with the same score split it.")
    return failed(name, "Two identical answers get identical weight. Run the cell below and compare the original's "
                        "incentive with and without the copier.")
