"""Transports under :class:`bittensor_lite.Subtensor`: the same calls, different wires.

- :class:`~bittensor_lite.backends.mock.MockBackend` runs the subnet runtime in this process.
- A live backend (substrate-interface against a Substrate node) comes with the local chain.
"""

from bittensor_lite.backends.base import Backend

__all__ = ["Backend"]
