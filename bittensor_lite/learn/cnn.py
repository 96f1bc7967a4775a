"""Lesson 03: a small convolutional network (AlexNet's idea in miniature), and counting the cost of scale."""

from __future__ import annotations

import time
from typing import Any

import torch
from torch import nn
from torch.nn import functional as F

from bittensor_lite.learn.feedback import (
    CheckResult,
    failed,
    is_placeholder,
    not_attempted,
    passed,
    run_check,
)

__all__ = [
    "CNNLayers",
    "SmallCNN",
    "count_params",
    "count_flops",
    "measure_cpu_flops",
    "FAMOUS_MODELS",
    "training_flops",
    "plot_filters",
    "scale_explorer",
    "check_slide_filter",
    "check_cnn_forward",
    "check_conv_params",
    "check_gpt3_days",
]


class CNNLayers(nn.Module):
    """The layers of AlexNet's recipe for 8×8 digits, without a ``forward``: lesson 03's learner writes it.

    conv1 (1 → channels, 3×3, padding 1) and conv2 (channels → 2·channels), each followed by ReLU and a
    2×2 max-pool (8×8 → 4×4 → 2×2), then a linear classifier on the flattened 2·channels × 2 × 2 features.
    """

    def __init__(self, channels: int = 8, classes: int = 10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, channels, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(channels, 2 * channels, kernel_size=3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.classifier = nn.Linear(2 * channels * 2 * 2, classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError("write forward: conv1 → ReLU → pool, conv2 → ReLU → pool, flatten, classifier")


class SmallCNN(CNNLayers):
    """The reference network (what the learner's ``forward`` must compute): two conv + ReLU + pool blocks, a classifier."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.pool(torch.relu(self.conv1(x)))
        x = self.pool(torch.relu(self.conv2(x)))
        return self.classifier(x.flatten(1))


def count_params(model: nn.Module) -> int:
    """How many numbers the model learns (weights and biases)."""
    return sum(p.numel() for p in model.parameters())


def count_flops(model: nn.Module, input_shape: tuple[int, ...]) -> int:
    """Floating-point operations for one forward pass of one example (2 per multiply-add).

    Counts Conv2d and Linear layers, which dominate; activations and pooling are ignored.
    """
    total = 0

    def conv_hook(m: nn.Conv2d, _inp: Any, out: torch.Tensor) -> None:
        nonlocal total
        k = m.kernel_size[0] * m.kernel_size[1] * (m.in_channels // m.groups)
        total += 2 * k * out[0].numel()

    def linear_hook(m: nn.Linear, _inp: Any, out: torch.Tensor) -> None:
        nonlocal total
        total += 2 * m.in_features * m.out_features

    hooks = []
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            hooks.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, nn.Linear):
            hooks.append(m.register_forward_hook(linear_hook))
    with torch.no_grad():
        model(torch.zeros(1, *input_shape))
    for h in hooks:
        h.remove()
    return total


def measure_cpu_flops(n: int = 512, repeats: int = 5) -> float:
    """This machine's speed in FLOP/s, from timing n×n matrix multiplications (2·n³ FLOPs each)."""
    a, b = torch.randn(n, n), torch.randn(n, n)
    a @ b  # warm up
    t0 = time.perf_counter()
    for _ in range(repeats):
        a @ b
    return 2 * n**3 * repeats / (time.perf_counter() - t0)


# Approximate public figures; parameters and training tokens as reported by their authors.
FAMOUS_MODELS = [
    {"name": "Perceptron (1958)", "params": 3, "tokens": None},
    {"name": "AlexNet (2012)", "params": 61e6, "tokens": None},
    {"name": "GPT-2 (2019)", "params": 1.5e9, "tokens": 40e9},
    {"name": "GPT-3 (2020)", "params": 175e9, "tokens": 300e9},
]


def training_flops(params: float, tokens: float) -> float:
    """The rule of thumb for training a transformer: about 6 FLOPs per parameter per token."""
    return 6.0 * params * tokens


def plot_filters(model: CNNLayers) -> Any:
    """The first layer's 3×3 filters: what the network learned to look for."""
    import matplotlib.pyplot as plt

    w = model.conv1.weight.detach()[:, 0]
    fig, axes = plt.subplots(1, len(w), figsize=(1.2 * len(w), 1.6))
    for ax, f in zip(axes, w, strict=True):
        ax.imshow(f, cmap="RdBu_r", vmin=-w.abs().max(), vmax=w.abs().max())
        ax.axis("off")
    fig.suptitle("First-layer filters (red: positive, blue: negative)")
    return fig


def scale_explorer() -> Any:
    """A slider for the CNN's width: parameters and FLOPs update live."""
    import ipywidgets as widgets

    out = widgets.HTML()

    def show(channels: int = 8) -> None:
        m = SmallCNN(channels)
        out.value = (f"<b>{channels} channels</b>: {count_params(m):,} parameters, "
                     f"{count_flops(m, (1, 8, 8)):,} FLOPs per image")

    slider = widgets.IntSlider(value=8, min=1, max=64, description="channels")
    widgets.interactive_output(show, {"channels": slider})
    show(slider.value)
    return widgets.VBox([slider, out])


def check_slide_filter(fn: Any) -> CheckResult:
    """Exercise: ``slide_filter(image, kernel)``, one 3×3 filter slid over an image by hand (no padding)."""
    name = "slide_filter"

    def body() -> CheckResult:
        g = torch.Generator().manual_seed(0)
        image, kernel = torch.rand(6, 7, generator=g), torch.randn(3, 3, generator=g)
        got = fn(image.clone(), kernel.clone())
        if is_placeholder(got):
            return not_attempted(name, "slide_filter still returns ...")
        got = torch.as_tensor(got, dtype=torch.float32)
        want = F.conv2d(image[None, None], kernel[None, None])[0, 0]
        if got.shape != want.shape:
            return failed(name, f"A 3×3 filter fits in {tuple(want.shape)} places of a {tuple(image.shape)} image "
                                f"(no padding); you returned {tuple(got.shape)}.")
        if torch.allclose(got, want, atol=1e-4):
            return passed(name, "Right: the same nine weights, slid everywhere — exactly what nn.Conv2d computes.")
        if torch.allclose(got, F.conv2d(image[None, None], kernel.flip(0, 1)[None, None])[0, 0], atol=1e-4):
            return failed(name, "You flipped the filter (the textbook convolution); deep-learning convolutions "
                                "multiply each 3×3 patch by the kernel as it is.")
        return failed(name, "out[i, j] = sum(image[i:i+3, j:j+3] * kernel): one dot product per position.")

    return run_check(name, body)


def check_cnn_forward(cls: Any) -> CheckResult:
    """Exercise: the learner's ``forward`` for :class:`CNNLayers`, compared with the reference on digits."""
    name = "cnn_forward"

    def body() -> CheckResult:
        torch.manual_seed(0)
        theirs, ours = cls(channels=4), SmallCNN(channels=4)
        ours.load_state_dict(theirs.state_dict())
        x = torch.rand(5, 1, 8, 8, generator=torch.Generator().manual_seed(1))
        got = theirs(x)
        if is_placeholder(got):
            return not_attempted(name, "forward still returns ...")
        want = ours(x)
        if tuple(got.shape) != tuple(want.shape):
            return failed(name, f"The output must be one score per class for each image, shape {tuple(want.shape)}.")
        if torch.allclose(got, want, atol=1e-5):
            return passed(name, "Right: your forward is the network that trains below.")
        no_relu = theirs.classifier(theirs.pool(theirs.conv2(theirs.pool(theirs.conv1(x)))).flatten(1))
        if torch.allclose(got, no_relu, atol=1e-5):
            return failed(name, "Without ReLU the two convolutions collapse into one linear map: apply torch.relu after each.")
        return failed(name, "conv1 → ReLU → pool, then conv2 → ReLU → pool, then flatten(1) and the classifier.")

    return run_check(name, body)


def check_conv_params(n: Any) -> CheckResult:
    """Exercise: parameters of ``nn.Conv2d(1, 8, kernel_size=3)``."""
    name = "conv_params"
    if is_placeholder(n):
        return not_attempted(name)
    target = count_params(nn.Conv2d(1, 8, kernel_size=3))
    if n == target:
        return passed(name, f"Right: 8 filters × (1 × 3 × 3) weights + 8 biases = {target}.")
    if n == 72:
        return failed(name, "Each filter also has a bias.")
    if n == 8 * 8 * 9 or n == 8 * 64:
        return failed(name, "A filter's weights don't depend on the image size: only on kernel and input channels.")
    return failed(name, "out_channels × (in_channels × kh × kw) weights, plus one bias per out channel.")


def check_gpt3_days(days: Any, cpu_flops: float) -> CheckResult:
    """Exercise: days for this CPU to train GPT-3 (6·N·D FLOPs at ``cpu_flops`` FLOP/s)."""
    name = "gpt3_days"
    if is_placeholder(days):
        return not_attempted(name)
    target = training_flops(175e9, 300e9) / cpu_flops / 86400
    try:
        ratio = float(days) / target
    except (TypeError, ValueError, ZeroDivisionError):
        return failed(name, "Give a number of days.")
    if 0.9 <= ratio <= 1.1:
        return passed(name, f"Right: about {target:,.0f} days, or {target / 365:,.0f} years, on this CPU.")
    if 0.9 <= ratio * 86400 <= 1.1:
        return failed(name, "That is seconds; divide by 86,400 for days.")
    if 0.9 <= ratio * 6 <= 1.1:
        return failed(name, "Training costs about 6 FLOPs per parameter per token (forward and backward).")
    return failed(name, "FLOPs = 6 × 175e9 parameters × 300e9 tokens; divide by cpu_flops for seconds.")
