"""Lesson 06: peers trained on domains, a learner's routing loop that finds the right ones, and the checks."""

import pytest
import torch

from bittensor_lite.learn import (
    check_loss_reduction,
    check_mixture_probability,
    check_routing,
    domain_text,
    learn_routing,
    make_peers,
    peer_predictions,
    truth_probabilities,
)


def test_domains_are_offline_and_distinct():
    assert "def " in domain_text("python", chars=5000)
    assert " = " in domain_text("arithmetic", chars=500)
    assert len(domain_text("shakespeare", chars=1000)) == 1000


def _route(sign=1.0, step=True, log=True):
    """A learner's routing loop, right by default, with one slip when asked."""

    def route(picked, steps=300, lr=0.1):
        theta = torch.zeros(picked.shape[0], requires_grad=True)
        opt = torch.optim.Adam([theta], lr=lr)
        losses = []
        for _ in range(steps):
            g = torch.softmax(theta, dim=0)
            mix = (g.unsqueeze(1) * picked).sum(0) + 1e-12
            loss = -sign * (torch.log(mix) if log else mix).mean()
            opt.zero_grad()
            loss.backward()
            if step:
                opt.step()
            losses.append(loss.item())
        return torch.softmax(theta.detach(), dim=0), losses

    return route


def test_check_routing_both_ways():
    assert check_routing(_route()).ok
    assert check_routing(learn_routing).ok
    res = check_routing(_route(step=False))
    assert not res.ok and "opt.step()" in res.message
    res = check_routing(_route(sign=-1.0))
    assert not res.ok and "minus sign" in res.message
    assert not check_routing(_route(log=False)).ok

    def unfinished(picked, steps=300, lr=0.1):
        raise NotImplementedError

    assert not check_routing(unfinished).attempted


@pytest.mark.slow
def test_the_learners_routing_finds_the_python_peers():
    peers = make_peers()
    P, y = peer_predictions(peers, domain_text("python", part=7), n_positions=600)
    picked = truth_probabilities(P, y)
    assert torch.equal(picked, P[:, torch.arange(P.shape[1]), y])

    def python_weight(g):
        return sum(w for p, w in zip(peers, g.tolist(), strict=True) if p.name.startswith("python"))

    g, losses = _route()(picked, steps=200)
    assert python_weight(g) > 0.8 and losses[-1] < losses[0]
    assert torch.isclose(g.sum(), torch.tensor(1.0))
    wrong, _ = _route(sign=-1.0)(picked, steps=200)  # a flipped sign: the lesson's bar chart changes
    assert python_weight(wrong) < 0.2
    # a Shakespeare learner routes elsewhere
    P2, y2 = peer_predictions(peers, domain_text("shakespeare", part=5), n_positions=600)
    g2, _ = learn_routing(truth_probabilities(P2, y2), steps=200)
    assert sum(w for p, w in zip(peers, g2.tolist(), strict=True) if p.name.startswith("shakespeare")) > 0.8

    best = int(g.argmax())

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
