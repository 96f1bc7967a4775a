"""The workshop faucet: a key the node holds, and signed transfers from it, rate-limited per address.

The key is made once per chain, kept in the state folder (mode 0600, never printed) and
funded at genesis; a drip is a real ``Balances.transfer_keep_alive`` signed by it, so it shows
up on chain like any learner's transfer.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from pathlib import Path
from typing import Any, Protocol

from bittensor_lite.chain.codec import Codec, Extrinsic, signing_payload
from bittensor_lite.errors import FaucetError
from bittensor_lite.scale import SS58_FORMAT, encode_compact, is_address

SEED_FILE = "faucet.seed"


class Chain(Protocol):
    """What the faucet needs from its node."""

    codec: Codec
    genesis_hash: bytes
    lock: Any
    block_time: float

    def next_nonce(self, address: str) -> int: ...
    def submit(self, raw: bytes, watcher: Any = None) -> bytes: ...


def new_faucet_key(state_dir: Path) -> str:
    """Make the faucet's key in ``state_dir`` (0600); return its address (to fund at genesis)."""
    from substrateinterface import Keypair

    seed = secrets.token_bytes(32)
    fd = os.open(state_dir / SEED_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(seed.hex())
    return Keypair.create_from_seed(seed.hex(), ss58_format=SS58_FORMAT).ss58_address


def sign_call(chain: Chain, keypair: Any, call: dict[str, Any]) -> bytes:
    """A signed, immortal extrinsic from a key the node holds: the same bytes a wallet would send."""
    call_obj = chain.codec.rc.create_scale_object("Call", metadata=chain.codec.md)
    call_bytes = bytes(call_obj.encode(call).data)
    nonce = chain.next_nonce(keypair.ss58_address)
    extra = b"\x00" + encode_compact(nonce) + encode_compact(0) + b"\x00"  # immortal, nonce, tip 0, mode off
    ext = Extrinsic(raw=b"", hash=b"", signed=True, call_bytes=call_bytes, call={}, extra=extra)
    signature = keypair.sign(signing_payload(ext, chain.genesis_hash, chain.genesis_hash,
                                             chain.codec.metadata.spec_version))
    body = b"\x84" + b"\x00" + keypair.public_key + b"\x01" + signature + extra + call_bytes
    return encode_compact(len(body)) + body


class Faucet:
    """Gives ``rao`` to an address at most once every ``every`` seconds."""

    def __init__(self, state_dir: Path, rao: int, every: float):
        from substrateinterface import Keypair

        seed = (state_dir / SEED_FILE).read_text().strip()
        self.key = Keypair.create_from_seed(seed, ss58_format=SS58_FORMAT)
        self.rao, self.every = int(rao), float(every)
        self.last: dict[str, float] = {}

    def drip(self, chain: Chain, address: str, now: float | None = None) -> str:
        """Send the faucet's amount to ``address``; answer once the transfer is in a block."""
        if self.rao <= 0:
            raise FaucetError("this chain has no faucet (start it with --faucet-tao N)")
        if not is_address(address):
            raise FaucetError(f"{address!r} is not an ss58 address (format {SS58_FORMAT})")
        now = time.monotonic() if now is None else now
        included = threading.Event()
        with chain.lock:
            last = self.last.get(address)
            if last is not None and now - last < self.every:
                raise FaucetError(f"this address was funded {now - last:.0f} s ago; the faucet gives once every "
                                  f"{self.every:.0f} s")
            call = {"call_module": "Balances", "call_function": "transfer_keep_alive",
                    "call_args": {"dest": address, "value": self.rao}}
            xt_hash = chain.submit(sign_call(chain, self.key, call), watcher=lambda status, _h: included.set())
            self.last[address] = now
        if not included.wait(timeout=max(30.0, 5 * chain.block_time)):
            raise FaucetError("the faucet's transfer was not included in time; try again")
        return "0x" + xt_hash.hex()
