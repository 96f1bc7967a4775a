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
from bittensor_lite.learn.distill import distillation_loss_fn


def test_loss_limits():
    g = torch.Generator().manual_seed(0)
    s, t = torch.randn(5, 7, generator=g), torch.randn(5, 7, generator=g)
    y = torch.randint(7, (5,), generator=g)
    assert torch.isclose(distillation_loss(s, t, y, T=2.0, alpha=0.0), F.cross_entropy(s, y))
    assert distillation_loss(t, t, y, T=3.0, alpha=1.0).abs() < 1e-6  # a perfect copy of the teacher
    assert torch.allclose(soft_targets(s, 1.0), F.softmax(s, -1))
    assert soft_targets(s, 10.0).max() < soft_targets(s, 1.0).max()  # softer


@pytest.mark.slow
def test_distilled_student_beats_scratch_with_little_data():
    text = shakespeare_text(max_chars=200_000)
    tok = CharTokenizer(text)
    train, val = train_val_split(torch.tensor(tok.encode(text)))
    teacher = make_tiny_gpt(tok.vocab_size, n_layer=2, n_embd=48, n_head=2, block_size=32, seed=0)
    train_lm(teacher, train, val, steps=250, block=32, eval_every=250, progress=False)
    small = train[:8_000]
    scratch = make_tiny_gpt(tok.vocab_size, n_layer=1, n_embd=32, n_head=2, block_size=32, seed=1)
    h0 = train_lm(scratch, small, val, steps=250, block=32, eval_every=250, progress=False)
    student = make_tiny_gpt(tok.vocab_size, n_layer=1, n_embd=32, n_head=2, block_size=32, seed=1)
    h1 = train_lm(student, small, val, steps=250, block=32, eval_every=250, progress=False,
                  loss_fn=distillation_loss_fn(teacher, T=2.0, alpha=0.8))
    assert h1["val"][-1] < h0["val"][-1] - 0.05, (h0["val"], h1["val"])


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
    assert not check_alpha_choice(...).attempted
