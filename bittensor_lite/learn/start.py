"""Lesson 00's small helpers: a first exercise and a tiny reward-split explorer."""

from __future__ import annotations

from typing import Any

from bittensor_lite.learn.feedback import CheckResult, failed, is_placeholder, not_attempted, passed

__all__ = ["check_rao_per_tao", "incentive_for_quality"]


def check_rao_per_tao(answer: Any) -> CheckResult:
    """Exercise: how many rao make one TAO?"""
    name = "rao_per_tao"
    if is_placeholder(answer):
        return not_attempted(name)
    try:
        value = int(answer)
    except (TypeError, ValueError):
        return failed(name, "Give a whole number of rao.")
    if value != answer:
        return failed(name, "rao are whole numbers: the chain never stores a fraction of a rao.")
    if value == 10**9:
        return passed(name, "Correct: 1 TAO = 1,000,000,000 rao (10^9). The chain counts in rao.")
    return failed(name, "Try `bl.Balance.from_tao(1).rao`; the answer is a power of ten.")


def incentive_for_quality(qualities: list[float], power: float = 4.0) -> list[float]:
    """Incentive of each miner when one honest validator weights miners by quality**power.

    Runs one real Yuma epoch (``bittensor_lite.consensus.yuma_epoch``) over a validator at
    UID 0 and the miners at UIDs 1…n.
    """
    import torch

    from bittensor_lite.consensus import yuma_epoch

    n = len(qualities) + 1
    weights = torch.zeros(n, n)
    weights[0, 1:] = torch.tensor([max(0.0, q) ** power for q in qualities])
    stake = torch.zeros(n)
    stake[0] = 1.0
    out = yuma_epoch(weights, stake)
    return out.incentive[1:].tolist()
