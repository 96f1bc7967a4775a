"""Lesson 06: peers trained on domains, a learner that routes to the right ones, and the checks."""

import pytest
import torch

from bittensor_lite.learn import (
    check_helpful_peers,
    check_loss_reduction,
    check_mixture_probability,
    domain_text,
    learn_routing,
    make_peers,
    peer_predictions,
)


def test_domains_are_offline_and_distinct():
    assert "def " in domain_text("python", chars=5000)
    assert " = " in domain_text("arithmetic", chars=500)
    assert len(domain_text("shakespeare", chars=1000)) == 1000


@pytest.mark.slow
def test_python_learner_routes_to_python_peers():
    peers = make_peers()
    P, y = peer_predictions(peers, domain_text("python", part=7), n_positions=600)
    g, losses = learn_routing(P, y, steps=200)
    python_weight = sum(w for p, w in zip(peers, g.tolist(), strict=True) if p.name.startswith("python"))
    assert python_weight > 0.8 and losses[-1] < losses[0]
    assert torch.isclose(g.sum(), torch.tensor(1.0))
    # a Shakespeare learner routes elsewhere
    P2, y2 = peer_predictions(peers, domain_text("shakespeare", part=5), n_positions=600)
    g2, _ = learn_routing(P2, y2, steps=200)
    assert sum(w for p, w in zip(peers, g2.tolist(), strict=True) if p.name.startswith("shakespeare")) > 0.8

    assert check_helpful_peers([p.name for p, w in zip(peers, g.tolist(), strict=True) if w > 0.1], peers, g).ok
    assert not check_helpful_peers(["noise"], peers, g).ok
    best = int(g.argmax())
    picked = P[:, torch.arange(P.shape[1]), y]

    def loss(w):
        return float(-torch.log((w.unsqueeze(1) * picked).sum(0) + 1e-12).mean())

    without = g.clone()
    without[best] = 0
    value = loss(without / without.sum()) - loss(g)
    assert value > 0
    assert check_loss_reduction(value, P, y, g, best).ok
    assert not check_loss_reduction(-value, P, y, g, best).ok
    assert not check_loss_reduction(..., P, y, g, best).attempted


def test_mixture_check_both_ways():
    assert check_mixture_probability(0.33).ok
    assert not check_mixture_probability(0.7 / 3).ok
    assert not check_mixture_probability(...).attempted
