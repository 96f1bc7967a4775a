"""Solutions for lesson 13 (A real miner on a local chain). Each section replaces the exercise cell of the same name."""

# %% exercise:register
# the coldkey holds the TAO and pays the burn; the hotkey is what gets the UID
faucet = bl.dev_wallet("Alice")  # noqa: F821
sub.transfer(faucet, wallet.coldkeypub.ss58_address, 5)  # noqa: F821 - names come from the lesson
uid = sub.burned_register(wallet, netuid)  # noqa: F821

# %% exercise:events
# the event is the chain's own record of what the extrinsic did: (netuid, uid, hotkey), so the UID is second
uid_from_event = next(
    ev.value["attributes"][1]
    for ev in events  # noqa: F821
    if ev.value["module_id"] == "SubtensorModule" and ev.value["event_id"] == "NeuronRegistered"
)

# %% exercise:validator_round
def validator_round(prompts):
    """One round: every serving miner answers every prompt; the summed rewards become our weights."""
    mg = sub.metagraph(netuid)  # noqa: F821 - names come from the lesson
    me = sub.get_uid_for_hotkey_on_subnet(validator.hotkey.ss58_address, netuid)  # noqa: F821
    # only miners that announced an axon can be asked; a validator never scores itself
    uids = [u for u, axon in enumerate(mg.axons) if axon.is_serving and u != me]
    scores = {u: 0.0 for u in uids}
    for synapse, reference in prompts:
        answers = dendrite.query([mg.axons[u] for u in uids], synapse)  # noqa: F821 - signed by our hotkey
        for u, answer in zip(uids, answers, strict=True):
            scores[u] += task.reward(reference, answer)  # noqa: F821 - a failed call scores 0
    # the chain normalises the weights; what matters is each miner's share of the total
    sub.set_weights(validator, netuid, uids, [scores[u] for u in uids])  # noqa: F821
    return scores

# %% exercise:error_name
# weights_rate_limit: a hotkey may set weights once per that many blocks; the second call is one block later
prediction = "SettingWeightsTooFast"
