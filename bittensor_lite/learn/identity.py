"""Lesson 09: keys, signatures, money, registration by burn, UID slots, pruning, and stake through a pool."""

from __future__ import annotations

import math
from collections.abc import Callable
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
    "check_pruned_uid",
    "burn_rule",
    "burn_prediction",
    "check_next_burn_rule",
    "check_alpha_for_tao",
    "swap_fee",
    "stake_and_compare",
    "delegation_demo",
]


def burn_rule() -> dict[str, float]:
    """The chain's burn knobs as numbers: ``burn_increase_mult`` (×), ``burn_half_life`` (blocks), min/max (TAO)."""
    from bittensor_lite.runtime.hyperparams import knob

    return {"burn_increase_mult": knob("burn_increase_mult").default / 2**64,
            "burn_half_life": knob("burn_half_life").default,
            "min_burn": knob("min_burn").default / 1e9, "max_burn": knob("max_burn").default / 1e9}


def _chain_burn(burn: float, registrations: int, blocks: int) -> float:
    """The runtime's own answer: set the burn, register ``registrations`` neurons in one block, wait ``blocks``."""
    from bittensor_lite.runtime import Runtime

    rt = Runtime(balances={"owner": 10**15, "crowd": 10**18}, sudo="owner")
    netuid = rt.dispatch("register_network", "owner", hotkey="owner-hot")
    rt.sudo_set_hyperparameter("owner", netuid, "max_allowed_uids", 4096)
    rt.step(2)  # the chain decays the burn from block 2 on
    rt.sudo_set_hyperparameter("owner", netuid, "burn", round(burn * 1e9))
    for k in range(registrations):
        rt.dispatch("burned_register", "crowd", netuid=netuid, hotkey=f"h{k}")
    rt.step(blocks)
    return rt.hyperparameters(netuid)["burn"] / 1e9


def burn_prediction(next_burn: Callable[[float, int, int], float], demand: list[int],
                    quiet_blocks: int = 120) -> tuple[list[float], list[float]]:
    """Your ``next_burn`` rule against the chain's: the burn after each burst of registrations and quiet blocks.

    Starts from 1 τ; each step feeds your previous answer back in, so a wrong rule drifts further
    with every burst. Returns ``(yours, the chain's)`` in TAO.
    """
    mine, burn = [], 1.0
    for regs in demand:
        burn = float(next_burn(burn, regs, quiet_blocks))
        mine.append(burn)
    return mine, burn_over_time(demand, quiet_blocks)


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


def check_next_burn_rule(next_burn: Callable[[float, int, int], float]) -> CheckResult:
    """Exercise: ``next_burn(burn, registrations, blocks)`` — bump per registration, then decay per block."""
    name = "next_burn"

    def body() -> CheckResult:
        cases = [(1.0, 3, 0), (1.0, 3, 360), (2.0, 0, 720), (0.5, 5, 100), (1.0, 1, 5), (90.0, 3, 120)]
        got = []
        for burn, regs, blocks in cases:
            out = next_burn(burn, regs, blocks)
            if is_placeholder(out):
                return not_attempted(name, "next_burn still returns ...")
            try:
                got.append(float(out.tao if hasattr(out, "tao") else out))
            except (TypeError, ValueError):
                return failed(name, "Return the burn in TAO, a number.")
        right = [_chain_burn(*c) for c in cases]
        if all(math.isclose(g, r, rel_tol=2e-3) for g, r in zip(got, right, strict=True)):
            return passed(name, f"Right: 1 τ, three registrations, 360 quiet blocks → {right[1]:.4f} τ, as the chain "
                                "says. A rush prices the next newcomer out at once (×1.26 each); quiet blocks bring "
                                "the price back down by half every 360 blocks, so the burn tracks demand.")
        if math.isclose(got[0], 1 + 3 * 0.26, rel_tol=1e-3):
            return failed(name, "The bumps compound: each registration multiplies the burn *as it is now* by 1.26.")
        if math.isclose(got[1], right[0], rel_tol=1e-3):
            return failed(name, "The bumps are right, but the quiet blocks must decay the burn: ×½ per 360 blocks.")
        if math.isclose(got[2], 2.0 * (1 - 720 / 360 / 2), rel_tol=1e-3) or math.isclose(got[2], 0.0, abs_tol=1e-6):
            return failed(name, "The decay is exponential, not linear: ×(½)^(blocks / 360), never below min_burn.")
        if math.isclose(got[2], 1.0, rel_tol=1e-3):
            return failed(name, "720 blocks are two half-lives: ½ × ½, not ½ once.")
        if math.isclose(got[5], 100.0, rel_tol=1e-3):
            return failed(name, "The chain clamps at every step: the bumps stop at max_burn (100 τ) *before* the "
                                "quiet blocks decay it, so 90 τ × 1.26³ then 120 blocks is 100 × ½^(1/3), not 100.")
        return failed(name, "burn × 1.26 ** registrations (at most max_burn), then × 0.5 ** (blocks / 360) "
                            "(at least min_burn).")

    return run_check(name, body)


def _alpha_for_tao_reference(tao: float, tao_reserve: float, alpha_reserve: float) -> float:
    """The swap pallet's payout for ``tao`` entering a pool with weights ½/½ (no fee), in alpha."""
    from bittensor_lite.runtime import swap
    from bittensor_lite.runtime.state import SubnetState

    net = SubnetState(netuid=1, owner_coldkey="o", owner_hotkey="o")
    net.tao_reserve, net.alpha_in = round(tao_reserve * 1e9), round(alpha_reserve * 1e9)
    return swap.alpha_for_tao(net, round(tao * 1e9)) / 1e9


