"""Lesson 04: corpus, tokenizer, tiny GPT training, sampling, saving; the checks both ways."""

import math

import torch
from torch.nn import functional as F

from bittensor_lite.learn import (
    CharTokenizer,
    bigram_counts,
    check_decode,
    check_lm_loss,
    check_perplexity,
    check_temperature_softmax,
    evaluate_loss,
    get_batch,
    load_tiny_gpt,
    make_tiny_gpt,
    perplexity,
    reference_lm_loss,
    sample,
    save_tiny_gpt,
    shakespeare_text,
    train_lm,
    train_val_split,
)


def test_corpus_is_shakespeare_offline():
    text = shakespeare_text(max_chars=50_000)
    assert len(text) == 50_000 and "ALL'S WELL THAT ENDS WELL" in text


def test_tokenizer_round_trip_and_batches():
    tok = CharTokenizer("hello world")
    assert tok.decode(tok.encode("hello")) == "hello" and tok.vocab_size == 8
    ids = torch.arange(100)
    train, val = train_val_split(ids)
    assert len(train) == 90 and len(val) == 10
    b = get_batch(train, block=8, batch=4, generator=torch.Generator().manual_seed(0))
    assert b.shape == (4, 8) and bool((b[:, 1:] - b[:, :-1] == 1).all())


def test_a_tiny_gpt_learns_and_round_trips(tmp_path):
    text = shakespeare_text(max_chars=60_000)
    tok = CharTokenizer(text)
    train, val = train_val_split(torch.tensor(tok.encode(text)))
    model = make_tiny_gpt(tok.vocab_size, n_layer=1, n_embd=32, n_head=2, block_size=32)
    before = evaluate_loss(model, val, block=32)
    assert abs(before - math.log(tok.vocab_size)) < 0.5
    hist = train_lm(model, train, val, steps=60, block=32, eval_every=30, progress=False)
    assert hist["val"][-1] < before - 0.5
    out = sample(model, tok, "ROMEO:", n=30, temperature=0.8, seed=0)
    assert out.startswith("ROMEO:") and len(out) == 36
    assert sample(model, tok, "A", n=20, temperature=0.8, seed=3) == sample(model, tok, "A", n=20, temperature=0.8, seed=3)
    save_tiny_gpt(model, tok, tmp_path / "m")
    again, tok2 = load_tiny_gpt(tmp_path / "m")
    assert tok2.chars == tok.chars
    assert abs(evaluate_loss(again, val, block=32) - evaluate_loss(model, val, block=32)) < 1e-5
    assert abs(perplexity(math.log(7)) - 7) < 1e-9


def test_checks_both_ways():
    assert check_perplexity(math.exp(2.0), 2.0).ok
    assert not check_perplexity(2**2.0, 2.0).ok
    assert not check_perplexity(2.0, 2.0).ok
    assert not check_perplexity(..., 2.0).attempted

    assert check_temperature_softmax(lambda x, t: torch.softmax(x / t, dim=-1)).ok
    assert not check_temperature_softmax(lambda x, t: torch.softmax(x * t, dim=-1)).ok
    assert not check_temperature_softmax(lambda x, t: x / t).ok
    assert not check_temperature_softmax(lambda x, t: ...).attempted

    tok = CharTokenizer("abc")
    assert check_decode("cab", tok, [2, 0, 1]).ok
    assert not check_decode(["c", "a", "b"], tok, [2, 0, 1]).ok
    assert not check_decode("abc", tok, [2, 0, 1]).ok


def _shifted(logits, x):
    v = logits.shape[-1]
    return F.cross_entropy(logits[:, :-1].reshape(-1, v), x[:, 1:].reshape(-1))


def _no_shift(logits, x):
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), x.reshape(-1))


def test_check_lm_loss_names_the_shift():
    assert check_lm_loss(_shifted).ok
    assert check_lm_loss(reference_lm_loss).ok
    res = check_lm_loss(_no_shift)
    assert not res.ok and "No shift" in res.message
    res = check_lm_loss(lambda lg, x: F.cross_entropy(lg[:, 1:].reshape(-1, lg.shape[-1]), x[:, :-1].reshape(-1)))
    assert not res.ok and "wrong way" in res.message
    res = check_lm_loss(lambda lg, x: F.cross_entropy(lg[:, :-1].reshape(-1, lg.shape[-1]), x[:, 1:].reshape(-1),
                                                      reduction="sum"))
    assert not res.ok and "mean" in res.message
    assert not check_lm_loss(lambda lg, x: F.cross_entropy(lg[:, :-1], x[:, 1:])).ok  # (B, T, V) not flattened
    assert not check_lm_loss(lambda lg, x: ...).attempted


def test_the_learners_lm_loss_is_what_trains():
    text = shakespeare_text(max_chars=60_000)
    tok = CharTokenizer(text)
    train, val = train_val_split(torch.tensor(tok.encode(text)))
    runs = {}
    for name, loss in (("shifted", _shifted), ("no_shift", _no_shift)):
        model = make_tiny_gpt(tok.vocab_size, n_layer=1, n_embd=32, n_head=2, block_size=32)
        runs[name] = train_lm(model, train, val, steps=80, block=32, eval_every=80, progress=False,
                              loss_fn=lambda m, x, loss=loss: loss(m(x).logits, x))
    assert runs["shifted"]["val"][-1] < runs["no_shift"]["val"][-1] - 0.5, runs
    assert runs["no_shift"]["train"][-1] < runs["no_shift"]["val"][-1] - 1.0  # it learned to copy its input


def test_bigram_counts_are_a_baseline():
    ids = torch.tensor([0, 1, 0, 1, 0, 2])
    p = bigram_counts(ids, 3, smoothing=0.0)
    assert torch.allclose(p[0], torch.tensor([0.0, 2 / 3, 1 / 3])) and torch.allclose(p.sum(1)[:2], torch.ones(2))
