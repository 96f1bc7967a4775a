"""``btauth/1``: hotkey-signed HTTP requests, the wire protocol of the real SDK's v11.

A validator proves "this request comes from hotkey X, is meant for hotkey Y, carries exactly
this body, and is fresh" with six headers. Nothing else about HTTP changes, so a miner written
with bittensor_lite answers a real v11 validator, and our validator can query a real miner.

The signed payload is eight lines joined by ``\\n`` (UTF-8)::

    btauth/1
    sr25519                     # the signature scheme
    POST                        # the method, upper case
    /TextPrompt                 # the request path (with ?query, as sent)
    <sha256 of the raw body, lower-case hex>
    <nonce: the sender's clock in nanoseconds>
    <sender hotkey ss58>
    <receiver hotkey ss58, or "-" if unbound>

Headers: ``X-Bittensor-Version: 1``, ``-Hotkey``, ``-Receiver``, ``-Nonce``, ``-Signature``
(``0x`` + hex), and ``-Crypto`` only for a scheme other than sr25519. A receiver accepts a
nonce up to 10 s old and 2 s in the future, and each (hotkey, nonce) only once.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bittensor_lite.errors import (
    BadSignature,
    MalformedAuth,
    ReplayedRequest,
    StaleRequest,
    WrongReceiver,
)

PROTOCOL = "btauth/1"
VERSION = "1"
SCHEME = "sr25519"
NO_RECEIVER = "-"
HEADER_VERSION = "X-Bittensor-Version"
HEADER_HOTKEY = "X-Bittensor-Hotkey"
HEADER_RECEIVER = "X-Bittensor-Receiver"
HEADER_NONCE = "X-Bittensor-Nonce"
HEADER_CRYPTO = "X-Bittensor-Crypto"
HEADER_SIGNATURE = "X-Bittensor-Signature"
MAX_AGE_S = 10.0
ALLOWED_SKEW_S = 2.0


@dataclass(frozen=True)
class Caller:
    """Who sent a verified request."""

    hotkey_ss58: str
    nonce_ns: int


class NonceStore:
    """Remembers accepted (hotkey, nonce) pairs for ``retention`` seconds, to refuse replays."""

    def __init__(self, retention: float = 60.0):
        self.retention = retention
        self._seen: set[tuple[str, int]] = set()
        self._expiry: deque[tuple[float, tuple[str, int]]] = deque()
        self._lock = threading.Lock()

    def check_and_store(self, hotkey: str, nonce: int) -> bool:
        """True (and remember it) the first time a pair is seen; False for a replay."""
        now = time.monotonic()
        key = (hotkey, nonce)
        with self._lock:
            while self._expiry and self._expiry[0][0] <= now:
                self._seen.discard(self._expiry.popleft()[1])
            if key in self._seen:
                return False
            self._seen.add(key)
            self._expiry.append((now + self.retention, key))
            return True


def build_payload(*, method: str, path: str, body: bytes, nonce_ns: int, sender: str, receiver: str | None) -> bytes:
    """The exact bytes a btauth/1 signature covers."""
    lines = (PROTOCOL, SCHEME, method.upper(), path, hashlib.sha256(body).hexdigest(), str(nonce_ns), sender,
             receiver or NO_RECEIVER)
    return "\n".join(lines).encode()


def sign(keypair: Any, *, method: str, path: str, body: bytes = b"", receiver: str | None = None,
         nonce_ns: int | None = None) -> dict[str, str]:
    """Sign a request with a hotkey (a substrate-interface ``Keypair``); returns the headers to send."""
    nonce = time.time_ns() if nonce_ns is None else int(nonce_ns)
    payload = build_payload(method=method, path=path, body=body, nonce_ns=nonce, sender=keypair.ss58_address,
                            receiver=receiver)
    signature = keypair.sign(payload)
    headers = {HEADER_VERSION: VERSION, HEADER_HOTKEY: keypair.ss58_address, HEADER_NONCE: str(nonce),
               HEADER_SIGNATURE: "0x" + bytes(signature).hex()}
    if receiver is not None:
        headers[HEADER_RECEIVER] = receiver
    return headers


def _public_key(ss58: str) -> bytes:
    from scalecodec.utils.ss58 import ss58_decode

    try:
        return bytes.fromhex(ss58_decode(ss58))
    except Exception:
        raise MalformedAuth("the hotkey is not a valid ss58 address") from None


def verify(headers: Mapping[str, str], body: bytes, *, method: str, path: str, receiver: str,
           nonce_store: NonceStore, max_age: float = MAX_AGE_S, allowed_skew: float = ALLOWED_SKEW_S,
           now_ns: int | None = None) -> Caller:
    """Check a request's headers against its raw body; return the :class:`Caller` or raise an AuthError.

    Order: header shape, receiver binding, freshness, signature, then replay (the nonce is
    remembered only once the signature holds, so forgeries cannot block a real sender).
    """
    import sr25519  # py-sr25519-bindings, which substrate-interface uses

    h = {k.lower(): v for k, v in headers.items()}
    if h.get(HEADER_VERSION.lower()) != VERSION:
        raise MalformedAuth(f"missing or unsupported {HEADER_VERSION} (expected {VERSION!r})")
    sender = h.get(HEADER_HOTKEY.lower())
    if not sender:
        raise MalformedAuth(f"missing {HEADER_HOTKEY}")
    try:
        nonce = int(h.get(HEADER_NONCE.lower(), ""))
    except ValueError:
        raise MalformedAuth(f"{HEADER_NONCE} must be a decimal integer") from None
    if h.get(HEADER_CRYPTO.lower(), SCHEME) != SCHEME:
        raise MalformedAuth("only sr25519 signatures are supported here")
    try:
        signature = bytes.fromhex(h.get(HEADER_SIGNATURE.lower(), "").removeprefix("0x"))
    except ValueError:
        raise MalformedAuth(f"{HEADER_SIGNATURE} is not hex") from None
    if len(signature) != 64:
        raise MalformedAuth(f"{HEADER_SIGNATURE} must be 64 bytes")
    bound_to = h.get(HEADER_RECEIVER.lower())
    if bound_to != receiver:
        raise WrongReceiver("this request was not signed for this axon's hotkey")
    now = time.time_ns() if now_ns is None else now_ns
    if now - nonce > max_age * 1e9:
        raise StaleRequest(f"the nonce is older than {max_age:g} s")
    if nonce - now > allowed_skew * 1e9:
        raise StaleRequest(f"the nonce is more than {allowed_skew:g} s in the future")
    payload = build_payload(method=method, path=path, body=body, nonce_ns=nonce, sender=sender, receiver=bound_to)
    if not sr25519.verify(signature, payload, _public_key(sender)):
        raise BadSignature("the signature does not match the hotkey, body and headers")
    if not nonce_store.check_and_store(sender, nonce):
        raise ReplayedRequest("this nonce was already used by this hotkey")
    return Caller(hotkey_ss58=sender, nonce_ns=nonce)
