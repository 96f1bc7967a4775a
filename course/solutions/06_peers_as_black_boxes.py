"""Solutions for lesson 06 (Peers as black boxes). Each section replaces the exercise cell of the same name."""

# %% exercise:mixture_probability
# Why: the mixture is a weighted vote — each peer's probability counts as much as the learner trusts it.
p_mix = 0.5 * 0.6 + 0.3 * 0.1 + 0.2 * 0.0

# %% exercise:routing
# Why: −log of the mixture's probability of the truth is the learner's own next-character loss, so
# gradient descent on θ moves trust to whichever peers make that probability large — it needs only
# the peers' outputs, never their weights. The softmax keeps g positive and summing to 1.
import torch


def route(picked, steps=300, lr=0.1):
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

# %% exercise:loss_reduction
# Why: a peer's value to the learner is what the learner loses without it — the same
# leave-one-out idea a validator's scores express as weights.
best = int(g.argmax())  # noqa: F821 - g comes from the lesson


def mixture_loss(weights):
    return float(-torch.log((weights.unsqueeze(1) * picked).sum(0) + 1e-12).mean())  # noqa: F821


without = g.clone()  # noqa: F821
without[best] = 0.0
value = mixture_loss(without / without.sum()) - mixture_loss(g)  # noqa: F821
