"""SCALE, SS58 and hashing helpers that the local chain and the live backend both need.

Neutral ground below ``chain/`` and ``backends/`` (neither imports the other): compact
integers, account ids and their ss58 addresses, storage-key prefixes and map-key hashers, as
Substrate defines them. Nothing here knows about our runtime.
"""

from __future__ import annotations

import functools
from hashlib import blake2b
from typing import Any

from bittensor_lite.errors import MalformedError

SS58_FORMAT = 42  # Bittensor's (and Substrate's generic) address format
INT_WIDTHS = {"u8": 1, "u16": 2, "u32": 4, "u64": 8}
U16_MAX = 65535  # the chain stores fractions (trust, incentive, kappa …) as x · 65535 in a u16


def blake2_256(data: bytes) -> bytes:
    """Substrate's default hash (block hashes, extrinsic hashes, long signing payloads)."""
    return blake2b(data, digest_size=32).digest()


def from_hex(value: Any, what: str = "value") -> bytes:
    """``0x``-prefixed hex to bytes, or a MalformedError naming what was expected."""
    if not isinstance(value, str) or not value.startswith("0x"):
        raise MalformedError(f"{what} must be a 0x-prefixed hex string")
    try:
        return bytes.fromhex(value[2:])
    except ValueError:
        raise MalformedError(f"{what} is not valid hex") from None


def decode_compact(data: bytes, offset: int = 0) -> tuple[int, int]:
    """A SCALE compact integer at ``offset``: (value, offset after it)."""
    if offset >= len(data):
        raise MalformedError("truncated compact integer")
    b0 = data[offset]
    mode = b0 & 3
    if mode == 0:
        return b0 >> 2, offset + 1
    size = {1: 2, 2: 4}.get(mode)
    if size is None:
        size = (b0 >> 2) + 5
        if offset + size > len(data):
            raise MalformedError("truncated compact integer")
        return int.from_bytes(data[offset + 1:offset + size], "little"), offset + size
    if offset + size > len(data):
        raise MalformedError("truncated compact integer")
    return int.from_bytes(data[offset:offset + size], "little") >> 2, offset + size


def encode_compact(value: int) -> bytes:
    """A SCALE compact integer."""
    if value < 1 << 6:
        return bytes([value << 2])
    if value < 1 << 14:
        return ((value << 2) | 1).to_bytes(2, "little")
    if value < 1 << 30:
        return ((value << 2) | 2).to_bytes(4, "little")
    raw = value.to_bytes((value.bit_length() + 7) // 8, "little")
    return bytes([((len(raw) - 4) << 2) | 3]) + raw


@functools.lru_cache(maxsize=65536)
def account_bytes(address: str) -> bytes:
    """The 32-byte public key of an ss58 address (or of ``0x`` hex)."""
    from scalecodec.utils.ss58 import ss58_decode

    if address.startswith("0x") and len(address) == 66:
        return bytes.fromhex(address[2:])
    try:
        return bytes.fromhex(ss58_decode(address))
    except Exception:
        raise MalformedError(f"{address!r} is not an account address") from None


@functools.lru_cache(maxsize=65536)
def account_address(public_key: bytes) -> str:
    """The ss58 address (format 42) of a 32-byte public key."""
    from scalecodec.utils.ss58 import ss58_encode

    return ss58_encode(public_key, SS58_FORMAT)


KEY_SIZES = {"u16": 2, "u32": 4, "u64": 8, "AccountId32": 32}
HASH_SIZES = {"Identity": 0, "Blake2_128Concat": 16, "Twox64Concat": 8}


def split_key(hashers: tuple[str, ...], types: list[str], rest: bytes) -> list[bytes] | None:
    """The encoded keys inside a map key's tail, or None if it is not one of this map's keys
    (wrong length, or a hash that does not match the key it precedes)."""
    parts = []
    for hasher, ty in zip(hashers, types, strict=True):
        skip, size = HASH_SIZES.get(hasher), KEY_SIZES.get(ty)
        if skip is None or size is None or len(rest) < skip + size:
            return None
        part = rest[skip:skip + size]
        if skip and hash_key(hasher, part) != rest[:skip + size]:
            return None
        parts.append(part)
        rest = rest[skip + size:]
    return parts if not rest else None


@functools.lru_cache(maxsize=1024)
def storage_prefix(pallet: str, item: str) -> bytes:
    """twox128(pallet) ++ twox128(item): where an item's entries live in the state trie."""
    from substrateinterface.utils.hasher import xxh128

    return bytes(xxh128(pallet.encode()) + xxh128(item.encode()))


def hash_key(hasher: str, encoded: bytes) -> bytes:
    """One map key as the hasher stores it."""
    from substrateinterface.utils.hasher import blake2_128_concat, two_x64_concat

    if hasher == "Identity":
        return encoded
    if hasher == "Blake2_128Concat":
        return bytes(blake2_128_concat(encoded))
    if hasher == "Twox64Concat":
        return bytes(two_x64_concat(encoded))
    raise ValueError(f"unsupported hasher {hasher}")


def is_address(address: Any) -> bool:
    """Whether ``address`` is an ss58 address of this chain's format (42)."""
    from scalecodec.utils.ss58 import ss58_decode

    if not isinstance(address, str):
        return False
    try:
        ss58_decode(address, valid_ss58_format=SS58_FORMAT)
    except Exception:
        return False
    return True
