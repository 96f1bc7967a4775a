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
    "load_or_train_teacher",
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


def load_or_train_teacher(tok: Any, train: torch.Tensor, val: torch.Tensor, steps: int = 500,
                          progress: bool = True) -> Any:
    """Lesson 04's saved tiny GPT as the teacher; if it is missing (or saved with another vocabulary),
    train the same model here (about 15 s on a CPU) and save it for the next lessons."""
    from bittensor_lite.errors import BittensorLiteError
    from bittensor_lite.learn.tinygpt import load_tiny_gpt, make_tiny_gpt, save_tiny_gpt, train_lm

    try:
        teacher, saved_tok = load_tiny_gpt()
        if saved_tok.chars == tok.chars:
            print("teacher: lesson 04's saved tiny GPT")
            return teacher.eval()
        print("teacher: lesson 04's saved model uses another vocabulary; training a new one")
    except BittensorLiteError:
        print("teacher: lesson 04's model is not saved here; training the same tiny GPT now")
    teacher = make_tiny_gpt(tok.vocab_size, n_layer=2, n_embd=64, n_head=2, block_size=64, seed=0)
    train_lm(teacher, train, val, steps=steps, eval_every=steps, progress=progress)
    save_tiny_gpt(teacher, tok)
    return teacher.eval()


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


def check_alpha_choice(alpha: Any, sweep: dict[float, float] | None = None) -> CheckResult:
    """Exercise: pick the distillation weight alpha (not the subnet token, nor the bonds EMA) from a sweep
    of the student's validation loss; alpha = 1 is refused, since that student never reads the text."""
    name = "alpha_choice"
    a = numeric_answer(name, alpha, "Give a number between 0 and 1.")
    if isinstance(a, CheckResult):
        return a
    if not 0 <= a <= 1:
        return failed(name, "alpha is a weight between 0 and 1.")
    if a == 1:
        return failed(name, "With alpha = 1 the student never sees the real text: it can at best copy the "
                            "teacher, mistakes included. Keep some weight on the true next characters.")
    if a == 0:
        return failed(name, "alpha = 0 ignores the teacher: that is the student trained from scratch.")
    if sweep:
        nearest = min(sweep, key=lambda k: abs(k - a))
        scratch = sweep.get(0.0, max(sweep.values()))
        if sweep[nearest] >= scratch:
            return failed(name, f"In your sweep, alpha ≈ {nearest:g} did no better than from scratch "
                                f"({sweep[nearest]:.3f} vs {scratch:.3f} nats): read the plot again.")
        return passed(name, f"Yes: alpha = {a:g} leans on the teacher ({sweep[nearest]:.3f} vs {scratch:.3f} "
                            "nats from scratch) and still reads the text.")
    if a >= 0.5:
        return passed(name, f"Yes: alpha = {a:g} leans on the teacher, whose outputs carry more than the few labels.")
    return failed(name, "With little data, the teacher's soft targets are the richer signal: weight them more.")
