"""Lesson 00's check and helper."""

from bittensor_lite.learn import check_rao_per_tao, incentive_for_quality


def test_check_passes_on_the_solution():
    assert check_rao_per_tao(10**9).ok


def test_check_fails_on_plausible_wrong_answers():
    for wrong in (10**6, 10**18, 1e9 + 0.5, "a billion"):
        res = check_rao_per_tao(wrong)
        assert not res.ok and res.attempted


def test_placeholder_is_not_attempted():
    res = check_rao_per_tao(...)
    assert not res.ok and not res.attempted


def test_better_quality_more_incentive():
    a, b, c = incentive_for_quality([0.9, 0.6, 0.3])
    assert a > b > c > 0
    assert abs(a + b + c - 1) < 1e-6


def test_power_sharpens_the_split():
    flat = incentive_for_quality([0.9, 0.6, 0.3], power=1.0)
    assert abs(flat[0] / flat[2] - 3.0) < 1e-3  # power 1: shares follow quality
    sharp = incentive_for_quality([0.9, 0.6, 0.3], power=4.0)
    assert sharp[0] > flat[0] and sharp[2] < flat[2]


def test_lesson_00_think_one_validator_is_not_clipped():
    # The lesson's answer: with one validator nothing is clipped; the power-4 scores make the gap.
    from bittensor_lite import sim

    net = sim.Network(miner_quality=[0.9, 0.5, 0.1], validators=[sim.Honest(stake=1000)], tempo=10, seed=0)
    net.run(epochs=1, progress=False)
    mg = net.metagraph()
    a, c = net.miner_uids[0], net.miner_uids[2]
    row = mg.W[net.validator_uids[0]]
    assert float((mg.I - row / row.sum()).abs().max()) < 1e-3  # incentive = the validator's weights
    assert float(mg.I[c] / mg.I[a]) < 0.01 < 1 / 6  # far less than a sixth
