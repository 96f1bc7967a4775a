"""``AdminUtils.sudo_set_*``: changing a subnet's hyperparameters (root via sudo, or the subnet owner).

Which knobs the owner may turn, their limits and the events the setters emit are the
hyperparameter table's (:data:`~bittensor_lite.runtime.hyperparams.KNOBS`); this module is the
one rule all setters share.
"""

from __future__ import annotations

from typing import Any

from bittensor_lite.errors import ChainError
from bittensor_lite.runtime.errors import fail
from bittensor_lite.runtime.events import emit
from bittensor_lite.runtime.hyperparams import setter_groups
from bittensor_lite.runtime.registration import subnet
from bittensor_lite.runtime.state import ROOT, ChainState


def set_hyperparameters(state: ChainState, origin: str, netuid: int, call: str, **arguments: Any) -> None:
    """Run setter ``call`` on subnet ``netuid``: check who asks, check every value, then write them all."""
    try:
        net = subnet(state, netuid)
    except ChainError:  # AdminUtils names a missing subnet its own way (spec 425)
        raise fail("SubnetDoesNotExist", f"no subnet with netuid {netuid!r}") from None
    knobs = setter_groups()[call]
    if origin != ROOT:
        names = ", ".join(k.name for k in knobs)
        if origin != net.owner_coldkey:
            raise fail("BadOrigin", f"only root (sudo) or the owner of subnet {netuid} may set {names}")
        if not all(k.owner for k in knobs):
            raise fail("BadOrigin", f"{names} can only be set by root (sudo)")
    values = {k.name: net.hyper.validated(k.name, arguments[k.setter[2]]) for k in knobs}
    for k in knobs:
        setattr(net.hyper, k.name, values[k.name])
        if k.event:
            emit(state, "SubtensorModule", k.event[1], netuid, values[k.name])
