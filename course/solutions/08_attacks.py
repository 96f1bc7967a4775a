"""Solutions for lesson 08 (Attacks and defences). Each section replaces the exercise cell of the same name."""

# %% exercise:copier_share
fraction_each = 0.5

# %% exercise:cabal_threshold
threshold = 0.5  # κ = 32767 / 65535

# %% exercise:attack_measurement
from bittensor_lite import sim

my_net = sim.Network(miner_quality=[0.9, 0.6, 0.1],
                     validators=[sim.Lazy(stake=300), sim.Honest(stake=700)], tempo=10, seed=0)
my_net.run(4, progress=False)
attacker_index = 0
uid = my_net.validator_uids[attacker_index]
my_profit = my_net.history[-1].dividends[uid] / (300 / (300 + 700))
