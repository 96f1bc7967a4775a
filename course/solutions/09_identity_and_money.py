"""Solutions for lesson 09 (Identity and money). Each section replaces the exercise cell of the same name."""

# %% exercise:signature
# The hotkey signs a neuron's work; anyone can verify with its ss58 address alone.
message = b"I am miner1 and I serve TextPrompt"
my_signature = w.hotkey.sign(message)  # noqa: F821 - w comes from the lesson

# %% exercise:next_burn
# Why: each registration multiplies the price *as it stands* (so bumps compound: 1.26³, not 1 + 3 × 0.26),
# and each block multiplies it by f with f^360 = ½, so after n blocks the factor is ½^(n/360) —
# exponential, never linear. The chain clamps at every step, so a bump stops at max_burn before the
# quiet blocks decay it. From 1 τ: 1.26³ × ½ ≈ 1.0002 τ, just above where it started.
# The plot then runs this rule burst after burst and lands on the chain's dots.
rule = burn_rule()  # noqa: F821 - imported in the lesson's first cell


def next_burn(burn: float, registrations: int, blocks: int) -> float:
    bumped = min(burn * rule["burn_increase_mult"] ** registrations, rule["max_burn"])
    decayed = bumped * 0.5 ** (blocks / rule["burn_half_life"])
    return max(decayed, rule["min_burn"])


# %% exercise:pruned_uid
# UID 1 (score 40) is only 50 blocks old: immune. Of the rest, UID 3 has the lowest score (75).
pruned = 3

# %% exercise:alpha_for_tao
# Why: the pool keeps tao_reserve × alpha_reserve = k. After your TAO goes in it holds tao_reserve + tao,
# so it may keep only k / (tao_reserve + tao) alpha; the rest is yours. Each α you take makes the
# next dearer, so 500 τ into a 100 τ / 100 α pool buys 83.3 α, not 500 — and the staking cell shows
# this prediction matching what the chain credits (the fee is taken first).


def alpha_for_tao(tao: float, tao_reserve: float, alpha_reserve: float) -> float:
    k = tao_reserve * alpha_reserve
    return alpha_reserve - k / (tao_reserve + tao)
