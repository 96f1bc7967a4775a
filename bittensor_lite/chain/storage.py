"""Storage as the chain exposes it: runtime state read through node-subtensor's item names.

The runtime keeps plain Python data; a Substrate node serves a key-value trie. This module
is the bridge: for a storage key it finds the item (by the 32-byte twox128 prefix), decodes
the map keys, reads the value from the runtime state and SCALE-encodes it. It also lists the
keys under a prefix (``state_getKeysPaged``), in the byte order a real node returns them.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable, Iterator
from typing import Any

from bittensor_lite.chain.codec import Codec, key_types
from bittensor_lite.chain.pallets import subnet_fields
from bittensor_lite.runtime import hyperparams
from bittensor_lite.runtime.delegation import take_of
from bittensor_lite.runtime.hyperparams import Knob
from bittensor_lite.runtime.schedule import blocks_since_last_step
from bittensor_lite.runtime.state import NEURON_COLUMNS, ChainState, PoolColumn, SubnetState
from bittensor_lite.runtime.weights import MECHANISM_COUNT
from bittensor_lite.scale import decode_compact, split_key

Keys = tuple[Any, ...]


class ChainView:
    """What the node knows beyond the runtime: block number, hashes, events, time, nonces."""

    def __init__(self, state: ChainState, number: int, parent_hash: str, block_hashes: Callable[[int], str | None],
                 events: bytes, now_ms: int, shield_key: bytes | None = None):
        self.state, self.number, self.parent_hash = state, number, parent_hash
        self.block_hashes, self.events, self.now_ms = block_hashes, events, now_ms
        self.shield_key = shield_key  # the author's ML-KEM-768 encapsulation key (MevShield), if it has one


_SUBNET_BOOKKEEPING: dict[str, Callable[[SubnetState], Any]] = {
    "NetworksAdded": lambda n: True,
    "SubnetworkN": lambda n: n.n,
    "SubnetOwner": lambda n: n.owner_coldkey or None,  # root has no owner: no entry, the all-zero default
    "SubnetOwnerHotkey": lambda n: n.owner_hotkey or None,
    "NetworkRegisteredAt": lambda n: n.network_registered_at,
    "LastMechansimStepBlock": lambda n: n.last_epoch_block,
    "RegistrationsThisBlock": lambda n: n.regs_this_block,
    "RegistrationsThisInterval": lambda n: n.regs_this_interval,
    "LastAdjustmentBlock": lambda n: n.last_adjustment_block,
    "LastEpochBlock": lambda n: n.last_epoch_block,
    "SubnetEpochIndex": lambda n: n.epoch_index,
    "FirstEmissionBlockNumber": lambda n: first_emission_block(n),
    "MechanismCountCurrent": lambda n: MECHANISM_COUNT,
    "SubnetEmaTaoFlow": lambda n: _ema_entry(n.ema_tao_flow_block, n.ema_tao_flow),
    "SubnetEmaProtocolFlow": lambda n: _ema_entry(n.ema_protocol_flow_block, n.ema_protocol_flow),
}  # a reader that returns None: no entry for that subnet (an OptionQuery item's None)


def first_emission_block(net: SubnetState) -> int | None:
    """``FirstEmissionBlockNumber``: a subnet here emits from the block after it is registered (there is no
    ``start_call``); the root subnet is never emitted to, so it has none."""
    return None if net.netuid == 0 else net.network_registered_at + 1


def _ema_entry(block: int | None, ema_bits: int) -> tuple[int, dict[str, int]] | None:
    """``(block, I64F64)`` of a flow EMA, or no entry before the coinbase first advanced it."""
    return None if block is None else (block, {"bits": ema_bits})


def wire_value(scale: str, value: Any) -> Any:
    """A state value as the codec encodes it: fixed point as its bits, the balancer as its quote weight."""
    if scale in ("U64F64", "I96F32", "I64F64"):
        return {"bits": value}
    if scale == "Balancer":
        return {"quote": value}
    if scale == "Vec<u8>":
        return "0x" + str(value).encode("utf-8").hex()
    return value


def shares_bits(shares: int) -> dict[str, int]:
    """Whole shares as the chain's U64F64."""
    return wire_value("U64F64", shares << 64)


def _field_reader(f: PoolColumn) -> Callable[[SubnetState], Any]:
    return lambda n: wire_value(f.scale, getattr(n, f.attr))


