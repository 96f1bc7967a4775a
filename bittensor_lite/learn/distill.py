"""Lesson 05: knowledge that compounds — a student learns from a teacher's outputs (distillation)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from torch.nn import functional as F

from bittensor_lite.learn.feedback import (
    CheckResult,
    failed,
    is_placeholder,
    not_attempted,
    numeric_answer,
    passed,
    run_check,
)

__all__ = [
    "soft_targets",
    "distillation_loss",
    "distillation_loss_fn",
    "softening_explorer",
    "check_soft_targets",
    "check_distillation_loss",
    "check_alpha_choice",
]


def soft_targets(logits: torch.Tensor, T: float) -> torch.Tensor:
    """The teacher's probabilities softened by temperature T: softmax(logits / T)."""
    return F.softmax(logits / T, dim=-1)


def distillation_loss(student_logits: torch.Tensor, teacher_logits: torch.Tensor, targets: torch.Tensor,
                      T: float = 2.0, alpha: float = 0.7) -> torch.Tensor:
    """alpha · T² · KL(teacher_T ‖ student_T) + (1 − alpha) · cross-entropy(student, targets).

    The KL term teaches the student the teacher's whole distribution (which wrong answers are
    nearly right); T² keeps its gradients the same size as the hard-label term's.
    """
    v = student_logits.shape[-1]
    s = student_logits.reshape(-1, v)
    t = teacher_logits.reshape(-1, v)
    kl = F.kl_div(F.log_softmax(s / T, dim=-1), F.softmax(t / T, dim=-1), reduction="batchmean") * T * T
    ce = F.cross_entropy(s, targets.reshape(-1))
    return alpha * kl + (1 - alpha) * ce


def distillation_loss_fn(teacher: Any, T: float = 2.0, alpha: float = 0.7) -> Callable[[Any, torch.Tensor], torch.Tensor]:
    """A ``loss_fn(student, x)`` for :func:`bittensor_lite.learn.train_lm` that learns from ``teacher``."""
    teacher.eval()

    def loss_fn(student: Any, x: torch.Tensor) -> torch.Tensor:
        with torch.no_grad():
            t_logits = teacher(x).logits[:, :-1]
        s_logits = student(x).logits[:, :-1]
        return distillation_loss(s_logits, t_logits, x[:, 1:], T=T, alpha=alpha)

    return loss_fn


def softening_explorer(teacher: Any, tok: Any, context: str = "ROMEO: What say") -> Any:
    """A temperature slider showing the teacher's next-character distribution, sharp to soft."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    ids = torch.tensor([tok.encode(context)])
    with torch.no_grad():
        logits = teacher(ids).logits[0, -1]
    top = torch.topk(logits, 12).indices

    def draw(T: float = 1.0) -> None:
        p = soft_targets(logits, T)[top]
        fig, ax = plt.subplots(figsize=(6, 2.8))
        ax.bar([repr(tok.chars[i])[1:-1] for i in top.tolist()], p.tolist(), color="#a78bfa")
        ax.set(title=f"Teacher's next character after {context!r}, T = {T:.1f}", ylabel="probability", ylim=(0, 1))
        plt.show()

    return widgets.interactive(draw, T=widgets.FloatSlider(value=1.0, min=0.5, max=5.0, step=0.25, description="T"))


def check_soft_targets(fn: Callable[..., Any]) -> CheckResult:
    """Exercise: ``soften(logits, T)`` returns softmax(logits / T)."""
    name = "soft_targets"

    def body() -> CheckResult:
        logits = torch.tensor([[3.0, 1.0, 0.2], [0.5, 0.4, -2.0]])
        for T in (1.0, 2.0, 4.0):
            got = fn(logits.clone(), T)
            if is_placeholder(got):
                return not_attempted(name, "soften still returns ...")
            got = torch.as_tensor(got, dtype=torch.float32)
            if got.shape != logits.shape:
                return failed(name, "Return probabilities of the same shape as the logits (softmax over the last axis).")
            if not torch.allclose(got, soft_targets(logits, T), atol=1e-5):
                if torch.allclose(got, F.softmax(logits, dim=-1), atol=1e-5):
                    return failed(name, "You forgot the temperature: divide the logits by T first.")
                return failed(name, "softmax(logits / T) over the last axis.")
        return passed(name, "Right: higher T spreads probability onto the 'nearly right' answers.")

    return run_check(name, body)


def check_distillation_loss(fn: Callable[..., Any]) -> CheckResult:
    """Exercise: the distillation loss, alpha·T²·KL + (1 − alpha)·CE."""
    name = "distillation_loss"

    def body() -> CheckResult:
        g = torch.Generator().manual_seed(0)
        s, t = torch.randn(4, 6, generator=g), torch.randn(4, 6, generator=g)
        y = torch.randint(6, (4,), generator=g)
        for T, alpha in ((1.0, 0.5), (2.0, 0.7), (4.0, 1.0), (2.0, 0.0)):
            got = fn(s, t, y, T, alpha)
            if is_placeholder(got):
                return not_attempted(name, "the loss still returns ...")
            want = distillation_loss(s, t, y, T, alpha)
            if not torch.isclose(torch.as_tensor(got, dtype=torch.float32), want, atol=1e-4):
                no_t2 = alpha * (want - (1 - alpha) * F.cross_entropy(s, y)) / (T * T) / max(alpha, 1e-9) + (1 - alpha) * F.cross_entropy(s, y)
                if alpha > 0 and T != 1 and torch.isclose(torch.as_tensor(got, dtype=torch.float32), no_t2, atol=1e-4):
                    return failed(name, "Multiply the KL term by T² so its gradients keep their size.")
                return failed(name, "KL(teacher ‖ student) on softened distributions (kl_div takes the student's log-probs), "
                                    "weighted by alpha·T², plus (1 − alpha)·cross-entropy on the true next tokens.")
        return passed(name, "Right: the student matches the teacher's soft distribution and the real text.")

    return run_check(name, body)


def check_alpha_choice(alpha: Any) -> CheckResult:
    """Exercise: which alpha puts the most weight on the teacher when the student has little data?"""
    name = "alpha_choice"
    a = numeric_answer(name, alpha, "Give a number between 0 and 1.")
    if isinstance(a, CheckResult):
        return a
    if not 0 <= a <= 1:
        return failed(name, "alpha is a weight between 0 and 1.")
    if a >= 0.5:
        return passed(name, f"Yes: alpha = {a:g} leans on the teacher, whose outputs carry more than the few labels.")
    return failed(name, "With little data, the teacher's soft targets are the richer signal: weight them more (alpha near 1).")
