"""The contract every backend keeps, so :class:`~bittensor_lite.Subtensor` works over any of them.

This protocol lists everything the facade uses: nothing outside ``backends/`` reaches past it.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Backend(Protocol):
    """What a Subtensor needs from a network: submit signed calls, read state, see blocks.

    ``submit`` takes the pallet call's real name (``"burned_register"``, ``"set_weights"`` …)
    and its real argument names, signed by ``signer`` (a keypair-like object with
    ``ss58_address``). It returns the call's result, or raises a
    :class:`~bittensor_lite.errors.ChainError` named after the pallet error.
    """

    name: str

    # -- time and calls ---------------------------------------------------------------------
    def block(self) -> int:
        """The latest block number."""
        ...

    def step(self, blocks: int = 1) -> int:
        """Produce ``blocks`` blocks now (running epochs as they fall due); return the new block."""
        ...

    def submit(self, call: str, signer: Any, /, **args: Any) -> Any:
        """Include one signed call in a block; raise the pallet's error if it fails."""
        ...

    def close(self) -> None:
        """Release the connection (and a chain process this backend started)."""
        ...

    # -- reads ------------------------------------------------------------------------------
    def balance(self, address: str) -> int:
        """Free balance of an account, in rao."""
        ...

    def stake(self, hotkey: str, coldkey: str | None, netuid: int) -> int:
        """Alpha staked on a hotkey on ``netuid`` (from one coldkey, or in total), smallest unit."""
        ...

    def pool(self, netuid: int) -> dict[str, Any]:
        """A subnet's pool: ``tao_in``, ``alpha_in``, ``alpha_out`` (smallest units), ``price``,
        ``moving_price`` (TAO per alpha, floats), ``symbol``, ``tao_weight`` (root stake's weight)."""
        ...

    def subnets(self) -> list[int]:
        """The netuids that exist."""
        ...

    def hyperparameters(self, netuid: int) -> dict[str, Any]:
        """A subnet's hyperparameters by their chain names."""
        ...

    def subnetwork_n(self, netuid: int) -> int:
        """How many UIDs are taken on a subnet (``SubnetworkN``)."""
        ...

    def subnet_owner_hotkey(self, netuid: int) -> str:
        """The hotkey the subnet's owner registered it with (``SubnetOwnerHotkey``)."""
        ...

    def last_epoch_block(self, netuid: int) -> int:
        """The block of the subnet's last epoch (``LastMechansimStepBlock``)."""
        ...

    def subnet_snapshot(self, netuid: int, block: int | None = None) -> dict[str, Any]:
        """A subnet's neurons as plain lists indexed by UID (see Metagraph.load_snapshot)."""
        ...

    def delegate_take(self, hotkey: str) -> int:
        """A hotkey's take as a u16 fraction (``Delegates``)."""
        ...

    def uid_for_hotkey(self, netuid: int, hotkey: str) -> int | None:
        """The UID a hotkey holds on a subnet, or None."""
        ...

    # -- dev powers (``sub.dev``) -------------------------------------------------------------
    def set_balance(self, address: str, rao: int) -> None:
        """Set an account's free balance outright (dev chains only)."""
        ...

    def sudo_set(self, netuid: int, name: str, value: Any, sudo: Any = None) -> None:
        """Set a hyperparameter through ``Sudo.sudo(AdminUtils.sudo_set_…)``."""
        ...

    def snapshot(self) -> Any:
        """Remember the chain as it is (dev chains only)."""
        ...

    def revert(self, snap: Any) -> None:
        """Return to a snapshot (dev chains only)."""
        ...

    def faucet_drip(self, address: str) -> None:
        """Ask the chain's faucet for TAO (workshop chains)."""
        ...
