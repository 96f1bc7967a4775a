"""Lesson 09: keys, signatures, money, registration by burn, UID slots, pruning and stake."""

from __future__ import annotations

from typing import Any

from bittensor_lite.learn.feedback import (
    CheckResult,
    failed,
    is_placeholder,
    not_attempted,
    passed,
    run_check,
)

__all__ = [
    "burn_over_time",
    "crowded_subnet",
    "PRUNING_TABLE",
    "check_signature",
    "check_next_burn",
    "check_pruned_uid",
]


def burn_over_time(registrations: list[int], quiet_blocks: int = 120) -> list[float]:
    """The registration burn (TAO) after each burst of registrations and the quiet blocks that follow.

    Runs the runtime's own rule: each registration multiplies the burn by ``burn_increase_mult``,
    each block decays it (half-life ``burn_half_life``), within ``[min_burn, max_burn]``.
    """
    from bittensor_lite.runtime import Runtime

    rt = Runtime(balances={"owner": 10**15, "crowd": 10**18}, sudo="owner")
    netuid = rt.dispatch("register_network", "owner", hotkey="owner-hot")
    for name, value in {"max_allowed_uids": 4096, "burn": 10**9}.items():
        rt.sudo_set_hyperparameter("owner", netuid, name, value)
    rt.step(2)  # the chain decays the burn from block 2 on
    rt.sudo_set_hyperparameter("owner", netuid, "burn", 10**9)
    burns, k = [], 0
    for regs in registrations:
        for _ in range(regs):
            rt.dispatch("burned_register", "crowd", netuid=netuid, hotkey=f"h{k}")
            k += 1
        rt.step(quiet_blocks)
        burns.append(rt.hyperparameters(netuid)["burn"] / 1e9)
    return burns


def crowded_subnet(slots: int = 8, newcomers: int = 6, immunity: int = 20, seed: int = 0) -> tuple[list[Any], list[dict[str, Any]]]:
    """A full subnet where newcomers keep arriving: who gets pruned, epoch by epoch.

    Returns the final name in each UID slot and a list of ``{"block", "newcomer", "uid", "replaced"}`` events.
    """
    from bittensor_lite import sim
    from bittensor_lite.dev_wallets import dev_wallet

    quality = [round(0.95 - 0.12 * k, 2) for k in range(slots - 1)]
    net = sim.Network(miner_quality=quality, validators=[sim.Honest(stake=1000)], tempo=10, seed=seed,
                      hyperparameters={"max_allowed_uids": slots, "immunity_period": immunity})
    net.run(2, progress=False)
    names = net.labels()
    events = []
    for j in range(newcomers):
        w = dev_wallet(f"newcomer-{j}")
        net.sub.dev.set_balance(w.coldkey, 10**12)
        uid = net.sub.burned_register(w, net.netuid)
        events.append({"block": net.sub.block, "newcomer": f"N{j}", "uid": uid, "replaced": names[uid]})
        names[uid] = f"N{j} q=0.60"
        net.miner_quality = list(net.miner_quality)
        net.miner_quality[net.miner_uids.index(uid)] = 0.6  # every newcomer is a middling miner
        net.run(1, progress=False)
    return names, events


# A subnet at block 1000 with immunity_period 100: which UID does the next registration replace?
PRUNING_TABLE = [
    {"uid": 0, "pruning_score": 900, "registered_at": 100},
    {"uid": 1, "pruning_score": 40, "registered_at": 950},  # the lowest score, but registered 50 blocks ago
    {"uid": 2, "pruning_score": 120, "registered_at": 300},
    {"uid": 3, "pruning_score": 75, "registered_at": 600},
    {"uid": 4, "pruning_score": 300, "registered_at": 200},
]


def _pruned_reference() -> int:
    from bittensor_lite.runtime.registration import neuron_to_prune
    from bittensor_lite.runtime.state import ChainState, SubnetState

    state = ChainState(block=1000)
    net = SubnetState(netuid=1, owner_coldkey="o", owner_hotkey="o")
    net.hyper.immunity_period = 100
    for row in PRUNING_TABLE:
        net.put_neuron(row["uid"], f"h{row['uid']}", row["registered_at"])
        net.neurons["pruning_score"][row["uid"]] = row["pruning_score"]
    return neuron_to_prune(state, net)


def check_signature(signature: Any, message: bytes, hotkey_ss58: str) -> CheckResult:
    """Exercise: sign ``message`` with the hotkey; we verify it against the hotkey's public address."""
    name = "signature"

    def body() -> CheckResult:
        if is_placeholder(signature):
            return not_attempted(name)
        from substrateinterface import Keypair

        try:
            sig = bytes.fromhex(signature.removeprefix("0x")) if isinstance(signature, str) else bytes(signature)
        except (TypeError, ValueError):
            return failed(name, "A signature is 64 bytes (or their hex).")
        if Keypair(ss58_address=hotkey_ss58).verify(message, sig):
            return passed(name, "Verified: anyone with only your *address* can check that you signed this.")
        return failed(name, "That signature does not verify: sign exactly `message` with the wallet's hotkey.")

    return run_check(name, body)


def check_next_burn(value: Any) -> CheckResult:
    """Exercise: the burn after 3 registrations (×1.26 each) and then one half-life (360 blocks), from 1 TAO."""
    name = "next_burn"
    if is_placeholder(value):
        return not_attempted(name)
    from bittensor_lite.balance import Balance

    tao = value.tao if isinstance(value, Balance) else value
    try:
        t = float(tao)
    except (TypeError, ValueError):
        return failed(name, "Give an amount in TAO (or a Balance).")
    right = 1.26**3 / 2
    if abs(t - right) < 1e-3:
        return passed(name, f"Right: 1 τ × 1.26³ × ½ ≈ {right:.4f} τ. A rush raises the price at once; "
                            "quiet blocks bring it back down.")
    if abs(t - 1.26**3) < 1e-3:
        return failed(name, "That is the price right after the rush: 360 blocks of decay (one half-life) follow.")
    if abs(t - 0.5) < 1e-3:
        return failed(name, "Each of the 3 registrations first multiplies the burn by 1.26.")
    if abs(t - (1 + 3 * 0.26) / 2) < 1e-3:
        return failed(name, "The bumps compound: multiply by 1.26 three times, do not add 3 × 0.26.")
    return failed(name, "burn × 1.26 per registration, then × ½ per 360 blocks.")


def check_pruned_uid(uid: Any) -> CheckResult:
    """Exercise: which UID of PRUNING_TABLE the next registration replaces."""
    name = "pruned_uid"
    if is_placeholder(uid):
        return not_attempted(name)
    target = _pruned_reference()
    if uid == target:
        return passed(name, f"Right: UID {target} — the lowest score among neurons past their immunity period.")
    if uid == 1:
        return failed(name, "UID 1 has the lowest score but registered 50 blocks ago: it is still immune.")
    return failed(name, "Skip neurons younger than the immunity period, then take the lowest pruning score.")