def _knob_value(n: SubnetState, k: Knob) -> Any:
    value = getattr(n.hyper, k.name)
    return {"bits": value} if k.scale == "U64F64" else value  # fixed point: a composite of its raw bits


def _knob_reader(knobs: tuple[Knob, ...]) -> Callable[[SubnetState], Any]:
    if len(knobs) == 1:
        return lambda n: _knob_value(n, knobs[0])
    return lambda n: tuple(_knob_value(n, k) for k in knobs)


@functools.cache
def _subnet_items(knobs: tuple[Knob, ...]) -> dict[str, Callable[[SubnetState], Any]]:
    items = dict(_SUBNET_BOOKKEEPING)
    for item, group in hyperparams.storage_groups().items():
        items[item] = _knob_reader(group)
    for col in NEURON_COLUMNS:
        if not col.per_uid:
            items[col.storage] = (lambda c: lambda n: list(n.neurons[c]))(col.name)
    for f in subnet_fields("SubtensorModule"):
        items[f.storage] = _field_reader(f)
    return items


def subnet_items(pallet: str = "SubtensorModule") -> dict[str, Callable[[SubnetState], Any]]:
    """Storage items keyed by netuid alone → how to read each from a subnet (hyperparameters, columns, pools)."""
    if pallet != "SubtensorModule":
        return {f.storage: _field_reader(f) for f in subnet_fields(pallet)}
    return _subnet_items(hyperparams.KNOBS)


# (netuid, uid) maps over a neuron column, by storage item → column name
PER_UID_ITEMS = {c.storage: c.name for c in NEURON_COLUMNS if c.per_uid}


def _axon_value(info: dict[str, int]) -> dict[str, int]:
    return {"block": info.get("block", 0), "version": info.get("version", 0), "ip": info["ip"], "port": info["port"],
            "ip_type": info["ip_type"], "protocol": info.get("protocol", 0), "placeholder1": 0, "placeholder2": 0}


