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
    assert len(w.children) >= 8


def _right_steps():
    from bittensor_lite.consensus import _normalise

    def bond_step(w_b, old, alpha):
        return alpha * w_b + (1 - alpha) * old

    def dividends(s_a, b, i):
        return _normalise(s_a * (_normalise(b, dim=0) @ i))

    return bond_step, dividends


def test_bonds_and_dividends_check_both_ways():
    from bittensor_lite.consensus import _normalise
    from bittensor_lite.learn import check_bonds_and_dividends

    bond_step, dividends = _right_steps()
    assert check_bonds_and_dividends(bond_step, dividends).ok
    wrong = [
        (lambda w, o, a: (1 - a) * w + a * o, dividends),  # α the wrong way round
        (lambda w, o, a: a * w, dividends),  # no memory of old bonds
        (bond_step, lambda s, b, i: _normalise(s * (b @ i))),  # no column share
        (bond_step, lambda s, b, i: _normalise(_normalise(b, dim=0) @ i)),  # no stake
        (bond_step, lambda s, b, i: s * (_normalise(b, dim=0) @ i)),  # not normalised
    ]
    for b, d in wrong:
        res = check_bonds_and_dividends(b, d)
        assert not res.ok and res.attempted

    def todo(*_):
        raise NotImplementedError

    assert not check_bonds_and_dividends(todo, todo).attempted
    assert not check_bonds_and_dividends(..., dividends).attempted


def _late(epoch):
    from bittensor_lite.learn import example_subnet

    w, _ = example_subnet()
    if epoch <= 5:
        w[1] = 0.0
    return w


def test_the_learners_bond_step_is_what_runs():
    bond_step, dividends = _right_steps()
    chain = run_epochs(12, weights=_late)
    mine = run_epochs(12, weights=_late, bond_step=bond_step, dividends=dividends)
    assert all(torch_close(a.dividends, b.dividends) for a, b in zip(chain, mine, strict=True))
    forgetful = run_epochs(12, weights=_late, bond_step=lambda w, o, a: w, dividends=dividends)
    assert float(forgetful[5].dividends[1]) > float(mine[5].dividends[1]) + 0.05  # a wrong step changes the plot
    flat = run_epochs(12, weights=_late, bond_step=bond_step, dividends=lambda s, b, i: s / s.sum())
    assert abs(float(flat[2].dividends[1]) - 0.35) < 1e-9 != float(mine[2].dividends[1])


def torch_close(a, b):
    import torch

    return bool(torch.allclose(a, b, atol=1e-12))


def test_silent_stake_votes_zero_and_the_cutoff_drops_it():
    import torch

    silent = run_epochs(8, weights=_late)
    assert float(silent[2].incentive[3]) == 0.0 and float(silent[-1].incentive[3]) > 0.45

    def v1_active(epoch):
        return torch.tensor([True, epoch > 5, True, True, True, True])

    cut = run_epochs(8, weights=_late, active=v1_active)
    assert float(cut[2].incentive[3]) > 0.45


def test_power_sharpens_and_is_a_slider():
    from bittensor_lite.learn import example_subnet, sharpen

    w, _ = example_subnet()
    flat = run_epochs(1, weights=w)[-1].incentive
    sharp = run_epochs(1, weights=sharpen(w, 3.0))[-1].incentive
    assert float(sharp[3]) > float(flat[3])
    widget = fly_the_plane()
    assert "power" in [c.description for c in widget.children[:-1]]
    with pytest.raises(ValueError):
        sharpen(w, 0)


def _stream_text(nb) -> str:
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                   if o.get("output_type") == "stream")


@pytest.mark.notebook
def test_lesson_07_runs_the_learners_bond_step(tmp_path):
    """Lesson 07 executed with the solution, then with a bond step that forgets old bonds: the
    late-validator run prints different dividends, so the learner's function is the one that ran."""
    import re

    import nbformat

    from tests.nbutil import NOTEBOOKS, SOLUTIONS, execute, read_solutions, with_solutions

    nb = nbformat.read(NOTEBOOKS / "07_incentive.ipynb", as_version=4)
    right = read_solutions(SOLUTIONS / "07_incentive.py")
    wrong = dict(right, bonds_and_dividends=right["bonds_and_dividends"].replace(
        "return alpha * W_b + (1 - alpha) * B_old", "return W_b"))
    assert wrong != right
    lines = []
    for sols in (right, wrong):
        out = execute(with_solutions(nb, sols), timeout=300, strict=False, cwd=tmp_path).nb
        lines.append(re.search(r"V1's dividends, epoch 6 and 20: +([\d.]+) ([\d.]+)", _stream_text(out)).groups())
    assert float(lines[1][0]) > float(lines[0][0]) + 0.05  # forgetting old bonds: V1 catches up at once
