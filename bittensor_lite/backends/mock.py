"""The mock backend: the subnet runtime running inside this Python process.

No chain, no network, no keys checked: a call "signed" by a keypair simply runs as that
account. Time works like a dev chain with instant seal (``automine=True``): each call, even
one that fails, is included in a new block; :meth:`MockBackend.step` produces blocks on demand. With
``automine=False`` calls pile into the block being built until ``step`` seals it — handy for
simulations where many validators act in the same block.

Genesis (:mod:`~bittensor_lite.runtime.genesis`) funds the well-known dev accounts ``//Alice`` …
``//Ferdie`` (1,000,000 TAO each); ``//Alice`` is sudo, as on a Substrate dev chain.
"""

from __future__ import annotations

import copy
from typing import Any

from bittensor_lite.errors import NotSupportedError
from bittensor_lite.runtime import Runtime
from bittensor_lite.runtime.genesis import Genesis
from bittensor_lite.runtime.hyperparams import setter_call


class MockBackend:
    """A :class:`~bittensor_lite.backends.Backend` over an in-process :class:`~bittensor_lite.runtime.Runtime`."""

    name = "mock"

    def __init__(self, runtime: Runtime | None = None, *, automine: bool = True, fund_dev_accounts: bool = True):
        self.runtime = runtime if runtime is not None else Genesis(dev_funds=fund_dev_accounts).build()
        self.automine = automine

    # -- time -----------------------------------------------------------------------------
    def block(self) -> int:
        return self.runtime.block

    def step(self, blocks: int = 1) -> int:
        """Produce ``blocks`` blocks now, running the epochs that fall due."""
        if blocks < 0:
            raise ValueError("blocks must be >= 0")
        self.runtime.step(blocks)
        return self.runtime.block

    # -- calls ----------------------------------------------------------------------------
    def submit(self, call: str, signer: Any, /, **args: Any) -> Any:
        """Run pallet call ``call`` as ``signer`` and seal a block (when automining).

        As on a chain, a call that fails is still included in a block: it changes nothing but
        the block number, and its error is raised.
        """
        origin = signer if isinstance(signer, str) else signer.ss58_address
        try:
            return self.runtime.dispatch(call, origin, **args)
        finally:
            if self.automine:
                self.runtime.step(1)

    # -- dev helpers (like a dev chain's dev_* RPCs) -------------------------------------------
    def set_balance(self, address: str, rao: int) -> None:
        """Set an account's free balance (a dev chain's faucet; issuance is adjusted to match)."""
        self.runtime.dev_set_balance(address, int(rao))

    def sudo_set(self, netuid: int, name: str, value: Any, sudo: Any = None) -> None:
        """Set a subnet hyperparameter as sudo (``Sudo.sudo(AdminUtils.sudo_set_<name>)`` on the chain: a block)."""
        origin = self.runtime.sudo if sudo is None else (sudo if isinstance(sudo, str) else sudo.ss58_address)
        call = setter_call(name, netuid, value, self.runtime.hyperparameters(netuid))
        error = self.submit("sudo", origin or "", call=call)
        if error is not None:
            raise error

    def snapshot(self) -> Any:
        """A copy of the whole chain state, for :meth:`revert`."""
        return copy.deepcopy(self.runtime.state)

    def revert(self, snap: Any) -> None:
        """Return the chain to a state taken with :meth:`snapshot`."""
        self.runtime.state = copy.deepcopy(snap)

    def faucet_drip(self, address: str) -> None:
        """The mock network has no faucet: fund accounts with ``sub.dev.set_balance``."""
        raise NotSupportedError("the mock network has no faucet: use sub.dev.set_balance(address, rao)")

    def close(self) -> None:
        """Nothing to release: the runtime lives in this process."""

    # -- reads -----------------------------------------------------------------------------
    def balance(self, address: str) -> int:
        return self.runtime.free_balance(address)

    def stake(self, hotkey: str, coldkey: str | None, netuid: int) -> int:
        return self.runtime.stake_of(hotkey, coldkey, netuid)

    def pool(self, netuid: int) -> dict[str, Any]:
        return self.runtime.pool(netuid)

    def subnets(self) -> list[int]:
        return self.runtime.netuids()

    def hyperparameters(self, netuid: int) -> dict[str, Any]:
        return self.runtime.hyperparameters(netuid)

    def subnetwork_n(self, netuid: int) -> int:
        return self.runtime.subnetwork_n(netuid)

    def subnet_owner_hotkey(self, netuid: int) -> str:
        return self.runtime.subnet_owner_hotkey(netuid)

    def last_epoch_block(self, netuid: int) -> int:
        return self.runtime.last_epoch_block(netuid)

    def delegate_take(self, hotkey: str) -> int:
        return self.runtime.delegate_take(hotkey)

    def uid_for_hotkey(self, netuid: int, hotkey: str) -> int | None:
        return self.runtime.uid_of(netuid, hotkey)

    def subnet_snapshot(self, netuid: int, block: int | None = None) -> dict[str, Any]:
        if block is not None and block != self.runtime.block:
            raise NotSupportedError("the mock backend keeps no history: read the latest block only")
        return self.runtime.subnet_snapshot(netuid)
