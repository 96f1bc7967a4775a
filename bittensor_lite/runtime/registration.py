"""Getting a UID: creating subnets, registering neurons (by burn or by work), and pruning.

A subnet has ``max_allowed_uids`` slots. When it is full, a newcomer takes the slot of the
neuron with the lowest pruning score (its last emission) among those past their
``immunity_period``, so the weakest are phased out and new models get their chance.
"""

from __future__ import annotations

import hashlib

from bittensor_lite.runtime import balances
from bittensor_lite.runtime.errors import fail
from bittensor_lite.runtime.events import emit
from bittensor_lite.runtime.state import ChainState, SubnetState


def subnet(state: ChainState, netuid: int) -> SubnetState:
    """The subnet ``netuid`` or ``SubNetworkDoesNotExist``."""
    try:
        return state.subnets[int(netuid)]
    except (KeyError, TypeError, ValueError):
        raise fail("SubNetworkDoesNotExist", f"no subnet with netuid {netuid!r}") from None


def check_hotkey_owner(state: ChainState, coldkey: str, hotkey: str) -> None:
    """A hotkey belongs to the first coldkey that used it; anyone else gets NonAssociatedColdKey."""
    owner = state.owner.get(hotkey)
    if owner is not None and owner != coldkey:
        raise fail("NonAssociatedColdKey", f"hotkey {hotkey} belongs to coldkey {owner}")


def register_network(state: ChainState, coldkey: str, hotkey: str) -> int:
    """``register_network``: lock ``network_lock_cost`` and create a subnet owned by ``coldkey``."""
    check_hotkey_owner(state, coldkey, hotkey)
    balances.withdraw(state, coldkey, state.network_lock_cost)
    state.total_issuance -= state.network_lock_cost  # locked: out of circulation, as a burn
    netuid = next(i for i in range(1, len(state.subnets) + 2) if i not in state.subnets)
    state.subnets[netuid] = SubnetState(
        netuid=netuid, owner_coldkey=coldkey, owner_hotkey=hotkey,
        network_registered_at=state.block, last_adjustment_block=state.block, last_epoch_block=state.block,
    )
    state.owner.setdefault(hotkey, coldkey)
    emit(state, "SubtensorModule", "NetworkAdded", netuid, 0)  # (netuid, modality)
    return netuid


def _check_can_register(state: ChainState, net: SubnetState, coldkey: str, hotkey: str) -> None:
    if net.netuid == 0:
        raise fail("RegistrationNotPermittedOnRootSubnet")
    h = net.hyper
    if not h.registration_allowed:
        raise fail("SubNetRegistrationDisabled", f"subnet {net.netuid} has registration switched off")
    if net.regs_this_block >= h.max_regs_per_block:
        raise fail("TooManyRegistrationsThisBlock", f"at most {h.max_regs_per_block} per block; try the next block")
    if net.regs_this_interval >= 3 * h.target_regs_per_interval:
        raise fail("TooManyRegistrationsThisInterval", "wait for the next adjustment interval")
    if net.uid_of(hotkey) is not None:
        raise fail("HotKeyAlreadyRegisteredInSubNet", f"{hotkey} is uid {net.uid_of(hotkey)} on subnet {net.netuid}")
    check_hotkey_owner(state, coldkey, hotkey)
    if net.hyper.max_allowed_uids == 0:
        raise fail("NoNeuronIdAvailable")


def neuron_to_prune(state: ChainState, net: SubnetState) -> int:
    """The UID a newcomer replaces: lowest pruning score, preferring neurons out of immunity.

    Ties go to the oldest registration, then the lowest UID.
    """
    immune_until = net.hyper.immunity_period
    cols = net.neurons

    def key(uid: int) -> tuple[bool, int, int, int]:
        immune = state.block - cols["block_at_registration"][uid] < immune_until
        return (immune, cols["pruning_score"][uid], cols["block_at_registration"][uid], uid)

    return min(range(net.n), key=key)


def _admit(state: ChainState, net: SubnetState, coldkey: str, hotkey: str) -> int:
    """Give ``hotkey`` a UID (a new slot, or the pruned one) and record it."""
    uid = net.n if net.n < net.hyper.max_allowed_uids else neuron_to_prune(state, net)
    net.put_neuron(uid, hotkey, state.block)
    net.regs_this_block += 1
    net.regs_this_interval += 1
    state.owner.setdefault(hotkey, coldkey)
    emit(state, "SubtensorModule", "NeuronRegistered", net.netuid, uid, hotkey)
    return uid


