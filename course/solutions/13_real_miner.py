"""Solutions for lesson 13 (A real miner on a local chain). Each section replaces the exercise cell of the same name."""

# %% exercise:register
faucet = bl.dev_wallet("Alice")  # noqa: F821
sub.transfer(faucet, wallet.coldkeypub.ss58_address, 5)  # noqa: F821 - names come from the lesson
uid = sub.burned_register(wallet, netuid)  # noqa: F821

# %% exercise:events
uid_from_event = next(
    ev.value["attributes"][1]
    for ev in events  # noqa: F821
    if ev.value["module_id"] == "SubtensorModule" and ev.value["event_id"] == "NeuronRegistered"
)

# %% exercise:error_name
prediction = "SettingWeightsTooFast"
