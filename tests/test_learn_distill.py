"""Lesson 05: the distillation loss, a student that beats its from-scratch twin, and the checks."""

import pytest
import torch
from torch.nn import functional as F

from bittensor_lite.learn import (
    CharTokenizer,
    check_alpha_choice,
    check_distillation_loss,
    check_soft_targets,
    distillation_loss,
    make_tiny_gpt,
    shakespeare_text,
    soft_targets,
    train_lm,
    train_val_split,
)


def test_loss_limits():
    g = torch.Generator().manual_seed(0)
    s, t = torch.randn(5, 7, generator=g), torch.randn(5, 7, generator=g)
    y = torch.randint(7, (5,), generator=g)
    assert torch.isclose(distillation_loss(s, t, y, T=2.0, alpha=0.0), F.cross_entropy(s, y))
    assert distillation_loss(t, t, y, T=3.0, alpha=1.0).abs() < 1e-6  # a perfect copy of the teacher
    assert torch.allclose(soft_targets(s, 1.0), F.softmax(s, -1))
    assert soft_targets(s, 10.0).max() < soft_targets(s, 1.0).max()  # softer


def _loss_fn(teacher, loss, alpha, T=2.0):
    """The lesson's train_lm loss: a learner's distillation loss on every shifted position."""

    def loss_fn(student, x):
        with torch.no_grad():
            t = teacher(x).logits[:, :-1]
        s = student(x).logits[:, :-1]
        v = s.shape[-1]
        return loss(s.reshape(-1, v), t.reshape(-1, v), x[:, 1:].reshape(-1), T, alpha)

    return loss_fn


def _ignores_teacher(s, t, y, T, a):
    return F.cross_entropy(s, y)  # a learner's loss that drops the KL term


@pytest.mark.slow
def test_the_learners_loss_drives_the_distilled_student():
    text = shakespeare_text(max_chars=200_000)
    tok = CharTokenizer(text)
    train, val = train_val_split(torch.tensor(tok.encode(text)))
    teacher = make_tiny_gpt(tok.vocab_size, n_layer=2, n_embd=48, n_head=2, block_size=32, seed=0)
    train_lm(teacher, train, val, steps=250, block=32, eval_every=250, progress=False)
    small = train[:8_000]

    def student(loss):
        m = make_tiny_gpt(tok.vocab_size, n_layer=1, n_embd=32, n_head=2, block_size=32, seed=1)
        return train_lm(m, small, val, steps=250, block=32, eval_every=250, progress=False,
                        loss_fn=_loss_fn(teacher, loss, alpha=0.8))["val"][-1]

    right, wrong = student(distillation_loss), student(_ignores_teacher)
    assert right < wrong - 0.05, (right, wrong)
    assert check_alpha_choice(0.8, {0.0: wrong, 0.8: right, 1.0: right}).ok
    assert not check_alpha_choice(0.8, {0.0: right, 0.8: wrong}).ok  # the sweep says it did not help


def test_checks_both_ways():
    assert check_soft_targets(lambda x, T: torch.softmax(x / T, dim=-1)).ok
    assert not check_soft_targets(lambda x, T: torch.softmax(x, dim=-1)).ok
    assert not check_soft_targets(lambda x, T: torch.softmax(x / T, dim=0)).ok
    assert not check_soft_targets(lambda x, T: ...).attempted

    def right(s, t, y, T, a):
        return distillation_loss(s, t, y, T, a)

    def no_t2(s, t, y, T, a):
        kl = F.kl_div(F.log_softmax(s / T, -1), F.softmax(t / T, -1), reduction="batchmean")
        return a * kl + (1 - a) * F.cross_entropy(s, y)

    def swapped(s, t, y, T, a):
        kl = F.kl_div(F.log_softmax(t / T, -1), F.softmax(s / T, -1), reduction="batchmean")
        return a * T * T * kl + (1 - a) * F.cross_entropy(s, y)

    assert check_distillation_loss(right).ok
    res = check_distillation_loss(no_t2)
    assert not res.ok and "T²" in res.message
    assert not check_distillation_loss(swapped).ok

    def unfinished(s, t, y, T, a):
        raise NotImplementedError

    assert not check_distillation_loss(unfinished).attempted
    assert check_alpha_choice(0.8).ok
    assert not check_alpha_choice(0.1).ok and not check_alpha_choice(1.5).ok
    res = check_alpha_choice(1.0, {0.0: 2.6, 0.5: 2.4, 1.0: 2.3})
    assert not res.ok and "never sees the real text" in res.message  # even where alpha = 1 looks best
    assert not check_alpha_choice(0, {0.0: 2.6, 0.5: 2.4}).ok
    assert check_alpha_choice(0.45, {0.0: 2.6, 0.5: 2.4}).ok
    assert not check_distillation_loss(_ignores_teacher).ok
    assert not check_alpha_choice(...).attempted
