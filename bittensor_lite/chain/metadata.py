"""The local chain's runtime metadata (V14 and V15), built with scale-info's layout from :mod:`~bittensor_lite.chain.pallets`.

Substrate metadata describes every type once, in a numbered registry; calls, storage, events
and errors refer to those numbers. This module defines the named types the pallets use
(accounts, dispatch results, event records …) and encodes the whole as ``MetadataVersioned``:
V14 (``state_getMetadata``), and V15 (``Metadata_metadata_at_version(15)``), which adds the
runtime APIs of :mod:`~bittensor_lite.chain.runtime_api`, the outer enums and a custom map.
Both share one type registry, and both are encoded by scalecodec (V15 with the struct
definitions of :data:`V15_TYPES`, which scalecodec 1.2 does not ship). The chain's spec
version is derived from the V15 bytes (:func:`spec_version_of`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from bittensor_lite.chain.pallets import ACC, SIGNED_EXTENSIONS, Pallet, Storage, pallets
from bittensor_lite.chain.types import TypeRegistry, field_list
from bittensor_lite.errors import error_by_name


def _define_named_types(reg: TypeRegistry) -> None:
    reg.define(ACC, lambda r: r.composite(["sp_core", "crypto", "AccountId32"], [(None, "[u8; 32]", "[u8; 32]")]))
    reg.define("U64F64", lambda r: r.composite(["substrate_fixed", "FixedU128"], [("bits", "u128")]))
    reg.define("I96F32", lambda r: r.composite(["substrate_fixed", "FixedI128"], [("bits", "i128")]))
    reg.define("I64F64", lambda r: r.composite(["substrate_fixed", "FixedI128"], [("bits", "i128")]))
    reg.define("Perquintill", lambda r: r.composite(["sp_arithmetic", "per_things", "Perquintill"], [(None, "u64")]))
    reg.define("Balancer", lambda r: r.composite(["pallet_subtensor_swap", "pallet", "balancer", "Balancer"],
                                                 [("quote", "Perquintill", "Perquintill")]))
    # After spec 425: SDK 11.3 reads SubnetEpochConsensus (Yuma = 0, Null = 1) before it sets weights.
    reg.define("EpochConsensus", lambda r: r.variant(["pallet_subtensor", "EpochConsensus"],
                                                     [(0, "Yuma", []), (1, "Null", [])]))
    reg.define("H256", lambda r: r.composite(["primitive_types", "H256"], [(None, "[u8; 32]", "[u8; 32]")]))
    reg.define("MultiAddress", lambda r: r.variant(
        ["sp_runtime", "multiaddress", "MultiAddress"],
        [(0, "Id", [(None, ACC, "AccountId")]), (1, "Index", [(None, "Compact<()>", "AccountIndex")]),
         (2, "Raw", [(None, "Vec<u8>", "Vec<u8>")]), (3, "Address32", [(None, "[u8; 32]", "[u8; 32]")]),
         (4, "Address20", [(None, "[u8; 20]", "[u8; 20]")])],
        params=[{"name": "AccountId", "type": r.type(ACC)}, {"name": "AccountIndex", "type": r.type("()")}]))
    reg.define("MultiSignature", lambda r: r.variant(
        ["sp_runtime", "MultiSignature"],
        [(0, "Ed25519", [(None, "[u8; 64]")]), (1, "Sr25519", [(None, "[u8; 64]")]), (2, "Ecdsa", [(None, "[u8; 65]")])]))
    reg.define("Era", lambda r: r.variant(
        ["sp_runtime", "generic", "era", "Era"],
        [(0, "Immortal", [])] + [(i, f"Mortal{i}", [(None, "u8")]) for i in range(1, 256)]))
    reg.define("Mode", lambda r: r.variant(["frame_metadata_hash_extension", "Mode"],
                                           [(0, "Disabled", []), (1, "Enabled", [])]))
    reg.define("ExtraFlags", lambda r: r.composite(["pallet_balances", "types", "ExtraFlags"], [(None, "u128")]))
    reg.define("AccountData", lambda r: r.composite(
        ["pallet_balances", "types", "AccountData"],
        [("free", "u64", "Balance"), ("reserved", "u64", "Balance"), ("frozen", "u64", "Balance"),
         ("flags", "ExtraFlags", "ExtraFlags")]))
    reg.define("AccountInfo", lambda r: r.composite(
        ["frame_system", "AccountInfo"],
        [("nonce", "u32", "Nonce"), ("consumers", "u32", "RefCount"), ("providers", "u32", "RefCount"),
         ("sufficients", "u32", "RefCount"), ("data", "AccountData", "AccountData")]))
    reg.define("AxonInfo", lambda r: r.composite(
        ["pallet_subtensor", "pallet", "AxonInfo"],
        [("block", "u64"), ("version", "u32"), ("ip", "u128"), ("port", "u16"), ("ip_type", "u8"), ("protocol", "u8"),
         ("placeholder1", "u8"), ("placeholder2", "u8")]))
    reg.define("PrometheusInfo", lambda r: r.composite(
        ["pallet_subtensor", "pallet", "PrometheusInfo"],
        [("block", "u64"), ("version", "u32"), ("ip", "u128"), ("port", "u16"), ("ip_type", "u8")]))
    reg.define("Weight", lambda r: r.composite(
        ["sp_weights", "weight_v2", "Weight"], [("ref_time", "Compact<u64>", "u64"), ("proof_size", "Compact<u64>", "u64")]))
    reg.define("DispatchClass", lambda r: r.variant(
        ["frame_support", "dispatch", "DispatchClass"], [(0, "Normal", []), (1, "Operational", []), (2, "Mandatory", [])]))
    reg.define("Pays", lambda r: r.variant(["frame_support", "dispatch", "Pays"], [(0, "Yes", []), (1, "No", [])]))
    reg.define("DispatchInfo", lambda r: r.composite(
        ["frame_support", "dispatch", "DispatchInfo"],
        [("weight", "Weight", "Weight"), ("class", "DispatchClass", "DispatchClass"), ("pays_fee", "Pays", "Pays")]))
    reg.define("ModuleError", lambda r: r.composite(
        ["sp_runtime", "ModuleError"], [("index", "u8"), ("error", "[u8; 4]")]))
    reg.define("TokenError", lambda r: r.variant(["sp_runtime", "TokenError"], [
        (i, n, []) for i, n in enumerate(("FundsUnavailable", "OnlyProvider", "BelowMinimum", "CannotCreate",
                                          "UnknownAsset", "Frozen", "Unsupported", "CannotCreateHold",
                                          "NotExpendable", "Blocked"))]))
    reg.define("ArithmeticError", lambda r: r.variant(["sp_arithmetic", "ArithmeticError"], [
        (0, "Underflow", []), (1, "Overflow", []), (2, "DivisionByZero", [])]))
    reg.define("TransactionalError", lambda r: r.variant(["sp_runtime", "TransactionalError"], [
        (0, "LimitReached", []), (1, "NoLayer", [])]))
    reg.define("DispatchError", lambda r: r.variant(["sp_runtime", "DispatchError"], [
        (0, "Other", []), (1, "CannotLookup", []), (2, "BadOrigin", []), (3, "Module", [(None, "ModuleError")]),
        (4, "ConsumerRemaining", []), (5, "NoProviders", []), (6, "TooManyConsumers", []),
        (7, "Token", [(None, "TokenError")]), (8, "Arithmetic", [(None, "ArithmeticError")]),
        (9, "Transactional", [(None, "TransactionalError")]), (10, "Exhausted", []), (11, "Corruption", []),
        (12, "Unavailable", []), (13, "RootNotAllowed", [])]))
    reg.define("DispatchResult", lambda r: r.variant(
        ["Result"], [(0, "Ok", [(None, "()")]), (1, "Err", [(None, "DispatchError")])],
        params=[{"name": "T", "type": r.type("()")}, {"name": "E", "type": r.type("DispatchError")}]))
    _define_commitment_types(reg)
    reg.define("Phase", lambda r: r.variant(["frame_system", "Phase"], [
        (0, "ApplyExtrinsic", [(None, "u32")]), (1, "Finalization", []), (2, "Initialization", [])]))


def _bounded_vec(reg: TypeRegistry, inner: str) -> int:
    """``BoundedVec<inner, _>``: a newtype over ``Vec<inner>`` (its bound is not in the type)."""
    key = ("bounded_vec", inner)
    if key in reg._ids:
        return reg._ids[key]
    fields = field_list(reg, [(None, f"Vec<{inner}>", "Vec<T>")])
    return reg.add(key, ["bounded_collections", "bounded_vec", "BoundedVec"], {"composite": {"fields": fields}},
                   [{"name": "T", "type": reg.type(inner)}, {"name": "S", "type": None}])


def _define_commitment_types(reg: TypeRegistry) -> None:
    """pallet_commitments' types (pallets/commitments/src/types.rs, spec 425)."""
    mod = ["pallet_commitments", "types"]
    # Data: None, Raw0..Raw128 (a length byte 1..129, then the bytes), four 32-byte hashes, a timelocked
    # ciphertext (at most 1024 bytes) with its drand round, the bonds-reset flag, and BigRaw (at most 512 bytes)
    reg.define("__BoundedBytes", lambda r: _bounded_vec(r, "u8"))
    reg.define("CommitmentData", lambda r: r.variant([*mod, "Data"], [
        (0, "None", []),
        *((n + 1, f"Raw{n}", [(None, f"[u8; {n}]")]) for n in range(129)),
        *((130 + i, name, [(None, "[u8; 32]")]) for i, name in enumerate(
            ("BlakeTwo256", "Sha256", "Keccak256", "ShaThree256"))),
        (134, "TimelockEncrypted", [("encrypted", "__BoundedBytes", "BoundedVec<u8, ConstU32<1024>>"),
                                    ("reveal_round", "u64")]),
        (135, "ResetBondsFlag", []),
        (136, "BigRaw", [(None, "__BoundedBytes", "BoundedVec<u8, ConstU32<512>>")]),
    ]))
    reg.define("__CommitmentFields", lambda r: _bounded_vec(r, "CommitmentData"))
    reg.define("CommitmentInfo", lambda r: r.composite(
        [*mod, "CommitmentInfo"], [("fields", "__CommitmentFields", "BoundedVec<Data, FieldLimit>")]))
    reg.define("Registration", lambda r: r.composite(
        [*mod, "Registration"], [("deposit", "u64", "Balance"), ("block", "u32", "BlockNumber"),
                                 ("info", "CommitmentInfo", "CommitmentInfo<MaxFields>")],
        params=[{"name": "Balance", "type": r.type("u64")}, {"name": "MaxFields", "type": None},
                {"name": "BlockNumber", "type": r.type("u32")}]))
    reg.define("UsageTracker", lambda r: r.composite(
        [*mod, "UsageTracker"], [("last_epoch", "u64"), ("used_space", "u64")]))
    reg.define("BTreeSet<(u16, AccountId32)>", lambda r: r.add(
        ("btreeset", "(u16, AccountId32)"), ["BTreeSet"],
        {"composite": {"fields": field_list(r, [(None, "Vec<(u16, AccountId32)>", "[T]")])}},
        [{"name": "T", "type": r.type("(u16, AccountId32)")}]))


