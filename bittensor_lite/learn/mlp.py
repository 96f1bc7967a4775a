"""Lesson 02: layers of neurons trained by backpropagation (torch autograd) — XOR, then digits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from bittensor_lite.learn.feedback import (
    CheckResult,
    failed,
    is_placeholder,
    not_attempted,
    passed,
    run_check,
)

__all__ = [
    "MLP",
    "TrainStep",
    "reference_train_step",
    "fit",
    "train_classifier",
    "accuracy",
    "train_xor",
    "plot_regions",
    "plot_digit_grid",
    "confusion_matrix",
    "learning_rate_explorer",
    "tanh_unit_grads",
    "check_gradient",
    "check_train_step",
    "check_param_count",
]


def MLP(*sizes: int, activation: type[nn.Module] = nn.ReLU) -> nn.Sequential:  # noqa: N802 - reads like a class
    """A multi-layer perceptron: Linear layers of the given sizes with a non-linearity between them."""
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        layers.append(nn.Linear(a, b))
        if i < len(sizes) - 2:
            layers.append(activation())
    return nn.Sequential(*layers)


# ``step(model, optimizer, X, y) -> loss``: one gradient-descent step on one mini-batch (lesson 02's exercise).
TrainStep = Callable[[nn.Module, torch.optim.Optimizer, torch.Tensor, torch.Tensor], float]


def reference_train_step(model: nn.Module, optimizer: torch.optim.Optimizer, X: torch.Tensor, y: torch.Tensor) -> float:
    """The library's training step (what lesson 02's learner writes): zero_grad, loss, backward, step."""
    optimizer.zero_grad()
    loss = F.cross_entropy(model(X), y)
    loss.backward()
    optimizer.step()
    return loss.item()


def fit(model: nn.Module, X: torch.Tensor, y: torch.Tensor, X_val: torch.Tensor | None = None,
        y_val: torch.Tensor | None = None, *, step: TrainStep | None = None, epochs: int = 20, lr: float = 0.01,
        batch_size: int = 64, seed: int = 0, progress: bool = True) -> dict[str, list[float]]:
    """Mini-batches with Adam: ``step`` (the learner's ``train_step``; default the reference) runs on each.

    Returns ``{"loss": [...], "val_accuracy": [...]}`` per epoch (accuracy only if validation data is given).
    """
    from tqdm.auto import tqdm

    step = step or reference_train_step
    gen = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    hist: dict[str, list[float]] = {"loss": [], "val_accuracy": []}
    for _ in tqdm(range(epochs), desc="epochs", disable=not progress):
        order = torch.randperm(len(X), generator=gen)
        total = 0.0
        for start in range(0, len(X), batch_size):
            idx = order[start:start + batch_size]
            total += float(step(model, opt, X[idx], y[idx])) * len(idx)
        hist["loss"].append(total / len(X))
        if X_val is not None and y_val is not None:
            hist["val_accuracy"].append(accuracy(model, X_val, y_val))
    return hist


def train_classifier(model: nn.Module, X: torch.Tensor, y: torch.Tensor, *, epochs: int = 20, lr: float = 0.01,
                     batch_size: int = 64, seed: int = 0, progress: bool = True) -> list[float]:
    """:func:`fit` without validation data; returns the mean training loss of each epoch."""
    return fit(model, X, y, epochs=epochs, lr=lr, batch_size=batch_size, seed=seed, progress=progress)["loss"]


@torch.no_grad()
def accuracy(model: nn.Module, X: torch.Tensor, y: torch.Tensor) -> float:
    """Fraction of examples whose highest-scoring class is the right one."""
    return float((model(X).argmax(dim=1) == y).float().mean())


def train_xor(step: TrainStep | None = None, hidden: int = 4, steps: int = 1500, lr: float = 0.05,
              seed: int = 0) -> tuple[nn.Module, list[float]]:
    """A 2-layer tanh network trained on XOR (what one perceptron cannot learn) by ``step``, the
    learner's ``train_step`` (default the reference); returns the model and its losses."""
    torch.manual_seed(seed)
    X = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = torch.tensor([0, 1, 1, 0])
    model = MLP(2, hidden, 2, activation=nn.Tanh)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    step = step or reference_train_step
    return model, [float(step(model, opt, X, y)) for _ in range(steps)]


@torch.no_grad()
def plot_regions(model: nn.Module, X: np.ndarray, y: np.ndarray, ax: Any = None, title: str = "") -> Any:
    """The regions a 2-input classifier assigns to each class, with the data on top."""
    import matplotlib.pyplot as plt

    ax = ax or plt.subplots(figsize=(4.2, 4))[1]
    lo, hi = X.min(0) - 0.5, X.max(0) + 0.5
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], 200), np.linspace(lo[1], hi[1], 200))
    grid = torch.tensor(np.c_[gx.ravel(), gy.ravel()], dtype=torch.float32)
    zone = model(grid).argmax(dim=1).numpy().reshape(gx.shape)
    ax.contourf(gx, gy, zone, levels=[-0.5, 0.5, 1.5], colors=["#fee2e2", "#dbeafe"], alpha=0.8)
    ax.scatter(X[y == 0, 0], X[y == 0, 1], c="#dc2626", edgecolor="k", label="class 0")
    ax.scatter(X[y == 1, 0], X[y == 1, 1], c="#2563eb", marker="s", edgecolor="k", label="class 1")
    ax.set(xlabel="x₁", ylabel="x₂", title=title)
    ax.legend(loc="upper left", fontsize=8)
    return ax


