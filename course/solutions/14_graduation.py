"""Solutions for lesson 14 (Graduation). Each section replaces the exercise cell of the same name."""

# %% exercise:intents
# the pattern of the visible rows: transfer → bt.Transfer, add_stake → bt.AddStake — an intent is the chain
# call's name in CamelCase. The signer follows the money: burned_register spends TAO (the coldkey pays the
# burn, even though the hotkey is what gets the UID); serving an axon and setting weights are the neuron's
# own work, so its hotkey signs them — which is why a miner's server never needs the coldkey.
intents = {
    "burned_register": ("bt.BurnedRegister", "coldkey"),
    "serve_axon": ("bt.ServeAxon", "hotkey"),
    "set_weights": ("bt.SetWeights", "hotkey"),
}

# %% exercise:server_files
# the hotkey signs everything a miner does; the public files are harmless; the coldkey stays home
server_files = {"hotkeys/miner", "hotkeys/minerpub.txt", "coldkeypub.txt"}
