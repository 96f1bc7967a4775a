"""Getting a UID: creating subnets, registering neurons by burning TAO, the burn's price, and pruning.

A subnet has ``max_allowed_uids`` slots. When it is full, a newcomer takes the slot of the
neuron with the lowest pruning score (its last emission) among those past their
``immunity_period``, so the weakest are phased out and new models get their chance.

The price of a UID (spec 425, ``registration.rs``): every registration multiplies the burn by
``BurnIncreaseMult`` (1.26), and every block it decays by the factor ``f`` with
``f ^ BurnHalfLife = 1/2`` (half-life 360 blocks), always within ``[min_burn, max_burn]``. The
TAO paid is swapped into the subnet's pool (it counts as TAO inflow and raises the price) and the
alpha it buys is burned. Registration by proof of work is gone: ``register``
still takes a block number, nonce and work, ignores them, and burns like ``burned_register``.
"""

from __future__ import annotations

import functools
from fractions import Fraction

from bittensor_lite.runtime import balances, staking, swap
from bittensor_lite.runtime.errors import fail
from bittensor_lite.runtime.events import emit
from bittensor_lite.runtime.state import ChainState, SubnetState


def subnet(state: ChainState, netuid: int) -> SubnetState:
    """The subnet ``netuid`` or ``SubnetNotExists`` (spec 425's name; spec 219 said ``SubNetworkDoesNotExist``)."""
    try:
        return state.subnets[int(netuid)]
    except (KeyError, TypeError, ValueError):
        raise fail("SubnetNotExists", f"no subnet with netuid {netuid!r}") from None


def check_hotkey_owner(state: ChainState, coldkey: str, hotkey: str) -> None:
    """A hotkey belongs to the first coldkey that used it; anyone else gets NonAssociatedColdKey."""
    owner = state.owner.get(hotkey)
    if owner is not None and owner != coldkey:
        raise fail("NonAssociatedColdKey", f"hotkey {hotkey} belongs to coldkey {owner}")


GREEK = "αβγδεζηθικλμνξοπρστυφχψω"  # TokenSymbol: subnet n takes the n-th letter while one is free


def _token_symbol(state: ChainState, netuid: int) -> str:
    used = {net.token_symbol for net in state.subnets.values()}
    wanted = GREEK[netuid - 1] if netuid <= len(GREEK) else ""
    if wanted and wanted not in used:
        return wanted
    return next((c for c in GREEK if c not in used), "Τ")


def _median_price(state: ChainState) -> Fraction:
    """The median spot price of the dynamic subnets (1 if there are none): a new pool starts there."""
    prices = sorted(swap.price(net) for net in state.subnets.values() if net.mechanism == 1)
    if not prices:
        return Fraction(1)
    mid = len(prices) // 2
    return prices[mid] if len(prices) % 2 else (prices[mid - 1] + prices[mid]) / 2


def register_network(state: ChainState, coldkey: str, hotkey: str) -> int:
    """``register_network``: lock ``network_lock_cost`` TAO and create a subnet owned by ``coldkey``.

    The locked TAO becomes the new pool's TAO reserve (``SubnetTAO``), with the alpha that
    prices it at the median subnet price (``SubnetAlphaIn``); no alpha is outstanding yet. The
    owner's hotkey is recorded (``SubnetOwnerHotkey``); on chain it also takes UID 0 at once, here
it registers like any other hotkey.
    """
    check_hotkey_owner(state, coldkey, hotkey)
    lock = state.network_lock_cost
    balances.withdraw(state, coldkey, lock)
    netuid = next(i for i in range(1, len(state.subnets) + 2) if i not in state.subnets)
    pool_tao = lock  # the whole lock stays in the pool (the lock cost is never below NetworkMinLockCost)
    median = _median_price(state)
    net = SubnetState(
        netuid=netuid, owner_coldkey=coldkey, owner_hotkey=hotkey, token_symbol=_token_symbol(state, netuid),
        network_registered_at=state.block, last_adjustment_block=state.block, last_epoch_block=state.block,
        tao_reserve=pool_tao, alpha_in=int(pool_tao / median) if median else pool_tao, locked=lock,
    )
    net.hyper.yuma3_enabled = True  # init_new_network turns Yuma 3 on for every new subnet (storage default: off)
    state.subnets[netuid] = net
    state.owner.setdefault(hotkey, coldkey)
    emit(state, "SubtensorModule", "NetworkAdded", netuid, 1)  # (netuid, mechanism: dynamic)
    return netuid


def _check_can_register(state: ChainState, net: SubnetState, coldkey: str, hotkey: str) -> None:
    """``do_register``'s checks in the chain's order (``subnets/registration.rs`` steps 2–7, spec 425):
    root, registration switched on, hotkey not yet on the subnet, the burn affordable, the hotkey's
    owner, a UID to give. The first that fails names the error."""
    if net.netuid == 0:
        raise fail("RegistrationNotPermittedOnRootSubnet")
    if not net.hyper.registration_allowed:
        raise fail("SubNetRegistrationDisabled", f"subnet {net.netuid} has registration switched off")
    if net.uid_of(hotkey) is not None:
        raise fail("HotKeyAlreadyRegisteredInSubNet", f"{hotkey} is uid {net.uid_of(hotkey)} on subnet {net.netuid}")
    if balances.free_balance(state, coldkey) < net.hyper.burn:
        raise fail("NotEnoughBalanceToStake",
                   f"free balance {balances.free_balance(state, coldkey)} rao < the burn of {net.hyper.burn} rao")
    check_hotkey_owner(state, coldkey, hotkey)
    if net.hyper.max_allowed_uids == 0:
        raise fail("NoNeuronIdAvailable")


