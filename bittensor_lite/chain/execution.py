"""Block execution: run a block's extrinsics on the runtime, charge fees, record events, seal the header.

The node decides *which* extrinsics go in a block (the pool); this module decides what they
do: each decoded call is looked up in the runtime's call table, its SCALE-decoded arguments
become the rule's plain arguments (by argument type, the same for every call), and the
runtime's own chain-shaped events are encoded as they are. A failed call is still included:
it pays its fee and ends in ``System.ExtrinsicFailed`` with the pallet error's index.

A block's ``stateRoot`` here is a hash chain over the block's contents, not a Merkle trie
root (there is no trie; storage is read from the runtime).
"""

from __future__ import annotations

from typing import Any

from bittensor_lite.chain.codec import Codec, Extrinsic
from bittensor_lite.errors import (
    PALLET_ERRORS,
    BittensorLiteError,
    ChainError,
    DispatchError,
    error_name,
)
from bittensor_lite.runtime import Runtime
from bittensor_lite.runtime.calls import Call, call_table
from bittensor_lite.scale import account_address, blake2_256, encode_compact

BASE_FEE = 125_000  # rao charged per signed extrinsic that pays a fee (0.000125 TAO)
ZERO_HASH = "0x" + "00" * 32
DISPATCH_WEIGHT = {"ref_time": 100_000_000, "proof_size": 0}


def _hex(b: bytes) -> str:
    return "0x" + b.hex()


def call_of(pallet: str, function: str) -> Call:
    """The table entry for a decoded call (CallFiltered if the runtime does not dispatch it)."""
    call = call_table().get(function)
    if call is None or call.pallet != pallet:
        raise ChainError(f"{pallet}.{function} is not supported by the local chain", name="CallFiltered",
                         pallet="System")
    return call


def fee_for(ext: Extrinsic) -> int:
    """The fee this extrinsic pays: flat, unless its call is ``Pays::No`` (set_weights, serving)."""
    call = call_table().get(ext.call.get("function", ""))
    return 0 if call is not None and not call.pays_fee else BASE_FEE


def _bytes(value: Any) -> bytes:
    if isinstance(value, str):
        return bytes.fromhex(value[2:]) if value.startswith("0x") else value.encode()
    return bytes(value)


def rule_args(call: Call, decoded: dict[str, Any]) -> dict[str, Any]:
    """SCALE-decoded arguments as the rule takes them, converted by argument type alone."""
    out: dict[str, Any] = {}
    for name, scale_type, *_ in call.args:
        value = decoded[name]
        if scale_type == "MultiAddress":
            value = value.get("Id") if isinstance(value, dict) else value
            if not isinstance(value, str):
                raise ChainError("only MultiAddress::Id destinations are supported", name="CannotLookup",
                                 pallet="System")
        elif scale_type == "Vec<u8>":
            value = _bytes(value)
        elif scale_type == "U64F64":
            value = value["bits"] if isinstance(value, dict) else value
        elif scale_type == "RuntimeCall":
            inner = call_of(value["call_module"], value["call_function"])
            value = (inner.name, rule_args(inner, {a["name"]: a["value"] for a in value["call_args"]}))
        out[name] = value
    return out


def dispatch_error(codec: Codec, exc: ChainError) -> Any:
    """A ChainError as SCALE's ``DispatchError``: ``Module{index, error}`` for pallet errors."""
    if isinstance(exc, DispatchError):
        return exc.name
    names = [error_name(cls) for cls in PALLET_ERRORS.get(exc.pallet, ())]
    if exc.name not in names:
        return "Other"
    index = codec.metadata.pallet(exc.pallet).index
    return {"Module": {"index": index, "error": _hex(bytes([names.index(exc.name), 0, 0, 0]))}}


def _encodable(codec: Codec, fields: Any) -> Any:
    """Event fields with any ChainError (Sudid's inner result) turned into a DispatchError."""
    if isinstance(fields, ChainError):
        return dispatch_error(codec, fields)
    if isinstance(fields, dict):
        return {k: _encodable(codec, v) for k, v in fields.items()}
    if isinstance(fields, tuple | list):
        return type(fields)(_encodable(codec, v) for v in fields)
    return fields


def record(codec: Codec, index: int | None, pallet: str, name: str, fields: Any) -> dict[str, Any]:
    """One ``EventRecord``: in extrinsic ``index``'s phase (None: finalization)."""
    phase = {"ApplyExtrinsic": index} if index is not None else "Finalization"
    return {"phase": phase, "event": {pallet: {name: _encodable(codec, fields)}}, "topics": []}