def plot_digit_grid(X: torch.Tensor, y: torch.Tensor, n: int = 16, predicted: torch.Tensor | None = None) -> Any:
    """A grid of 8×8 digits with their labels (and predictions, red when wrong)."""
    import matplotlib.pyplot as plt

    cols = 8
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(cols * 1.1, rows * 1.3))
    for k, ax in enumerate(np.ravel(axes)):
        ax.axis("off")
        if k < n:
            ax.imshow(X[k].reshape(8, 8), cmap="gray_r")
            label = f"{int(y[k])}" if predicted is None else f"{int(predicted[k])} ({int(y[k])})"
            wrong = predicted is not None and int(predicted[k]) != int(y[k])
            ax.set_title(label, fontsize=9, color="#dc2626" if wrong else "black")
    fig.suptitle("8×8 handwritten digits" + ("" if predicted is None else ": predicted (true)"), y=1.04)
    return fig


@torch.no_grad()
def confusion_matrix(model: nn.Module, X: torch.Tensor, y: torch.Tensor, classes: int = 10) -> np.ndarray:
    """counts[i, j] = how often true class i was predicted as j."""
    pred = model(X).argmax(dim=1)
    m = np.zeros((classes, classes), dtype=int)
    for t, p in zip(y.tolist(), pred.tolist(), strict=True):
        m[t, p] += 1
    return m


