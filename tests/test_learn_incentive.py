"""Lesson 07's checks pass on the solutions and fail on plausible wrong answers."""

import pytest

from bittensor_lite.consensus import YumaParams
from bittensor_lite.learn import (
    check_consensus_by_hand,
    check_incentive_by_hand,
    check_validator_trust_by_hand,
    fly_the_plane,
    run_epochs,
)


@pytest.mark.parametrize(
    "check, right, wrongs",
    [
        (check_consensus_by_hand, 0.5, [0.6, 0.375, 0.0, 1.0]),
        (check_validator_trust_by_hand, 0.3, [1.0, 0.8, 0.0]),
        (check_incentive_by_hand, 0.5, [0.375, 0.415, 0.3667]),
    ],
)
def test_checks_both_ways(check, right, wrongs):
    assert check(right).ok
    for w in wrongs:
        res = check(w)
        assert not res.ok and res.attempted, w
    assert not check(...).attempted


def test_late_validator_catches_up_through_bonds():
    import torch

    from bittensor_lite.learn import example_subnet

    w, _ = example_subnet()

    def late(epoch):
        x = w.clone()
        if epoch <= 5:
            x[1] = 0.0
        return x

    outs = run_epochs(20, YumaParams(), weights=late)
    d1 = [float(o.dividends[1]) for o in outs]
    assert d1[4] == 0.0 and d1[5] > 0 and d1[-1] > d1[5]
    assert torch.isclose(outs[-1].dividends.sum(), torch.tensor(1.0, dtype=torch.float64))


def test_the_widget_builds_headless():
    w = fly_the_plane()
    assert len(w.children) >= 7
