"""Lesson 02: the MLP learns XOR and digits; its checks pass and fail as they should."""

import torch
from torch.nn import functional as F

from bittensor_lite.learn import (
    MLP,
    accuracy,
    check_gradient,
    check_param_count,
    check_train_step,
    confusion_matrix,
    digits_images,
    digits_tensors,
    fit,
    learning_rate_explorer,
    train_classifier,
    train_xor,
)


def test_xor_is_learned():
    model, losses = train_xor()
    X = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    assert model(X).argmax(1).tolist() == [0, 1, 1, 0]
    assert losses[-1] < 0.01 < losses[0]


def test_digits_data_and_a_quick_classifier():
    Xtr, Xte, ytr, yte = digits_tensors()
    assert Xtr.shape[1] == 64 and Xtr.dtype == torch.float32 and 0 <= Xtr.min() and Xtr.max() <= 1
    assert len(Xtr) + len(Xte) == 1797 and set(ytr.tolist()) == set(range(10))
    assert digits_images()[0].shape[1:] == (1, 8, 8)
    torch.manual_seed(0)
    net = MLP(64, 32, 10)
    losses = train_classifier(net, Xtr, ytr, epochs=5, progress=False)
    assert losses[-1] < losses[0]
    assert accuracy(net, Xte, yte) > 0.85
    hist = fit(MLP(64, 16, 10), Xtr, ytr, Xte, yte, epochs=3, progress=False)
    assert len(hist["loss"]) == len(hist["val_accuracy"]) == 3 and hist["val_accuracy"][-1] > 0.5
    cm = confusion_matrix(net, Xte, yte)
    assert cm.sum() == len(yte) and cm.trace() > 0.85 * len(yte)


def test_check_gradient_both_ways():
    assert check_gradient(12).ok
    assert not check_gradient(4).ok  # the loss, not its derivative
    assert not check_gradient(4.0 / 1).ok
    assert not check_gradient(6).ok
    assert not check_gradient(...).attempted


def test_check_param_count_both_ways():
    assert check_param_count(2410).ok
    res = check_param_count(64 * 32 + 32 * 10)
    assert not res.ok and "bias" in res.message
    assert not check_param_count(...).attempted


def good_step(model, optimizer, X, y):
    optimizer.zero_grad()
    loss = F.cross_entropy(model(X), y)
    loss.backward()
    optimizer.step()
    return loss.item()


def test_check_train_step_both_ways():
    assert check_train_step(good_step).ok

    def forgets_zero_grad(model, optimizer, X, y):
        loss = F.cross_entropy(model(X), y)
        loss.backward()
        optimizer.step()
        return loss.item()

    def forgets_step(model, optimizer, X, y):
        optimizer.zero_grad()
        loss = F.cross_entropy(model(X), y)
        loss.backward()
        return loss.item()

    res = check_train_step(forgets_zero_grad)
    assert not res.ok and "zero_grad" in res.message
    res = check_train_step(forgets_step)
    assert not res.ok and "step" in res.message

    def unfinished(model, optimizer, X, y):
        raise NotImplementedError

    assert not check_train_step(unfinished).attempted


def test_lr_widget_builds_headless():
    Xtr, _, ytr, _ = digits_tensors()
    assert len(learning_rate_explorer(Xtr[:200], ytr[:200]).children) >= 1