def burned_register(state: ChainState, coldkey: str, netuid: int, hotkey: str) -> int:
    """``burned_register``: burn the subnet's current ``burn`` from ``coldkey`` and register ``hotkey``."""
    net = subnet(state, netuid)
    _check_can_register(state, net, coldkey, hotkey)
    cost = net.hyper.burn
    balances.withdraw(state, coldkey, cost)
    state.total_issuance -= cost  # burned: recycled out of existence
    return _admit(state, net, coldkey, hotkey)


# -- proof of work ----------------------------------------------------------------------------
def block_hash(block_number: int) -> bytes:
    """Our chains' stand-in for a block hash when sealing work (32 bytes)."""
    return hashlib.sha256(b"bittensor_lite block " + str(block_number).encode()).digest()


def seal(block_number: int, hotkey: str, nonce: int) -> bytes:
    """The proof-of-work seal: sha256(block hash ‖ hotkey ‖ nonce).

    A teaching PoW: the real chain hashes with keccak and sha256 over the block hash and the
    hotkey's public key bytes; the idea (grind nonces until the hash is small) is the same.
    """
    return hashlib.sha256(block_hash(block_number) + hotkey.encode() + nonce.to_bytes(8, "little")).digest()


def meets_difficulty(work: bytes, difficulty: int) -> bool:
    """A seal is good enough when int(seal) · difficulty fits in 256 bits."""
    return int.from_bytes(work, "big") * max(1, difficulty) < 2**256


def register(
    state: ChainState, origin: str, netuid: int, block_number: int, nonce: int, work: bytes | list[int], hotkey: str, coldkey: str
) -> int:
    """``register``: join a subnet by proof of work instead of burning TAO."""
    net = subnet(state, netuid)
    if not 0 <= state.block - int(block_number) < 3:
        raise fail("InvalidWorkBlock", f"work for block {block_number} at block {state.block}: use one of the last 3 blocks")
    work = bytes(work)
    if work != seal(int(block_number), hotkey, int(nonce)):
        raise fail("InvalidSeal")
    if not meets_difficulty(work, net.hyper.difficulty):
        raise fail("InvalidDifficulty", f"seal does not meet difficulty {net.hyper.difficulty}")
    _check_can_register(state, net, coldkey, hotkey)
    return _admit(state, net, coldkey, hotkey)


def grind(block: int, hotkey: str, difficulty: int, max_nonces: int = 10_000_000) -> tuple[int, bytes]:
    """A miner's proof of work: try nonces until the seal meets ``difficulty``; returns (nonce, work)."""
    for nonce in range(max_nonces):
        work = seal(block, hotkey, nonce)
        if meets_difficulty(work, difficulty):
            return nonce, work
    raise fail("InvalidDifficulty", f"no seal found in {max_nonces} nonces; lower the difficulty")


def solve_pow(state: ChainState, netuid: int, hotkey: str, max_nonces: int = 10_000_000) -> tuple[int, int, bytes]:
    """Grind nonces until the seal meets the subnet's difficulty; returns (block, nonce, work)."""
    nonce, work = grind(state.block, hotkey, subnet(state, netuid).hyper.difficulty, max_nonces)
    return state.block, nonce, work


def adjust_burn(net: SubnetState, block: int) -> None:
    """Every ``adjustment_interval`` blocks the burn follows demand (the chain's formula).

    ``burn ← burn · (regs + target) / (2 · target)``, smoothed by ``adjustment_alpha`` and kept
    within [min_burn, max_burn]: more registrations than the target make joining dearer.
    """
    h = net.hyper
    if block - net.last_adjustment_block < h.adjustment_interval:
        return
    target = max(1, h.target_regs_per_interval)
    updated = h.burn * (net.regs_this_interval + target) // (2 * target)
    alpha = h.adjustment_alpha / 2**64
    smoothed = int(alpha * h.burn + (1 - alpha) * updated)
    h.burn = min(max(smoothed, h.min_burn), h.max_burn)
    net.regs_this_interval = 0
    net.last_adjustment_block = block