SPEC_BASE = 425  # node-subtensor's spec version that our metadata follows (runtime/src/lib.rs)


def spec_version_of(encoded_v15: bytes) -> int:
    """The spec version we report: ``425·10^4`` plus four digits of the V15 metadata's hash.

    The real SDK caches metadata on disk by (genesis hash, spec version), so the spec version
    must change whenever the metadata does; V15 holds all of V14 (types, pallets, extrinsic)
    and the runtime APIs. The digits are ``int.from_bytes(blake2_256(bytes)[:4], "little") %
    10^4``; the metadata carries no spec version itself, so this is not circular. This is the
    one home of the rule: the runtime version, ``Core_version`` and the signing payload's
    ``CheckSpecVersion`` all read :attr:`Metadata.spec_version`.
    """
    from bittensor_lite.scale import blake2_256

    return SPEC_BASE * 10_000 + int.from_bytes(blake2_256(encoded_v15)[:4], "little") % 10_000


# Metadata V15 (frame-metadata's v15.rs) in scalecodec's type-definition format, on top of the
# V14 structs scalecodec's core preset defines.
V15_TYPES: dict[str, Any] = {
    "PalletMetadataV15": {"type": "struct", "type_mapping": [
        ["name", "Text"], ["storage", "Option<StorageMetadataV14>"], ["calls", "Option<PalletCallMetadataV14>"],
        ["event", "Option<PalletEventMetadataV14>"], ["constants", "Vec<PalletConstantMetadataV14>"],
        ["error", "Option<PalletErrorMetadataV14>"], ["index", "u8"], ["docs", "Vec<Text>"]]},
    "ExtrinsicMetadataV15": {"type": "struct", "type_mapping": [
        ["version", "u8"], ["address_ty", "SiLookupTypeId"], ["call_ty", "SiLookupTypeId"],
        ["signature_ty", "SiLookupTypeId"], ["extra_ty", "SiLookupTypeId"],
        ["signed_extensions", "Vec<SignedExtensionMetadataV14>"]]},
    "RuntimeApiMethodParamMetadataV15": {"type": "struct", "type_mapping": [["name", "Text"], ["ty", "SiLookupTypeId"]]},
    "RuntimeApiMethodMetadataV15": {"type": "struct", "type_mapping": [
        ["name", "Text"], ["inputs", "Vec<RuntimeApiMethodParamMetadataV15>"], ["output", "SiLookupTypeId"],
        ["docs", "Vec<Text>"]]},
    "RuntimeApiMetadataV15": {"type": "struct", "type_mapping": [
        ["name", "Text"], ["methods", "Vec<RuntimeApiMethodMetadataV15>"], ["docs", "Vec<Text>"]]},
    "OuterEnumsV15": {"type": "struct", "type_mapping": [
        ["call_enum_ty", "SiLookupTypeId"], ["event_enum_ty", "SiLookupTypeId"], ["error_enum_ty", "SiLookupTypeId"]]},
    "CustomValueMetadataV15": {"type": "struct", "type_mapping": [["ty", "SiLookupTypeId"], ["value", "Bytes"]]},
    "CustomMetadataV15": {"type": "struct", "type_mapping": [["map", "BTreeMap<Text, CustomValueMetadataV15>"]]},
    "MetadataV15": {"type": "struct", "type_mapping": [
        ["types", "PortableRegistry"], ["pallets", "Vec<PalletMetadataV15>"], ["extrinsic", "ExtrinsicMetadataV15"],
        ["ty", "SiLookupTypeId"], ["apis", "Vec<RuntimeApiMetadataV15>"], ["outer_enums", "OuterEnumsV15"],
        ["custom", "CustomMetadataV15"]]},
}


