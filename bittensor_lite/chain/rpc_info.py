"""The subtensor pallet's ``rpc_info`` answers: Metagraph, DynamicInfo, NeuronInfoLite, StakeInfo (and prices).

node-subtensor's runtime APIs ``SubnetInfoRuntimeApi``, ``NeuronInfoRuntimeApi`` and
``StakeInfoRuntimeApi`` answer with structs defined in ``pallets/subtensor/src/rpc_info/``
(``metagraph.rs``, ``dynamic_info.rs``, ``neuron_info.rs``, ``stake_info.rs``); the swap pallet's
``SwapRuntimeApi`` answers the spot price (``pallets/swap/runtime-api``). This module
declares those structs in the metadata's type registry — same paths, field names, field order
and wire layout — and builds their values from one :class:`~bittensor_lite.runtime.state.ChainState`.
The table in :mod:`~bittensor_lite.chain.runtime_api` serves them.

Values are read from state or derived by the runtime's own functions (stake by
:func:`~bittensor_lite.runtime.views.stake_columns`, alpha per coldkey by
:func:`~bittensor_lite.runtime.staking.alpha_of`); nothing here re-states a rule.

One deliberate difference in the declared types: the chain's newtypes ``NetUid`` (u16),
``AlphaBalance`` and ``TaoBalance`` (u64) are declared as the plain integers they wrap — as the
rest of our metadata does — so ``Compact<NetUid>`` reads ``Compact<u16>``; the bytes are the same,
and each field keeps the chain's type name (``typeName``).

What the chain serves that this chain has no notion of — answered with the chain's default, and
listed here only:

* ``name`` (``get_name_for_subnet``: a subnet identity's name, else mainnet's name for the netuid):
  empty; ``identity`` / ``subnet_identity`` and every neuron's coldkey ``identities``: None
  (no ``SubnetIdentitiesV3`` / ``IdentitiesV2``);
* ``subnet_emission``, ``emission`` (DynamicInfo), ``pending_root_emission``: 0, as the chain
  answers them (deprecated / removed there too); ``subnet_volume``: 0 (no ``SubnetVolume``);
* ``min_difficulty`` / ``max_difficulty``: the chain's initial values (no PoW here), and
  ``pow_registration_allowed``: False (``register`` burns; it checks no work);
* ``tao_dividends_per_hotkey`` (removed on the chain) and ``alpha_dividends_per_hotkey``
  (``AlphaDividendsPerSubnet``, not kept here): 0 for every hotkey; StakeInfo's ``emission``
  (the same item), ``tao_emission``, ``locked`` and ``drain``: 0.

Where the chain now answers a deprecated column empty or constant (``rank``, ``trust``,
``pruning_score``), we answer the values this runtime still computes at each epoch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bittensor_lite.chain.pallets import ACC
from bittensor_lite.errors import ChainError
from bittensor_lite.runtime import schedule, swap
from bittensor_lite.runtime.staking import alpha_of
from bittensor_lite.runtime.views import stake_columns
from bittensor_lite.runtime.weights import MECHANISM_COUNT

if TYPE_CHECKING:
    from bittensor_lite.chain.types import Field, TypeRegistry
    from bittensor_lite.runtime.state import ChainState, SubnetState

ZERO_ACCOUNT = "0x" + "00" * 32  # AccountId32's default: the owner of a subnet that has none (root)
MIN_DIFFICULTY = 10_000_000  # node-subtensor's SubtensorInitialMinDifficulty
MAX_DIFFICULTY = 2**64 // 4 - 1  # SubtensorInitialMaxDifficulty (u64::MAX / 4)

_ACC_PARAM = "AccountId"
_TEXT = ("Vec<Compact<u8>>", "Vec<Compact<u8>>")  # name and symbol: one compact per utf-8 byte

# -- the structs, field by field in the chain's order: (name, our type expression, the chain's type name) --
SUBNET_IDENTITY_V3: tuple[Field, ...] = tuple(
    (f, "Vec<u8>", "Vec<u8>") for f in ("subnet_name", "github_repo", "subnet_contact", "subnet_url", "discord",
                                       "description", "logo_url", "additional"))
CHAIN_IDENTITY_V2: tuple[Field, ...] = tuple(
    (f, "Vec<u8>", "Vec<u8>") for f in ("name", "url", "github_repo", "image", "discord", "description",
                                       "additional"))

# the pool's figures, a run of fields Metagraph and DynamicInfo share in the same order
_POOL_FIELDS: tuple[Field, ...] = (
    ("alpha_in", "Compact<u64>", "Compact<AlphaBalance>"), ("alpha_out", "Compact<u64>", "Compact<AlphaBalance>"),
    ("tao_in", "Compact<u64>", "Compact<TaoBalance>"),
    ("alpha_out_emission", "Compact<u64>", "Compact<AlphaBalance>"),
    ("alpha_in_emission", "Compact<u64>", "Compact<AlphaBalance>"),
    ("tao_in_emission", "Compact<u64>", "Compact<TaoBalance>"),
    ("pending_alpha_emission", "Compact<u64>", "Compact<AlphaBalance>"),
    ("pending_root_emission", "Compact<u64>", "Compact<TaoBalance>"),
    ("subnet_volume", "Compact<u128>", "Compact<u128>"),
)

METAGRAPH: tuple[Field, ...] = (
    ("netuid", "Compact<u16>", "Compact<NetUid>"),
    ("name", *_TEXT), ("symbol", *_TEXT),
    ("identity", "Option<SubnetIdentityV3>", "Option<SubnetIdentityV3>"),
    ("network_registered_at", "Compact<u64>", "Compact<u64>"),
    ("owner_hotkey", ACC, _ACC_PARAM), ("owner_coldkey", ACC, _ACC_PARAM),
    ("block", "Compact<u64>", "Compact<u64>"), ("tempo", "Compact<u16>", "Compact<u16>"),
    ("last_step", "Compact<u64>", "Compact<u64>"), ("blocks_since_last_step", "Compact<u64>", "Compact<u64>"),
    ("subnet_emission", "Compact<u64>", "Compact<u64>"),
    *_POOL_FIELDS,
    ("moving_price", "I96F32", "I96F32"),
    ("rho", "Compact<u16>", "Compact<u16>"), ("kappa", "Compact<u16>", "Compact<u16>"),
    ("min_allowed_weights", "Compact<u16>", "Compact<u16>"), ("max_weights_limit", "Compact<u16>", "Compact<u16>"),
    ("weights_version", "Compact<u64>", "Compact<u64>"), ("weights_rate_limit", "Compact<u64>", "Compact<u64>"),
    ("activity_cutoff", "Compact<u64>", "Compact<u64>"), ("max_validators", "Compact<u16>", "Compact<u16>"),
    ("num_uids", "Compact<u16>", "Compact<u16>"), ("max_uids", "Compact<u16>", "Compact<u16>"),
    ("burn", "Compact<u64>", "Compact<TaoBalance>"), ("difficulty", "Compact<u64>", "Compact<u64>"),
    ("registration_allowed", "bool", "bool"), ("pow_registration_allowed", "bool", "bool"),
    ("immunity_period", "Compact<u16>", "Compact<u16>"),
    ("min_difficulty", "Compact<u64>", "Compact<u64>"), ("max_difficulty", "Compact<u64>", "Compact<u64>"),
    ("min_burn", "Compact<u64>", "Compact<TaoBalance>"), ("max_burn", "Compact<u64>", "Compact<TaoBalance>"),
    ("adjustment_alpha", "Compact<u64>", "Compact<u64>"), ("adjustment_interval", "Compact<u16>", "Compact<u16>"),
    ("target_regs_per_interval", "Compact<u16>", "Compact<u16>"),
    ("max_regs_per_block", "Compact<u16>", "Compact<u16>"), ("serving_rate_limit", "Compact<u64>", "Compact<u64>"),
    ("commit_reveal_weights_enabled", "bool", "bool"), ("commit_reveal_period", "Compact<u64>", "Compact<u64>"),
    ("liquid_alpha_enabled", "bool", "bool"), ("alpha_high", "Compact<u16>", "Compact<u16>"),
    ("alpha_low", "Compact<u16>", "Compact<u16>"), ("bonds_moving_avg", "Compact<u64>", "Compact<u64>"),
    ("hotkeys", f"Vec<{ACC}>", "Vec<AccountId>"), ("coldkeys", f"Vec<{ACC}>", "Vec<AccountId>"),
    ("identities", "Vec<Option<ChainIdentityV2>>", "Vec<Option<ChainIdentityOfV2>>"),
    ("axons", "Vec<AxonInfo>", "Vec<AxonInfo>"), ("active", "Vec<bool>", "Vec<bool>"),
    ("validator_permit", "Vec<bool>", "Vec<bool>"), ("pruning_score", "Vec<Compact<u16>>", "Vec<Compact<u16>>"),
    ("last_update", "Vec<Compact<u64>>", "Vec<Compact<u64>>"),
    ("emission", "Vec<Compact<u64>>", "Vec<Compact<AlphaBalance>>"),
    ("dividends", "Vec<Compact<u16>>", "Vec<Compact<u16>>"), ("incentives", "Vec<Compact<u16>>", "Vec<Compact<u16>>"),
    ("consensus", "Vec<Compact<u16>>", "Vec<Compact<u16>>"), ("trust", "Vec<Compact<u16>>", "Vec<Compact<u16>>"),
    ("rank", "Vec<Compact<u16>>", "Vec<Compact<u16>>"),
    ("block_at_registration", "Vec<Compact<u64>>", "Vec<Compact<u64>>"),
    ("alpha_stake", "Vec<Compact<u64>>", "Vec<Compact<AlphaBalance>>"),
    ("tao_stake", "Vec<Compact<u64>>", "Vec<Compact<TaoBalance>>"),
    ("total_stake", "Vec<Compact<u64>>", "Vec<Compact<TaoBalance>>"),
    ("tao_dividends_per_hotkey", f"Vec<({ACC}, Compact<u64>)>", "Vec<(AccountId, Compact<TaoBalance>)>"),
    ("alpha_dividends_per_hotkey", f"Vec<({ACC}, Compact<u64>)>", "Vec<(AccountId, Compact<AlphaBalance>)>"),
)

DYNAMIC_INFO: tuple[Field, ...] = (
    ("netuid", "Compact<u16>", "Compact<NetUid>"),
    ("owner_hotkey", ACC, _ACC_PARAM), ("owner_coldkey", ACC, _ACC_PARAM),
    ("subnet_name", *_TEXT), ("token_symbol", *_TEXT),
    ("tempo", "Compact<u16>", "Compact<u16>"), ("last_step", "Compact<u64>", "Compact<u64>"),
    ("blocks_since_last_step", "Compact<u64>", "Compact<u64>"), ("emission", "Compact<u64>", "Compact<u64>"),
    *_POOL_FIELDS,
    ("network_registered_at", "Compact<u64>", "Compact<u64>"),
    ("subnet_identity", "Option<SubnetIdentityV3>", "Option<SubnetIdentityV3>"),
    ("moving_price", "I96F32", "I96F32"),
)

NEURON_INFO_LITE: tuple[Field, ...] = (
    ("hotkey", ACC, _ACC_PARAM), ("coldkey", ACC, _ACC_PARAM),
    ("uid", "Compact<u16>", "Compact<u16>"), ("netuid", "Compact<u16>", "Compact<NetUid>"),
    ("active", "bool", "bool"), ("axon_info", "AxonInfo", "AxonInfo"),
    ("prometheus_info", "PrometheusInfo", "PrometheusInfo"),
    ("stake", f"Vec<({ACC}, Compact<u64>)>", "Vec<(AccountId, Compact<AlphaBalance>)>"),
    ("rank", "Compact<u16>", "Compact<u16>"), ("emission", "Compact<u64>", "Compact<AlphaBalance>"),
    ("incentive", "Compact<u16>", "Compact<u16>"), ("consensus", "Compact<u16>", "Compact<u16>"),
    ("trust", "Compact<u16>", "Compact<u16>"), ("validator_trust", "Compact<u16>", "Compact<u16>"),
    ("dividends", "Compact<u16>", "Compact<u16>"), ("last_update", "Compact<u64>", "Compact<u64>"),
    ("validator_permit", "bool", "bool"), ("pruning_score", "Compact<u16>", "Compact<u16>"),
)

# SelectiveMetagraph (rpc_info/metagraph.rs): netuid, then every other Metagraph field as an Option, then two more;
# a client asks for fields by their position (SelectiveMetagraphIndex follows this order).
SELECTIVE_METAGRAPH: tuple[Field, ...] = (
    METAGRAPH[0],
    *((name, f"Option<{ty}>", f"Option<{chain_ty}>") for name, ty, chain_ty in METAGRAPH[1:]),
    ("validators", "Option<Vec<Compact<u16>>>", "Option<Vec<Compact<u16>>>"),
    ("commitments", f"Option<Vec<({ACC}, Vec<Compact<u8>>)>>", "Option<Vec<(AccountId, Vec<Compact<u8>>)>>"),
)

_NEURON_COLUMNS = ("hotkeys", "coldkeys", "active", "validator_permit", "pruning_score", "last_update", "emission",
                   "dividends", "incentives", "consensus", "trust", "rank", "block_at_registration", "alpha_stake",
                   "tao_stake", "total_stake")  # SubnetState's per-UID columns: Metagraph's, in this order
SUBNET_STATE: tuple[Field, ...] = (
    METAGRAPH[0],
    *(next(f for f in METAGRAPH if f[0] == name) for name in _NEURON_COLUMNS),
    ("emission_history", "Vec<Vec<Compact<u64>>>", "Vec<Vec<Compact<AlphaBalance>>>"),
)

# SubnetHyperparamsV3 (rpc_info/subnet_info.rs): a list of (name, tagged value), in the chain's order. Each
# entry names its HyperparamValue variant and either our knob (runtime/hyperparams.py) or how it is derived.
HYPERPARAM_VALUE_VARIANTS: tuple[tuple[str, str], ...] = (
    ("Bool", "bool"), ("U16", "Compact<u16>"), ("U32", "Compact<u32>"), ("U64", "Compact<u64>"),
    ("U128", "Compact<u128>"), ("TaoBalance", "Compact<u64>"), ("I32F32", "I32F32"), ("U64F64", "U64F64"),
)
ACTIVITY_CUTOFF_FACTOR_SCALE = 1000  # ActivityCutoffFactorMilli: the cutoff in thousandths of a tempo


def _activity_cutoff_factor(net: SubnetState) -> int:
    """The chain derives the cutoff as factor × tempo / 1000; we keep the cutoff, so report the factor it implies."""
    return net.hyper.activity_cutoff * ACTIVITY_CUTOFF_FACTOR_SCALE // max(net.hyper.tempo, 1)


HYPERPARAMS_V3: tuple[tuple[str, str, str | Any], ...] = (
    ("kappa", "U16", "kappa"), ("immunity_period", "U16", "immunity_period"),
    ("min_allowed_weights", "U16", "min_allowed_weights"), ("max_weights_limit", "U16", "max_weights_limit"),
    ("tempo", "U16", "tempo"), ("weights_version", "U64", "weights_version"),
    ("weights_rate_limit", "U64", "weights_rate_limit"), ("activity_cutoff", "U64", "activity_cutoff"),
    ("activity_cutoff_factor", "U32", _activity_cutoff_factor),
    ("registration_allowed", "Bool", "registration_allowed"),
    ("target_regs_per_interval", "U16", "target_regs_per_interval"),
    ("min_burn", "TaoBalance", "min_burn"), ("max_burn", "TaoBalance", "max_burn"),
    ("burn_half_life", "U16", "burn_half_life"), ("burn_increase_mult", "U64F64", "burn_increase_mult"),
    ("bonds_moving_avg", "U64", "bonds_moving_average"), ("max_regs_per_block", "U16", "max_regs_per_block"),
    ("serving_rate_limit", "U64", "serving_rate_limit"), ("max_validators", "U16", "max_allowed_validators"),
    ("commit_reveal_period", "U64", "reveal_period"),
    ("commit_reveal_weights_enabled", "Bool", "commit_reveal_weights_enabled"),
    ("alpha_high", "U16", "alpha_high"), ("alpha_low", "U16", "alpha_low"),
    ("liquid_alpha_enabled", "Bool", "liquid_alpha_enabled"),
    ("alpha_sigmoid_steepness", "I32F32", lambda net: net.hyper.alpha_sigmoid_steepness << 32),
    ("yuma_version", "U16", lambda net: 3 if net.hyper.yuma3_enabled else 2),
    # what this chain has no switch for, answered as every subnet here behaves
    ("subnet_is_active", "Bool", lambda net: True),  # SubtokenEnabled: no start_call here, trading from the start
    ("transfers_enabled", "Bool", lambda net: True),  # TransferToggle
    ("bonds_reset_enabled", "Bool", lambda net: False),  # BondsResetOn
    ("user_liquidity_enabled", "Bool", lambda net: False),  # the chain answers false for every subnet
    ("owner_cut_enabled", "Bool", lambda net: True),  # the owner cut is paid (subnet_owner_cut)
    ("owner_cut_auto_lock_enabled", "Bool", lambda net: False),
    ("min_childkey_take", "U16", lambda net: 0),  # no child keys here
)

NEURON_INFO: tuple[Field, ...] = (
    *NEURON_INFO_LITE[:-1],  # NeuronInfo is NeuronInfoLite with the weights and bonds rows before pruning_score
    ("weights", "Vec<(Compact<u16>, Compact<u16>)>", "Vec<(Compact<u16>, Compact<u16>)>"),
    ("bonds", "Vec<(Compact<u16>, Compact<u16>)>", "Vec<(Compact<u16>, Compact<u16>)>"),
    NEURON_INFO_LITE[-1],
)

SIM_SWAP_RESULT: tuple[Field, ...] = (
    ("tao_amount", "u64", "TaoBalance"), ("alpha_amount", "u64", "AlphaBalance"),
    ("tao_fee", "u64", "TaoBalance"), ("alpha_fee", "u64", "AlphaBalance"),
    ("tao_slippage", "u64", "TaoBalance"), ("alpha_slippage", "u64", "AlphaBalance"),
)

SUBNET_PRICE: tuple[Field, ...] = (("netuid", "u16", "NetUid"), ("price", "u64", "u64"))

STAKE_INFO: tuple[Field, ...] = (
    ("hotkey", ACC, _ACC_PARAM), ("coldkey", ACC, _ACC_PARAM),
    ("netuid", "Compact<u16>", "Compact<NetUid>"), ("stake", "Compact<u64>", "Compact<AlphaBalance>"),
    ("locked", "Compact<u64>", "Compact<u64>"), ("emission", "Compact<u64>", "Compact<AlphaBalance>"),
    ("tao_emission", "Compact<u64>", "Compact<TaoBalance>"), ("drain", "Compact<u64>", "Compact<u64>"),
    ("is_registered", "bool", "bool"),
)


def define_types(reg: TypeRegistry) -> None:
    """Teach the registry the rpc_info structs (generic over ``AccountId`` = AccountId32, as the runtime's are)."""

    def generic(path: list[str], fields: tuple[Field, ...]) -> Any:
        return lambda r: r.composite(path, fields, params=[{"name": _ACC_PARAM, "type": r.type(ACC)}])

    reg.define("SubnetIdentityV3", lambda r: r.composite(["pallet_subtensor", "pallet", "SubnetIdentityV3"],
                                                         SUBNET_IDENTITY_V3))
    reg.define("ChainIdentityV2", lambda r: r.composite(["pallet_subtensor", "pallet", "ChainIdentityV2"],
                                                        CHAIN_IDENTITY_V2))
    reg.define("Metagraph", generic(["pallet_subtensor", "rpc_info", "metagraph", "Metagraph"], METAGRAPH))
    reg.define("DynamicInfo", generic(["pallet_subtensor", "rpc_info", "dynamic_info", "DynamicInfo"], DYNAMIC_INFO))
    reg.define("NeuronInfoLite", generic(["pallet_subtensor", "rpc_info", "neuron_info", "NeuronInfoLite"],
                                         NEURON_INFO_LITE))
    reg.define("NeuronInfo", generic(["pallet_subtensor", "rpc_info", "neuron_info", "NeuronInfo"], NEURON_INFO))
    reg.define("SimSwapResult", lambda r: r.composite(["pallet_subtensor_swap_runtime_api", "SimSwapResult"],
                                                      SIM_SWAP_RESULT))
    reg.define("SubnetPrice", lambda r: r.composite(["pallet_subtensor_swap_runtime_api", "SubnetPrice"],
                                                    SUBNET_PRICE))
    reg.define("StakeInfo", generic(["pallet_subtensor", "rpc_info", "stake_info", "StakeInfo"], STAKE_INFO))
    reg.define("SelectiveMetagraph", generic(["pallet_subtensor", "rpc_info", "metagraph", "SelectiveMetagraph"],
                                             SELECTIVE_METAGRAPH))
    reg.define("SubnetState", generic(["pallet_subtensor", "rpc_info", "show_subnet", "SubnetState"], SUBNET_STATE))
    reg.define("I32F32", lambda r: r.composite(["substrate_fixed", "FixedI64"], [("bits", "i64")]))
    reg.define("HyperparamValue", lambda r: r.variant(
        ["pallet_subtensor", "rpc_info", "subnet_info", "HyperparamValue"],
        [(i, name, [(None, ty, ty)]) for i, (name, ty) in enumerate(HYPERPARAM_VALUE_VARIANTS)]))
    reg.define("HyperparamEntry", lambda r: r.composite(
        ["pallet_subtensor", "rpc_info", "subnet_info", "HyperparamEntry"],
        [("name", "Vec<u8>", "Vec<u8>"), ("value", "HyperparamValue", "HyperparamValue")]))


# -- the values ------------------------------------------------------------------------------------------
def _account(address: str) -> str:
    return address or ZERO_ACCOUNT


def _text(s: str) -> list[int]:
    return list(s.encode("utf-8"))


def _axon(info: dict[str, int] | None) -> dict[str, int]:
    """``get_axon_info``: the served AxonInfo, or the all-zero default."""
    info = info or {}
    return {"block": info.get("block", 0), "version": info.get("version", 0), "ip": info.get("ip", 0),
            "port": info.get("port", 0), "ip_type": info.get("ip_type", 0), "protocol": info.get("protocol", 0),
            "placeholder1": 0, "placeholder2": 0}


def _prometheus(info: dict[str, int] | None) -> dict[str, int]:
    return {k: v for k, v in _axon(info).items() if k in ("block", "version", "ip", "port", "ip_type")}


def _pool_terms(state: ChainState, net: SubnetState) -> dict[str, Any]:
    """The fields DynamicInfo and Metagraph share: tempo terms and the pool's reserves and emissions."""
    return {
        "owner_hotkey": _account(net.owner_hotkey), "owner_coldkey": _account(net.owner_coldkey),
        "tempo": net.hyper.tempo, "last_step": net.last_epoch_block,
        "blocks_since_last_step": schedule.blocks_since_last_step(state.block, net.last_epoch_block),
        "alpha_in": net.alpha_in, "alpha_out": net.alpha_out, "tao_in": net.tao_reserve,
        "alpha_out_emission": net.alpha_out_emission, "alpha_in_emission": net.alpha_in_emission,
        "tao_in_emission": net.tao_in_emission,
        "pending_alpha_emission": net.pending_validator + net.pending_server, "pending_root_emission": 0,
        "subnet_volume": 0, "network_registered_at": net.network_registered_at,
        "moving_price": {"bits": net.moving_price},
    }


def dynamic_info(state: ChainState, netuid: int) -> dict[str, Any] | None:
    """``get_dynamic_info``: a subnet's pool and tempo terms (None when it does not exist)."""
    net = state.subnets.get(int(netuid))
    if net is None:
        return None
    terms = _pool_terms(state, net)
    return {"netuid": net.netuid, "owner_hotkey": terms["owner_hotkey"], "owner_coldkey": terms["owner_coldkey"],
            "subnet_name": [], "token_symbol": _text(net.token_symbol), "emission": 0, "subnet_identity": None,
            **{k: terms[k] for k in ("tempo", "last_step", "blocks_since_last_step", "alpha_in", "alpha_out",
                                     "tao_in", "alpha_out_emission", "alpha_in_emission", "tao_in_emission",
                                     "pending_alpha_emission", "pending_root_emission", "subnet_volume",
                                     "network_registered_at", "moving_price")}}


def all_dynamic_info(state: ChainState) -> list[dict[str, Any] | None]:
    """``get_all_dynamic_info``: every subnet's, by netuid."""
    return [dynamic_info(state, netuid) for netuid in sorted(state.subnets)]


def alpha_price(state: ChainState, netuid: int) -> int:
    """``SwapRuntimeApi::current_alpha_price``: rao per alpha (0 for a subnet that does not exist, as the chain's)."""
    net = state.subnets.get(int(netuid))
    return 0 if net is None else swap.price_rao(net)


def all_alpha_prices(state: ChainState) -> list[dict[str, int]]:
    """``current_alpha_price_all``: every subnet's, by netuid."""
    return [{"netuid": netuid, "price": alpha_price(state, netuid)} for netuid in sorted(state.subnets)]


def metagraph(state: ChainState, netuid: int) -> dict[str, Any] | None:
    """``get_metagraph``: the subnet, its hyperparameters and every neuron's columns (None when it does not exist)."""
    net = state.subnets.get(int(netuid))
    if net is None:
        return None
    h, cols = net.hyper, net.neurons
    hotkeys = list(cols["hotkeys"])
    coldkeys = [_account(state.owner.get(hk, "")) for hk in hotkeys]
    stake = stake_columns(state, net)
    return {
        "netuid": net.netuid, "name": [], "symbol": _text(net.token_symbol), "identity": None,
        **_pool_terms(state, net),
        "block": state.block, "subnet_emission": 0,
        "rho": h.rho, "kappa": h.kappa, "min_allowed_weights": h.min_allowed_weights,
        "max_weights_limit": h.max_weights_limit, "weights_version": h.weights_version,
        "weights_rate_limit": h.weights_rate_limit, "activity_cutoff": h.activity_cutoff,
        "max_validators": h.max_allowed_validators, "num_uids": net.n, "max_uids": h.max_allowed_uids,
        "burn": h.burn, "difficulty": h.difficulty, "registration_allowed": bool(h.registration_allowed),
        "pow_registration_allowed": False, "immunity_period": h.immunity_period,
        "min_difficulty": MIN_DIFFICULTY, "max_difficulty": MAX_DIFFICULTY, "min_burn": h.min_burn,
        "max_burn": h.max_burn, "adjustment_alpha": h.adjustment_alpha, "adjustment_interval": h.adjustment_interval,
        "target_regs_per_interval": h.target_regs_per_interval, "max_regs_per_block": h.max_regs_per_block,
        "serving_rate_limit": h.serving_rate_limit,
        "commit_reveal_weights_enabled": bool(h.commit_reveal_weights_enabled),
        "commit_reveal_period": h.reveal_period, "liquid_alpha_enabled": bool(h.liquid_alpha_enabled),
        "alpha_high": h.alpha_high, "alpha_low": h.alpha_low, "bonds_moving_avg": h.bonds_moving_average,
        "hotkeys": hotkeys, "coldkeys": coldkeys, "identities": [None] * len(hotkeys),
        "axons": [_axon(net.axons.get(hk)) for hk in hotkeys],
        "active": [bool(v) for v in cols["active"]], "validator_permit": [bool(v) for v in cols["validator_permit"]],
        "pruning_score": list(cols["pruning_score"]), "last_update": list(cols["last_update"]),
        "emission": list(cols["emission"]), "dividends": list(cols["dividends"]),
        "incentives": list(cols["incentive"]), "consensus": list(cols["consensus"]), "trust": list(cols["trust"]),
        "rank": list(cols["rank"]), "block_at_registration": list(cols["block_at_registration"]),
        "alpha_stake": stake["alpha_stake"], "tao_stake": stake["tao_stake"], "total_stake": stake["stake"],
        "tao_dividends_per_hotkey": [(hk, 0) for hk in hotkeys],
        "alpha_dividends_per_hotkey": [(hk, 0) for hk in hotkeys],
    }


def _validators(full: dict[str, Any], min_stake: int) -> list[int]:
    """The selective metagraph's ``validators``: permit holders staked above the weights threshold, by stake
    (read from the metagraph just built, so its stake columns are computed once)."""
    stake = full["total_stake"]
    permitted = sorted((uid for uid, p in enumerate(full["validator_permit"]) if p), key=lambda uid: stake[uid])
    return [uid for uid in permitted if stake[uid] > min_stake]


def selective_metagraph(state: ChainState, netuid: int, indexes: list[int]) -> dict[str, Any] | None:
    """``get_selective_metagraph``: the Metagraph fields at ``indexes`` (SelectiveMetagraphIndex), the rest None."""
    full = metagraph(state, netuid)
    if full is None:
        return None
    min_stake = state.subnets[int(netuid)].hyper.weights_min_stake
    full = {**full, "validators": _validators(full, min_stake), "commitments": []}  # no Commitments entries here
    wanted = {SELECTIVE_METAGRAPH[i][0] for i in indexes if 0 <= i < len(SELECTIVE_METAGRAPH)}
    return {name: full[name] if name in wanted or name == "netuid" else None for name, _t, _c in SELECTIVE_METAGRAPH}


def selective_mechagraph(state: ChainState, netuid: int, mecid: int, indexes: list[int]) -> dict[str, Any] | None:
    """``get_selective_mechagraph``: mechanism ``mecid``'s selective metagraph; a subnet here has only MechId 0."""
    return selective_metagraph(state, netuid, indexes) if int(mecid) < MECHANISM_COUNT else None


def mechagraph(state: ChainState, netuid: int, mecid: int) -> dict[str, Any] | None:
    """``get_mechagraph``: mechanism ``mecid``'s metagraph (MechId 0 is the subnet's only one here)."""
    return metagraph(state, netuid) if int(mecid) < MECHANISM_COUNT else None


def subnet_state(state: ChainState, netuid: int) -> dict[str, Any] | None:
    """``get_subnet_state``: every neuron's columns and stake weights (None when the subnet does not exist).

    ``emission_history`` is, per subnet by netuid, each hotkey's last emission there: the chain keeps
    ``LastHotkeyEmissionOnNetuid``; we answer the hotkey's ``Emission`` on that subnet (0 where it has no UID).
    """
    full = metagraph(state, netuid)
    if full is None:
        return None

    def last_emission(other: SubnetState, hotkey: str) -> int:
        uid = other.uid_of(hotkey)
        return 0 if uid is None else other.neurons["emission"][uid]

    hotkeys = full["hotkeys"]
    return {"netuid": full["netuid"], **{name: full[name] for name in _NEURON_COLUMNS},
            "emission_history": [[last_emission(state.subnets[n], hk) for hk in hotkeys] for n in sorted(state.subnets)]}


def subnet_hyperparams_v3(state: ChainState, netuid: int) -> list[dict[str, Any]] | None:
    """``get_subnet_hyperparams_v3``: every hyperparameter as (name, tagged value), in the chain's order."""
    net = state.subnets.get(int(netuid))
    if net is None:
        return None
    out = []
    for name, variant, source in HYPERPARAMS_V3:
        value = getattr(net.hyper, source) if isinstance(source, str) else source(net)
        if variant == "Bool":
            value = bool(value)
        elif variant in ("I32F32", "U64F64"):
            value = {"bits": int(value)}
        out.append({"name": _text_bytes(name), "value": {variant: value}})
    return out


def _text_bytes(s: str) -> str:
    return "0x" + s.encode("ascii").hex()


def neuron_lite(state: ChainState, netuid: int, uid: int) -> dict[str, Any] | None:
    """``get_neuron_lite``: one UID's neuron without weights and bonds (None for a missing subnet or UID)."""
    net = state.subnets.get(int(netuid))
    if net is None or not 0 <= int(uid) < net.n:
        return None
    cols = net.neurons
    hotkey = cols["hotkeys"][uid]
    coldkey = _account(state.owner.get(hotkey, ""))
    return {
        "hotkey": hotkey, "coldkey": coldkey, "uid": uid, "netuid": net.netuid, "active": bool(cols["active"][uid]),
        "axon_info": _axon(net.axons.get(hotkey)), "prometheus_info": _prometheus(net.prometheus.get(hotkey)),
        "stake": [(coldkey, alpha_of(net, hotkey))],  # the chain pairs the owner with the hotkey's whole alpha
        "rank": cols["rank"][uid], "emission": cols["emission"][uid], "incentive": cols["incentive"][uid],
        "consensus": cols["consensus"][uid], "trust": cols["trust"][uid],
        "validator_trust": cols["validator_trust"][uid], "dividends": cols["dividends"][uid],
        "last_update": cols["last_update"][uid], "validator_permit": bool(cols["validator_permit"][uid]),
        "pruning_score": cols["pruning_score"][uid],
    }


def neuron(state: ChainState, netuid: int, uid: int) -> dict[str, Any] | None:
    """``get_neuron``: one UID's neuron with its weights and bonds rows (None for a missing subnet or UID)."""
    lite = neuron_lite(state, netuid, uid)
    if lite is None:
        return None
    cols = state.subnets[int(netuid)].neurons
    return {**lite, "weights": list(cols["weights"][uid]), "bonds": list(cols["bonds"][uid])}


def neurons(state: ChainState, netuid: int) -> list[dict[str, Any]]:
    """``get_neurons``: every UID's, with weights and bonds (empty for a missing subnet)."""
    net = state.subnets.get(int(netuid))
    return [] if net is None else [neuron(state, netuid, uid) for uid in range(net.n)]  # type: ignore[misc]


_NO_SWAP = {"tao_amount": 0, "alpha_amount": 0, "tao_fee": 0, "alpha_fee": 0, "tao_slippage": 0, "alpha_slippage": 0}


def sim_swap_tao_for_alpha(state: ChainState, netuid: int, tao: int) -> dict[str, int]:
    """``sim_swap_tao_for_alpha``: what staking ``tao`` would buy now, its fee, and the alpha lost to slippage
    against the spot price; all zero when the swap would fail (or the subnet does not exist), as the chain's."""
    net = state.subnets.get(int(netuid))
    if net is None:
        return dict(_NO_SWAP)
    spot = swap.price_bits(net)
    no_slippage = (int(tao) << 64) // spot if spot else 0
    try:
        r = swap.simulate(net, int(tao), buy=True)
    except ChainError:  # the swap pallet's errors: the chain answers an all-zero result
        return dict(_NO_SWAP)
    return {**_NO_SWAP, "tao_amount": r.paid_in, "alpha_amount": r.paid_out, "tao_fee": r.fee,
            "alpha_slippage": max(no_slippage - r.paid_out, 0)}


def sim_swap_alpha_for_tao(state: ChainState, netuid: int, alpha: int) -> dict[str, int]:
    """``sim_swap_alpha_for_tao``: what unstaking ``alpha`` would pay now, its fee (in alpha), and the TAO lost
    to slippage against the spot price; all zero when the swap would fail."""
    net = state.subnets.get(int(netuid))
    if net is None:
        return dict(_NO_SWAP)
    no_slippage = int(alpha) * swap.price_bits(net) >> 64
    try:
        r = swap.simulate(net, int(alpha), buy=False)
    except ChainError:
        return dict(_NO_SWAP)
    return {**_NO_SWAP, "tao_amount": r.paid_out, "alpha_amount": r.paid_in, "alpha_fee": r.fee,
            "tao_slippage": max(no_slippage - r.paid_out, 0)}


def neurons_lite(state: ChainState, netuid: int) -> list[dict[str, Any]]:
    """``get_neurons_lite``: every UID's (empty for a missing subnet)."""
    net = state.subnets.get(int(netuid))
    return [] if net is None else [neuron_lite(state, netuid, uid) for uid in range(net.n)]  # type: ignore[misc]


def _stake_info(net: SubnetState, hotkey: str, coldkey: str, alpha: int) -> dict[str, Any]:
    return {"hotkey": hotkey, "coldkey": coldkey, "netuid": net.netuid, "stake": alpha, "locked": 0, "emission": 0,
            "tao_emission": 0, "drain": 0, "is_registered": net.uid_of(hotkey) is not None}


def stake_info_for_coldkey(state: ChainState, coldkey: str) -> list[dict[str, Any]]:
    """``get_stake_info_for_coldkey``: each (subnet, hotkey) the coldkey holds alpha on, by netuid.

    The chain walks the coldkey's ``StakingHotkeys`` for every subnet; we walk the hotkeys it holds
    shares of, in the order they first appear (subnets by netuid).
    """
    hotkeys: list[str] = []
    for netuid in sorted(state.subnets):
        for hk, holders in state.subnets[netuid].alpha.items():
            if coldkey in holders and hk not in hotkeys:
                hotkeys.append(hk)
    out = []
    for netuid in sorted(state.subnets):
        net = state.subnets[netuid]
        for hk in hotkeys:
            alpha = alpha_of(net, hk, coldkey)
            if alpha:
                out.append(_stake_info(net, hk, coldkey, alpha))
    return out


def stake_info_for_coldkeys(state: ChainState, coldkeys: list[str]) -> list[tuple[str, list[dict[str, Any]]]]:
    """``get_stake_info_for_coldkeys``: each coldkey with its stake info."""
    return [(ck, stake_info_for_coldkey(state, ck)) for ck in coldkeys]


def stake_info_for_hotkey_coldkey_netuid(state: ChainState, hotkey: str, coldkey: str,
                                         netuid: int) -> dict[str, Any] | None:
    """``get_stake_info_for_hotkey_coldkey_netuid``: one position, zero stake included (None: no such subnet)."""
    net = state.subnets.get(int(netuid))
    return None if net is None else _stake_info(net, hotkey, coldkey, alpha_of(net, hotkey, coldkey))


def next_epoch_start_block(state: ChainState, netuid: int) -> int | None:
    """``get_next_epoch_start_block``: the block the subnet next runs its epoch (None: no subnet, or tempo 0)."""
    net = state.subnets.get(int(netuid))
    if net is None or net.netuid == 0 or net.hyper.tempo == 0:
        return None
    return state.block + schedule.blocks_until_next_epoch(net.netuid, net.hyper.tempo, state.block)


def network_registration_cost(state: ChainState) -> int:
    """``SubnetRegistrationRuntimeApi::get_network_registration_cost``: the TAO ``register_network`` locks."""
    return state.network_lock_cost
