"""A subnet's hyperparameters: the knobs that keep the network "in trim" — one table, written once.

Each :class:`Knob` below says everything the chain says about one hyperparameter: its code
default for a newly registered subnet (live subnets override many), the ``SubtensorModule``
storage item it lives in and its SCALE type, the ``AdminUtils`` call that sets it (index and
argument name), the event that call emits, whether the subnet owner may set it or only sudo
(root), and its limits. The local chain's metadata, storage view and setters, the mock
backend and the live backend's reads are all derived from :data:`KNOBS`; adding a
hyperparameter means adding one line here (and the rule that uses it).

u16 fractions are stored as the chain stores them (x / 65535). Setter indices ≥ 200 and
storage items named ``Local…`` are ours: the chain either added them after spec 219 under
other indices, or keeps the value globally rather than per subnet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bittensor_lite.errors import HyperparameterError
from bittensor_lite.scale import U16_MAX

if TYPE_CHECKING:
    from bittensor_lite.consensus import YumaParams

TEACHING_MAX_UIDS = 4096  # the 2022 network's cap; the chain's own hard cap today is 256


@dataclass(frozen=True)
class Knob:
    """One hyperparameter as the chain knows it."""

    name: str  # our (and the SDK's) name
    default: int | bool
    storage: str  # SubtensorModule storage item, keyed by netuid
    scale: str  # SCALE type of the value ("u16", "u64", "bool")
    setter: tuple[int, str, str]  # AdminUtils (call index, call name, argument name)
    event: tuple[int, str] | None = None  # SubtensorModule (event index, name) the setter emits
    owner: bool = False  # may the subnet owner set it (else sudo/root only)
    low: int = 0
    high: int | None = None
    hasher: str = "Identity"  # how the storage map hashes the netuid
    doc: str = ""  # what turning this knob does


S = U16_MAX
_BITS = {"u16": 16, "u64": 64, "U64F64": 128}  # U64F64 is stored as its raw 128 bits
KNOBS: tuple[Knob, ...] = (
    Knob("tempo", 360, "Tempo", "u16", (30, "sudo_set_tempo", "tempo"), (45, "TempoSet"), owner=True, low=1,
         doc="blocks between epochs (Yuma runs and emission is paid)"),
    Knob("kappa", 32767, "Kappa", "u16", (16, "sudo_set_kappa", "kappa"), (16, "KappaSet"), owner=True, high=S,
         doc="u16: share of stake whose weights define consensus (≈ 0.5)"),
    Knob("rho", 10, "Rho", "u16", (17, "sudo_set_rho", "rho"), (15, "RhoSet"),
         doc="legacy trust-sigmoid steepness; no longer used by the epoch"),
    Knob("immunity_period", 5000, "ImmunityPeriod", "u16", (13, "sudo_set_immunity_period", "immunity_period"),
         (21, "ImmunityPeriodSet"), owner=True, doc="blocks a new neuron cannot be pruned"),
    Knob("max_allowed_uids", 256, "MaxAllowedUids", "u16", (15, "sudo_set_max_allowed_uids", "max_allowed_uids"),
         (8, "MaxAllowedUidsSet"), low=1, high=TEACHING_MAX_UIDS,
         doc="UID slots; when full a new registration prunes the weakest"),
    Knob("min_allowed_weights", 1, "MinAllowedWeights", "u16",
         (14, "sudo_set_min_allowed_weights", "min_allowed_weights"), (17, "MinAllowedWeightSet"), owner=True,
         doc="a validator must weight at least this many others"),
    Knob("max_weights_limit", 65535, "MaxWeightsLimit", "u16", (12, "sudo_set_max_weight_limit", "max_weight_limit"),
         (9, "MaxWeightLimitSet"), owner=True, high=S, doc="u16: the largest share one weight may take of a row"),
    Knob("weights_rate_limit", 100, "WeightsSetRateLimit", "u64",
         (7, "sudo_set_weights_set_rate_limit", "weights_set_rate_limit"), (20, "WeightsSetRateLimitSet"), owner=True,
         doc="blocks between two set_weights by the same hotkey"),
    Knob("weights_version", 0, "WeightsVersionKey", "u64", (6, "sudo_set_weights_version_key", "weights_version_key"),
         (29, "WeightsVersionKeySet"), owner=True, doc="the minimum version_key accepted by set_weights"),
    Knob("weights_min_stake", 0, "LocalWeightsMinStake", "u64", (204, "sudo_set_weights_min_stake", "min_stake"),
         doc="rao of stake needed to set weights (StakeThreshold, global on the chain)"),
    Knob("max_allowed_validators", 64, "MaxAllowedValidators", "u16",
         (25, "sudo_set_max_allowed_validators", "max_allowed_validators"), (23, "MaxAllowedValidatorsSet"),
         owner=True, doc="top-k stake gets a validator permit"),
    Knob("activity_cutoff", 5000, "ActivityCutoff", "u16", (18, "sudo_set_activity_cutoff", "activity_cutoff"),
         (14, "ActivityCutoffSet"), owner=True, doc="blocks without set_weights before a validator counts as inactive"),
    Knob("bonds_moving_average", 900_000, "BondsMovingAverage", "u64",
         (26, "sudo_set_bonds_moving_average", "bonds_moving_average"), (22, "BondsMovingAverageSet"), owner=True,
         high=1_000_000, doc="per million of old bonds kept each epoch (EMA)"),
    Knob("bonds_penalty", 65535, "BondsPenalty", "u16", (200, "sudo_set_bonds_penalty", "bonds_penalty"),
         owner=True, high=S, doc="u16: 1.0 → bonds grow only on consensus-clipped weight"),
    Knob("yuma3_enabled", False, "Yuma3On", "bool", (201, "sudo_set_yuma3_enabled", "enabled"), owner=True,
         doc="Yuma 3 bonds instead of the original model (storage default off, but spec 425's init_new_network turns it "
             "on for every new subnet; InitialYuma3On = false is a config constant the pallet never reads)"),
    Knob("liquid_alpha_enabled", False, "LiquidAlphaOn", "bool", (50, "sudo_set_liquid_alpha_enabled", "enabled"),
         owner=True, hasher="Blake2_128Concat", doc="per-bond EMA rates from a sigmoid"),
    Knob("alpha_low", 45875, "AlphaValues", "u16", (51, "sudo_set_alpha_values", "alpha_low"), owner=True, high=S,
         doc="u16: liquid alpha's slowest rate (0.7); AlphaValues holds (alpha_low, alpha_high)"),
    Knob("alpha_high", 58982, "AlphaValues", "u16", (51, "sudo_set_alpha_values", "alpha_high"), owner=True, high=S,
         doc="u16: liquid alpha's fastest rate (0.9)"),
    Knob("alpha_sigmoid_steepness", 1000, "AlphaSigmoidSteepness", "u16",
         (202, "sudo_set_alpha_sigmoid_steepness", "steepness"), owner=True,
         doc="liquid alpha's sigmoid steepness (÷100)"),
    Knob("commit_reveal_weights_enabled", False, "CommitRevealWeightsEnabled", "bool",
         (49, "sudo_set_commit_reveal_weights_enabled", "enabled"), owner=True,
         doc="weights are committed as a hash and revealed reveal_period epochs later (on by default on the "
             "real chain, spec 425, where the SDK commits timelocked weights; off here until that is modelled)"),
    Knob("reveal_period", 1, "RevealPeriodEpochs", "u64", (57, "sudo_set_commit_reveal_weights_interval", "interval"),
         owner=True, low=1, hasher="Twox64Concat", doc="epochs between a weights commit and its reveal"),
    Knob("registration_allowed", True, "NetworkRegistrationAllowed", "bool",
         (19, "sudo_set_network_registration_allowed", "registration_allowed"), (43, "RegistrationAllowed"),
         owner=True, doc="may new neurons register at all"),
    Knob("burn", 1_000_000_000, "Burn", "u64", (203, "sudo_set_burn", "burn"), (33, "BurnSet"),
         doc="rao burned by burned_register now: bumps per registration, decays every block"),
    Knob("burn_half_life", 360, "BurnHalfLife", "u16", (206, "sudo_set_burn_half_life", "burn_half_life"),
         owner=True, high=36_100, doc="blocks for the burn to decay by half (0: no decay; spec 425)"),
    Knob("burn_increase_mult", 23_242_897_532_874_035_200, "BurnIncreaseMult", "U64F64",
         (207, "sudo_set_burn_increase_mult", "burn_increase_mult"), owner=True,
         doc="U64F64 (÷2^64): the burn's multiplier after each registration (f64 1.26 exactly; spec 425)"),
    Knob("min_burn", 500_000, "MinBurn", "u64", (22, "sudo_set_min_burn", "min_burn"), (35, "MinBurnSet"),
         owner=True, doc="rao: the burn never drops below this"),
    Knob("max_burn", 100_000_000_000, "MaxBurn", "u64", (23, "sudo_set_max_burn", "max_burn"), (34, "MaxBurnSet"),
         owner=True, doc="rao: the burn never rises above this (100 TAO)"),
    # Kept because the chain still stores them; since spec 425 they no longer govern a subnet's
    # registrations (PoW is gone, the burn bumps and decays, only root caps registrations).
    Knob("difficulty", 10_000, "Difficulty", "u64", (24, "sudo_set_difficulty", "difficulty"), (10, "DifficultySet"),
         owner=True, doc="proof-of-work difficulty (unused since spec 425: register ignores the work)"),
    Knob("adjustment_interval", 100, "AdjustmentInterval", "u16",
         (8, "sudo_set_adjustment_interval", "adjustment_interval"), (11, "AdjustmentIntervalSet"), low=1,
         doc="blocks between the old interval adjustments (unused on subnets since spec 425)"),
    Knob("target_regs_per_interval", 2, "TargetRegistrationsPerInterval", "u16",
         (21, "sudo_set_target_registrations_per_interval", "target_registrations_per_interval"),
         (12, "RegistrationPerIntervalSet"), doc="the old interval rule's target (unused on subnets since spec 425)"),
    Knob("adjustment_alpha", 0, "AdjustmentAlpha", "u64", (9, "sudo_set_adjustment_alpha", "adjustment_alpha"),
         (49, "AdjustmentAlphaSet"), doc="the old interval rule's smoothing (unused on subnets since spec 425)"),
    Knob("max_regs_per_block", 1, "MaxRegistrationsPerBlock", "u16",
         (27, "sudo_set_max_registrations_per_block", "max_registrations_per_block"),
         (13, "MaxRegistrationsPerBlockSet"), doc="registrations in one block (enforced on root only since spec 425)"),
    Knob("serving_rate_limit", 50, "ServingRateLimit", "u64", (3, "sudo_set_serving_rate_limit", "serving_rate_limit"),
         (32, "ServingRateLimitSet"), owner=True, doc="blocks between two serve_axon by the same hotkey"),
    Knob("subnet_owner_cut", 11796, "LocalSubnetOwnerCut", "u16",
         (205, "sudo_set_subnet_owner_cut_local", "subnet_owner_cut"), high=S,
         doc="u16: the owner's cut of the subnet's emission (18%; SubnetOwnerCut, global on the chain)"),
)


def knob(name: str) -> Knob:
    """The table entry for hyperparameter ``name`` (HyperparameterError if there is none)."""
    for k in KNOBS:
        if k.name == name:
            return k
    raise HyperparameterError(f"no hyperparameter named {name!r}; known: {', '.join(k.name for k in KNOBS)}")


def storage_groups() -> dict[str, tuple[Knob, ...]]:
    """Storage item → the knobs it holds, in table order (``AlphaValues`` holds two, as a tuple)."""
    out: dict[str, tuple[Knob, ...]] = {}
    for k in KNOBS:
        out[k.storage] = (*out.get(k.storage, ()), k)
    return out


def setter_groups() -> dict[str, tuple[Knob, ...]]:
    """AdminUtils setter call → the knobs it sets, in argument order."""
    out: dict[str, tuple[Knob, ...]] = {}
    for k in KNOBS:
        out[k.setter[1]] = (*out.get(k.setter[1], ()), k)
    return out


def setter_call(name: str, netuid: int, value: Any, current: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The AdminUtils call (name, arguments) that sets ``name`` to ``value`` on ``netuid``.

    A setter that sets several knobs at once (``sudo_set_alpha_values``) gets the others'
    ``current`` values, so only ``name`` changes.
    """
    call = knob(name).setter[1]
    args: dict[str, Any] = {"netuid": netuid}
    for k in setter_groups()[call]:
        args[k.setter[2]] = value if k.name == name else current[k.name]
    return call, args


