"""One exception hierarchy for the whole SDK.

Catch :class:`BittensorLiteError` to catch everything bittensor_lite raises on purpose.
Errors that the chain itself would return (a failed extrinsic) derive from
:class:`ChainError` and carry the pallet's own error name, e.g. ``NotEnoughBalanceToStake``.
"""

from __future__ import annotations


class BittensorLiteError(Exception):
    """Root of every error bittensor_lite raises deliberately."""


class ChainError(BittensorLiteError):
    """A call the chain rejected. ``name`` is the pallet error's name, ``pallet`` its pallet.

    A failed call changes nothing: the runtime checks everything before it writes.
    """

    pallet: str = "SubtensorModule"

    def __init__(self, message: str = "", *, name: str | None = None, pallet: str | None = None):
        self.name = name or type(self).__name__
        if pallet is not None:
            self.pallet = pallet
        super().__init__(f"{self.pallet}.{self.name}: {message}" if message else f"{self.pallet}.{self.name}")


class NotSupportedError(BittensorLiteError):
    """Something the real network does that bittensor_lite does not (yet) model."""
