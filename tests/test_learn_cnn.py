"""Lesson 03: the filter by hand, the learner's CNN forward, the counters, and the checks both ways."""

import torch
from torch import nn

from bittensor_lite.learn import (
    CNNLayers,
    SmallCNN,
    accuracy,
    check_cnn_forward,
    check_conv_params,
    check_gpt3_days,
    check_slide_filter,
    count_flops,
    count_params,
    digits_images,
    measure_cpu_flops,
    scale_explorer,
    train_classifier,
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


def slide(image, kernel, flip=False):
    k = kernel.flip(0, 1) if flip else kernel
    H, W = image.shape
    return torch.stack([torch.stack([(image[i:i + 3, j:j + 3] * k).sum() for j in range(W - 2)])
                        for i in range(H - 2)])


def test_check_slide_filter_both_ways():
    assert check_slide_filter(slide).ok
    res = check_slide_filter(lambda im, k: slide(im, k, flip=True))
    assert not res.ok and "flipped" in res.message
    res = check_slide_filter(lambda im, k: torch.zeros(im.shape))  # padded size
    assert not res.ok and "(4, 5)" in res.message
    assert not check_slide_filter(lambda im, k: ...).attempted


class Right(CNNLayers):
    def forward(self, x):
        x = self.pool(torch.relu(self.conv1(x)))
        x = self.pool(torch.relu(self.conv2(x)))
        return self.classifier(x.flatten(1))


class NoRelu(CNNLayers):
    def forward(self, x):
        return self.classifier(self.pool(self.conv2(self.pool(self.conv1(x)))).flatten(1))


class Constant(CNNLayers):
    def forward(self, x):
        return self.classifier.bias.expand(len(x), -1)  # ignores the image


def test_check_cnn_forward_both_ways():
    assert check_cnn_forward(Right).ok
    res = check_cnn_forward(NoRelu)
    assert not res.ok and "ReLU" in res.message
    assert not check_cnn_forward(Constant).ok
    assert not check_cnn_forward(CNNLayers).attempted  # forward not written yet


def test_the_learners_forward_is_what_trains():
    Xtr, Xte, ytr, yte = digits_images()
    results = {}
    for cls in (Right, Constant):
        torch.manual_seed(0)
        m = cls(channels=8)
        train_classifier(m, Xtr, ytr, epochs=3, progress=False)
        results[cls.__name__] = accuracy(m, Xte, yte)
    assert results["Right"] > 0.8 > 0.2 > results["Constant"], results


def test_checks_both_ways():
    assert check_conv_params(80).ok
    assert not check_conv_params(72).ok and not check_conv_params(512).ok
    flops = 3e10
    days = 6 * 175e9 * 300e9 / flops / 86400
    assert check_gpt3_days(days, flops).ok
    assert not check_gpt3_days(days * 86400, flops).ok  # seconds
    assert not check_gpt3_days(days / 6, flops).ok  # forgot the 6
    assert not check_conv_params(...).attempted
    assert not check_gpt3_days(..., flops).attempted


def test_scale_widget_builds_headless():
    w = scale_explorer()
    assert "parameters" in w.children[1].value
