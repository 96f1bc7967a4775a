"""Lesson 02: the MLP learns XOR and digits; its checks pass and fail as they should."""

import math

import pytest
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


def right_backprop(x, y, w1, w2):
    h = math.tanh(w1 * x)
    dL_dyhat = 2 * (w2 * h - y)
    return dL_dyhat * w2 * (1 - h**2) * x, dL_dyhat * h


def _slip(kind):
    """A learner's backprop with one common chain-rule mistake."""

    def backprop(x, y, w1, w2):
        h = math.tanh(w1 * x)
        e = (w2 * h - y) * (1 if kind == "no_two" else 2) * (-1 if kind == "sign" else 1)
        dtanh = {"no_tanh": 1.0, "one_minus_h": 1 - h, "sigmoid": h * (1 - h)}.get(kind, 1 - h**2)
        dw1 = e * (1 if kind == "no_w2" else w2) * dtanh * (1 if kind == "no_x" else x)
        return dw1, e * (w2 if kind == "dw2_w2" else h)

    return backprop


def test_check_gradient_agrees_with_autograd():
    res = check_gradient(right_backprop)
    assert res.ok, res.message
    p1, p2 = torch.tensor(0.4, requires_grad=True), torch.tensor(1.2, requires_grad=True)
    ((p2 * torch.tanh(p1 * 1.5) + 0.5) ** 2).backward()  # the check's point: x=1.5, y=-0.5
    assert str(round(p1.grad.item(), 4)) in res.message
    assert not check_gradient(lambda x, y, w1, w2: (..., ...)).attempted
    assert not check_gradient(lambda x, y, w1, w2: 3.0).ok


@pytest.mark.parametrize(("kind", "hint"), [
    ("no_two", "2·(ŷ − y)"),
    ("sign", "signs are flipped"),
    ("no_tanh", "misses tanh's derivative"),
    ("one_minus_h", "not 1 − h"),
    ("sigmoid", "sigmoid"),
    ("no_x", "= x"),
    ("no_w2", "through w2"),
    ("dw2_w2", "dL/dw2 = dL/dŷ · h"),
])
def test_check_gradient_names_each_slip(kind, hint):
    res = check_gradient(_slip(kind))
    assert not res.ok and hint in res.message, res.message


def test_the_learners_step_is_what_trains():
    def forgets_step(model, optimizer, X, y):
        optimizer.zero_grad()
        loss = F.cross_entropy(model(X), y)
        loss.backward()
        return loss.item()

    X = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    model, losses = train_xor(step=good_step, steps=800)
    assert model(X).argmax(1).tolist() == [0, 1, 1, 0]
    frozen, flat = train_xor(step=forgets_step, steps=800)
    assert flat[-1] == pytest.approx(flat[0]) and frozen(X).argmax(1).tolist() != [0, 1, 1, 0]
    Xtr, Xte, ytr, yte = digits_tensors()
    torch.manual_seed(0)
    good = MLP(64, 32, 10)
    fit(good, Xtr, ytr, step=good_step, epochs=3, progress=False)
    torch.manual_seed(0)
    bad = MLP(64, 32, 10)
    fit(bad, Xtr, ytr, step=forgets_step, epochs=3, progress=False)
    assert accuracy(good, Xte, yte) > 0.85 > 0.3 > accuracy(bad, Xte, yte)


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