def metadata_codec() -> Any:
    """A scalecodec runtime configuration that knows ``MetadataVersioned`` up to V15."""
    from scalecodec.base import RuntimeConfigurationObject
    from scalecodec.type_registry import load_type_registry_preset

    core = load_type_registry_preset("core")
    rc = RuntimeConfigurationObject()
    rc.update_type_registry(core)
    versions = [v for v in core["types"]["MetadataAll"]["type_mapping"] if v[0] != "V15"]
    rc.update_type_registry({"types": {**V15_TYPES, "MetadataAll": {"type": "enum", "type_mapping": [
        *versions, ["V15", "MetadataV15"]]}}})
    return rc


@dataclass
class Metadata:
    """The built metadata: the portable registry, the SCALE bytes (V14, V15), and lookups the node needs."""

    registry: TypeRegistry
    pallets: tuple[Pallet, ...]
    value: Any
    encoded: bytes
    call_type: int
    event_type: int
    extrinsic_type: int
    storage_types: dict[tuple[str, str], tuple[int | None, int]] = field(default_factory=dict)
    encoded_v15: bytes = b""
    value_v15: Any = None
    api_types: dict[tuple[str, str], tuple[list[int], int]] = field(default_factory=dict)

    @property
    def spec_version(self) -> int:
        """The runtime's spec version (:func:`spec_version_of` the V15 bytes)."""
        return spec_version_of(self.encoded_v15)

    def pallet(self, name: str) -> Pallet:
        """The pallet called ``name``."""
        for p in self.pallets:
            if p.name == name:
                return p
        raise KeyError(name)

    def storage(self, pallet: str, item: str) -> Storage:
        """A storage item's declaration."""
        for s in self.pallet(pallet).storage:
            if s.name == item:
                return s
        raise KeyError(f"{pallet}.{item}")


