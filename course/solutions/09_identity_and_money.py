"""Solutions for lesson 09 (Identity and money). Each section replaces the exercise cell of the same name."""

# %% exercise:signature
message = b"I am miner1 and I serve TextPrompt"
my_signature = w.hotkey.sign(message)  # noqa: F821 - w comes from the lesson

# %% exercise:next_burn
next_burn = 1.0 * 1.26**3 * 0.5  # three bumps, then one half-life of decay

# %% exercise:pruned_uid
# UID 1 (score 40) is only 50 blocks old: immune. Of the rest, UID 3 has the lowest score (75).
pruned = 3
