"""Lesson 08: κ is the cabal threshold, copying loses under commit-reveal, stalling scores zero, and the
learner's attacker is what the check runs."""

import time

import pytest

from bittensor_lite import sim
from bittensor_lite.learn import (
    cabal_sweep,
    check_attack,
    check_cabal_threshold,
    check_copier_share,
    copying_under_drift,
    profit,
    stalling_round,
)
from bittensor_lite.neurons.forwards import adder
from bittensor_lite.synapse import TextPrompt


def test_cabal_threshold_is_kappa():
    below, above = cabal_sweep([0.45, 0.55], epochs=2)
    assert below["cabal_miner"] < 0.01 < below["best_honest_miner"]
    assert above["cabal_miner"] > 0.99 and above["best_honest_miner"] < 0.01


def test_checks_both_ways():
    assert check_cabal_threshold(0.5).ok
    assert not check_cabal_threshold(0.33).ok and not check_cabal_threshold(50).ok
    assert not check_cabal_threshold(...).attempted
    assert check_copier_share(0.5).ok
    assert not check_copier_share(1.0).ok and not check_copier_share(0.25).ok


def test_commit_reveal_counts_weights_a_tempo_late():
    kw = dict(miner_quality=[0.9, 0.5, 0.1], validators=[sim.Honest(stake=1000)], tempo=10, seed=0)
    open_, hidden = sim.Network(**kw).run(2, progress=False), sim.CommitRevealNetwork(**kw).run(2, progress=False)
    assert sum(hidden[0].incentive) == 0.0 < sum(open_[0].incentive)  # nothing revealed yet in epoch 1
    assert hidden[1].incentive == open_[0].incentive  # epoch 1's weights, revealed, count in epoch 2


def test_copying_pays_in_the_open_and_loses_when_hidden():
    open_net, hidden_net = copying_under_drift(hidden=False), copying_under_drift(hidden=True)
    copier = 3
    assert isinstance(open_net.validators[copier], sim.WeightCopying)
    assert profit(open_net, copier, 9) > 0.95
    assert profit(hidden_net, copier, 9) < 0.7
    assert all(profit(hidden_net, i, 9) > 1.0 for i in range(3))  # the honest validators gain


def test_a_stalling_miner_gets_408_and_nothing():
    def stalling(synapse: TextPrompt) -> TextPrompt:
        time.sleep(0.4)
        return adder(synapse)

    rows = stalling_round({"adder": adder, "staller": stalling}, timeout_s=0.15, rounds=2)
    assert rows["staller"]["status"] == 408 and rows["staller"]["score"] == 0.0 == rows["staller"]["incentive"]
    assert rows["adder"]["status"] == 200 and rows["adder"]["incentive"] > 0.99


class _Bribed(sim.ValidatorBehaviour):
    def weights(self, net, me, rng):
        return {net.miner_uids[-1]: 1.0}


class _HonestWork(sim.Honest):
    pass


class _Boost(sim.Honest):
    def weights(self, net, me, rng):
        w = super().weights(net, me, rng)
        w[net.miner_uids[-1]] = 1.0
        return w


class _Todo(sim.ValidatorBehaviour):
    def weights(self, net, me, rng):
        raise NotImplementedError


def test_check_attack_runs_the_learners_class():
    for attacker in (_Bribed, _Boost, sim.Lazy, sim.SelfWeighting, sim.Copying, sim.WeightCopying):
        assert check_attack(attacker).ok, attacker
    for honest in (_HonestWork, sim.Honest):  # a wrong (honest) version: the check's verdict changes
        res = check_attack(honest)
        assert not res.ok and res.attempted
    assert not check_attack(3).ok and check_attack(3).attempted
    assert not check_attack(_Todo).attempted and not check_attack(...).attempted


@pytest.mark.notebook
def test_lesson_08_runs_the_learners_attacker(tmp_path):
    """Lesson 08 with an honest 'attacker' in place of the solution: the check cell's verdict turns."""
    import nbformat

    from tests.nbutil import NOTEBOOKS, SOLUTIONS, execute, read_solutions, with_solutions

    nb = nbformat.read(NOTEBOOKS / "08_attacks.ipynb", as_version=4)
    sols = read_solutions(SOLUTIONS / "08_attacks.py")
    sols["my_attack"] = "from bittensor_lite import sim\n\nclass MyAttack(sim.Honest):\n    pass\n"
    out = execute(with_solutions(nb, sols), timeout=300, strict=False, cwd=tmp_path).nb
    verdict = next(c for c in out.cells if "check_attack(MyAttack)" in c.source)
    text = "".join(str(o.get("data", {}).get("text/plain", "")) for o in verdict.outputs)
    assert "That looks like honest work" in text and "It misbehaves" not in text
