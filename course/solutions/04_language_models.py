"""Solutions for lesson 04 (Language models). Each section replaces the exercise cell of the same name."""

# %% exercise:decode
mystery = [tok.stoi[c] for c in "O Romeo, Romeo!"]  # noqa: F821 - tok comes from the lesson
decoded = "".join(tok.chars[i] for i in mystery)  # noqa: F821

# %% exercise:perplexity
import math

final_loss = hist["val"][-1]  # noqa: F821 - hist comes from the lesson
ppl = math.exp(final_loss)

# %% exercise:temperature_softmax
import torch


def softmax_with_temperature(logits, T):
    return torch.softmax(logits / T, dim=-1)