def entries(view: ChainView, pallet: str, item: str) -> Iterator[tuple[Keys, Any]]:
    """Every (keys, value) of one storage item; plain items yield one entry with no keys."""
    st = view.state
    if pallet == "System":
        if item == "Account":
            accounts = set(st.balances) | set(st.nonces)
            for acc in accounts:
                yield (acc,), {"nonce": st.nonces.get(acc, 0), "consumers": 0, "providers": 1, "sufficients": 0,
                               "data": {"free": st.balances.get(acc, 0), "reserved": 0, "frozen": 0, "flags": 0}}
        elif item == "BlockHash":
            for n in range(max(0, view.number - 4095), view.number + 1):
                h = view.block_hashes(n)
                if h:
                    yield (n,), h
        elif item == "Number":
            yield (), view.number
        elif item == "ParentHash":
            yield (), view.parent_hash
        elif item == "Events":
            yield (), view.events  # already SCALE bytes
        elif item == "EventCount":
            yield (), None  # filled in by value(): the count comes from the events bytes
        return
    if pallet == "Timestamp" and item == "Now":
        yield (), view.now_ms
        return
    if pallet == "Balances":
        if item == "TotalIssuance":
            yield (), st.total_issuance
        elif item == "Account":
            for acc, free in st.balances.items():
                yield (acc,), {"free": free, "reserved": 0, "frozen": 0, "flags": 0}
        return
    if pallet == "Sudo" and item == "Key":
        if st.sudo:
            yield (), st.sudo
        return
    if pallet == "MevShield":
        if view.shield_key is not None:  # one author, one fixed key: every stage of the pipeline holds it
            if item in ("CurrentKey", "PendingKey", "NextKey"):
                yield (), "0x" + view.shield_key.hex()
            elif item == "PendingKeyExpiresAt":
                yield (), view.number + 2
            elif item == "NextKeyExpiresAt":
                yield (), view.number + 3
        return
    if pallet == "Swap":
        for name, read in subnet_items("Swap").items():
            if name == item:
                yield from (((netuid,), read(net)) for netuid, net in st.subnets.items())
        return
    if pallet != "SubtensorModule":
        return
    items = subnet_items()
    if item in items:
        for netuid, net in st.subnets.items():
            value = items[item](net)
            if value is not None:
                yield (netuid,), value
    elif item == "TotalNetworks":
        yield (), len(st.subnets)
    elif item == "IsNetworkMember":
        for netuid, net in st.subnets.items():
            yield from (((hk, netuid), True) for hk in net.neurons["hotkeys"])
    elif item == "BlocksSinceLastStep":
        for netuid, net in st.subnets.items():
            yield (netuid,), blocks_since_last_step(st.block, net.last_epoch_block)
    elif item == "Uids":
        for netuid, net in st.subnets.items():
            for uid, hk in enumerate(net.neurons["hotkeys"]):
                yield (netuid, hk), uid
    elif item in PER_UID_ITEMS:
        for netuid, net in st.subnets.items():
            for uid, value in enumerate(net.neurons[PER_UID_ITEMS[item]]):
                if isinstance(value, list):  # sparse rows (weights, bonds): absent when empty
                    if value:
                        yield (netuid, uid), [tuple(p) for p in value]
                else:
                    yield (netuid, uid), value
    elif item == "WeightCommits":
        for netuid, net in st.subnets.items():
            for hk, commits in net.weight_commits.items():
                yield (netuid, hk), [tuple(c) for c in commits]
    elif item in ("Axons", "Prometheus"):
        for netuid, net in st.subnets.items():
            table = net.axons if item == "Axons" else net.prometheus
            for hk, info in table.items():
                v = _axon_value(info)
                if item == "Prometheus":
                    v = {k: v[k] for k in ("block", "version", "ip", "port", "ip_type")}
                yield (netuid, hk), v
    elif item == "Owner":
        yield from (((hk,), ck) for hk, ck in st.owner.items())
    elif item == "Delegates":  # every known hotkey has a take: its own, or the default
        yield from (((hk,), take_of(st, hk)) for hk in st.owner)
    elif item == "LastTxBlockDelegateTake":
        yield from (((hk,), b) for hk, b in st.last_take_increase.items())
    elif item == "MinDelegateTake":
        yield (), st.min_delegate_take
    elif item == "MaxDelegateTake":
        yield (), st.max_delegate_take
    elif item == "TxDelegateTakeRateLimit":
        yield (), st.delegate_take_rate_limit
    elif item == "TotalHotkeyAlpha":
        for netuid, net in st.subnets.items():
            yield from (((hk, netuid), v) for hk, v in net.total_hotkey_alpha.items())
    elif item == "TotalHotkeyShares":
        for netuid, net in st.subnets.items():
            yield from (((hk, netuid), shares_bits(v)) for hk, v in net.total_hotkey_shares.items())
    elif item == "Alpha":
        for netuid, net in st.subnets.items():
            for hk, per in net.alpha.items():
                yield from (((hk, ck, netuid), shares_bits(v)) for ck, v in per.items())
    elif item == "TaoWeight":
        yield (), st.tao_weight
    elif item == "SubnetMovingAlpha":
        yield (), wire_value("I96F32", st.moving_alpha)
    elif item == "TotalIssuance":
        yield (), st.total_issuance
    elif item == "BlockEmission":
        yield (), st.block_emission
    elif item == "NetworkMinLockCost":
        yield (), st.network_min_lock_cost


