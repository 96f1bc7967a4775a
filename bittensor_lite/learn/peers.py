"""Lesson 06: peers as black boxes — a learner that can only query peers' outputs finds the ones that help.

Each peer is a character model trained on one domain (Python source from the standard library,
Shakespeare, or generated arithmetic). The learner sees only what a peer *outputs*: a probability for
every next character. It learns routing weights g (a softmax over peers) so that the mixture
Σ_k g_k · p_k(next char) predicts its own domain's text best.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from bittensor_lite.learn.feedback import (
    CheckResult,
    failed,
    is_placeholder,
    not_attempted,
    numeric_answer,
    passed,
    run_check,
)

__all__ = ["VOCAB", "CharNgramPeer", "domain_text", "make_peers", "peer_predictions", "truth_probabilities",
           "learn_routing", "check_mixture_probability", "check_routing", "check_loss_reduction"]

VOCAB = [chr(c) for c in range(32, 127)] + ["\n"]
_INDEX = {c: i for i, c in enumerate(VOCAB)}


def _clean(text: str) -> str:
    return "".join(c if c in _INDEX else " " for c in text.replace("\t", "    "))


def domain_text(domain: str, chars: int = 60_000, part: int = 0) -> str:
    """Offline text of one domain: "python" (stdlib source), "shakespeare", "arithmetic" (generated)."""
    if domain == "python":
        import json
        import os

        files = sorted(Path(os.path.dirname(json.__file__)).parent.glob("*.py"))
        rng = random.Random(part)
        rng.shuffle(files)
        out = ""
        for f in files:
            out += f.read_text(encoding="utf-8", errors="replace")
            if len(out) >= chars:
                break
        return _clean(out[:chars])
    if domain == "shakespeare":
        from bittensor_lite.learn.corpus import shakespeare_text

        text = shakespeare_text(max_chars=chars * (part + 1))
        return _clean(text[chars * part:chars * (part + 1)])
    if domain == "arithmetic":
        rng = random.Random(part)
        lines = []
        while sum(len(x) for x in lines) < chars:
            a, b = rng.randint(0, 999), rng.randint(0, 999)
            lines.append(f"{a} + {b} = {a + b}\n")
        return "".join(lines)[:chars]
    raise ValueError(f"unknown domain {domain!r}: python, shakespeare or arithmetic")


class CharNgramPeer:
    """A character n-gram model: counts of the next character after each (n−1)-character context."""

    def __init__(self, name: str, text: str, n: int = 4, smoothing: float = 0.05):
        self.name, self.n = name, n
        self.counts: dict[str, torch.Tensor] = {}
        self.smoothing = smoothing
        for i in range(n - 1, len(text)):
            ctx = text[i - n + 1:i]
            row = self.counts.get(ctx)
            if row is None:
                row = self.counts[ctx] = torch.zeros(len(VOCAB))
            row[_INDEX[text[i]]] += 1

    def predict(self, context: str) -> torch.Tensor:
        """The peer's probability for each next character (all the learner ever sees of it)."""
        for k in range(self.n - 1, -1, -1):  # back off to shorter contexts when unseen
            row = self.counts.get(context[len(context) - k:] if k else "")
            if row is not None:
                p = row + self.smoothing
                return p / p.sum()
        return torch.full((len(VOCAB),), 1.0 / len(VOCAB))

    def __repr__(self) -> str:
        return f"CharNgramPeer({self.name!r})"


def make_peers() -> list[CharNgramPeer]:
    """Eight peers: three trained on Python, two on Shakespeare, two on arithmetic, one on noise."""
    rng = random.Random(0)
    noise = "".join(rng.choice(VOCAB) for _ in range(20_000))
    specs = [("python-A", "python", 1), ("shakespeare-A", "shakespeare", 1), ("arithmetic-A", "arithmetic", 1),
             ("python-B", "python", 2), ("noise", None, 0), ("shakespeare-B", "shakespeare", 2),
             ("python-C", "python", 3), ("arithmetic-B", "arithmetic", 2)]
    return [CharNgramPeer(name, domain_text(d, part=p) if d else noise) for name, d, p in specs]


