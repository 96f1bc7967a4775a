"""Solutions for lesson 00 (Start here). Each section replaces the exercise cell of the same name."""

# %% exercise:rao_per_tao
rao_per_tao = 10**9
