"""Lesson 04: a tiny GPT (transformers' GPT-2 architecture, random init) trained here on Shakespeare.

Settings that matter on a CPU (measured): dropout 0 and ``gelu_pytorch_tanh`` roughly double the
speed of GPT-2's defaults; a 2-layer × 64-wide char model (~113 k parameters) reaches about
2 nats/char in half a minute.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
from torch.nn import functional as F

from bittensor_lite.learn.corpus import CharTokenizer, get_batch
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
    "DEFAULT_MODEL_DIR",
    "make_tiny_gpt",
    "train_lm",
    "reference_lm_loss",
    "bigram_counts",
    "evaluate_loss",
    "perplexity",
    "bits_per_char",
    "sample",
    "save_tiny_gpt",
    "load_tiny_gpt",
    "temperature_explorer",
    "check_perplexity",
    "check_temperature_softmax",
    "check_decode",
    "check_lm_loss",
]

# Where lesson 04 saves its model, so later lessons (distillation, your first miner) can load it.
DEFAULT_MODEL_DIR = Path(os.environ.get("BITTENSOR_LITE_CACHE", "~/.cache/bittensor_lite")).expanduser() / "tiny_gpt"


def make_tiny_gpt(vocab_size: int, n_layer: int = 2, n_embd: int = 64, n_head: int = 2, block_size: int = 64,
                  seed: int = 0) -> Any:
    """A randomly initialised GPT-2-style language model (dropout 0, fast GELU) of a few hundred thousand parameters."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from transformers import GPT2Config, GPT2LMHeadModel
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    torch.manual_seed(seed)
    cfg = GPT2Config(vocab_size=vocab_size, n_positions=block_size, n_embd=n_embd, n_layer=n_layer, n_head=n_head,
                     resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0, activation_function="gelu_pytorch_tanh",
                     bos_token_id=0, eos_token_id=0)
    return GPT2LMHeadModel(cfg)


