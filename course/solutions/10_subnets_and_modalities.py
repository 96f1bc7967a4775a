"""Solutions for lesson 10 (Subnets and modalities). Each section replaces the exercise cell of the same name."""

# %% exercise:emission_shares
# Why: both 2026 rules turn a value per subnet into a share of one block's TAO the same way — a negative
# value (stakers leaving) earns nothing rather than owing TAO, so clip at 0, and the shares of one block
# must add up to 1, so divide by the clipped total. Flows 3, 1, −2 τ/block → ¾, ¼, 0 under net flow, at
# once; under the moving price the same stakers change nothing in 20 blocks (⅓ each): that EMA takes weeks.


def emission_shares(values: list[float]) -> list[float]:
    clipped = [max(v, 0.0) for v in values]
    total = sum(clipped)
    return [c / total if total else 0.0 for c in clipped]


# %% exercise:digit_forward
# Why: the model was trained on pixels ÷ 16 (in [0, 1]) and outputs logits; the protocol wants ten
# probabilities, so scale the same way and apply a softmax.
import torch


def image_forward(synapse: DigitImage) -> DigitImage:  # noqa: F821 - DigitImage comes from the lesson
    x = torch.tensor(synapse.pixels, dtype=torch.float32).unsqueeze(0) / 16.0
    with torch.no_grad():
        synapse.probabilities = torch.softmax(model(x), dim=-1)[0].tolist()  # noqa: F821 - model too
    return synapse

# %% exercise:alpha_per_epoch
# Why: each block adds 1 α to the subnet's pending emission; the owner's 18 % comes off first, and the
# epoch pays out everything pending since the last one: (tempo + 1) blocks on our chain. So 11 × 0.82 α
# and 21 × 0.82 α — the slower subnet pays about twice as much per epoch but the same per block.
alpha_per_epoch = {net.image: 11 * (1 - 0.18), net.text: 21 * (1 - 0.18)}  # noqa: F821 - net from the lesson
