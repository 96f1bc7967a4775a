"""What the local chain is: its identity, pallets, storage items and signed extensions.

Every pallet, call, storage item, event and error carries node-subtensor's name, index,
argument names and types (mainnet spec 219), so substrate-interface, polkadot.js or the real
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
from bittensor_lite.runtime.state import NEURON_COLUMNS, ChainState
from bittensor_lite.scale import SS58_FORMAT

SPEC_NAME = "node-subtensor"
IMPL_NAME = "bittensor-lite"
SPEC_VERSION = 219
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
ZERO32 = bytes(32)
ACC = "AccountId32"
SUBNET = ("Identity",)


def _encoded_default(scale: str, value: Any) -> bytes:
    if scale == "bool":
        return bytes([int(bool(value))])
    if scale == "U64F64":
        return u(128, value)
    return u(int(scale[1:]), value)


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
            Storage("PendingEmission", "u64", "u16", SUBNET, default=u(64, 0)),
            Storage("LastMechansimStepBlock", "u64", "u16", SUBNET, default=u(64, 0)),
            Storage("RegistrationsThisBlock", "u16", "u16", SUBNET, default=u(16, 0)),
            Storage("RegistrationsThisInterval", "u16", "u16", SUBNET, default=u(16, 0)),
            Storage("LastAdjustmentBlock", "u64", "u16", SUBNET, default=u(64, 0)),
            *_hyper_items(),
            Storage("Uids", "u16", f"(u16, {ACC})", ("Identity", "Blake2_128Concat"), optional=True),
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
            Storage("Stake", "u64", f"({ACC}, {ACC})", ("Blake2_128Concat", "Identity"), default=u(64, 0)),
            Storage("TotalHotkeyStake", "u64", ACC, ("Identity",), default=u(64, 0)),
            Storage("TotalColdkeyStake", "u64", ACC, ("Identity",), default=u(64, 0)),
            Storage("TotalStake", "u64", default=u(64, 0)),
            Storage("TotalIssuance", "u64", default=u(64, 0)),
            Storage("BlockEmission", "u64", default=u(64, _GENESIS.block_emission)),
            Storage("NetworkMinLockCost", "u64", default=u(64, 0)),
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
    return (system, timestamp, balances, payment, subtensor, sudo, admin)


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