def peer_predictions(peers: Sequence[CharNgramPeer], text: str, n_positions: int = 1500, context: int = 8,
                     seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Query every peer at random positions of ``text``: (P of shape peers×positions×vocab, targets)."""
    rng = random.Random(seed)
    positions = [rng.randrange(context, len(text)) for _ in range(n_positions)]
    targets = torch.tensor([_INDEX[text[i]] for i in positions])
    P = torch.stack([torch.stack([peer.predict(text[i - context:i]) for i in positions]) for peer in peers])
    return P, targets


def truth_probabilities(P: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """picked[k, i]: peer k's probability of the true next character at position i (from P and targets)."""
    return P[:, torch.arange(P.shape[1]), targets]


def learn_routing(picked: torch.Tensor, steps: int = 300, lr: float = 0.1) -> tuple[torch.Tensor, list[float]]:
    """The reference routing loop (lesson 06's exercise): g = softmax(θ), minimise −mean log Σ_k g_k·picked[k];
    returns g and the loss curve. A validator's trust in each peer, learned from outputs alone."""
    theta = torch.zeros(picked.shape[0], requires_grad=True)
    opt = torch.optim.Adam([theta], lr=lr)
    losses = []
    for _ in range(steps):
        g = torch.softmax(theta, dim=0)
        loss = -torch.log((g.unsqueeze(1) * picked).sum(0) + 1e-12).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return torch.softmax(theta.detach(), dim=0), losses


def check_routing(fn: Any) -> CheckResult:
    """Exercise: ``route(picked, steps, lr) -> (g, losses)``, the learn-whom-to-trust loop, against the reference."""
    name = "routing"

    def body() -> CheckResult:
        gen = torch.Generator().manual_seed(0)
        base = torch.tensor([0.6, 0.3, 0.05, 0.2])[:, None]  # four peers; the first is usually right
        picked = (base * (0.5 + torch.rand(4, 200, generator=gen))).clamp(max=1.0)
        got = fn(picked.clone(), steps=60, lr=0.1)
        if is_placeholder(got):
            return not_attempted(name, "route still returns ...")
        g, losses = got
        g = torch.as_tensor(g, dtype=torch.float32).detach()
        want, want_losses = learn_routing(picked, steps=60, lr=0.1)
        if g.shape != want.shape or abs(float(g.sum()) - 1) > 1e-4:
            return failed(name, "Return g = softmax(theta): one weight per peer, summing to 1.")
        if torch.allclose(g, want, atol=1e-3):
            return passed(name, f"Right: trust moved to the peer that is usually right (g = {want[0]:.2f}); "
                                f"loss {want_losses[0]:.2f} → {want_losses[-1]:.2f}.")
        if torch.allclose(g, torch.full_like(g, 0.25), atol=1e-4):
            return failed(name, "g never moved: call loss.backward() and opt.step() inside the loop.")
        if int(g.argmax()) != 0:
            return failed(name, "Trust went to the wrong peers: minimise −log of the mixture's probability "
                                "(mind the minus sign).")
        return failed(name, "Close: the loss is the mean over positions of −log Σ_k g_k·picked[k, i], and "
                            "opt.zero_grad() comes before each backward().")

    return run_check(name, body)


def check_mixture_probability(value: Any) -> CheckResult:
    """Exercise: mixture probability with weights [0.5, 0.3, 0.2] and peer probabilities [0.6, 0.1, 0.0]."""
    name = "mixture_probability"
    target = 0.5 * 0.6 + 0.3 * 0.1 + 0.2 * 0.0
    v = numeric_answer(name, value, "Give a probability.")
    if isinstance(v, CheckResult):
        return v
    if abs(v - target) < 1e-9:
        return passed(name, f"Right: {target:.2f}. Each peer's opinion counts as much as the learner trusts it.")
    if abs(v - (0.6 + 0.1) / 3) < 1e-6:
        return failed(name, "That is a plain average; weight each peer's probability by its routing weight.")
    return failed(name, "Σ_k g_k · p_k: multiply pairwise, then add.")


def check_loss_reduction(value: Any, P: torch.Tensor, targets: torch.Tensor, g: torch.Tensor, peer_index: int) -> CheckResult:
    """Exercise: how much worse the learner's loss gets without one peer (its weight spread over the rest)."""
    name = "loss_reduction"
    if is_placeholder(value):
        return not_attempted(name)
    picked = P[:, torch.arange(P.shape[1]), targets]

    def loss(w: torch.Tensor) -> float:
        return float(-torch.log((w.unsqueeze(1) * picked).sum(0) + 1e-12).mean())

    without = g.clone()
    without[peer_index] = 0.0
    target = loss(without / without.sum()) - loss(g)
    try:
        v = float(value)
    except (TypeError, ValueError):
        return failed(name, "Give a number (nats).")
    if abs(v - target) <= 1e-4 + 1e-3 * abs(target):
        return passed(name, f"Right: removing that peer costs {target:.3f} nats per character — its value to the learner.")
    if abs(v + target) <= 1e-4 + 1e-3 * abs(target):
        return failed(name, "The sign is flipped: loss without the peer minus loss with it.")
    return failed(name, "Zero the peer's weight, renormalise the others, recompute the loss, subtract the loss with all peers.")
