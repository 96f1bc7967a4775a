"""The contract every backend keeps, so :class:`~bittensor_lite.Subtensor` works over any of them."""

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

    def block(self) -> int:
        """The latest block number."""
        ...

    def submit(self, call: str, signer: Any, **args: Any) -> Any:
        """Include one signed call in a block; raise the pallet's error if it fails."""
        ...

    def balance(self, address: str) -> int:
        """Free balance of an account, in rao."""
        ...

    def stake(self, hotkey: str, coldkey: str | None = None) -> int:
        """Stake on a hotkey in rao (from one coldkey, or in total)."""
        ...

    def subnets(self) -> list[int]:
        """The netuids that exist."""
        ...

    def hyperparameters(self, netuid: int) -> dict[str, Any]:
        """A subnet's hyperparameters by their chain names."""
        ...

    def subnet_snapshot(self, netuid: int, block: int | None = None) -> dict[str, Any]:
        """A subnet's neurons as plain lists indexed by UID (see Metagraph.load_snapshot)."""
        ...

    def uid_for_hotkey(self, netuid: int, hotkey: str) -> int | None:
        """The UID a hotkey holds on a subnet, or None."""
        ...

    def step(self, blocks: int = 1) -> int:
        """Produce ``blocks`` blocks now (running epochs as they fall due); return the new block."""
        ...