class SubnetHyperparameters:
    """Per-subnet settings, one attribute per :data:`KNOBS` entry (``h.tempo``, ``h.kappa`` …)."""

    def __init__(self, **values: Any):
        unknown = set(values) - {k.name for k in KNOBS}
        if unknown:
            raise HyperparameterError(f"no hyperparameter named {sorted(unknown)[0]!r}")
        for k in KNOBS:
            setattr(self, k.name, values.get(k.name, k.default))

    def __repr__(self) -> str:
        return f"SubnetHyperparameters({', '.join(f'{k}={v!r}' for k, v in self.to_dict().items())})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SubnetHyperparameters) and self.to_dict() == other.to_dict()

    def __getattr__(self, name: str) -> Any:  # a knob added to the table after this object was made
        for k in KNOBS:
            if k.name == name:
                return k.default
        raise AttributeError(name)

    def yuma_params(self) -> YumaParams:
        """The epoch's parameters as fractions (what ``yuma_epoch`` takes)."""
        from bittensor_lite.consensus import (
            YumaParams,  # consensus brings torch: only when an epoch runs
        )
        return YumaParams(
            kappa=self.kappa / U16_MAX,
            bonds_penalty=self.bonds_penalty / U16_MAX,
            bonds_moving_average=self.bonds_moving_average / 1_000_000,
            yuma3=self.yuma3_enabled,
            liquid_alpha=self.liquid_alpha_enabled,
            alpha_low=self.alpha_low / U16_MAX,
            alpha_high=self.alpha_high / U16_MAX,
            alpha_sigmoid_steepness=float(self.alpha_sigmoid_steepness),
        )

    def to_dict(self) -> dict[str, Any]:
        """Every hyperparameter by name, in table order."""
        return {k.name: getattr(self, k.name) for k in KNOBS}

    @staticmethod
    def names() -> list[str]:
        """The hyperparameters' names, in table order."""
        return [k.name for k in KNOBS]

    def validated(self, name: str, value: Any) -> Any:
        """``value`` checked against knob ``name``'s type and limits (raises HyperparameterError)."""
        k = knob(name)
        if k.scale == "bool":
            if not isinstance(value, bool):
                raise HyperparameterError(f"{name} is a switch: pass True or False")
            return value
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise HyperparameterError(f"{name} takes a whole number >= 0, got {value!r}")
        high = k.high if k.high is not None else (1 << _BITS[k.scale]) - 1
        if value > high:
            raise HyperparameterError(f"{name} must be at most {high}, got {value}")
        if value < k.low:
            raise HyperparameterError(f"{name} must be at least {k.low}")
        return value
