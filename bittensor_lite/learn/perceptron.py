"""Lesson 01: Rosenblatt's perceptron (1958) — a weighted sum, a threshold, and a learning rule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from bittensor_lite.learn.feedback import (
    CheckResult,
    failed,
    is_placeholder,
    not_attempted,
    passed,
    run_check,
)

__all__ = [
    "Perceptron",
    "plot_boundary",
    "boundary_explorer",
    "check_predict",
    "check_update",
    "check_learnable_gates",
]


class Perceptron:
    """One neuron: output 1 if ``w · x + b > 0`` else 0; learns with ``w += lr · (y − ŷ) · x``."""

    def __init__(self, n_inputs: int = 2, lr: float = 0.1):
        self.w = np.zeros(n_inputs)
        self.b = 0.0
        self.lr = lr

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The perceptron's outputs (0 or 1) for each row of X."""
        return (np.atleast_2d(X) @ self.w + self.b > 0).astype(float)

    def fit(self, X: np.ndarray, y: np.ndarray, epochs: int = 20) -> list[int]:
        """Rosenblatt's rule, one example at a time; returns the number of mistakes in each epoch."""
        mistakes = []
        for _ in range(epochs):
            wrong = 0
            for xi, yi in zip(X, y, strict=True):
                error = yi - self.predict(xi)[0]
                if error != 0:
                    self.w = self.w + self.lr * error * xi
                    self.b = self.b + self.lr * error
                    wrong += 1
            mistakes.append(wrong)
        return mistakes


def plot_boundary(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, ax: Any = None, title: str = "") -> Any:
    """Points coloured by class, the line w·x + b = 0, and the region the perceptron calls 1."""
    import matplotlib.pyplot as plt

    ax = ax or plt.subplots(figsize=(4.2, 4))[1]
    lo, hi = X.min(0) - 0.6, X.max(0) + 0.6
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], 200), np.linspace(lo[1], hi[1], 200))
    zone = (np.c_[gx.ravel(), gy.ravel()] @ np.asarray(w, float) + b > 0).reshape(gx.shape)
    ax.contourf(gx, gy, zone, levels=[-0.5, 0.5, 1.5], colors=["#fee2e2", "#dbeafe"], alpha=0.8)
    ax.scatter(X[y == 0, 0], X[y == 0, 1], c="#dc2626", marker="o", edgecolor="k", label="class 0")
    ax.scatter(X[y == 1, 0], X[y == 1, 1], c="#2563eb", marker="s", edgecolor="k", label="class 1")
    errors = int(((np.c_[X] @ np.asarray(w, float) + b > 0).astype(float) != y).sum())
    ax.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), xlabel="x₁", ylabel="x₂",
           title=title or f"w = ({w[0]:.1f}, {w[1]:.1f}), b = {b:.1f}: {errors} mistake(s)")
    ax.legend(loc="upper left", fontsize=8)
    return ax


def boundary_explorer(X: np.ndarray, y: np.ndarray) -> Any:
    """Sliders for w₁, w₂ and b: move the decision line by hand and count the mistakes."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    def draw(w1: float = 1.0, w2: float = 1.0, b: float = -1.5) -> None:
        plot_boundary(np.array([w1, w2]), b, X, y)
        plt.show()

    s = {"min": -3.0, "max": 3.0, "step": 0.1}
    return widgets.interactive(draw, w1=widgets.FloatSlider(value=1.0, description="w₁", **s),
                               w2=widgets.FloatSlider(value=1.0, description="w₂", **s),
                               b=widgets.FloatSlider(value=-1.5, description="b", **s))


def check_predict(predict: Callable[..., Any]) -> CheckResult:
    """Exercise: ``predict(w, b, x)`` returns 1 if w·x + b > 0, else 0."""
    name = "predict"

    def body() -> CheckResult:
        cases = [((1.0, 1.0), -1.5, (1, 1), 1), ((1.0, 1.0), -1.5, (1, 0), 0), ((-2.0, 0.5), 0.1, (0, 1), 1),
                 ((0.5, 0.5), -0.5, (1, 0), 0), ((2.0, -1.0), 0.0, (0, 0), 0), ((0.0, 0.0), 0.3, (0, 0), 1)]
        for w, b, x, want in cases:
            got = predict(np.array(w), b, np.array(x, dtype=float))
            if is_placeholder(got):
                return not_attempted(name, "predict still returns ... ")
            if int(round(float(got))) != want:
                hint = "Exactly 0 is not above the threshold: use > 0, not >= 0." if w == (2.0, -1.0) else \
                    "Compute the weighted sum w·x + b, then output 1 if it is above 0, else 0."
                return failed(name, f"predict(w={w}, b={b}, x={x}) gave {got}, expected {want}. {hint}")
        return passed(name, "Your neuron fires exactly when w·x + b > 0.")

    return run_check(name, body)


def check_update(update: Callable[..., Any]) -> CheckResult:
    """Exercise: one step of Rosenblatt's rule, ``update(w, b, x, y, lr) -> (w, b)``."""
    name = "update"

    def body() -> CheckResult:
        rng = np.random.default_rng(1)
        for _ in range(20):
            w, b = rng.normal(size=2), float(rng.normal())
            x, y, lr = rng.integers(0, 2, size=2).astype(float), float(rng.integers(0, 2)), 0.1
            out = update(w.copy(), b, x, y, lr)
            if is_placeholder(out):
                return not_attempted(name, "update still returns ...")
            new_w, new_b = out
            y_hat = float(w @ x + b > 0)
            want_w, want_b = w + lr * (y - y_hat) * x, b + lr * (y - y_hat)
            if not (np.allclose(new_w, want_w) and np.isclose(new_b, want_b)):
                if np.allclose(new_w, w + lr * (y_hat - y) * x):
                    return failed(name, "The sign is flipped: the error is (y − ŷ), target minus prediction.")
                if np.allclose(new_w, want_w) and not np.isclose(new_b, want_b):
                    return failed(name, "The weights are right; the bias moves too: b += lr · (y − ŷ).")
                return failed(name, "Predict ŷ first; then w += lr·(y − ŷ)·x and b += lr·(y − ŷ). A right answer changes nothing.")
        return passed(name, "That is Rosenblatt's rule: nudge the weights toward the right answer, only when wrong.")

    return run_check(name, body)


def check_learnable_gates(learnable: Any) -> CheckResult:
    """Exercise: which of AND, OR, NAND, XOR can a single perceptron learn?"""
    name = "learnable_gates"

    def body() -> CheckResult:
        if is_placeholder(learnable):
            return not_attempted(name)
        got = {str(g).upper() for g in learnable}
        if got == {"AND", "OR", "NAND"}:
            return passed(name, "Right: AND, OR and NAND are linearly separable; XOR is not.")
        if "XOR" in got:
            return failed(name, "Try it: train a Perceptron on gate_data('XOR') and count the mistakes per epoch.")
        return failed(name, "A gate is learnable when one straight line separates its 0s from its 1s. Draw each one.")

    return run_check(name, body)