def neuron_to_prune(state: ChainState, net: SubnetState) -> int:
    """The UID a newcomer replaces: lowest pruning score, preferring neurons out of immunity.

    Ties go to the oldest registration, then the lowest UID.
    """
    immune_from = state.block - net.hyper.immunity_period  # registered after this block: still immune
    cols = net.neurons
    # one pass over the columns, comparing plain tuples (no Python key function per UID)
    best = min(zip((reg > immune_from for reg in cols["block_at_registration"]), cols["pruning_score"],
                   cols["block_at_registration"], range(net.n), strict=True))
    return best[3]


def _admit(state: ChainState, net: SubnetState, coldkey: str, hotkey: str) -> int:
    """Give ``hotkey`` a UID (a new slot, or the pruned one) and record it."""
    uid = net.n if net.n < net.hyper.max_allowed_uids else neuron_to_prune(state, net)
    net.put_neuron(uid, hotkey, state.block)
    net.regs_this_block += 1
    bump_burn(net)
    state.owner.setdefault(hotkey, coldkey)
    emit(state, "SubtensorModule", "NeuronRegistered", net.netuid, uid, hotkey)
    return uid


def burned_register(state: ChainState, coldkey: str, netuid: int, hotkey: str) -> int:
    """``burned_register``: burn the subnet's current ``burn`` from ``coldkey`` and register ``hotkey``.

    Every check comes before the first write (the withdrawal checks the balance before it takes
    anything), so a failed registration changes nothing.
    """
    net = subnet(state, netuid)
    _check_can_register(state, net, coldkey, hotkey)
    cost = net.hyper.burn
    bought = swap.simulate(net, cost, buy=True)  # may fail (the swap's errors) before anything is written
    balances.withdraw(state, coldkey, cost)  # checked above; nothing after it can fail
    staking.apply_buy(state, net, bought)  # the burn is swapped into the subnet's pool ...
    net.alpha_out -= bought.paid_out  # ... and the alpha it bought is burned
    return _admit(state, net, coldkey, hotkey)


def register_limit(state: ChainState, coldkey: str, netuid: int, hotkey: str, limit_price: int) -> int:
    """``register_limit`` (spec 425): ``burned_register``, but only while the burn is at most ``limit_price`` rao.

    Like the chain it refuses the root subnet and a missing subnet first, then a burn above the
    caller's limit (``RegistrationPriceLimitExceeded``), and otherwise registers exactly as
    ``burned_register`` does, paying the current burn (never more than the limit).
    """
    if netuid == 0:
        raise fail("RegistrationNotPermittedOnRootSubnet")
    net = subnet(state, netuid)
    if net.hyper.burn > int(limit_price):
        raise fail("RegistrationPriceLimitExceeded",
                   f"the burn on subnet {net.netuid} is {net.hyper.burn} rao, above the limit of {int(limit_price)}")
    return burned_register(state, coldkey, net.netuid, hotkey)


def register(
    state: ChainState, origin: str, netuid: int, block_number: int, nonce: int, work: bytes, hotkey: str, coldkey: str
) -> int:
    """``register``: once registration by proof of work; since spec 425 the work is ignored and the
    signer burns the price, exactly as ``burned_register``."""
    return burned_register(state, origin, netuid, hotkey)


# -- the price of a UID ------------------------------------------------------------------------
Q32 = 1 << 32  # fixed point: 1.0 == 2^32 (the chain's per-block decay factor)
U64F64_ONE = 1 << 64  # fixed point: 1.0 == 2^64 (BurnIncreaseMult)


def mul_by_q32(value: int, factor_q32: int) -> int:
    """``value · factor`` for a Q32 factor, floored, saturating at u64."""
    return min((value * factor_q32) >> 32, 2**64 - 1)


def pow_q32(base_q32: int, exp: int) -> int:
    """``base ^ exp`` in Q32, squaring as the chain does (each product floored)."""
    result, factor = Q32, base_q32
    while exp > 0:
        if exp & 1:
            result = mul_by_q32(result, factor)
        exp >>= 1
        if exp:
            factor = mul_by_q32(factor, factor)
    return result


@functools.cache
def decay_factor_q32(half_life: int) -> int:
    """The per-block decay factor: the largest Q32 ``f`` with ``f ^ half_life ≤ 1/2`` (1.0 if no half-life)."""
    if half_life == 0:
        return Q32
    lo, hi = 0, Q32
    while lo + 1 < hi:
        mid = lo + ((hi - lo) >> 1)
        if pow_q32(mid, half_life) > Q32 >> 1:
            hi = mid
        else:
            lo = mid
    return lo


def _clamp_burn(net: SubnetState, burn: int) -> int:
    return min(max(burn, net.hyper.min_burn), net.hyper.max_burn)


def decay_burn(net: SubnetState, block: int) -> None:
    """Each block the burn decays toward ``min_burn``: halving every ``burn_half_life`` blocks."""
    h = net.hyper
    burn = mul_by_q32(h.burn, decay_factor_q32(h.burn_half_life)) if h.burn_half_life > 0 and block > 1 else h.burn
    h.burn = _clamp_burn(net, burn)


def bump_burn(net: SubnetState) -> None:
    """After each registration the burn is multiplied by ``burn_increase_mult`` (a U64F64, at least 1.0)."""
    h = net.hyper
    h.burn = _clamp_burn(net, (h.burn * max(h.burn_increase_mult, U64F64_ONE)) >> 64)
