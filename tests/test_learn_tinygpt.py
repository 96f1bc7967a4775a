"""Lesson 04: corpus, tokenizer, tiny GPT training, sampling, saving; the checks both ways."""

import math

import torch

from bittensor_lite.learn import (
    CharTokenizer,
    check_decode,
    check_perplexity,
    check_temperature_softmax,
    evaluate_loss,
    get_batch,
    load_tiny_gpt,
    make_tiny_gpt,
    perplexity,
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
