"""What the local chain is: its identity, pallets, storage items and signed extensions.

Every pallet, call, storage item, event and error carries node-subtensor's name, index,
argument names and types (mainnet spec 219, and spec 425's Dynamic TAO staking, pools and swap
pallet; every pallet's errors in spec 425's order, since a client decodes a failed call by index), so substrate-interface, polkadot.js or the real
bittensor SDK compose calls and read storage exactly as they would against the real chain.
Calls, hyperparameters, neuron columns, events and errors come from the runtime's tables;
this module adds the rest of the storage layout and the pallets' indices. A test compares
the result item by item with the real runtime's metadata. Items marked *local* exist only
here (our runtime keeps per-subnet what the chain keeps globally, or the chain added the
item after spec 219). :mod:`~bittensor_lite.chain.metadata` builds the V14 bytes from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bittensor_lite.chain.types import Field
from bittensor_lite.errors import PALLET_ERRORS, error_name
from bittensor_lite.runtime import events, hyperparams
from bittensor_lite.runtime.calls import pallet_calls
from bittensor_lite.runtime.state import (
    NEURON_COLUMNS,
    POOL_COLUMNS,
    ChainState,
    PoolColumn,
    SubnetState,
)
from bittensor_lite.runtime.weights import MECHANISM_COUNT
from bittensor_lite.scale import SS58_FORMAT, encode_compact

SPEC_NAME = "node-subtensor"
IMPL_NAME = "bittensor-lite"
TRANSACTION_VERSION = 1
CHAIN_NAME = "Bittensor Lite Local"
EXISTENTIAL_DEPOSIT = 500


@dataclass(frozen=True)
class Storage:
    """One storage item: ``Plain`` when ``hashers`` is empty, otherwise a map keyed by ``key``."""

    name: str
    value: str
    key: str | None = None
    hashers: tuple[str, ...] = ()
    optional: bool = False
    default: bytes = b""
    doc: str = ""


@dataclass(frozen=True)
class Pallet:
    """A pallet as metadata shows it: index, calls, storage, events, errors and constants."""

    name: str
    index: int
    module: str  # the Rust crate, for type paths (``pallet_subtensor``)
    calls: tuple[tuple[int, str, tuple[Field, ...]], ...] = ()
    storage: tuple[Storage, ...] = ()
    events: tuple[tuple[int, str, tuple[Field, ...]], ...] | None = None
    errors: tuple[str, ...] | None = None
    constants: tuple[tuple[str, str, bytes], ...] = ()


def u(width: int, value: int) -> bytes:
    """A little-endian unsigned integer of ``width`` bits (SCALE's fixed-width ints)."""
    return int(value).to_bytes(width // 8, "little")


_GENESIS = ChainState()  # the chain-wide settings' defaults, as the runtime declares them
_NEW_SUBNET = SubnetState(netuid=0, owner_coldkey="", owner_hotkey="")  # a new subnet's values, likewise
ZERO32 = bytes(32)
ACC = "AccountId32"
SUBNET = ("Identity",)
# pallet_commitments (spec 425): every map is keyed (netuid, hotkey), hashed Identity then Twox64Concat
COMMITMENT_KEY = ("Identity", "Twox64Concat")
COMMITMENT_MAX_SPACE = 3100  # DefaultMaxSpace: bytes a hotkey may commit per subnet per epoch


def _encoded_default(scale: str, value: Any) -> bytes:
    if scale == "bool":
        return bytes([int(bool(value))])
    if scale in ("U64F64", "I96F32", "I64F64"):
        return int(value).to_bytes(16, "little", signed=scale[0] == "I")
    if scale == "Balancer":
        return u(64, value)
    if scale == "Vec<u8>":
        raw = str(value).encode("utf-8")
        return encode_compact(len(raw)) + raw
    return int(value).to_bytes(int(scale[1:]) // 8, "little", signed=scale[0] == "i")


def subnet_field_item(f: PoolColumn) -> Storage:
    """The storage item of one :data:`~bittensor_lite.runtime.state.POOL_COLUMNS` entry (keyed by netuid)."""
    return Storage(f.storage, f.scale, "u16", (f.hasher,), default=_encoded_default(f.scale, f.default),
                   doc=f"SubnetState.{f.attr}")


def subnet_fields(pallet: str) -> tuple[PoolColumn, ...]:
    """One pallet's :data:`~bittensor_lite.runtime.state.POOL_COLUMNS`."""
    return tuple(f for f in POOL_COLUMNS if f.pallet == pallet)


def _hyper_items() -> tuple[Storage, ...]:
    """One storage item per group of hyperparameters in the table (``AlphaValues`` holds a pair)."""
    items = []
    for item, knobs in hyperparams.storage_groups().items():
        value = knobs[0].scale if len(knobs) == 1 else f"({', '.join(k.scale for k in knobs)})"
        default = b"".join(_encoded_default(k.scale, k.default) for k in knobs)
        items.append(Storage(item, value, "u16", (knobs[0].hasher,), default=default,
                             doc="hyperparameter " + ", ".join(k.name for k in knobs)))
    return tuple(items)


def _column_items() -> tuple[Storage, ...]:
    """The neurons' columns: a Vec per subnet, or a (netuid, uid) map for per-UID items."""
    items = []
    for c in NEURON_COLUMNS:
        if c.per_uid:
            default = ZERO32 if c.scale == ACC else (b"\x00" if c.scale.startswith("Vec") else _encoded_default(
                c.scale, c.default))
            items.append(Storage(c.storage, c.scale, "(u16, u16)", ("Identity", "Identity"), default=default))
        else:
            items.append(Storage(c.storage, f"Vec<{c.scale}>", "u16", SUBNET, default=b"\x00"))
    return tuple(items)


def _calls(pallet: str) -> tuple[tuple[int, str, tuple[Field, ...]], ...]:
    """A pallet's calls as metadata declares them, from the runtime's call table."""
    return tuple((c.index, c.name, c.args) for c in pallet_calls(pallet))


def _events(pallet: str) -> tuple[tuple[int, str, tuple[Field, ...]], ...]:
    """A pallet's events as metadata declares them, from the runtime's event table."""
    return events.declared()[pallet]


def _errors(pallet: str) -> tuple[str, ...]:
    """A pallet's error names in the chain's order (their index is their position)."""
    return tuple(error_name(cls) for cls in PALLET_ERRORS[pallet])


def pallets() -> tuple[Pallet, ...]:
    """The pallets of the local chain's runtime, in index order."""
    system = Pallet(
        "System", 0, "frame_system",
        calls=_calls("System"),
        storage=(
            Storage("Account", "AccountInfo", ACC, ("Blake2_128Concat",), default=bytes(16) + bytes(24) + bytes(16),
                    doc="nonce and balances of an account"),
            Storage("BlockHash", "H256", "u32", ("Twox64Concat",), default=ZERO32),
            Storage("Number", "u32", default=u(32, 0)),
            Storage("ParentHash", "H256", default=ZERO32),
            Storage("Events", "Vec<EventRecord>", default=b"\x00"),
            Storage("EventCount", "u32", default=u(32, 0)),
        ),
        events=_events("System"),
        errors=_errors("System"),
        constants=(("BlockHashCount", "u32", u(32, 4096)), ("SS58Prefix", "u16", u(16, SS58_FORMAT))),
    )
    timestamp = Pallet(
        "Timestamp", 2, "pallet_timestamp",
        calls=_calls("Timestamp"),
        storage=(Storage("Now", "u64", default=u(64, 0)),),
        constants=(("MinimumPeriod", "u64", u(64, 6000)),),
    )
    aura = Pallet(  # only its slot length, which clients read as the block time (MinimumPeriod * 2, as on chain)
        "Aura", 3, "pallet_aura",
        constants=(("SlotDuration", "u64", u(64, 2 * 6000)),),
    )
    balances = Pallet(
        "Balances", 5, "pallet_balances",
        calls=_calls("Balances"),
        storage=(
            Storage("TotalIssuance", "u64", default=u(64, 0)),
            Storage("Account", "AccountData", ACC, ("Blake2_128Concat",), default=bytes(40)),
        ),
        events=_events("Balances"),
        errors=_errors("Balances"),
        constants=(("ExistentialDeposit", "u64", u(64, EXISTENTIAL_DEPOSIT)),),
    )
    payment = Pallet(
        "TransactionPayment", 6, "pallet_transaction_payment",
        events=_events("TransactionPayment"),
    )
    subtensor = Pallet(
        "SubtensorModule", 7, "pallet_subtensor",
        calls=_calls("SubtensorModule"),
        storage=(
            Storage("TotalNetworks", "u16", default=u(16, 0)),
            Storage("NetworksAdded", "bool", "u16", SUBNET, default=b"\x00"),
            Storage("SubnetworkN", "u16", "u16", SUBNET, default=u(16, 0)),
            Storage("SubnetOwner", ACC, "u16", SUBNET, default=ZERO32),
            Storage("SubnetOwnerHotkey", ACC, "u16", SUBNET, default=ZERO32, doc="after spec 219"),
            Storage("NetworkRegisteredAt", "u64", "u16", SUBNET, default=u(64, 0)),
            Storage("LastMechansimStepBlock", "u64", "u16", SUBNET, default=u(64, 0)),
            Storage("RegistrationsThisBlock", "u16", "u16", SUBNET, default=u(16, 0)),
            Storage("RegistrationsThisInterval", "u16", "u16", SUBNET, default=u(16, 0)),
            Storage("LastAdjustmentBlock", "u64", "u16", SUBNET, default=u(64, 0)),
            Storage("BlocksSinceLastStep", "u64", "u16", SUBNET, default=u(64, 0),
                    doc="the head block less SubnetState.last_epoch_block (the coinbase counts it up, an epoch resets it)"),
            Storage("LastEpochBlock", "u64", "u16", SUBNET, default=u(64, 0), doc="SubnetState.last_epoch_block"),
            Storage("SubnetEpochIndex", "u64", "u16", SUBNET, default=u(64, _NEW_SUBNET.epoch_index),
                    doc="SubnetState.epoch_index: epochs run"),
            Storage("CollateralLockShare", "u16", "u16", SUBNET, default=u(16, 0),
                    doc="local: no subnet here locks miner collateral (share 0: a registration burns its whole cost)"),
            Storage("SubnetEpochConsensus", "EpochConsensus", "u16", SUBNET, default=u(8, 0),
                    doc="after spec 425 (SDK 11.3 reads it): every subnet here runs Yuma (variant 0), none Null"),
            Storage("FirstEmissionBlockNumber", "u64", "u16", SUBNET, optional=True,
                    doc="a subnet here emits from the block after its registration (no start_call); root never"),
            Storage("MechanismCountCurrent", "u8", "u16", ("Twox64Concat",), default=u(8, MECHANISM_COUNT),
                    doc="runtime.weights.MECHANISM_COUNT"),
            Storage("SubnetEmaTaoFlow", "(u64, I64F64)", "u16", SUBNET, optional=True,
                    doc="SubnetState.ema_tao_flow_block, ema_tao_flow"),
            Storage("SubnetEmaProtocolFlow", "(u64, I64F64)", "u16", SUBNET, optional=True,
                    doc="SubnetState.ema_protocol_flow_block, ema_protocol_flow"),
            *_hyper_items(),
            Storage("Uids", "u16", f"(u16, {ACC})", ("Identity", "Blake2_128Concat"), optional=True),
            Storage("IsNetworkMember", "bool", f"({ACC}, u16)", ("Blake2_128Concat", "Identity"), default=b"\x00",
                    doc="true while the hotkey holds a UID on the subnet"),
            Storage("WeightCommits", "Vec<(H256, u64, u64, u64)>", f"(u16, {ACC})", ("Twox64Concat", "Twox64Concat"),
                    optional=True),
            Storage("Axons", "AxonInfo", f"(u16, {ACC})", ("Identity", "Blake2_128Concat"), optional=True),
            Storage("Prometheus", "PrometheusInfo", f"(u16, {ACC})", ("Identity", "Blake2_128Concat"), optional=True),
            *_column_items(),
            Storage("Owner", ACC, ACC, ("Blake2_128Concat",), default=ZERO32),
            Storage("Delegates", "u16", ACC, ("Blake2_128Concat",), default=u(16, _GENESIS.default_delegate_take)),
            Storage("LastTxBlockDelegateTake", "u64", ACC, ("Identity",), default=u(64, 0)),
            Storage("MinDelegateTake", "u16", default=u(16, _GENESIS.min_delegate_take)),
            Storage("MaxDelegateTake", "u16", default=u(16, _GENESIS.max_delegate_take)),
            Storage("TxDelegateTakeRateLimit", "u64", default=u(64, _GENESIS.delegate_take_rate_limit)),
            *(subnet_field_item(f) for f in subnet_fields("SubtensorModule")),
            Storage("TotalHotkeyAlpha", "u64", f"({ACC}, u16)", ("Blake2_128Concat", "Identity"), default=u(64, 0),
                    doc="alpha staked on a hotkey on a subnet"),
            Storage("TotalHotkeyShares", "U64F64", f"({ACC}, u16)", ("Blake2_128Concat", "Identity"),
                    default=u(128, 0), doc="the shares of that alpha"),
            Storage("Alpha", "U64F64", f"({ACC}, {ACC}, u16)", ("Blake2_128Concat", "Blake2_128Concat", "Identity"),
                    default=u(128, 0), doc="one coldkey's shares of a hotkey's alpha on a subnet"),
            Storage("TaoWeight", "u64", default=u(64, _GENESIS.tao_weight)),
            Storage("SubnetMovingAlpha", "I96F32", default=_encoded_default("I96F32", _GENESIS.moving_alpha)),
            Storage("TotalIssuance", "u64", default=u(64, 0)),
            Storage("BlockEmission", "u64", default=u(64, _GENESIS.block_emission)),
            Storage("NetworkMinLockCost", "u64", default=u(64, _GENESIS.network_min_lock_cost)),
        ),
        events=_events("SubtensorModule"),
        errors=_errors("SubtensorModule"),
    )
    sudo = Pallet(
        "Sudo", 12, "pallet_sudo",
        calls=_calls("Sudo"),
        storage=(Storage("Key", ACC, optional=True),),
        events=_events("Sudo"),
        errors=_errors("Sudo"),
    )
    admin = Pallet(
        "AdminUtils", 19, "pallet_admin_utils",
        calls=_calls("AdminUtils"),
        events=_events("AdminUtils"),
        errors=_errors("AdminUtils"),
    )
    commitments = Pallet(  # storage only: no set_commitment here, so every map is empty and MaxSpace its default
        "Commitments", 18, "pallet_commitments",
        storage=(
            Storage("TimelockedIndex", f"BTreeSet<(u16, {ACC})>", default=b"\x00",
                    doc="the (netuid, hotkey) pairs with a timelocked field: none"),
            Storage("CommitmentOf", "Registration", f"(u16, {ACC})", COMMITMENT_KEY, optional=True,
                    doc="a hotkey's commitment on a subnet: none (set_commitment is not modelled)"),
            Storage("LastCommitment", "u32", f"(u16, {ACC})", COMMITMENT_KEY, optional=True),
            Storage("LastBondsReset", "u32", f"(u16, {ACC})", COMMITMENT_KEY, optional=True),
            Storage("RevealedCommitments", "Vec<(Vec<u8>, u64)>", f"(u16, {ACC})", COMMITMENT_KEY, optional=True,
                    doc="revealed timelocked commitments, (data, reveal block): none"),
            Storage("UsedSpaceOf", "UsageTracker", f"(u16, {ACC})", COMMITMENT_KEY, optional=True),
            Storage("MaxSpace", "u32", default=u(32, COMMITMENT_MAX_SPACE), doc="DefaultMaxSpace"),
        ),
        errors=_errors("Commitments"),
        constants=(("MaxFields", "u32", u(32, 3)), ("InitialDeposit", "u64", u(64, 0)),
                   ("FieldDeposit", "u64", u(64, 0))),
    )
    swap = Pallet(
        "Swap", 28, "pallet_subtensor_swap",
        storage=tuple(subnet_field_item(f) for f in subnet_fields("Swap")),
        errors=_errors("Swap"),
    )
    shield = Pallet(
        "MevShield", 30, "pallet_shield",
        calls=_calls("MevShield"),
        storage=(
            Storage("CurrentKey", "Vec<u8>", optional=True, doc="the author's ML-KEM-768 encapsulation key (one author)"),
            Storage("PendingKey", "Vec<u8>", optional=True, doc="the same key: this chain has one author"),
            Storage("NextKey", "Vec<u8>", optional=True, doc="the key a client encrypts to (chain.shield)"),
            Storage("PendingKeyExpiresAt", "u32", optional=True, doc="block number + 2, as the chain sets it"),
            Storage("NextKeyExpiresAt", "u32", optional=True, doc="block number + 3, as the chain sets it"),
        ),
        events=_events("MevShield"),
        errors=_errors("MevShield"),
    )
    return (system, timestamp, aura, balances, payment, subtensor, sudo, commitments, admin, swap, shield)


SIGNED_EXTENSIONS = (  # identifier, type path, extra (in the extrinsic), additional (signed only)
    ("CheckNonZeroSender", ("frame_system", "extensions", "check_non_zero_sender", "CheckNonZeroSender"), None, "()"),
    ("CheckSpecVersion", ("frame_system", "extensions", "check_spec_version", "CheckSpecVersion"), None, "u32"),
    ("CheckTxVersion", ("frame_system", "extensions", "check_tx_version", "CheckTxVersion"), None, "u32"),
    ("CheckGenesis", ("frame_system", "extensions", "check_genesis", "CheckGenesis"), None, "H256"),
    ("CheckMortality", ("frame_system", "extensions", "check_mortality", "CheckMortality"), "Era", "H256"),
    ("CheckNonce", ("node_subtensor_runtime", "check_nonce", "CheckNonce"), "Compact<u32>", "()"),
    ("CheckWeight", ("frame_system", "extensions", "check_weight", "CheckWeight"), None, "()"),
    ("ChargeTransactionPayment", ("pallet_transaction_payment", "ChargeTransactionPayment"), "Compact<u64>", "()"),
    ("SubtensorSignedExtension", ("pallet_subtensor", "SubtensorSignedExtension"), None, "()"),
    ("CommitmentsSignedExtension", ("pallet_commitments", "CommitmentsSignedExtension"), None, "()"),
    ("CheckMetadataHash", ("frame_metadata_hash_extension", "CheckMetadataHash"), "Mode", "Option<[u8; 32]>"),
)
