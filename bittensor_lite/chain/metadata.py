"""The local chain's runtime metadata (V14), declared here and built with scale-info's layout.

Every pallet, call, storage item, event and error below carries node-subtensor's name, index,
argument names and types (mainnet spec 219), so substrate-interface, polkadot.js or the
real bittensor SDK compose calls and read storage exactly as they would against the real
chain. A test compares these declarations item by item with the real runtime's metadata.
Items marked *local* exist only here (our runtime keeps per-subnet what the chain keeps
globally, or the chain added the item after spec 219).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from bittensor_lite.chain.types import Field, TypeRegistry
from bittensor_lite.errors import PALLET_ERRORS, error_by_name
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


ZERO32 = bytes(32)
ACC = "AccountId32"
SUBNET = ("Identity",)


def _hyper_items() -> tuple[Storage, ...]:
    from bittensor_lite.runtime.hyperparams import SubnetHyperparameters

    h = SubnetHyperparameters()
    spec = [  # storage name, value type, our hyperparameter
        ("Tempo", "u16", "tempo"), ("Kappa", "u16", "kappa"), ("Rho", "u16", "rho"),
        ("ImmunityPeriod", "u16", "immunity_period"), ("MaxAllowedUids", "u16", "max_allowed_uids"),
        ("MinAllowedWeights", "u16", "min_allowed_weights"), ("MaxWeightsLimit", "u16", "max_weights_limit"),
        ("WeightsSetRateLimit", "u64", "weights_rate_limit"), ("WeightsVersionKey", "u64", "weights_version"),
        ("MaxAllowedValidators", "u16", "max_allowed_validators"), ("ActivityCutoff", "u16", "activity_cutoff"),
        ("BondsMovingAverage", "u64", "bonds_moving_average"),
        ("NetworkRegistrationAllowed", "bool", "registration_allowed"),
        ("Burn", "u64", "burn"), ("MinBurn", "u64", "min_burn"), ("MaxBurn", "u64", "max_burn"),
        ("Difficulty", "u64", "difficulty"), ("AdjustmentInterval", "u16", "adjustment_interval"),
        ("TargetRegistrationsPerInterval", "u16", "target_regs_per_interval"),
        ("MaxRegistrationsPerBlock", "u16", "max_regs_per_block"), ("ServingRateLimit", "u64", "serving_rate_limit"),
        ("AdjustmentAlpha", "u64", "adjustment_alpha"),
        # after spec 219 (current subtensor names)
        ("BondsPenalty", "u16", "bonds_penalty"), ("Yuma3On", "bool", "yuma3_enabled"),
        ("AlphaSigmoidSteepness", "u16", "alpha_sigmoid_steepness"),
        # local: per-subnet here, global (StakeThreshold, SubnetOwnerCut) on the chain
        ("LocalWeightsMinStake", "u64", "weights_min_stake"), ("LocalSubnetOwnerCut", "u16", "subnet_owner_cut"),
    ]
    items = []
    for name, ty, attr in spec:
        width = {"u16": 16, "u64": 64}.get(ty)
        default = bytes([int(getattr(h, attr))]) if ty == "bool" else u(width, getattr(h, attr))
        items.append(Storage(name, ty, "u16", SUBNET, default=default, doc=f"hyperparameter {attr}"))
    items.append(Storage("LiquidAlphaOn", "bool", "u16", ("Blake2_128Concat",), default=b"\x00",
                         doc="hyperparameter liquid_alpha_enabled"))
    items.append(Storage("AlphaValues", "(u16, u16)", "u16", SUBNET, default=u(16, h.alpha_low) + u(16, h.alpha_high),
                         doc="hyperparameters (alpha_low, alpha_high)"))
    return tuple(items)


# Where each hyperparameter lives in storage (our name → storage item); AlphaValues holds two.
HYPERPARAMETER_STORAGE: dict[str, str] = {
    s.doc.removeprefix("hyperparameter "): s.name for s in _hyper_items() if s.doc.startswith("hyperparameter ")
    and "(" not in s.doc
}

# SubtensorModule events we emit, with the chain's index and fields.
HYPERPARAMETER_EVENTS = {  # our hyperparameter → (event index, name, value type)
    "max_allowed_uids": (8, "MaxAllowedUidsSet", "u16"), "max_weights_limit": (9, "MaxWeightLimitSet", "u16"),
    "difficulty": (10, "DifficultySet", "u64"), "adjustment_interval": (11, "AdjustmentIntervalSet", "u16"),
    "target_regs_per_interval": (12, "RegistrationPerIntervalSet", "u16"),
    "max_regs_per_block": (13, "MaxRegistrationsPerBlockSet", "u16"), "activity_cutoff": (14, "ActivityCutoffSet", "u16"),
    "rho": (15, "RhoSet", "u16"), "kappa": (16, "KappaSet", "u16"), "min_allowed_weights": (17, "MinAllowedWeightSet", "u16"),
    "weights_rate_limit": (20, "WeightsSetRateLimitSet", "u64"), "immunity_period": (21, "ImmunityPeriodSet", "u16"),
    "bonds_moving_average": (22, "BondsMovingAverageSet", "u64"),
    "max_allowed_validators": (23, "MaxAllowedValidatorsSet", "u16"),
    "weights_version": (29, "WeightsVersionKeySet", "u64"), "serving_rate_limit": (32, "ServingRateLimitSet", "u64"),
    "burn": (33, "BurnSet", "u64"), "max_burn": (34, "MaxBurnSet", "u64"), "min_burn": (35, "MinBurnSet", "u64"),
    "registration_allowed": (43, "RegistrationAllowed", "bool"), "tempo": (45, "TempoSet", "u16"),
    "adjustment_alpha": (49, "AdjustmentAlphaSet", "u64"),
}
SUBTENSOR_EVENTS = (
    (0, "NetworkAdded", ((None, "u16"), (None, "u16"))),
    (2, "StakeAdded", ((None, ACC, "T::AccountId"), (None, "u64"))),
    (3, "StakeRemoved", ((None, ACC, "T::AccountId"), (None, "u64"))),
    (4, "WeightsSet", ((None, "u16"), (None, "u16"))),
    (5, "NeuronRegistered", ((None, "u16"), (None, "u16"), (None, ACC, "T::AccountId"))),
    (24, "AxonServed", ((None, "u16"), (None, ACC, "T::AccountId"))),
    (25, "PrometheusServed", ((None, "u16"), (None, ACC, "T::AccountId"))),
    *sorted((i, n, ((None, "u16"), (None, t))) for i, n, t in HYPERPARAMETER_EVENTS.values()),
)

# AdminUtils setters: chain call → (index, argument, our hyperparameter). sudo_set_alpha_values sets two.
ADMIN_SETTERS = {
    "sudo_set_serving_rate_limit": (3, "serving_rate_limit", "u64", "serving_rate_limit"),
    "sudo_set_weights_version_key": (6, "weights_version_key", "u64", "weights_version"),
    "sudo_set_weights_set_rate_limit": (7, "weights_set_rate_limit", "u64", "weights_rate_limit"),
    "sudo_set_adjustment_interval": (8, "adjustment_interval", "u16", "adjustment_interval"),
    "sudo_set_adjustment_alpha": (9, "adjustment_alpha", "u64", "adjustment_alpha"),
    "sudo_set_max_weight_limit": (12, "max_weight_limit", "u16", "max_weights_limit"),
    "sudo_set_immunity_period": (13, "immunity_period", "u16", "immunity_period"),
    "sudo_set_min_allowed_weights": (14, "min_allowed_weights", "u16", "min_allowed_weights"),
    "sudo_set_max_allowed_uids": (15, "max_allowed_uids", "u16", "max_allowed_uids"),
    "sudo_set_kappa": (16, "kappa", "u16", "kappa"),
    "sudo_set_rho": (17, "rho", "u16", "rho"),
    "sudo_set_activity_cutoff": (18, "activity_cutoff", "u16", "activity_cutoff"),
    "sudo_set_network_registration_allowed": (19, "registration_allowed", "bool", "registration_allowed"),
    "sudo_set_target_registrations_per_interval": (21, "target_registrations_per_interval", "u16",
                                                   "target_regs_per_interval"),
    "sudo_set_min_burn": (22, "min_burn", "u64", "min_burn"),
    "sudo_set_max_burn": (23, "max_burn", "u64", "max_burn"),
    "sudo_set_difficulty": (24, "difficulty", "u64", "difficulty"),
    "sudo_set_max_allowed_validators": (25, "max_allowed_validators", "u16", "max_allowed_validators"),
    "sudo_set_bonds_moving_average": (26, "bonds_moving_average", "u64", "bonds_moving_average"),
    "sudo_set_max_registrations_per_block": (27, "max_registrations_per_block", "u16", "max_regs_per_block"),
    "sudo_set_tempo": (30, "tempo", "u16", "tempo"),
    "sudo_set_liquid_alpha_enabled": (50, "enabled", "bool", "liquid_alpha_enabled"),
    # local: not in spec 219 (later releases add some of these under other indices)
    "sudo_set_bonds_penalty": (200, "bonds_penalty", "u16", "bonds_penalty"),
    "sudo_set_yuma3_enabled": (201, "enabled", "bool", "yuma3_enabled"),
    "sudo_set_alpha_sigmoid_steepness": (202, "steepness", "u16", "alpha_sigmoid_steepness"),
    "sudo_set_burn": (203, "burn", "u64", "burn"),
    "sudo_set_weights_min_stake": (204, "min_stake", "u64", "weights_min_stake"),
    "sudo_set_subnet_owner_cut_local": (205, "subnet_owner_cut", "u16", "subnet_owner_cut"),
}
ALPHA_VALUES_CALL = (51, "sudo_set_alpha_values")
SETTER_FOR_HYPERPARAMETER = {v[3]: k for k, v in ADMIN_SETTERS.items()}


def _errors(pallet: str) -> tuple[str, ...]:
    """A pallet's error names in the chain's order (their index is their position)."""
    return tuple(cls.__name__ for cls in PALLET_ERRORS[pallet])


def pallets() -> tuple[Pallet, ...]:
    """The pallets of the local chain's runtime, in index order."""
    system = Pallet(
        "System", 0, "frame_system",
        calls=((0, "remark", (("remark", "Vec<u8>"),)), (7, "remark_with_event", (("remark", "Vec<u8>"),))),
        storage=(
            Storage("Account", "AccountInfo", ACC, ("Blake2_128Concat",), default=bytes(16) + bytes(24) + bytes(16),
                    doc="nonce and balances of an account"),
            Storage("BlockHash", "H256", "u32", ("Twox64Concat",), default=ZERO32),
            Storage("Number", "u32", default=u(32, 0)),
            Storage("ParentHash", "H256", default=ZERO32),
            Storage("Events", "Vec<EventRecord>", default=b"\x00"),
            Storage("EventCount", "u32", default=u(32, 0)),
        ),
        events=(
            (0, "ExtrinsicSuccess", (("dispatch_info", "DispatchInfo"),)),
            (1, "ExtrinsicFailed", (("dispatch_error", "DispatchError"), ("dispatch_info", "DispatchInfo"))),
            (3, "NewAccount", (("account", ACC, "T::AccountId"),)),
            (5, "Remarked", (("sender", ACC, "T::AccountId"), ("hash", "H256", "T::Hash"))),
        ),
        errors=_errors("System"),
        constants=(("BlockHashCount", "u32", u(32, 4096)), ("SS58Prefix", "u16", u(16, SS58_FORMAT))),
    )
    timestamp = Pallet(
        "Timestamp", 2, "pallet_timestamp",
        calls=((0, "set", (("now", "Compact<u64>", "T::Moment"),)),),
        storage=(Storage("Now", "u64", default=u(64, 0)),),
        constants=(("MinimumPeriod", "u64", u(64, 6000)),),
    )
    balances = Pallet(
        "Balances", 5, "pallet_balances",
        calls=(
            (0, "transfer_allow_death", (("dest", "MultiAddress", "AccountIdLookupOf<T>"),
                                         ("value", "Compact<u64>", "T::Balance"))),
            (3, "transfer_keep_alive", (("dest", "MultiAddress", "AccountIdLookupOf<T>"),
                                        ("value", "Compact<u64>", "T::Balance"))),
        ),
        storage=(
            Storage("TotalIssuance", "u64", default=u(64, 0)),
            Storage("Account", "AccountData", ACC, ("Blake2_128Concat",), default=bytes(40)),
        ),
        events=(
            (0, "Endowed", (("account", ACC, "T::AccountId"), ("free_balance", "u64", "T::Balance"))),
            (2, "Transfer", (("from", ACC, "T::AccountId"), ("to", ACC, "T::AccountId"), ("amount", "u64", "T::Balance"))),
            (3, "BalanceSet", (("who", ACC, "T::AccountId"), ("free", "u64", "T::Balance"))),
            (8, "Withdraw", (("who", ACC, "T::AccountId"), ("amount", "u64", "T::Balance"))),
        ),
        errors=_errors("Balances"),
        constants=(("ExistentialDeposit", "u64", u(64, EXISTENTIAL_DEPOSIT)),),
    )
    payment = Pallet(
        "TransactionPayment", 6, "pallet_transaction_payment",
        events=((0, "TransactionFeePaid", (("who", ACC, "T::AccountId"), ("actual_fee", "u64", "BalanceOf<T>"),
                                          ("tip", "u64", "BalanceOf<T>"))),),
    )
    subtensor = Pallet(
        "SubtensorModule", 7, "pallet_subtensor",
        calls=(
            (0, "set_weights", (("netuid", "u16"), ("dests", "Vec<u16>"), ("weights", "Vec<u16>"), ("version_key", "u64"))),
            (2, "add_stake", (("hotkey", ACC, "T::AccountId"), ("amount_staked", "u64"))),
            (3, "remove_stake", (("hotkey", ACC, "T::AccountId"), ("amount_unstaked", "u64"))),
            (4, "serve_axon", (("netuid", "u16"), ("version", "u32"), ("ip", "u128"), ("port", "u16"), ("ip_type", "u8"),
                               ("protocol", "u8"), ("placeholder1", "u8"), ("placeholder2", "u8"))),
            (5, "serve_prometheus", (("netuid", "u16"), ("version", "u32"), ("ip", "u128"), ("port", "u16"),
                                     ("ip_type", "u8"))),
            (6, "register", (("netuid", "u16"), ("block_number", "u64"), ("nonce", "u64"), ("work", "Vec<u8>"),
                             ("hotkey", ACC, "T::AccountId"), ("coldkey", ACC, "T::AccountId"))),
            (7, "burned_register", (("netuid", "u16"), ("hotkey", ACC, "T::AccountId"))),
            (59, "register_network", ()),
        ),
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
            Storage("Keys", ACC, "(u16, u16)", ("Identity", "Identity"), default=ZERO32),
            Storage("BlockAtRegistration", "u64", "(u16, u16)", ("Identity", "Identity"), default=u(64, 0)),
            Storage("Weights", "Vec<(u16, u16)>", "(u16, u16)", ("Identity", "Identity"), default=b"\x00"),
            Storage("Bonds", "Vec<(u16, u16)>", "(u16, u16)", ("Identity", "Identity"), default=b"\x00"),
            Storage("Axons", "AxonInfo", f"(u16, {ACC})", ("Identity", "Blake2_128Concat"), optional=True),
            Storage("Prometheus", "PrometheusInfo", f"(u16, {ACC})", ("Identity", "Blake2_128Concat"), optional=True),
            *(Storage(n, t, "u16", SUBNET, default=b"\x00") for n, t in (
                ("Rank", "Vec<u16>"), ("Trust", "Vec<u16>"), ("Active", "Vec<bool>"), ("Emission", "Vec<u64>"),
                ("Consensus", "Vec<u16>"), ("Incentive", "Vec<u16>"), ("Dividends", "Vec<u16>"),
                ("LastUpdate", "Vec<u64>"), ("PruningScores", "Vec<u16>"), ("ValidatorTrust", "Vec<u16>"),
                ("ValidatorPermit", "Vec<bool>"))),
            Storage("Owner", ACC, ACC, ("Blake2_128Concat",), default=ZERO32),
            Storage("Stake", "u64", f"({ACC}, {ACC})", ("Blake2_128Concat", "Identity"), default=u(64, 0)),
            Storage("TotalHotkeyStake", "u64", ACC, ("Identity",), default=u(64, 0)),
            Storage("TotalColdkeyStake", "u64", ACC, ("Identity",), default=u(64, 0)),
            Storage("TotalStake", "u64", default=u(64, 0)),
            Storage("TotalIssuance", "u64", default=u(64, 0)),
            Storage("BlockEmission", "u64", default=u(64, 1_000_000_000)),
            Storage("NetworkMinLockCost", "u64", default=u(64, 0)),
        ),
        events=SUBTENSOR_EVENTS,
        errors=_errors("SubtensorModule"),
    )
    sudo = Pallet(
        "Sudo", 12, "pallet_sudo",
        calls=((0, "sudo", (("call", "RuntimeCall", "Box<<T as Config>::RuntimeCall>"),)),),
        storage=(Storage("Key", ACC, optional=True),),
        events=((0, "Sudid", (("sudo_result", "DispatchResult", "DispatchResult"),)),),
        errors=_errors("Sudo"),
    )
    admin_calls = [(idx, name, (("netuid", "u16"), (arg, ty))) for name, (idx, arg, ty, _) in ADMIN_SETTERS.items()]
    admin_calls.append((ALPHA_VALUES_CALL[0], ALPHA_VALUES_CALL[1],
                        (("netuid", "u16"), ("alpha_low", "u16"), ("alpha_high", "u16"))))
    admin = Pallet(
        "AdminUtils", 19, "pallet_admin_utils",
        calls=tuple(sorted(admin_calls)),
        events=(),
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


def _define_named_types(reg: TypeRegistry) -> None:
    reg.define(ACC, lambda r: r.composite(["sp_core", "crypto", "AccountId32"], [(None, "[u8; 32]", "[u8; 32]")]))
    reg.define("H256", lambda r: r.composite(["primitive_types", "H256"], [(None, "[u8; 32]", "[u8; 32]")]))
    reg.define("MultiAddress", lambda r: r.variant(
        ["sp_runtime", "multiaddress", "MultiAddress"],
        [(0, "Id", [(None, ACC, "AccountId")]), (1, "Index", [(None, "Compact<()>", "AccountIndex")]),
         (2, "Raw", [(None, "Vec<u8>", "Vec<u8>")]), (3, "Address32", [(None, "[u8; 32]", "[u8; 32]")]),
         (4, "Address20", [(None, "[u8; 20]", "[u8; 20]")])],
        params=[{"name": "AccountId", "type": r.type(ACC)}, {"name": "AccountIndex", "type": r.type("()")}]))
    reg.define("MultiSignature", lambda r: r.variant(
        ["sp_runtime", "MultiSignature"],
        [(0, "Ed25519", [(None, "[u8; 64]")]), (1, "Sr25519", [(None, "[u8; 64]")]), (2, "Ecdsa", [(None, "[u8; 65]")])]))
    reg.define("Era", lambda r: r.variant(
        ["sp_runtime", "generic", "era", "Era"],
        [(0, "Immortal", [])] + [(i, f"Mortal{i}", [(None, "u8")]) for i in range(1, 256)]))
    reg.define("Mode", lambda r: r.variant(["frame_metadata_hash_extension", "Mode"],
                                           [(0, "Disabled", []), (1, "Enabled", [])]))
    reg.define("ExtraFlags", lambda r: r.composite(["pallet_balances", "types", "ExtraFlags"], [(None, "u128")]))
    reg.define("AccountData", lambda r: r.composite(
        ["pallet_balances", "types", "AccountData"],
        [("free", "u64", "Balance"), ("reserved", "u64", "Balance"), ("frozen", "u64", "Balance"),
         ("flags", "ExtraFlags", "ExtraFlags")]))
    reg.define("AccountInfo", lambda r: r.composite(
        ["frame_system", "AccountInfo"],
        [("nonce", "u32", "Nonce"), ("consumers", "u32", "RefCount"), ("providers", "u32", "RefCount"),
         ("sufficients", "u32", "RefCount"), ("data", "AccountData", "AccountData")]))
    reg.define("AxonInfo", lambda r: r.composite(
        ["pallet_subtensor", "pallet", "AxonInfo"],
        [("block", "u64"), ("version", "u32"), ("ip", "u128"), ("port", "u16"), ("ip_type", "u8"), ("protocol", "u8"),
         ("placeholder1", "u8"), ("placeholder2", "u8")]))
    reg.define("PrometheusInfo", lambda r: r.composite(
        ["pallet_subtensor", "pallet", "PrometheusInfo"],
        [("block", "u64"), ("version", "u32"), ("ip", "u128"), ("port", "u16"), ("ip_type", "u8")]))
    reg.define("Weight", lambda r: r.composite(
        ["sp_weights", "weight_v2", "Weight"], [("ref_time", "Compact<u64>", "u64"), ("proof_size", "Compact<u64>", "u64")]))
    reg.define("DispatchClass", lambda r: r.variant(
        ["frame_support", "dispatch", "DispatchClass"], [(0, "Normal", []), (1, "Operational", []), (2, "Mandatory", [])]))
    reg.define("Pays", lambda r: r.variant(["frame_support", "dispatch", "Pays"], [(0, "Yes", []), (1, "No", [])]))
    reg.define("DispatchInfo", lambda r: r.composite(
        ["frame_support", "dispatch", "DispatchInfo"],
        [("weight", "Weight", "Weight"), ("class", "DispatchClass", "DispatchClass"), ("pays_fee", "Pays", "Pays")]))
    reg.define("ModuleError", lambda r: r.composite(
        ["sp_runtime", "ModuleError"], [("index", "u8"), ("error", "[u8; 4]")]))
    reg.define("TokenError", lambda r: r.variant(["sp_runtime", "TokenError"], [
        (i, n, []) for i, n in enumerate(("FundsUnavailable", "OnlyProvider", "BelowMinimum", "CannotCreate",
                                          "UnknownAsset", "Frozen", "Unsupported", "CannotCreateHold",
                                          "NotExpendable", "Blocked"))]))
    reg.define("ArithmeticError", lambda r: r.variant(["sp_arithmetic", "ArithmeticError"], [
        (0, "Underflow", []), (1, "Overflow", []), (2, "DivisionByZero", [])]))
    reg.define("TransactionalError", lambda r: r.variant(["sp_runtime", "TransactionalError"], [
        (0, "LimitReached", []), (1, "NoLayer", [])]))
    reg.define("DispatchError", lambda r: r.variant(["sp_runtime", "DispatchError"], [
        (0, "Other", []), (1, "CannotLookup", []), (2, "BadOrigin", []), (3, "Module", [(None, "ModuleError")]),
        (4, "ConsumerRemaining", []), (5, "NoProviders", []), (6, "TooManyConsumers", []),
        (7, "Token", [(None, "TokenError")]), (8, "Arithmetic", [(None, "ArithmeticError")]),
        (9, "Transactional", [(None, "TransactionalError")]), (10, "Exhausted", []), (11, "Corruption", []),
        (12, "Unavailable", []), (13, "RootNotAllowed", [])]))
    reg.define("DispatchResult", lambda r: r.variant(
        ["Result"], [(0, "Ok", [(None, "()")]), (1, "Err", [(None, "DispatchError")])],
        params=[{"name": "T", "type": r.type("()")}, {"name": "E", "type": r.type("DispatchError")}]))
    reg.define("Phase", lambda r: r.variant(["frame_system", "Phase"], [
        (0, "ApplyExtrinsic", [(None, "u32")]), (1, "Finalization", []), (2, "Initialization", [])]))


@dataclass
class Metadata:
    """The built metadata: the portable registry, the SCALE bytes, and lookups the node needs."""

    registry: TypeRegistry
    pallets: tuple[Pallet, ...]
    value: Any
    encoded: bytes
    call_type: int
    event_type: int
    extrinsic_type: int
    storage_types: dict[tuple[str, str], tuple[int | None, int]] = field(default_factory=dict)

    def pallet(self, name: str) -> Pallet:
        """The pallet called ``name``."""
        for p in self.pallets:
            if p.name == name:
                return p
        raise KeyError(name)

    def storage(self, pallet: str, item: str) -> Storage:
        """A storage item's declaration."""
        for s in self.pallet(pallet).storage:
            if s.name == item:
                return s
        raise KeyError(f"{pallet}.{item}")


def _error_docs(pallet: str, name: str) -> list[str]:
    """Our one-line explanation of a chain error (what ``ExtrinsicReceipt.error_message`` shows)."""
    try:
        doc = error_by_name(name, pallet).__doc__
    except KeyError:
        return []
    return [doc.strip()] if doc else []


def _pallet_type(reg: TypeRegistry, p: Pallet, what: str, entries: Any) -> int:
    path = [p.module, "pallet", what]
    if what == "Error":
        return reg.variant(path, [(i, n, []) for i, n in enumerate(entries)])
    return reg.variant(path, [(i, n, list(f)) for i, n, f in entries])


@functools.lru_cache(maxsize=1)
def build_metadata() -> Metadata:
    """Build the runtime metadata V14 from the declarations above (cached: it never changes)."""
    from scalecodec.base import RuntimeConfigurationObject
    from scalecodec.type_registry import load_type_registry_preset

    reg = TypeRegistry()
    _define_named_types(reg)
    ps = pallets()
    # The outer call enum refers to each pallet's Call, and Sudo's call refers back to it.
    call_outer = reg.add(("outer", "RuntimeCall"), ["node_subtensor_runtime", "RuntimeCall"], {})
    reg.define("RuntimeCall", lambda r: call_outer)
    call_ids = {p.name: _pallet_type(reg, p, "Call", p.calls) for p in ps if p.calls}
    reg.types[call_outer]["type"]["def"] = {"variant": {"variants": [
        {"name": p.name, "fields": [{"name": None, "type": call_ids[p.name],
                                     "typeName": f"self::sp_api_hidden_includes_construct_runtime::hidden_include"
                                                 f"::dispatch::CallableCallFor<{p.name}, Runtime>", "docs": []}],
         "index": p.index, "docs": []} for p in ps if p.calls]}}
    event_ids = {p.name: _pallet_type(reg, p, "Event", p.events) for p in ps if p.events is not None}
    for name, type_id in event_ids.items():
        reg.define(f"__event_{name}", (lambda i: lambda r: i)(type_id))
    event_outer = reg.variant(["node_subtensor_runtime", "RuntimeEvent"], [
        (p.index, p.name, [(None, f"__event_{p.name}")]) for p in ps if p.events is not None])
    reg.define("RuntimeEvent", lambda r: event_outer)
    reg.define("EventRecord", lambda r: r.composite(
        ["frame_system", "EventRecord"],
        [("phase", "Phase", "Phase"), ("event", "RuntimeEvent", "E"), ("topics", "Vec<H256>", "Vec<T>")],
        params=[{"name": "E", "type": event_outer}, {"name": "T", "type": r.type("H256")}]))
    error_ids = {p.name: _pallet_type(reg, p, "Error", p.errors) for p in ps if p.errors is not None}
    for name, type_id in error_ids.items():
        reg.define(f"__error_{name}", (lambda i: lambda r: i)(type_id))
        for variant in reg.types[type_id]["type"]["def"]["variant"]["variants"]:
            variant["docs"] = _error_docs(name, variant["name"])
    reg.variant(["node_subtensor_runtime", "RuntimeError"], [
        (p.index, p.name, [(None, f"__error_{p.name}")]) for p in ps if p.errors is not None])

    ext_ids = []
    for ident, path, extra, _additional in SIGNED_EXTENSIONS:
        fields = [(None, extra)] if extra and ident != "CheckMetadataHash" else (
            [("mode", "Mode", "Mode")] if extra else [])
        ext_ids.append(reg.composite(list(path), fields))
    extra_tuple = reg.add(("tuple", "extra"), [], {"tuple": ext_ids})
    extrinsic = reg.composite(
        ["sp_runtime", "generic", "unchecked_extrinsic", "UncheckedExtrinsic"], [(None, "Vec<u8>", "Vec<u8>")],
        params=[{"name": "Address", "type": reg.type("MultiAddress")}, {"name": "Call", "type": call_outer},
                {"name": "Signature", "type": reg.type("MultiSignature")}, {"name": "Extra", "type": extra_tuple}])

    storage_types: dict[tuple[str, str], tuple[int | None, int]] = {}
    pallet_values = []
    for p in ps:
        entries = []
        for s in p.storage:
            value_id = reg.type(s.value)
            if s.hashers:
                key_id = reg.type(s.key or "")
                ty: dict[str, Any] = {"Map": {"hashers": list(s.hashers), "key": key_id, "value": value_id}}
            else:
                key_id = None
                ty = {"Plain": value_id}
            storage_types[(p.name, s.name)] = (key_id, value_id)
            entries.append({"name": s.name, "modifier": "Optional" if s.optional else "Default", "type": ty,
                            "default": "0x" + (b"\x00" if s.optional else s.default).hex(),  # Option::None
                            "documentation": [s.doc] if s.doc else []})
        pallet_values.append({
            "name": p.name,
            "storage": {"prefix": p.name, "entries": entries} if p.storage else None,
            "calls": {"ty": call_ids[p.name]} if p.name in call_ids else None,
            "event": {"ty": event_ids[p.name]} if p.name in event_ids else None,
            "constants": [{"name": n, "type": reg.type(t), "value": "0x" + v.hex(), "documentation": []}
                          for n, t, v in p.constants],
            "error": {"ty": error_ids[p.name]} if p.name in error_ids else None,
            "index": p.index,
        })
    signed_extensions = [
        {"identifier": ident, "ty": ext_ids[i], "additional_signed": reg.type(additional)}
        for i, (ident, _p, _e, additional) in enumerate(SIGNED_EXTENSIONS)]
    value = ("0x6d657461", {"V14": {
        "types": {"types": reg.types}, "pallets": pallet_values,
        "extrinsic": {"ty": extrinsic, "version": 4, "signed_extensions": signed_extensions},
        "runtime_type": reg.add(("runtime",), ["node_subtensor_runtime", "Runtime"], {"composite": {"fields": []}}),
    }})
    # the runtime type is added last, after the list was captured: refresh it
    value[1]["V14"]["types"]["types"] = reg.types
    rc = RuntimeConfigurationObject()
    rc.update_type_registry(load_type_registry_preset("core"))
    encoded = bytes(rc.create_scale_object("MetadataVersioned").encode(value).data)
    return Metadata(reg, ps, value, encoded, call_outer, event_outer, extrinsic, storage_types)
