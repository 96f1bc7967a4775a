"""Tiny data sets for the lessons, all offline: logic gates, 2-D toy sets, scikit-learn's digits."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["GATES", "gate_data", "blobs", "moons", "digits_tensors", "digits_images"]

GATES = {
    "AND": [0, 0, 0, 1],
    "OR": [0, 1, 1, 1],
    "NAND": [1, 1, 1, 0],
    "XOR": [0, 1, 1, 0],
}


def gate_data(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The four input pairs (0/1, 0/1) and a logic gate's outputs: the perceptron's first tasks."""
    if name not in GATES:
        raise ValueError(f"unknown gate {name!r}; choose one of {sorted(GATES)}")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    return X, np.array(GATES[name], dtype=float)


def blobs(n: int = 60, seed: int = 0, gap: float = 2.5) -> tuple[np.ndarray, np.ndarray]:
    """Two clouds of 2-D points that a straight line can separate (labels 0 and 1)."""
    rng = np.random.default_rng(seed)
    a = rng.normal([-gap / 2, -gap / 2], 0.7, size=(n // 2, 2))
    b = rng.normal([gap / 2, gap / 2], 0.7, size=(n - n // 2, 2))
    return np.vstack([a, b]), np.array([0.0] * len(a) + [1.0] * len(b))


def moons(n: int = 200, noise: float = 0.15, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's two interleaving half-moons: no straight line separates them."""
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=n, noise=noise, random_state=seed)
    return X, y.astype(float)


def digits_tensors(test_size: float = 0.25, seed: int = 0) -> tuple[Any, Any, Any, Any]:
    """scikit-learn's bundled 8×8 handwritten digits as torch tensors, split train/test.

    Returns ``X_train, X_test, y_train, y_test``: X float32 of shape (N, 64) scaled to [0, 1]
    (pixels are 0–16), y int64 class labels 0–9.
    """
    import torch
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    X = digits.data.astype(np.float32) / 16.0
    Xtr, Xte, ytr, yte = train_test_split(X, digits.target, test_size=test_size, random_state=seed,
                                          stratify=digits.target)
    return (torch.from_numpy(Xtr), torch.from_numpy(Xte), torch.from_numpy(ytr).long(), torch.from_numpy(yte).long())


def digits_images(test_size: float = 0.25, seed: int = 0) -> tuple[Any, Any, Any, Any]:
    """The same split as :func:`digits_tensors`, with X shaped (N, 1, 8, 8) for convolutions."""
    Xtr, Xte, ytr, yte = digits_tensors(test_size, seed)
    return Xtr.view(-1, 1, 8, 8), Xte.view(-1, 1, 8, 8), ytr, yte
