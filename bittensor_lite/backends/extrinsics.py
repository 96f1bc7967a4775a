"""Signed extrinsics on a live node in a few requests: sign here, watch into a block, read its events.

substrate-interface composes, signs and decodes; what this module changes is what it asks the
node. A plain ``create_signed_extrinsic`` + ``submit_extrinsic(wait_for_inclusion=True)`` and its
receipt cost about 17 requests (runtime re-checks, the nonce, the genesis hash, the whole block
decoded, the events through a runtime re-check). Here an extrinsic costs:

* ``author_submitAndWatchExtrinsic`` — its updates come back on the same socket. A node that
  finalizes every block as it makes it (the local chain, dev nodes) closes the watch itself
  with ``finalized``; elsewhere we stop at ``inBlock`` and unwatch (one more request);
* ``chain_getBlock`` — the block's raw extrinsics, hashed (blake2-256, as the node hashes them)
  to find ours by index, not decoded;
* ``state_getStorage`` of ``System.Events`` at that block — decoded, ours picked by index.

The signer's nonce is read once (``system_accountNextIndex``) and then counted by this client;
any refusal forgets it. A refusal that a stale cache can explain (the nonce counted here, when
another client used the account; ``BadProof`` after a runtime upgrade) is retried once with
the nonce and runtime read afresh: a refused transaction never reached the pool, so sending it
again cannot run it twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from hashlib import blake2b
from typing import TYPE_CHECKING, Any

from bittensor_lite.errors import BittensorLiteError, InvalidTransaction

if TYPE_CHECKING:
    from bittensor_lite.backends.reader import SubstrateReader


def refusal(detail: Any) -> InvalidTransaction:
    """The pool's refusal as the same InvalidTransaction the local chain raises (reason from the node)."""
    if isinstance(detail, dict):
        data = str(detail.get("data", ""))
        reason, _, rest = data.partition(":")
        return InvalidTransaction(reason.strip() or str(detail.get("message")), rest.strip() or data)
    return InvalidTransaction("Other", str(detail))


def _bad_proof(error: InvalidTransaction) -> bool:
    """A refused signature: ours signed a spec version or genesis the node no longer has."""
    return error.reason == "BadProof" or "bad signature" in str(error).lower()


@dataclass
class Receipt:
    """An included extrinsic: its block, its index there and the events it triggered."""

    block_hash: str
    extrinsic_hash: str
    extrinsic_idx: int
    triggered_events: list[Any]  # scalecodec event records; ``.value`` as substrate-interface gives them


class NonceBook:
    """Each account's next nonce as this client counts it: read from the node once, then counted here."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def take(self, address: str, fetch: Callable[[str], int]) -> tuple[int, bool]:
        """The nonce to sign with, and whether it came from this book (not the node)."""
        if address in self._next:
            return self._next[address], True
        return fetch(address), False

    def used(self, address: str, nonce: int) -> None:
        """``nonce`` made it into a block: the account's next one is ``nonce + 1``."""
        self._next[address] = nonce + 1

    def forget(self, address: str | None = None) -> None:
        """Ask the node next time (one account, or all of them)."""
        if address is None:
            self._next.clear()
        else:
            self._next.pop(address, None)


