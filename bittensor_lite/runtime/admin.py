"""``AdminUtils.sudo_set_*``: changing a subnet's hyperparameters (sudo, or the subnet owner)."""

from __future__ import annotations

from typing import Any

from bittensor_lite.runtime.errors import fail
from bittensor_lite.runtime.registration import subnet
from bittensor_lite.runtime.state import ChainState

# What a subnet owner may change on their own subnet without sudo (as in AdminUtils).
OWNER_SETTABLE = frozenset(
    {
        "tempo", "kappa", "immunity_period", "min_allowed_weights", "max_weights_limit", "weights_rate_limit",
        "weights_version", "activity_cutoff", "bonds_moving_average", "bonds_penalty", "yuma3_enabled",
        "liquid_alpha_enabled", "alpha_low", "alpha_high", "alpha_sigmoid_steepness", "registration_allowed",
        "min_burn", "max_burn", "serving_rate_limit", "max_allowed_validators", "difficulty",
    }
)


def sudo_set_hyperparameter(state: ChainState, origin: str, netuid: int, name: str, value: Any) -> None:
    """Set hyperparameter ``name`` of subnet ``netuid`` (``AdminUtils.sudo_set_<name>``)."""
    net = subnet(state, netuid)
    is_sudo = origin is not None and origin == state.sudo
    if not is_sudo:
        if origin != net.owner_coldkey:
            raise fail("BadOrigin", f"only sudo or the owner of subnet {netuid} may set {name}")
        if name not in OWNER_SETTABLE:
            raise fail("BadOrigin", f"{name} can only be set by sudo")
    value = net.hyper.validated(name, value)
    setattr(net.hyper, name, value)
    state.events.append({"event": "HyperparameterSet", "netuid": netuid, "name": name, "value": value})
