"""Solutions for lesson 05 (Knowledge that compounds). Each section replaces the exercise cell of the same name."""

# %% exercise:soft_targets
# Why divide by T: a larger T shrinks the gaps between logits, so probability spreads onto the
# "nearly right" characters — the knowledge a one-hot label does not carry.
import torch


def soften(logits, T):
    return torch.softmax(logits / T, dim=-1)

# %% exercise:distillation_loss
# Why this shape: KL(teacher_T ‖ student_T) pulls the student's whole softened distribution towards
# the teacher's (kl_div takes the student's *log*-probabilities first); dividing logits by T scales
# gradients by 1/T², so T² restores their size; (1 − alpha)·CE keeps the student anchored to the text.
from torch.nn import functional as F


def my_distillation_loss(student_logits, teacher_logits, targets, T, alpha):
    kl = F.kl_div(F.log_softmax(student_logits / T, dim=-1), F.softmax(teacher_logits / T, dim=-1),
                  reduction="batchmean")
    return alpha * T**2 * kl + (1 - alpha) * F.cross_entropy(student_logits, targets)

# %% exercise:alpha_choice
# Why: read the sweep — the lowest validation loss among the alphas that still see the text. With
# 20,000 characters the teacher's soft targets are the richer signal, so the best alpha leans on
# them; alpha = 1 is refused because that student can only copy the teacher, mistakes included.
alpha = min((a for a in sweep if 0 < a < 1), key=sweep.get)  # noqa: F821 - sweep comes from the lesson
