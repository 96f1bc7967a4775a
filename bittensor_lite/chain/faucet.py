"""The workshop faucet: a key the node holds, and signed transfers from it, rate-limited three ways.

The key is made once per chain, kept in the state folder (mode 0600, never printed) and
funded at genesis; a drip is a real ``Balances.transfer_keep_alive`` signed by it, so it shows
up on chain like any learner's transfer.

A learner who scripts new addresses must not drain it, so within any window of ``every``
seconds the faucet gives

- to one **address** at most once;
- to one **client machine** (the IP the request came from) at most ``per_client`` times;
- to everyone together at most ``budget`` drips.

Requests from the chain's own machine (the instructor, and a room simulated on one laptop)
count against the budget but not against a client's limit.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any, Protocol

from bittensor_lite.chain.codec import Codec, Extrinsic, signing_payload
from bittensor_lite.errors import FaucetError
from bittensor_lite.scale import SS58_FORMAT, encode_compact, is_address

SEED_FILE = "faucet.seed"
PER_CLIENT = 3  # drips per client machine per window: a learner's coldkey, and two do-overs
BUDGET = 200  # drips per window for the whole room: four per learner in a room of fifty


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
    """Gives ``rao`` per drip: once per address, ``per_client`` times per machine and ``budget`` times in
    total, in any window of ``every`` seconds."""

    def __init__(self, state_dir: Path, rao: int, every: float, per_client: int = PER_CLIENT, budget: int = BUDGET):
        from substrateinterface import Keypair

        seed = (state_dir / SEED_FILE).read_text().strip()
        self.key = Keypair.create_from_seed(seed, ss58_format=SS58_FORMAT)
        self.rao, self.every = int(rao), float(every)
        self.per_client, self.budget = int(per_client), int(budget)
        self.last: dict[str, float] = {}  # address -> time of its drip (within the window)
        self.by_client: dict[str, deque[float]] = {}  # client machine -> times of its drips (within the window)
        self.recent: deque[float] = deque()  # times of every drip (within the window)

    def _forget_before(self, cutoff: float) -> None:
        """Drop drips older than the window, so scripted addresses cannot grow the faucet's memory."""
        while self.recent and self.recent[0] <= cutoff:
            self.recent.popleft()
        if len(self.last) > len(self.recent):  # each drip in the window funded one address: the rest are stale
            self.last = {a: t for a, t in self.last.items() if t > cutoff}
        for client in [c for c, times in self.by_client.items() if not times or times[-1] <= cutoff]:
            del self.by_client[client]
        for times in self.by_client.values():
            while times and times[0] <= cutoff:
                times.popleft()

    def check(self, address: str, client: str | None, now: float) -> None:
        """Raise :class:`FaucetError` (saying which limit) if this drip is over a limit."""
        self._forget_before(now - self.every)
        last = self.last.get(address)
        if last is not None:
            raise FaucetError(f"this address was funded {now - last:.0f} s ago; the faucet gives once every "
                              f"{self.every:.0f} s")
        if client is not None and len(self.by_client.get(client, ())) >= self.per_client:
            raise FaucetError(f"your machine ({client}) had {self.per_client} drips in the last {self.every:.0f} s, "
                              "its limit; ask the instructor")
        if len(self.recent) >= self.budget:
            wait = self.recent[0] + self.every - now
            raise FaucetError(f"the faucet gave its budget of {self.budget} drips per {self.every:.0f} s; "
                              f"try again in {wait:.0f} s")

    def drip(self, chain: Chain, address: str, now: float | None = None, client: str | None = None) -> str:
        """Send the faucet's amount to ``address`` for a request from ``client`` (None: the chain's own
        machine); answer once the transfer is in a block."""
        if self.rao <= 0:
            raise FaucetError("this chain has no faucet (start it with --faucet-tao N)")
        if not is_address(address):
            raise FaucetError(f"{address!r} is not an ss58 address (format {SS58_FORMAT})")
        now = time.monotonic() if now is None else now
        included = threading.Event()
        with chain.lock:
            self.check(address, client, now)
            call = {"call_module": "Balances", "call_function": "transfer_keep_alive",
                    "call_args": {"dest": address, "value": self.rao}}
            xt_hash = chain.submit(sign_call(chain, self.key, call), watcher=lambda status, _h: included.set())
            self.last[address] = now
            self.recent.append(now)
            if client is not None:
                self.by_client.setdefault(client, deque()).append(now)
        if not included.wait(timeout=max(30.0, 5 * chain.block_time)):
            raise FaucetError("the faucet's transfer was not included in time; try again")
        return "0x" + xt_hash.hex()