def reference_lm_loss(logits: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """Next-token cross-entropy (lesson 04's exercise): the scores at position t are judged on x[t+1].

    ``logits`` is (batch, time, vocab) from a causal model that has read ``x[:, :t+1]`` at position t;
    the last position has no next token in the window, the first token is never a target.
    """
    v = logits.shape[-1]
    return F.cross_entropy(logits[:, :-1].reshape(-1, v), x[:, 1:].reshape(-1))


def bigram_counts(ids: torch.Tensor, vocab_size: int, smoothing: float = 1.0) -> torch.Tensor:
    """p(next | current) from counting adjacent pairs, with add-``smoothing`` counts: the oldest language model."""
    counts = torch.full((vocab_size, vocab_size), float(smoothing))
    counts.index_put_((ids[:-1], ids[1:]), torch.ones(len(ids) - 1), accumulate=True)
    return counts / counts.sum(dim=1, keepdim=True)


@torch.no_grad()
def evaluate_loss(model: Any, data: torch.Tensor, block: int = 64, batch: int = 32, batches: int = 8, seed: int = 1) -> float:
    """Mean next-token cross-entropy (nats per token) on fixed random windows of ``data``."""
    model.eval()
    g = torch.Generator().manual_seed(seed)
    losses = [model(x, labels=x).loss.item() for x in (get_batch(data, block, batch, g) for _ in range(batches))]
    model.train()
    return sum(losses) / len(losses)


def train_lm(model: Any, train: torch.Tensor, val: torch.Tensor, *, steps: int = 400, block: int = 64,
             batch: int = 32, lr: float = 3e-3, eval_every: int = 100, seed: int = 0, progress: bool = True,
             loss_fn: Callable[..., torch.Tensor] | None = None) -> dict[str, list[float]]:
    """Train next-token prediction with AdamW; returns the train/val loss history.

    ``loss_fn(model, x)`` is the training loss on a batch of windows (lesson 04 passes the learner's
    ``lm_loss``, lesson 05 their distillation loss); the default is the library's own next-token loss.
    Validation always uses the library's loss (:func:`evaluate_loss`), so a wrong ``loss_fn`` shows.
    """
    from tqdm.auto import tqdm

    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    hist: dict[str, list[float]] = {"step": [], "train": [], "val": []}
    model.train()
    for step in tqdm(range(1, steps + 1), desc="training", disable=not progress):
        x = get_batch(train, block, batch, g)
        loss = loss_fn(model, x) if loss_fn is not None else model(x, labels=x).loss
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if step % eval_every == 0 or step == steps:
            hist["step"].append(step)
            hist["train"].append(loss.item())
            hist["val"].append(evaluate_loss(model, val, block))
    return hist


def perplexity(loss: float) -> float:
    """exp(loss): the model is as unsure as a uniform choice among this many tokens."""
    return math.exp(loss)


def bits_per_char(loss: float) -> float:
    """A char-level loss in bits: how many yes/no questions each next character costs."""
    return loss / math.log(2)


@torch.no_grad()
def sample(model: Any, tok: CharTokenizer, prompt: str = "ROMEO:", n: int = 200, temperature: float = 1.0,
           top_k: int | None = None, seed: int = 0) -> str:
    """Generate ``n`` characters after ``prompt``: softmax(logits / temperature), then draw."""
    model.eval()
    g = torch.Generator().manual_seed(seed)
    ids = torch.tensor([tok.encode(prompt) or [0]])
    block = model.config.n_positions
    for _ in range(n):
        logits = model(ids[:, -block:]).logits[0, -1]
        if temperature <= 0:
            nxt = int(logits.argmax())
        else:
            logits = logits / temperature
            if top_k is not None:
                cut = torch.topk(logits, min(top_k, len(logits))).values[-1]
                logits = torch.where(logits < cut, torch.full_like(logits, -float("inf")), logits)
            nxt = int(torch.multinomial(F.softmax(logits, dim=-1), 1, generator=g))
        ids = torch.cat([ids, torch.tensor([[nxt]])], dim=1)
    model.train()
    return tok.decode(ids[0].tolist())


def save_tiny_gpt(model: Any, tok: CharTokenizer, path: str | Path = DEFAULT_MODEL_DIR) -> Path:
    """Save the model and its tokenizer to a folder (lesson 05 and lesson 12 load it from there)."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(path)
    (path / "char_tokenizer.json").write_text(json.dumps(tok.to_dict()))
    return path


def load_tiny_gpt(path: str | Path = DEFAULT_MODEL_DIR) -> tuple[Any, CharTokenizer]:
    """Load a model saved by :func:`save_tiny_gpt` (offline, from the local folder)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from transformers import GPT2LMHeadModel

    path = Path(path)
    if not (path / "char_tokenizer.json").exists():
        from bittensor_lite.errors import BittensorLiteError

        raise BittensorLiteError(f"no tiny GPT saved in {path}; run lesson 04 (or save_tiny_gpt) first")
    tok = CharTokenizer.from_dict(json.loads((path / "char_tokenizer.json").read_text()))
    return GPT2LMHeadModel.from_pretrained(path), tok


def temperature_explorer(model: Any, tok: CharTokenizer) -> Any:
    """A temperature slider: low repeats itself, high babbles."""
    import ipywidgets as widgets

    out = widgets.HTML()

    def show(temperature: float = 0.8) -> None:
        text = sample(model, tok, "ROMEO:", n=150, temperature=temperature, seed=1)
        out.value = f"<pre style='white-space:pre-wrap'>T = {temperature:.2f}\n{text}</pre>"

    slider = widgets.FloatSlider(value=0.8, min=0.05, max=2.0, step=0.05, description="temperature")
    widgets.interactive_output(show, {"temperature": slider})
    show(slider.value)
    return widgets.VBox([slider, out])


def check_perplexity(value: Any, loss: float) -> CheckResult:
    """Exercise: the perplexity for a given loss (nats per token)."""
    name = "perplexity"
    target = math.exp(loss)
    v = numeric_answer(name, value, "Give a number.")
    if isinstance(v, CheckResult):
        return v
    if abs(v - target) <= 1e-3 * target:
        return passed(name, f"Right: e^{loss:.3f} = {target:.2f}: like choosing among {target:.1f} characters.")
    if abs(v - 2**loss) <= 1e-3 * 2**loss:
        return failed(name, "The loss is in nats (natural log): use e, not 2.")
    if abs(v - 1 / target) <= 1e-3:
        return failed(name, "Perplexity is e to the loss, not its inverse.")
    return failed(name, "perplexity = exp(cross-entropy loss).")


def check_temperature_softmax(fn: Callable[..., Any]) -> CheckResult:
    """Exercise: ``softmax_with_temperature(logits, T)`` = softmax(logits / T)."""
    name = "temperature_softmax"

    def body() -> CheckResult:
        logits = torch.tensor([2.0, 1.0, 0.1, -1.0])
        for t in (0.5, 1.0, 2.0):
            got = fn(logits.clone(), t)
            if is_placeholder(got):
                return not_attempted(name, "the function still returns ...")
            got = torch.as_tensor(got, dtype=torch.float32)
            want = F.softmax(logits / t, dim=-1)
            if got.shape != want.shape:
                return failed(name, "Return one probability per logit.")
            if not torch.allclose(got, want, atol=1e-5):
                if torch.allclose(got, F.softmax(logits * t, dim=-1), atol=1e-5):
                    return failed(name, "Divide the logits by T; multiplying does the opposite.")
                if abs(float(got.sum()) - 1) > 1e-4:
                    return failed(name, "Probabilities must sum to 1: apply softmax after scaling.")
                return failed(name, "Scale the logits by 1/T, then softmax.")
        return passed(name, "Right: low T sharpens the distribution, high T flattens it.")

    return run_check(name, body)


def check_decode(text: Any, tok: CharTokenizer, ids: list[int]) -> CheckResult:
    """Exercise: turn a list of token ids back into text."""
    name = "decode"
    if is_placeholder(text):
        return not_attempted(name)
    target = tok.decode(ids)
    if text == target:
        return passed(name, f"Right: {target!r}. A char-level model's tokens are just characters.")
    if isinstance(text, list):
        return failed(name, "Return a string: join the characters.")
    return failed(name, "Look each id up in tok.chars (or use tok.decode) and join them.")


def check_lm_loss(fn: Callable[..., Any]) -> CheckResult:
    """Exercise: ``lm_loss(logits, x)``, next-token cross-entropy, checked against transformers' own loss."""
    name = "lm_loss"

    def body() -> CheckResult:
        g = torch.Generator().manual_seed(0)
        model = make_tiny_gpt(11, n_layer=1, n_embd=16, n_head=2, block_size=12, seed=0)
        x = torch.randint(11, (3, 12), generator=g)
        with torch.no_grad():
            out = model(x, labels=x)
        got = fn(out.logits.clone(), x.clone())
        if is_placeholder(got):
            return not_attempted(name, "lm_loss still returns ...")
        got = float(torch.as_tensor(got))
        v = out.logits.shape[-1]
        if abs(got - float(out.loss)) < 1e-4:
            return passed(name, f"Right: {got:.4f}, the same number as the library's model(x, labels=x).loss.")
        no_shift = float(F.cross_entropy(out.logits.reshape(-1, v), x.reshape(-1)))
        backwards = float(F.cross_entropy(out.logits[:, 1:].reshape(-1, v), x[:, :-1].reshape(-1)))
        summed = float(F.cross_entropy(out.logits[:, :-1].reshape(-1, v), x[:, 1:].reshape(-1), reduction="sum"))
        if abs(got - no_shift) < 1e-4:
            return failed(name, "No shift: position t has already read x[t], so scoring it on x[t] lets the model "
                                "copy its input. Judge logits[:, :-1] against x[:, 1:].")
        if abs(got - backwards) < 1e-4:
            return failed(name, "The shift goes the wrong way: logits[:, t] predict x[t+1] (logits[:, :-1] vs x[:, 1:]).")
        if abs(got - summed) < 1e-2:
            return failed(name, "That is the sum; take the mean over positions (cross_entropy's default).")
        return failed(name, "Flatten (batch, time) into one axis: cross_entropy(logits[:, :-1].reshape(-1, V), "
                            "x[:, 1:].reshape(-1)).")

    return run_check(name, body)
