"""Genesis: the accounts, funds and sudo key a new chain starts with, for the mock and the local chain alike.

A dev chain funds the well-known Substrate dev accounts ``//Alice`` … ``//Ferdie`` with
1,000,000 TAO each and makes ``//Alice`` sudo. A workshop chain starts without dev funds,
with the instructor's key as sudo and a faucet account funded instead.
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass
from typing import Any

DEV_ACCOUNTS = ("Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie")
DEV_FUNDS = 1_000_000 * 10**9  # rao per funded account (1,000,000 TAO)


@functools.cache
def dev_address(name: str) -> str:
    """The ss58 address of a Substrate dev account (``//Alice`` …)."""
    from substrateinterface import Keypair

    return Keypair.create_from_uri(f"//{name}").ss58_address


@dataclass
class Genesis:
    """What block 0 holds. ``sudo`` defaults to ``//Alice`` on a chain with dev funds, none otherwise."""

    dev_funds: bool = True
    sudo: str | None = None
    ready_subnet: bool = False  # a subnet owned by sudo exists from the start
    faucet: str | None = None  # an account funded like a dev account, for the faucet to send from

    def __post_init__(self) -> None:
        if self.sudo is None and self.dev_funds:
            self.sudo = dev_address("Alice")

    def balances(self) -> dict[str, int]:
        """Free balances at genesis, rao by address."""
        out = {dev_address(n): DEV_FUNDS for n in DEV_ACCOUNTS} if self.dev_funds else {}
        if self.faucet:
            out[self.faucet] = DEV_FUNDS
        return out

    def build(self, **settings: Any) -> Any:
        """A :class:`~bittensor_lite.runtime.Runtime` in this genesis state."""
        from bittensor_lite.runtime import Runtime

        rt = Runtime(balances=self.balances(), sudo=self.sudo, **settings)
        if self.ready_subnet and self.sudo:
            lock = rt.state.network_lock_cost
            if rt.free_balance(self.sudo) < lock:
                rt.dev_set_balance(self.sudo, lock)
            rt.dispatch("register_network", self.sudo, hotkey=self.sudo)
            rt.state.events = []
        return rt

    def to_dict(self) -> dict[str, Any]:
        """As stored with a chain, so a restart rebuilds the same block 0."""
        return asdict(self)