def _info(klass: str, pays: bool) -> dict[str, Any]:
    return {"weight": DISPATCH_WEIGHT, "class": klass, "pays_fee": "Yes" if pays else "No"}


def timestamp_extrinsic(codec: Codec, now_ms: int) -> str:
    """The block author's ``Timestamp.set`` inherent (unsigned, first in every block)."""
    call = bytes([codec.metadata.pallet("Timestamp").index, call_table()["set"].index]) + encode_compact(now_ms)
    body = b"\x04" + call
    return _hex(encode_compact(len(body)) + body)


def seal(number: int, parent: str, parent_state_root: str, extrinsics: list[str], events: bytes,
         timestamp: int) -> dict[str, Any]:
    """A block with its header and hash, from its contents."""
    ext_root = blake2_256(b"".join(bytes.fromhex(x[2:]) for x in extrinsics))
    state_root = blake2_256(bytes.fromhex(parent_state_root[2:]) + ext_root + events)
    header = {"parentHash": parent, "number": hex(number), "stateRoot": _hex(state_root),
              "extrinsicsRoot": _hex(ext_root), "digest": {"logs": []}}
    encoded = bytes.fromhex(parent[2:]) + encode_compact(number) + state_root + ext_root + encode_compact(0)
    return {"number": number, "hash": _hex(blake2_256(encoded)), "header": header, "extrinsics": extrinsics,
            "events": events, "timestamp": timestamp}


def execute_block(runtime: Runtime, codec: Codec, parent: dict[str, Any], extrinsics: list[Extrinsic],
                  now_ms: int) -> tuple[dict[str, Any], list[tuple[bytes, str]]]:
    """Execute one block on ``runtime`` after ``parent``; return it with each extrinsic's outcome."""
    records = [record(codec, 0, "System", "ExtrinsicSuccess", {"dispatch_info": _info("Mandatory", pays=False)})]
    outcomes = []
    for i, ext in enumerate(extrinsics, start=1):
        state = runtime.state  # a failed call may swap in its backup: never hold on to it
        origin = account_address(ext.signer)
        state.nonces[origin] = state.nonces.get(origin, 0) + 1
        fee = fee_for(ext)
        if fee:
            state.balances[origin] = state.balances.get(origin, 0) - fee
            state.total_issuance -= fee
            records.append(record(codec, i, "Balances", "Withdraw", {"who": origin, "amount": fee}))
        state.events = []
        info = _info("Normal", pays=bool(fee))
        try:
            call = call_of(ext.call["pallet"], ext.call["function"])
            runtime.dispatch(call.name, origin, **rule_args(call, dict(ext.call["args"])))
        except BittensorLiteError as exc:  # the SDK's own errors only: a bug in a rule is not a failed call
            runtime.state.events = []
            error = dispatch_error(codec, exc) if isinstance(exc, ChainError) else "Other"
            outcome = f"{exc.pallet}.{exc.name}" if isinstance(exc, ChainError) else f"Other: {exc}"
            if fee:
                records.append(_fee_paid(codec, i, origin, fee))
            records.append(record(codec, i, "System", "ExtrinsicFailed",
                                  {"dispatch_error": error, "dispatch_info": info}))
            outcomes.append((ext.hash, outcome))
            continue
        state = runtime.state
        records.extend(record(codec, i, *ev) for ev in state.events)
        state.events = []
        if fee:
            records.append(_fee_paid(codec, i, origin, fee))
        records.append(record(codec, i, "System", "ExtrinsicSuccess", {"dispatch_info": info}))
        outcomes.append((ext.hash, "ok"))
    runtime.state.events = []
    runtime.step(1)
    records.extend(record(codec, None, *ev) for ev in runtime.state.events)
    events = codec.encode("Vec<EventRecord>", records)
    xts = [timestamp_extrinsic(codec, now_ms)] + [_hex(e.raw) for e in extrinsics]
    block = seal(runtime.state.block, parent["hash"], parent["header"]["stateRoot"], xts, events, now_ms)
    return block, outcomes


def _fee_paid(codec: Codec, i: int, who: str, fee: int) -> dict[str, Any]:
    return record(codec, i, "TransactionPayment", "TransactionFeePaid", {"who": who, "actual_fee": fee, "tip": 0})
