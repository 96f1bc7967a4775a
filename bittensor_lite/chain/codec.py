"""SCALE encoding for the local chain: values by metadata type, storage keys, signed extrinsics.

Values are encoded and decoded by scalecodec against our own metadata's type registry (the
same library substrate-interface uses on the other end of the wire). This module adds the
node's side of a signed extrinsic: split it into signer, signature, signed extensions and call,
rebuild the payload the signer signed, and verify the signature.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from bittensor_lite.chain.metadata import Metadata, build_metadata
from bittensor_lite.chain.pallets import TRANSACTION_VERSION
from bittensor_lite.errors import InvalidTransaction, MalformedError
from bittensor_lite.scale import (
    INT_WIDTHS,
    SS58_FORMAT,
    account_address,
    account_bytes,
    blake2_256,
    decode_compact,
    hash_key,
    storage_prefix,
)

MAX_EXTRINSIC_BYTES = 64 * 1024


def key_types(key_expr: str) -> list[str]:
    """The per-hasher key types of a map: ``"(u16, AccountId32)"`` → ``["u16", "AccountId32"]``."""
    from bittensor_lite.chain.types import split_top_level

    if key_expr.startswith("(") and key_expr.endswith(")"):
        return split_top_level(key_expr[1:-1])
    return [key_expr]


class Codec:
    """Encode/decode by type id or expression, and build storage keys, for our metadata."""

    def __init__(self, metadata: Metadata | None = None):
        from scalecodec.base import RuntimeConfigurationObject, ScaleBytes
        from scalecodec.type_registry import load_type_registry_preset

        self.metadata = metadata or build_metadata()
        self._ScaleBytes = ScaleBytes
        rc = RuntimeConfigurationObject(ss58_format=SS58_FORMAT)
        rc.update_type_registry(load_type_registry_preset("core"))
        self.md = rc.create_scale_object("MetadataVersioned", data=ScaleBytes(self.metadata.encoded))
        self.md.decode()
        rc.add_portable_registry(self.md)
        rc.set_active_spec_version_id(self.metadata.spec_version)
        self.rc = rc
        self.prefixes: dict[bytes, tuple[str, str]] = {}
        for p in self.metadata.pallets:
            for s in p.storage:
                self.prefixes[storage_prefix(p.name, s.name)] = (p.name, s.name)

    # -- values ---------------------------------------------------------------------------------------
    def type_id(self, expr: str) -> int:
        return self.metadata.registry.type(expr)

    def encode(self, type_expr: str | int, value: Any) -> bytes:
        """SCALE bytes of ``value`` as the type ``type_expr`` (an expression or a type id)."""
        tid = type_expr if isinstance(type_expr, int) else self.type_id(type_expr)
        return bytes(self.rc.create_scale_object(f"scale_info::{tid}").encode(value).data)

    def decode(self, type_expr: str | int, data: bytes) -> Any:
        """The value in ``data`` as the type ``type_expr``; every byte must be used."""
        tid = type_expr if isinstance(type_expr, int) else self.type_id(type_expr)
        obj = self.rc.create_scale_object(f"scale_info::{tid}", data=self._ScaleBytes(bytes(data)))
        try:
            return obj.decode()
        except Exception as exc:  # scalecodec raises many kinds; all mean "not this type"
            raise MalformedError(f"cannot decode as {type_expr}: {exc}") from None

    def decode_call(self, data: bytes) -> dict[str, Any]:
        """A call's pallet, function and arguments (by name) from its SCALE bytes."""
        obj = self.rc.create_scale_object("Call", data=self._ScaleBytes(bytes(data)), metadata=self.md)
        try:
            value = obj.decode()
        except Exception as exc:
            raise MalformedError(f"cannot decode the call: {exc}") from None
        return {"pallet": value["call_module"], "function": value["call_function"],
                "args": {a["name"]: a["value"] for a in value["call_args"]}}

    # -- storage keys ------------------------------------------------------------------------------------
    def storage_key(self, pallet: str, item: str, *keys: Any) -> bytes:
        """The full storage key of ``pallet.item[keys…]`` (prefix, then each key hashed)."""
        hashers, types = self._key_layout(pallet, item)
        out = storage_prefix(pallet, item)
        for hasher, ty, k in zip(hashers, types, keys, strict=False):
            out += hash_key(hasher, self.encode_key_part(ty, k))
        return out

    @functools.lru_cache(maxsize=256)  # noqa: B019 - one Codec per node, kept for its lifetime
    def _key_layout(self, pallet: str, item: str) -> tuple[tuple[str, ...], list[str]]:
        decl = self.metadata.storage(pallet, item)
        return decl.hashers, key_types(decl.key) if decl.key else []

    def encode_key_part(self, ty: str, value: Any) -> bytes:
        """One map key's SCALE bytes (fast paths for the key types storage uses)."""
        if ty in INT_WIDTHS:
            return int(value).to_bytes(INT_WIDTHS[ty], "little")
        if ty == "AccountId32":
            return account_bytes(value)
        return self.encode(ty, value)

    def decode_key_part(self, ty: str, raw: bytes) -> Any:
        """One map key from its SCALE bytes."""
        if ty in INT_WIDTHS:
            return int.from_bytes(raw, "little")
        if ty == "AccountId32":
            return account_address(bytes(raw))
        return self.decode(ty, raw)


