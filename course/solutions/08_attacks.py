"""Solutions for lesson 08 (Attacks and defences). Each section replaces the exercise cell of the same name."""

# %% exercise:copier_share
# Identical answers get identical scores, so identical weights: the two split the original's
# incentive. Copying gains the copier half the pie without running a model.
fraction_each = 0.5

# %% exercise:cabal_threshold
# κ = 32767 / 65535 ≈ 0.5: consensus on a miner is the highest weight backed by κ of the stake, so a
# cabal with less than half is outvoted (its miner's consensus is 0 and clipped away); with more, it
# *is* the consensus and the honest miners are clipped instead.
threshold = 0.5

# %% exercise:my_attack
from bittensor_lite import sim


class MyAttack(sim.ValidatorBehaviour):
    """A bribed validator: it never evaluates anyone and puts all its weight on the weakest miner."""

    def weights(self, net, me, rng):
        return {net.miner_uids[-1]: 1.0}
# Why it loses: with 30 % of the stake it is below κ, so consensus on the weak miner stays near 0,
# its weight is clipped, its bonds (built on clipped weights, β = 1) stay small, and its dividends
# fall far below its stake's share — the bribe would have to pay more than the dividends it gives up.
