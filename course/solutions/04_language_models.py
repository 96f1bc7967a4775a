"""Solutions for lesson 04 (Language models). Each section replaces the exercise cell of the same name."""

# %% exercise:decode
# Why: a char-level tokenizer is just a lookup table; decoding is the reverse lookup, joined.
mystery = [tok.stoi[c] for c in "O Romeo, Romeo!"]  # noqa: F821 - tok comes from the lesson
decoded = "".join(tok.chars[i] for i in mystery)  # noqa: F821

# %% exercise:lm_loss
# Why the shift: a causal model's scores at position t were computed from x[:, :t+1], which already
# contains x[t]; scoring them on x[t] would reward copying the input. They are a guess for x[t+1], so
# drop the last position's scores (no next token in the window) and the first token as a target.
from torch.nn import functional as F


def lm_loss(logits, x):
    V = logits.shape[-1]
    return F.cross_entropy(logits[:, :-1].reshape(-1, V), x[:, 1:].reshape(-1))

# %% exercise:perplexity
# Why: the loss is an average of −ln p, so e^loss is the "effective number of choices" per character.
import math

final_loss = hist["val"][-1]  # noqa: F821 - hist comes from the lesson
ppl = math.exp(final_loss)

# %% exercise:temperature_softmax
# Why divide: scaling logits by 1/T < 1 shrinks their gaps, so the softmax flattens; T < 1 widens them.
import torch


def softmax_with_temperature(logits, T):
    return torch.softmax(logits / T, dim=-1)
