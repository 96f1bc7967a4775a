"""Solutions for lesson 14 (Graduation). Each section replaces the exercise cell of the same name."""

# %% exercise:sdk_names
# writes are intents handed to sub.execute(intent, wallet); reads sit in namespaces on the connection
v11 = {
    "burned_register": "bt.BurnedRegister",
    "serve_axon": "bt.ServeAxon",
    "set_weights": "bt.SetWeights",
    "metagraph": "sub.subnets.metagraph",
}

# %% exercise:signers
# money moves (and paying for a UID) need the coldkey; the neuron's own work needs only its hotkey
signers = {
    "transfer": "coldkey",
    "add_stake": "coldkey",
    "burned_register": "coldkey",
    "set_weights": "hotkey",
    "serve_axon": "hotkey",
}

# %% exercise:server_files
# the hotkey signs everything a miner does; the public files are harmless; the coldkey stays home
server_files = {"hotkeys/miner", "hotkeys/minerpub.txt", "coldkeypub.txt"}