def _error_docs(pallet: str, name: str) -> list[str]:
    """Our one-line explanation of a chain error (what ``ExtrinsicReceipt.error_message`` shows)."""
    try:
        doc = error_by_name(name, pallet).__doc__
    except KeyError:
        return []
    return [doc.strip()] if doc else []


def _pallet_type(reg: TypeRegistry, p: Pallet, what: str, entries: Any) -> int:
    path = [p.module, "pallet", what]
    if what == "Error":
        return reg.variant(path, [(i, n, []) for i, n in enumerate(entries)])
    return reg.variant(path, [(i, n, list(f)) for i, n, f in entries])


@functools.lru_cache(maxsize=1)
def build_metadata() -> Metadata:
    """Build the runtime metadata V14 and V15 from the declarations above (cached: it never changes)."""
    from bittensor_lite.chain import runtime_api

    reg = TypeRegistry()
    _define_named_types(reg)
    runtime_api.define_types(reg)
    ps = pallets()
    # The outer call enum refers to each pallet's Call, and Sudo's call refers back to it.
    call_outer = reg.add(("outer", "RuntimeCall"), ["node_subtensor_runtime", "RuntimeCall"], {})
    reg.define("RuntimeCall", lambda r: call_outer)
    call_ids = {p.name: _pallet_type(reg, p, "Call", p.calls) for p in ps if p.calls}
    reg.types[call_outer]["type"]["def"] = {"variant": {"variants": [
        {"name": p.name, "fields": [{"name": None, "type": call_ids[p.name],
                                     "typeName": f"self::sp_api_hidden_includes_construct_runtime::hidden_include"
                                                 f"::dispatch::CallableCallFor<{p.name}, Runtime>", "docs": []}],
         "index": p.index, "docs": []} for p in ps if p.calls]}}
    event_ids = {p.name: _pallet_type(reg, p, "Event", p.events) for p in ps if p.events is not None}
    for name, type_id in event_ids.items():
        reg.define(f"__event_{name}", (lambda i: lambda r: i)(type_id))
    event_outer = reg.variant(["node_subtensor_runtime", "RuntimeEvent"], [
        (p.index, p.name, [(None, f"__event_{p.name}")]) for p in ps if p.events is not None])
    reg.define("RuntimeEvent", lambda r: event_outer)
    reg.define("EventRecord", lambda r: r.composite(
        ["frame_system", "EventRecord"],
        [("phase", "Phase", "Phase"), ("event", "RuntimeEvent", "E"), ("topics", "Vec<H256>", "Vec<T>")],
        params=[{"name": "E", "type": event_outer}, {"name": "T", "type": r.type("H256")}]))
    error_ids = {p.name: _pallet_type(reg, p, "Error", p.errors) for p in ps if p.errors is not None}
    for name, type_id in error_ids.items():
        reg.define(f"__error_{name}", (lambda i: lambda r: i)(type_id))
        for variant in reg.types[type_id]["type"]["def"]["variant"]["variants"]:
            variant["docs"] = _error_docs(name, variant["name"])
    error_outer = reg.variant(["node_subtensor_runtime", "RuntimeError"], [
        (p.index, p.name, [(None, f"__error_{p.name}")]) for p in ps if p.errors is not None])

    ext_ids = []
    for ident, path, extra, _additional in SIGNED_EXTENSIONS:
        fields = [(None, extra)] if extra and ident != "CheckMetadataHash" else (
            [("mode", "Mode", "Mode")] if extra else [])
        ext_ids.append(reg.composite(list(path), fields))
    extra_tuple = reg.add(("tuple", "extra"), [], {"tuple": ext_ids})
    extrinsic = reg.composite(
        ["sp_runtime", "generic", "unchecked_extrinsic", "UncheckedExtrinsic"], [(None, "Vec<u8>", "Vec<u8>")],
        params=[{"name": "Address", "type": reg.type("MultiAddress")}, {"name": "Call", "type": call_outer},
                {"name": "Signature", "type": reg.type("MultiSignature")}, {"name": "Extra", "type": extra_tuple}])
    reg.define("UncheckedExtrinsic", lambda r: extrinsic)

    storage_types: dict[tuple[str, str], tuple[int | None, int]] = {}
    pallet_values = []
    for p in ps:
        entries = []
        for s in p.storage:
            value_id = reg.type(s.value)
            if s.hashers:
                key_id = reg.type(s.key or "")
                ty: dict[str, Any] = {"Map": {"hashers": list(s.hashers), "key": key_id, "value": value_id}}
            else:
                key_id = None
                ty = {"Plain": value_id}
            storage_types[(p.name, s.name)] = (key_id, value_id)
            entries.append({"name": s.name, "modifier": "Optional" if s.optional else "Default", "type": ty,
                            "default": "0x" + (b"\x00" if s.optional else s.default).hex(),  # Option::None
                            "documentation": [s.doc] if s.doc else []})
        pallet_values.append({
            "name": p.name,
            "storage": {"prefix": p.name, "entries": entries} if p.storage else None,
            "calls": {"ty": call_ids[p.name]} if p.name in call_ids else None,
            "event": {"ty": event_ids[p.name]} if p.name in event_ids else None,
            "constants": [{"name": n, "type": reg.type(t), "value": "0x" + v.hex(), "documentation": []}
                          for n, t, v in p.constants],
            "error": {"ty": error_ids[p.name]} if p.name in error_ids else None,
            "index": p.index,
        })
    signed_extensions = [
        {"identifier": ident, "ty": ext_ids[i], "additional_signed": reg.type(additional)}
        for i, (ident, _p, _e, additional) in enumerate(SIGNED_EXTENSIONS)]
    apis, api_types = runtime_api.declare(reg)
    runtime_type = reg.add(("runtime",), ["node_subtensor_runtime", "Runtime"], {"composite": {"fields": []}})
    value = ("0x6d657461", {"V14": {
        "types": {"types": reg.types}, "pallets": pallet_values,
        "extrinsic": {"ty": extrinsic, "version": 4, "signed_extensions": signed_extensions},
        "runtime_type": runtime_type,
    }})
    value_v15 = ("0x6d657461", {"V15": {
        "types": {"types": reg.types}, "pallets": [{**p, "docs": []} for p in pallet_values],
        "extrinsic": {"version": 4, "address_ty": reg.type("MultiAddress"), "call_ty": call_outer,
                      "signature_ty": reg.type("MultiSignature"), "extra_ty": extra_tuple,
                      "signed_extensions": signed_extensions},
        "ty": runtime_type, "apis": apis,
        "outer_enums": {"call_enum_ty": call_outer, "event_enum_ty": event_outer, "error_enum_ty": error_outer},
        "custom": {"map": []},
    }})
    rc = metadata_codec()
    encoded = bytes(rc.create_scale_object("MetadataVersioned").encode(value).data)
    encoded_v15 = bytes(rc.create_scale_object("MetadataVersioned").encode(value_v15).data)
    return Metadata(reg, ps, value, encoded, call_outer, event_outer, extrinsic, storage_types,
                    encoded_v15=encoded_v15, value_v15=value_v15, api_types=api_types)
