"""Lesson 08: the sweep shows κ as the cabal threshold; the checks pass and fail as they should."""

from bittensor_lite import sim
from bittensor_lite.learn import (
    cabal_sweep,
    check_attack_measurement,
    check_cabal_threshold,
    check_copier_share,
    profit,
)


def test_cabal_threshold_is_kappa():
    below, above = cabal_sweep([0.45, 0.55], epochs=2)
    assert below["cabal_miner"] < 0.01 < below["best_honest_miner"]
    assert above["cabal_miner"] > 0.99 and above["best_honest_miner"] < 0.01


def test_checks_both_ways():
    assert check_cabal_threshold(0.5).ok
    assert not check_cabal_threshold(0.33).ok and not check_cabal_threshold(50).ok
    assert check_copier_share(0.5).ok
    assert not check_copier_share(1.0).ok and not check_copier_share(0.25).ok
    net = sim.Network(miner_quality=[0.9, 0.2], validators=[sim.SelfWeighting(stake=400), sim.Honest(stake=600)],
                      tempo=5, seed=0)
    net.run(2, progress=False)
    right = profit(net, 0)
    assert right < 0.05  # self-weighting earns nothing
    assert check_attack_measurement(net, 0, right).ok
    assert not check_attack_measurement(net, 0, right + 0.5).ok
    assert not check_attack_measurement(net, 0, ...).attempted
    assert not check_attack_measurement(None, 0, 1.0).attempted