def lookup(view: ChainView, pallet: str, item: str, keys: Keys) -> Any:
    """The value at ``pallet.item[keys]``, or None when absent (fast paths for the big maps)."""
    st = view.state
    if pallet == "SubtensorModule" and keys:
        netuid = keys[0]
        net = st.subnets.get(netuid) if isinstance(netuid, int) else None
        items = subnet_items()
        if item in items:
            return items[item](net) if net else None
        if item == "BlocksSinceLastStep":
            return None if net is None else blocks_since_last_step(st.block, net.last_epoch_block)
        if item in ("Uids", "Axons", "Prometheus") and net is not None:
            if item == "Uids":
                return net.uid_of(keys[1])
            info = (net.axons if item == "Axons" else net.prometheus).get(keys[1])
            if info is None:
                return None
            v = _axon_value(info)
            return v if item == "Axons" else {k: v[k] for k in ("block", "version", "ip", "port", "ip_type")}
        if item in PER_UID_ITEMS and net is not None:
            uid = keys[1]
            if not 0 <= uid < net.n:
                return None
            value = net.neurons[PER_UID_ITEMS[item]][uid]
            if isinstance(value, list):
                return [tuple(p) for p in value] if value else None
            return value
    if pallet == "System" and item == "Account":
        acc = keys[0]
        if acc not in st.balances and acc not in st.nonces:
            return None
    if pallet == "SubtensorModule" and item in ("TotalHotkeyAlpha", "TotalHotkeyShares", "Alpha"):
        net = st.subnets.get(keys[-1]) if isinstance(keys[-1], int) else None
        if net is None:
            return None
        if item == "Alpha":
            shares = net.alpha.get(keys[0], {}).get(keys[1])
            return None if shares is None else shares_bits(shares)
        table = net.total_hotkey_alpha if item == "TotalHotkeyAlpha" else net.total_hotkey_shares
        value = table.get(keys[0])
        return value if value is None or item == "TotalHotkeyAlpha" else shares_bits(value)
    if pallet == "Swap" and keys:
        net = st.subnets.get(keys[0]) if isinstance(keys[0], int) else None
        read = subnet_items("Swap").get(item)
        return read(net) if net is not None and read is not None else None
    if pallet == "SubtensorModule" and item == "Owner":
        return st.owner.get(keys[0])
    if pallet == "SubtensorModule" and item == "Delegates":
        return take_of(st, keys[0]) if keys[0] in st.owner else None
    if pallet == "System" and item == "Account":
        acc = keys[0]
        return {"nonce": st.nonces.get(acc, 0), "consumers": 0, "providers": 1, "sufficients": 0,
                "data": {"free": st.balances.get(acc, 0), "reserved": 0, "frozen": 0, "flags": 0}}
    if pallet == "Balances" and item == "Account":
        free = st.balances.get(keys[0])
        return None if free is None else {"free": free, "reserved": 0, "frozen": 0, "flags": 0}
    for k, v in entries(view, pallet, item):
        if k == keys:
            return v
    return None


def ip_to_int(ip: str) -> int:
    """An IPv4/IPv6 address as the u128 the chain stores."""
    return int(ipaddress.ip_address(ip))


class StorageReader:
    """Answer ``state_getStorage`` / ``state_getKeysPaged`` from a :class:`ChainView`."""

    def __init__(self, codec: Codec):
        self.codec = codec
        self._value_types = {k: v[1] for k, v in codec.metadata.storage_types.items()}

    def _decl(self, key: bytes) -> tuple[str, str] | None:
        return self.codec.prefixes.get(bytes(key[:32]))

    def _encode_value(self, pallet: str, item: str, value: Any) -> bytes:
        if pallet == "System" and item == "Events":
            return value
        return self.codec.encode(self._value_types[(pallet, item)], value)

    def get(self, view: ChainView, key: bytes) -> bytes | None:
        """The SCALE value stored at ``key``, or None."""
        found = self._decl(key)
        if found is None:
            return None
        pallet, item = found
        decl = self.codec.metadata.storage(pallet, item)
        if pallet == "System" and item == "EventCount":
            return self.codec.encode("u32", decode_compact(view.events)[0])
        if not decl.hashers:
            if len(key) != 32:
                return None
            for _, value in entries(view, pallet, item):
                return self._encode_value(pallet, item, value)
            return None
        types = key_types(decl.key or "")
        parts = split_key(decl.hashers, types, bytes(key[32:]))
        if parts is None:
            return None
        keys = tuple(self.codec.decode_key_part(t, p) for t, p in zip(types, parts, strict=True))
        value = lookup(view, pallet, item, keys)
        return None if value is None else self._encode_value(pallet, item, value)

    def keys(self, view: ChainView, prefix: bytes) -> list[bytes]:
        """All storage keys starting with ``prefix``, sorted as a node's trie iterates them."""
        out: list[bytes] = []
        for key_prefix, (pallet, item) in self.codec.prefixes.items():
            if not (key_prefix.startswith(prefix[:32]) and (len(prefix) <= 32 or prefix.startswith(key_prefix))):
                continue
            decl = self.codec.metadata.storage(pallet, item)
            if not decl.hashers:
                if key_prefix.startswith(prefix) and any(True for _ in entries(view, pallet, item)):
                    out.append(key_prefix)
                continue
            for keys, _ in entries(view, pallet, item):
                full = self.codec.storage_key(pallet, item, *keys)
                if full.startswith(prefix):
                    out.append(full)
        out.sort()
        return out
