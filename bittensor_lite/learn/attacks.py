"""Lesson 08: attacks on the incentive mechanism, measured on the mock network."""

from __future__ import annotations

from typing import Any

from bittensor_lite.learn.feedback import (
    CheckResult,
    failed,
    is_placeholder,
    not_attempted,
    numeric_answer,
    passed,
)

__all__ = ["cabal_sweep", "profit", "check_cabal_threshold", "check_copier_share", "check_attack_measurement"]


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
    return failed(name, "Run the cell above and compare the original's incentive with and without the copier.")


def check_attack_measurement(net: Any, attacker_index: int, measured: Any) -> CheckResult:
    """Exercise: measure your attack — the attacker's dividends share over its stake share, last epoch."""
    name = "attack_measurement"
    if is_placeholder(measured) or net is None:
        return not_attempted(name)
    if not getattr(net, "history", None):
        return failed(name, "Run the network first: net.run(epochs=...).")
    target = profit(net, attacker_index)
    try:
        m = float(measured)
    except (TypeError, ValueError):
        return failed(name, "Give a number (dividends share / stake share).")
    if abs(m - target) <= 1e-6 + 0.01 * abs(target):
        verdict = "The attack pays" if target > 1.05 else "The attack does not pay"
        return passed(name, f"Measured right: {target:.2f}. {verdict} (1.0 = paid exactly its stake's worth).")
    return failed(name, "profit = last epoch's dividends of the attacker's UID ÷ (its stake ÷ all validators' stake).")
