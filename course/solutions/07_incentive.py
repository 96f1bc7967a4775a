"""Solutions for lesson 07 (Incentive). Each section replaces the exercise cell of the same name."""

# %% exercise:consensus_by_hand
# Sorted high to low: 0.6 (40 %) → 40 % < 50 %; 0.5 (35 %) → 75 % ≥ 50 %. So C₃ = 0.5.
c3 = 0.5

# %% exercise:validator_trust_by_hand
# min([0, 0.2, 0.8], [0.5, 0.3, 0.1]) = [0, 0.2, 0.1]
tv2 = 0.0 + 0.2 + 0.1

# %% exercise:incentive_by_hand
# W̄ columns for miners 3, 4, 5: V0 [0.5, 0.3, 0.1], V1 [0.5, 0.3, 0.1], V2 [0, 0.2, 0.1]
r3 = 0.40 * 0.5 + 0.35 * 0.5 + 0.25 * 0.0
r4 = 0.40 * 0.3 + 0.35 * 0.3 + 0.25 * 0.2
r5 = 0.40 * 0.1 + 0.35 * 0.1 + 0.25 * 0.1
i3 = r3 / (r3 + r4 + r5)