def learning_rate_explorer(X: torch.Tensor, y: torch.Tensor) -> Any:
    """A slider for the learning rate: retrain a small MLP for a few epochs (reference step) and re-plot its loss."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    def draw(log10_lr: float = -2.0) -> None:
        torch.manual_seed(0)
        model = MLP(64, 32, 10)
        losses = train_classifier(model, X, y, epochs=8, lr=10**log10_lr, progress=False)
        fig, ax = plt.subplots(figsize=(5, 3))
        ax.plot(range(1, 9), losses, marker="o")
        ax.set(title=f"learning rate {10 ** log10_lr:.0e}: final loss {losses[-1]:.2f}", xlabel="epoch",
               ylabel="training loss", ylim=(0, max(2.5, max(losses))))
        ax.grid(alpha=0.3)
        plt.show()

    return widgets.interactive(draw, log10_lr=widgets.FloatSlider(value=-2.0, min=-5.0, max=0.5, step=0.25,
                                                                  description="log₁₀ lr"))


# Lesson 02's backprop exercise: x → h = tanh(w1·x) → ŷ = w2·h, L = (ŷ − y)². The numbers are chosen so
# that each common mistake below gives a different pair of gradients (tests/test_learn_mlp.py checks it).
GRAD_POINT = {"x": 1.5, "y": -0.5, "w1": 0.4, "w2": 1.2}


def tanh_unit_grads(x: float, y: float, w1: float, w2: float) -> tuple[float, float]:
    """(dL/dw1, dL/dw2) for one tanh hidden unit, computed by autograd (what the learner derives by hand)."""
    p1 = torch.tensor(w1, dtype=torch.float64, requires_grad=True)
    p2 = torch.tensor(w2, dtype=torch.float64, requires_grad=True)
    ((p2 * torch.tanh(p1 * x) - y) ** 2).backward()
    return float(p1.grad), float(p2.grad)


def _gradient_mistakes(x: float, y: float, w1: float, w2: float) -> list[tuple[tuple[float, float], str]]:
    """The pairs (dL/dw1, dL/dw2) that common chain-rule slips produce, each with its hint."""
    h = float(np.tanh(w1 * x))
    e = 2 * (w2 * h - y)  # dL/dŷ
    dw1, dw2 = e * w2 * (1 - h * h) * x, e * h
    return [
        ((dw1 / 2, dw2 / 2), "Both are half the size: d(u²)/du = 2u, so dL/dŷ = 2·(ŷ − y)."),
        ((-dw1, -dw2), "The signs are flipped: dL/dŷ = 2·(ŷ − y), prediction minus target."),
        ((e * w2 * x, dw2), "dL/dw1 misses tanh's derivative: dh/d(w1·x) = 1 − tanh² = 1 − h²."),
        ((e * w2 * (1 - h) * x, dw2), "tanh's derivative is 1 − h², not 1 − h."),
        ((e * w2 * h * (1 - h) * x, dw2), "h·(1 − h) is the sigmoid's derivative; tanh's is 1 − h²."),
        ((e * w2 * (1 - h * h), dw2), "dL/dw1 misses the last link: d(w1·x)/dw1 = x."),
        ((e * (1 - h * h) * x, dw2), "The gradient reaches h through w2: dL/dh = dL/dŷ · w2."),
        ((dw1, e * w2), "dL/dw2 = dL/dŷ · h: w2 multiplies h, so h is its local gradient."),
    ]


def check_gradient(backprop: Callable[..., Any]) -> CheckResult:
    """Exercise: ``backprop(x, y, w1, w2) -> (dL/dw1, dL/dw2)`` by the chain rule, checked against autograd."""
    name = "gradient"

    def body() -> CheckResult:
        got = backprop(**GRAD_POINT)
        if is_placeholder(got) or (isinstance(got, tuple) and any(is_placeholder(v) for v in got)):
            return not_attempted(name, "fill in the four `...` of the backward pass")
        try:
            g1, g2 = (float(v) for v in got)
        except (TypeError, ValueError):
            return failed(name, "Return two numbers: (dL_dw1, dL_dw2).")
        want = tanh_unit_grads(**GRAD_POINT)
        if np.allclose((g1, g2), want, atol=1e-6):
            return passed(name, f"Right: dL/dw1 = {want[0]:.4f}, dL/dw2 = {want[1]:.4f}; autograd agrees.")
        for pair, hint in _gradient_mistakes(**GRAD_POINT):
            if np.allclose((g1, g2), pair, atol=1e-6):
                return failed(name, hint)
        return failed(name, "Go backwards one link at a time: dL/dŷ, then ×h for w2; ×w2, ×(1 − h²), ×x for w1.")

    return run_check(name, body)


def check_train_step(train_step: Callable[..., Any]) -> CheckResult:
    """Exercise: ``train_step(model, optimizer, X, y) -> float`` (zero_grad, loss, backward, step)."""
    name = "train_step"

    def body() -> CheckResult:
        from bittensor_lite.learn.data import digits_tensors

        X, _, y, _ = digits_tensors()
        X, y = X[:256], y[:256]

        def trajectory(step_fn: Callable[..., Any]) -> list[float]:
            torch.manual_seed(0)
            model = MLP(64, 16, 10)
            opt = torch.optim.SGD(model.parameters(), lr=0.5)
            out = []
            for _ in range(15):
                v = step_fn(model, opt, X, y)
                if is_placeholder(v):
                    return []
                out.append(float(v))
            return out

        theirs = trajectory(train_step)
        if not theirs:
            return not_attempted(name, "train_step still returns ...")
        ours = trajectory(reference_train_step)
        if np.allclose(theirs, ours, atol=1e-4):
            return passed(name, f"Loss {ours[0]:.2f} → {ours[-1]:.2f} in 15 steps: that is gradient descent.")
        if theirs[-1] >= theirs[0]:
            return failed(name, "The loss does not go down: did you call optimizer.step() after loss.backward()?")
        return failed(name, "Close, but the steps differ: call optimizer.zero_grad() every step, or gradients pile up.")

    return run_check(name, body)


def check_param_count(n: Any) -> CheckResult:
    """Exercise: how many parameters has MLP(64, 32, 10)?"""
    name = "param_count"
    if is_placeholder(n):
        return not_attempted(name)
    target = sum(p.numel() for p in MLP(64, 32, 10).parameters())
    if n == target:
        return passed(name, f"Right: 64·32 + 32 weights and biases, then 32·10 + 10: {target:,}.")
    if n == 64 * 32 + 32 * 10:
        return failed(name, "You counted the weights; every neuron also has a bias.")
    return failed(name, "A Linear(a, b) layer has a·b weights and b biases. Add both layers.")
