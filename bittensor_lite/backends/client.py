"""substrate-interface's client, keeping between two extrinsics what does not change between them.

``SubstrateInterface`` re-checks the node's runtime before every ``compose_call`` and
``create_signed_extrinsic`` (head, header, runtime version: three requests each) and asks for
the genesis hash for every signature. A chain's genesis never changes, and its runtime only
changes with an upgrade — which a signed extrinsic's refusal (``BadProof``: the spec version is
part of what was signed) tells us about. So while :meth:`ChainClient.kept_runtime` is open, the
runtime last loaded is used as it is, and :meth:`ChainClient.refresh` re-reads both after such a
refusal. Imported lazily: substrate-interface is heavy and ``import bittensor_lite`` stays fast.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from substrateinterface import SubstrateInterface


class ChainClient(SubstrateInterface):
    """A ``SubstrateInterface`` that remembers the genesis hash and can keep its runtime while signing."""

    def __init__(self, *args: Any, **kwargs: Any):
        self._genesis: str | None = None
        self._keep_runtime = False
        super().__init__(*args, **kwargs)

    def get_block_hash(self, block_id: int | None = None) -> str:
        """A block's hash by number; the genesis hash (block 0) is asked for once."""
        if block_id != 0:
            return super().get_block_hash(block_id)
        if self._genesis is None:
            self._genesis = super().get_block_hash(0)
        return self._genesis

    def init_runtime(self, block_hash: str | None = None, block_id: int | None = None) -> None:
        """Load the runtime (metadata, types) of a block; inside :meth:`kept_runtime`, "the latest" is the one loaded."""
        if self._keep_runtime and block_hash is None and block_id is None and self.metadata is not None:
            return
        super().init_runtime(block_hash=block_hash, block_id=block_id)

    @contextmanager
    def kept_runtime(self) -> Iterator[None]:
        """Compose and sign against the runtime already loaded, without asking the node again."""
        before, self._keep_runtime = self._keep_runtime, True
        try:
            yield
        finally:
            self._keep_runtime = before

    def refresh(self) -> None:
        """Forget the genesis hash and re-check the node's runtime (after a ``BadProof`` refusal)."""
        self._genesis = None
        keep, self._keep_runtime = self._keep_runtime, False
        try:
            super().init_runtime()
        finally:
            self._keep_runtime = keep