# -- signed extrinsics -----------------------------------------------------------------------------------
@dataclass
class Extrinsic:
    """A decoded extrinsic: who signed it, with what extensions, and the call."""

    raw: bytes  # as submitted (with its length prefix)
    hash: bytes
    signed: bool
    call_bytes: bytes
    call: dict[str, Any]
    signer: bytes = b""  # 32-byte public key
    crypto: int = 1  # 0 ed25519, 1 sr25519
    signature: bytes = b""
    extra: bytes = b""  # the signed extensions' bytes in the extrinsic (era, nonce, tip, mode)
    era: bytes = b"\x00"
    nonce: int = 0
    tip: int = 0
    inner: Extrinsic | None = None  # a MevShield carrier's decrypted extrinsic (set by the pool)


def parse_extrinsic(codec: Codec, raw: bytes) -> Extrinsic:
    """Split an encoded v4 extrinsic into its parts; MalformedError if it does not parse."""
    if len(raw) > MAX_EXTRINSIC_BYTES:
        raise MalformedError(f"extrinsic of {len(raw)} bytes exceeds the {MAX_EXTRINSIC_BYTES}-byte limit")
    length, off = decode_compact(raw)
    if length != len(raw) - off:
        raise MalformedError(f"extrinsic length prefix says {length} bytes but {len(raw) - off} follow")
    if off >= len(raw):
        raise MalformedError("empty extrinsic")
    version = raw[off]
    off += 1
    if version & 0x7F != 4:
        raise MalformedError(f"extrinsic version {version & 0x7F} is not supported (only 4)")
    ext = Extrinsic(raw=raw, hash=blake2_256(raw), signed=bool(version & 0x80), call_bytes=b"", call={})
    if ext.signed:
        if len(raw) < off + 33 + 65:
            raise MalformedError("truncated signed extrinsic")
        if raw[off] != 0:
            raise MalformedError("only MultiAddress::Id senders are supported")
        ext.signer = raw[off + 1:off + 33]
        off += 33
        ext.crypto = raw[off]
        if ext.crypto not in (0, 1):
            raise MalformedError("only Ed25519 and Sr25519 signatures are supported")
        ext.signature = raw[off + 1:off + 65]
        off += 65
        start = off
        if off >= len(raw):
            raise MalformedError("truncated signed extensions")
        era_len = 1 if raw[off] == 0 else 2
        ext.era = raw[off:off + era_len]
        off += era_len
        ext.nonce, off = decode_compact(raw, off)
        ext.tip, off = decode_compact(raw, off)
        if off >= len(raw):
            raise MalformedError("truncated signed extensions")
        if raw[off] != 0:
            raise InvalidTransaction("BadProof", "CheckMetadataHash mode Enabled is not supported by the local chain")
        off += 1
        ext.extra = raw[start:off]
    ext.call_bytes = raw[off:]
    ext.call = codec.decode_call(ext.call_bytes)
    return ext


def era_birth(codec: Codec, era: bytes, current: int) -> tuple[int, int] | None:
    """A mortal era's (birth block, death block) seen from ``current``; None if immortal."""
    if era == b"\x00":
        return None
    obj = codec.rc.create_scale_object("Era", data=codec._ScaleBytes(era))
    obj.decode()
    return obj.birth(current), obj.death(current)


def signing_payload(ext: Extrinsic, genesis_hash: bytes, era_block_hash: bytes, spec_version: int) -> bytes:
    """What the signer signed: call ++ extensions ++ their additional data (hashed if > 256 bytes)."""
    additional = (spec_version.to_bytes(4, "little") + TRANSACTION_VERSION.to_bytes(4, "little")
                  + genesis_hash + era_block_hash + b"\x00")  # CheckMetadataHash: None (mode Disabled)
    payload = ext.call_bytes + ext.extra + additional
    return blake2_256(payload) if len(payload) > 256 else payload


def verify_signature(ext: Extrinsic, payload: bytes) -> bool:
    """Whether ``ext.signature`` is the signer's sr25519/ed25519 signature over ``payload``."""
    from substrateinterface import Keypair, KeypairType

    crypto = KeypairType.SR25519 if ext.crypto == 1 else KeypairType.ED25519
    try:
        return bool(Keypair(public_key=ext.signer, crypto_type=crypto, ss58_format=SS58_FORMAT)
                    .verify(payload, ext.signature))
    except Exception:
        return False
