"""Solutions for lesson 06 (Peers as black boxes). Each section replaces the exercise cell of the same name."""

# %% exercise:mixture_probability
p_mix = 0.5 * 0.6 + 0.3 * 0.1 + 0.2 * 0.0

# %% exercise:helpful_peers
helpful = [p.name for p, w in zip(peers, g.tolist(), strict=True) if w > 0.1]  # noqa: F821 - from the lesson

# %% exercise:loss_reduction
import torch

best = int(g.argmax())  # noqa: F821
picked = P[:, torch.arange(P.shape[1]), targets]  # noqa: F821


def mixture_loss(weights):
    return float(-torch.log((weights.unsqueeze(1) * picked).sum(0) + 1e-12).mean())


without = g.clone()  # noqa: F821
without[best] = 0.0
value = mixture_loss(without / without.sum()) - mixture_loss(g)  # noqa: F821
