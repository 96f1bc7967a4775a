"""A subnet's hyperparameters: the knobs that keep the network "in trim".

Defaults are node-subtensor's code defaults for a newly registered subnet (live subnets
override many of them). u16 fractions are stored as the chain stores them (x / 65535).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from bittensor_lite.consensus import YumaParams
from bittensor_lite.errors import HyperparameterError

U16_MAX = 65535
TEACHING_MAX_UIDS = 4096  # the 2022 network's cap; the chain's own hard cap today is 256


@dataclass
class SubnetHyperparameters:
    """Per-subnet settings (``SubtensorModule`` storage of the same names)."""

    tempo: int = 360  # blocks between epochs (Yuma runs and emission is paid)
    kappa: int = 32767  # u16: share of stake whose weights define consensus (≈ 0.5)
    rho: int = 10  # legacy trust-sigmoid steepness; no longer used by the epoch
    immunity_period: int = 5000  # blocks a new neuron cannot be pruned
    max_allowed_uids: int = 256  # UID slots; when full a new registration prunes the weakest
    min_allowed_weights: int = 1  # a validator must weight at least this many others
    max_weights_limit: int = 65535  # u16: the largest share one weight may take of a row
    weights_rate_limit: int = 100  # blocks between two set_weights by the same hotkey
    weights_version: int = 0  # the minimum version_key accepted by set_weights
    weights_min_stake: int = 0  # rao of stake needed to set weights
    max_allowed_validators: int = 64  # top-k stake gets a validator permit
    activity_cutoff: int = 5000  # blocks without set_weights before a validator counts as inactive
    bonds_moving_average: int = 900_000  # per million of old bonds kept each epoch (EMA)
    bonds_penalty: int = 65535  # u16: 1.0 → bonds grow only on consensus-clipped weight
    yuma3_enabled: bool = True  # Yuma 3 bonds (new subnets' default) vs the original model
    liquid_alpha_enabled: bool = False  # per-bond EMA rates from a sigmoid
    alpha_low: int = 45875  # u16: liquid alpha's slowest rate (0.7)
    alpha_high: int = 58982  # u16: liquid alpha's fastest rate (0.9)
    alpha_sigmoid_steepness: int = 1000  # liquid alpha's sigmoid steepness (÷100)
    registration_allowed: bool = True  # may new neurons register at all
    burn: int = 1_000_000_000  # rao burned by burned_register now (adapts every interval)
    min_burn: int = 500_000  # rao: the burn never drops below this
    max_burn: int = 100_000_000_000  # rao: the burn never rises above this (100 TAO)
    difficulty: int = 10_000  # proof-of-work difficulty (tiny on our chains, for teaching)
    adjustment_interval: int = 100  # blocks between burn/difficulty adjustments
    target_regs_per_interval: int = 2  # registrations per interval the burn aims for
    adjustment_alpha: int = 0  # u64 share of the old burn kept when adjusting (0 = follow demand)
    max_regs_per_block: int = 1  # registrations allowed in one block
    serving_rate_limit: int = 50  # blocks between two serve_axon by the same hotkey
    subnet_owner_cut: int = 11796  # u16: the owner's cut of the subnet's emission (18%)

    def yuma_params(self) -> YumaParams:
        """The epoch's parameters as fractions (what ``yuma_epoch`` takes)."""
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
        return asdict(self)

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    def validated(self, name: str, value: Any) -> Any:
        """``value`` checked and converted for hyperparameter ``name`` (raises HyperparameterError)."""
        if name not in self.names():
            raise HyperparameterError(f"no hyperparameter named {name!r}; known: {', '.join(self.names())}")
        current = getattr(self, name)
        if isinstance(current, bool):
            if not isinstance(value, bool):
                raise HyperparameterError(f"{name} is a switch: pass True or False")
            return value
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise HyperparameterError(f"{name} takes a whole number >= 0, got {value!r}")
        limits = {
            "kappa": U16_MAX, "bonds_penalty": U16_MAX, "max_weights_limit": U16_MAX, "alpha_low": U16_MAX,
            "alpha_high": U16_MAX, "subnet_owner_cut": U16_MAX, "bonds_moving_average": 1_000_000,
            "max_allowed_uids": TEACHING_MAX_UIDS,
        }
        if name in limits and value > limits[name]:
            raise HyperparameterError(f"{name} must be at most {limits[name]}, got {value}")
        if name in ("tempo", "max_allowed_uids", "adjustment_interval") and value < 1:
            raise HyperparameterError(f"{name} must be at least 1")
        return value