def check_alpha_for_tao(alpha_for_tao: Callable[[float, float, float], float]) -> CheckResult:
    """Exercise: the alpha a pool pays for ``tao`` (after the fee): constant product ``x·y = k``."""
    name = "alpha_for_tao"

    def body() -> CheckResult:
        cases = [(10.0, 100.0, 100.0), (500.0, 100.0, 100.0), (1.0, 5000.0, 250.0), (50.0, 80.0, 1000.0)]
        got = []
        for c in cases:
            out = alpha_for_tao(*c)
            if is_placeholder(out):
                return not_attempted(name, "alpha_for_tao still returns ...")
            try:
                got.append(float(out))
            except (TypeError, ValueError):
                return failed(name, "Return an amount of alpha, a number.")
        right = [_alpha_for_tao_reference(*c) for c in cases]
        if all(math.isclose(g, r, rel_tol=1e-6, abs_tol=1e-8) for g, r in zip(got, right, strict=True)):
            return passed(name, f"Right: 500 τ into a 100 τ / 100 α pool buys only {right[1]:.1f} α, not 500: each "
                                "α bought raises the price of the next (slippage). Small stakes pay the spot price; "
                                "big ones move it.")
        if math.isclose(got[1], 500.0, rel_tol=1e-3):
            return failed(name, "That is the spot price (1 τ per α here) for every unit: the price rises as you buy. "
                                "Keep x·y constant.")
        if math.isclose(got[0], 100 - 100 * 100 / 10, rel_tol=1e-3) or got[0] < 0:
            return failed(name, "After the trade the pool holds y + tao TAO, so it keeps k / (y + tao) alpha.")
        if math.isclose(got[2], 5000 - 5000 * 250 / 251, rel_tol=1e-3):
            return failed(name, "TAO goes in and alpha comes out: the alpha reserve shrinks, the TAO reserve grows.")
        return failed(name, "k = tao_reserve × alpha_reserve; after the trade the pool holds k / (tao_reserve + tao) alpha; "
                            "you get the rest.")

    return run_check(name, body)


def swap_fee() -> float:
    """The swap pallet's fee (``FeeRate``) as a fraction of each swap's input (≈ 0.05 %)."""
    from bittensor_lite.runtime.state import SubnetState
    from bittensor_lite.scale import U16_MAX

    return SubnetState.__dataclass_fields__["fee_rate"].default / U16_MAX


def stake_and_compare(sub: Any, wallet: Any, netuid: int, tao: float,
                      alpha_for_tao: Callable[[float, float, float], float]) -> dict[str, float]:
    """Stake ``tao`` through the subnet's pool for real, and compare with what your ``alpha_for_tao`` predicted.

    Returns the price before and after, your prediction and the alpha the chain gave (all floats).
    """
    pool = sub.subnet_pool(netuid)
    before = sub.get_stake(wallet.hotkey.ss58_address, wallet.coldkey.ss58_address, netuid).tao
    predicted = float(alpha_for_tao(tao * (1 - swap_fee()), pool["tao_in"] / 1e9, pool["alpha_in"] / 1e9))
    got = sub.add_stake(wallet, tao, netuid=netuid).tao - before
    return {"price_before": pool["price"], "price_after": sub.subnet_pool(netuid)["price"],
            "predicted": predicted, "got": got}


def delegation_demo(epochs: int = 3) -> dict[str, Any]:
    """A validator with a nominator: both stake, the validator earns dividends, its owner keeps the take first.

    Returns each one's alpha before and after, the take, and their growth per α staked.
    """
    import bittensor_lite as bl

    sub = bl.connect("mock")
    owner = bl.dev_wallet("Alice")
    netuid = sub.register_network(owner)
    for knob_name, value in {"tempo": 10, "max_regs_per_block": 10, "weights_rate_limit": 0}.items():
        sub.dev.sudo_set(netuid, knob_name, value)
    val, nina, miner = bl.dev_wallet("delegate"), bl.dev_wallet("Nina"), bl.dev_wallet("a-miner")
    for w in (val, nina, miner):
        sub.dev.set_balance(w.coldkey.ss58_address, 10**12)
    sub.burned_register(val, netuid)
    muid = sub.burned_register(miner, netuid)
    sub.add_stake(val, 100, netuid=netuid)                                       # the validator's own stake
    sub.add_stake(nina, 100, hotkey_ss58=val.hotkey.ss58_address, netuid=netuid)  # Nina delegates to it
    hk = val.hotkey.ss58_address
    start = {"owner": sub.get_stake(hk, val.coldkey.ss58_address, netuid).tao,
             "nominator": sub.get_stake(hk, nina.coldkey.ss58_address, netuid).tao}
    sub.wait_for_epoch(netuid)
    for _ in range(epochs):
        sub.set_weights(val, netuid, [muid], [1.0])
        sub.wait_for_epoch(netuid)
    end = {"owner": sub.get_stake(hk, val.coldkey.ss58_address, netuid).tao,
           "nominator": sub.get_stake(hk, nina.coldkey.ss58_address, netuid).tao}
    growth = {k: end[k] / start[k] - 1 for k in start}
    return {"take": sub.get_delegate_take(hk), "start": start, "end": end, "growth": growth}
