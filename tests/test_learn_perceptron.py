"""Lesson 01: the perceptron learns what a line can separate; its checks pass and fail as they should."""

import numpy as np
import pytest

from bittensor_lite.learn import (
    Perceptron,
    blobs,
    boundary_explorer,
    check_learnable_gates,
    check_predict,
    check_update,
    gate_data,
)


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND"])
def test_learns_separable_gates(gate):
    X, y = gate_data(gate)
    p = Perceptron()
    assert p.fit(X, y, epochs=30)[-1] == 0
    assert (p.predict(X) == y).all()


def test_never_learns_xor():
    X, y = gate_data("XOR")
    assert min(Perceptron().fit(X, y, epochs=100)) > 0


def test_learns_blobs_and_rejects_unknown_gates():
    X, y = blobs(80)
    assert Perceptron().fit(X, y, epochs=30)[-1] == 0
    with pytest.raises(ValueError):
        gate_data("MAYBE")


def right_predict(w, b, x):
    return 1 if float(w @ x + b) > 0 else 0


def right_update(w, b, x, y, lr):
    e = y - right_predict(w, b, x)
    return w + lr * e * x, b + lr * e


def test_check_predict_both_ways():
    assert check_predict(right_predict).ok
    assert not check_predict(lambda w, b, x: 1 if float(w @ x + b) >= 0 else 0).ok  # >= instead of >
    assert not check_predict(lambda w, b, x: float(w @ x + b)).ok  # forgot the threshold
    assert not check_predict(lambda w, b, x: ...).attempted


def test_check_update_both_ways():
    assert check_update(right_update).ok
    flipped = check_update(lambda w, b, x, y, lr: (w - lr * (y - right_predict(w, b, x)) * x, b - lr * (y - right_predict(w, b, x))))
    assert not flipped.ok and "sign" in flipped.message
    no_bias = check_update(lambda w, b, x, y, lr: (right_update(w, b, x, y, lr)[0], b))
    assert not no_bias.ok and "bias" in no_bias.message

    def unfinished(w, b, x, y, lr):
        raise NotImplementedError

    assert not check_update(unfinished).attempted


def test_check_learnable_gates_both_ways():
    assert check_learnable_gates({"AND", "OR", "NAND"}).ok
    assert check_learnable_gates(["and", "or", "nand"]).ok
    assert not check_learnable_gates({"AND", "OR", "NAND", "XOR"}).ok
    assert not check_learnable_gates({"AND"}).ok
    assert not check_learnable_gates(...).attempted


def test_explorer_widget_builds_headless():
    X, y = gate_data("AND")
    assert len(boundary_explorer(X, y).children) >= 3
    assert np.isfinite(Perceptron().predict(X)).all()