class Sender:
    """Signs, submits and follows one client's extrinsics, through ``reader``'s connection
    (its :class:`~bittensor_lite.backends.client.ChainClient`, raw RPC and storage keys)."""

    def __init__(self, reader: SubstrateReader):
        self.reader = reader
        self.substrate = reader.substrate
        self.nonces = NonceBook()
        self._final_at_once: bool | None = None  # whether the node finalizes each block as it makes it
        self._events_item: tuple[Any, str, str] | None = None  # (runtime version, System.Events key, value type)

    def send(self, make_call: Callable[[], Any], keypair: Any) -> Receipt:
        """Compose (``make_call``), sign with ``keypair``, submit and wait for the block; the receipt.

        Raises InvalidTransaction when the pool refuses it (after one retry when a stale nonce
        or runtime of ours can explain the refusal)."""
        from substrateinterface.exceptions import SubstrateRequestException

        address = keypair.ss58_address
        for retry in (False, True):
            nonce, counted = self.nonces.take(address, self._node_nonce)
            with self.substrate.kept_runtime():
                xt = self.substrate.create_signed_extrinsic(call=make_call(), keypair=keypair, nonce=nonce)
            try:
                block_hash = self._watch(xt)
            except SubstrateRequestException as exc:
                refused = refusal(exc.args[0] if exc.args else exc)
            except BaseException:
                self.nonces.forget(address)
                raise
            else:
                self.nonces.used(address, nonce)
                return self._receipt(block_hash, xt)
            self.nonces.forget(address)
            stale_runtime = _bad_proof(refused)
            if stale_runtime:
                self.substrate.refresh()
            if retry or not (counted or stale_runtime):
                break
        raise refused

    def _node_nonce(self, address: str) -> int:
        return int(self.reader.rpc("system_accountNextIndex", [address]))

    def _watch(self, xt: Any) -> str:
        """Submit ``xt`` and wait until a block holds it; that block's hash."""
        if self._final_at_once is None:
            self._final_at_once = self.substrate.get_chain_finalised_head() == self.substrate.get_chain_head()
        until_final = self._final_at_once

        def on_update(message: dict[str, Any], _update_nr: int, subscription_id: str) -> str | None:
            result = message["params"]["result"]
            if isinstance(result, dict):
                status = {k.lower(): v for k, v in result.items()}
                if "finalized" in status:  # the watch's last update: the node closes it
                    return status["finalized"]
                if "inblock" in status and not until_final:
                    self.substrate.rpc_request("author_unwatchExtrinsic", [subscription_id])
                    return status["inblock"]
                if "usurped" in status:
                    raise InvalidTransaction("Stale", f"usurped by {status['usurped']} (same nonce, higher priority)")
            elif result in ("dropped", "invalid"):
                raise InvalidTransaction("Other", f"the pool reports the extrinsic {result}")
            return None

        return self.substrate.rpc_request("author_submitAndWatchExtrinsic", [str(xt.data)], result_handler=on_update)

    def _receipt(self, block_hash: str, xt: Any) -> Receipt:
        """Find ``xt`` in its block by hash and read the events it triggered (two requests)."""
        ours = blake2b(bytes(xt.data.data), digest_size=32).digest()
        block = self.reader.rpc("chain_getBlock", [block_hash])
        raws = block["block"]["extrinsics"] if block else []
        idx = next((i for i, raw in enumerate(raws) if blake2b(bytes.fromhex(raw[2:]), digest_size=32).digest() == ours),
                   None)
        if idx is None:
            raise BittensorLiteError(f"extrinsic 0x{ours.hex()} is not in block {block_hash}")
        events = [e for e in self._events(block_hash) if e.value.get("extrinsic_idx") == idx]
        return Receipt(block_hash, "0x" + ours.hex(), idx, events)

    def _events(self, block_hash: str) -> list[Any]:
        """``System.Events`` at ``block_hash``, decoded with the runtime we signed against."""
        from scalecodec.base import ScaleBytes

        version = self.substrate.runtime_version
        if self._events_item is None or self._events_item[0] != version:
            fn = self.substrate.metadata.get_metadata_pallet("System").get_storage_function("Events")
            key = self.reader.storage_key("System", "Events", []).to_hex()
            self._events_item = (version, key, fn.get_value_type_string())
        _version, key, value_type = self._events_item
        raw = self.reader.rpc("state_getStorage", [key, block_hash])
        obj = self.substrate.runtime_config.create_scale_object(type_string=value_type, data=ScaleBytes(raw or "0x00"),
                                                                metadata=self.substrate.metadata)
        obj.decode()
        return list(obj.elements)
