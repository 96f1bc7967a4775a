"""Solutions for lesson 03 (Deep nets and scale). Each section replaces the exercise cell of the same name."""

# %% exercise:conv_params
n_conv = 8 * (1 * 3 * 3) + 8

# %% exercise:linear_flops
n_flops = 2 * 64 * 32

# %% exercise:gpt3_days
gpt3_days = 6 * 175e9 * 300e9 / cpu_flops / 86400  # noqa: F821 - cpu_flops comes from the lesson
