"""Lesson 03: the CNN, the counters, and the checks both ways."""

import torch
from torch import nn

from bittensor_lite.learn import (
    SmallCNN,
    check_conv_params,
    check_gpt3_days,
    check_linear_flops,
    count_flops,
    count_params,
    measure_cpu_flops,
    scale_explorer,
    training_flops,
)


def test_counters_match_hand_counts():
    assert count_params(nn.Conv2d(1, 8, 3)) == 80
    assert count_flops(nn.Linear(64, 32), (64,)) == 4096
    conv = nn.Conv2d(1, 4, 3, padding=1)
    assert count_flops(conv, (1, 8, 8)) == 2 * 9 * 4 * 64  # every output pixel is a 9-term dot product
    m = SmallCNN(8)
    assert m(torch.zeros(5, 1, 8, 8)).shape == (5, 10)
    assert count_params(SmallCNN(16)) > count_params(SmallCNN(8))
    assert training_flops(175e9, 300e9) == 6 * 175e9 * 300e9
    assert measure_cpu_flops(n=128, repeats=2) > 1e6


def test_checks_both_ways():
    assert check_conv_params(80).ok
    assert not check_conv_params(72).ok and not check_conv_params(512).ok
    assert check_linear_flops(4096).ok
    assert not check_linear_flops(2048).ok
    flops = 3e10
    days = 6 * 175e9 * 300e9 / flops / 86400
    assert check_gpt3_days(days, flops).ok
    assert not check_gpt3_days(days * 86400, flops).ok  # seconds
    assert not check_gpt3_days(days / 6, flops).ok  # forgot the 6
    for check in (check_conv_params, check_linear_flops):
        assert not check(...).attempted
    assert not check_gpt3_days(..., flops).attempted


def test_scale_widget_builds_headless():
    w = scale_explorer()
    assert "parameters" in w.children[1].value
