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
