"""Solutions for lesson 02 (Layers and backpropagation). Each section replaces the exercise cell of the same name."""

# %% exercise:gradient
# Why: each weight's gradient is the product of the local derivatives on the path from the loss to
# it. w2 touches the loss only through ŷ (local gradient h); w1 goes through ŷ, then h (× w2), then
# tanh (× (1 − h²)), then w1·x (× x). Autograd multiplies exactly these factors.
import math


def backprop(x, y, w1, w2):
    h = math.tanh(w1 * x)
    y_hat = w2 * h
    dL_dyhat = 2 * (y_hat - y)
    dL_dw2 = dL_dyhat * h
    dL_dh = dL_dyhat * w2
    dL_dw1 = dL_dh * (1 - h**2) * x
    return dL_dw1, dL_dw2

# %% exercise:train_step
# Why this order: torch *adds* each backward pass into .grad, so zero_grad comes first; step() reads
# the fresh gradients, so it comes after backward(). Returning loss.item() (a float) lets the loop plot it.
from torch.nn import functional as F


def train_step(model, optimizer, X, y):
    optimizer.zero_grad()
    loss = F.cross_entropy(model(X), y)
    loss.backward()
    optimizer.step()
    return loss.item()

# %% exercise:param_count
# Why: a Linear(a, b) layer holds an a×b weight matrix and one bias per output neuron.
n_params = (64 * 32 + 32) + (32 * 10 + 10)
