"""The local chain's runtime APIs: one table that ``state_call`` dispatches and metadata V15 declares.

A Substrate runtime exports functions such as ``AccountNonceApi_account_nonce``; a node runs
them for the ``state_call`` RPC with SCALE-encoded arguments and answers SCALE bytes. Metadata
V15 lists each API with its methods, their inputs and output as type ids, so a client (the
real bittensor SDK) encodes the arguments and decodes the answer from metadata alone.

:data:`RUNTIME_APIS` is that list for this chain: the trait names, method names, argument names
and types of node-subtensor's ``impl_runtime_apis!`` (spec 425) for the APIs we serve, each
with the rule that answers it. :mod:`~bittensor_lite.chain.metadata` declares the table in V15
(and registers its types); :func:`call` dispatches ``state_call`` by the same table; the
runtime version's ``apis`` list is derived from it too. One deliberate difference: fees are
declared and answered as ``u128`` (``Balance`` in substrate-interface's own type registry,
which it uses for ``TransactionPaymentApi``), where node-subtensor's balance is a ``u64``;
the real SDK decodes by metadata, so both read the same number.

Subtensor's own APIs (``SubnetInfoRuntimeApi``, ``NeuronInfoRuntimeApi``, ``StakeInfoRuntimeApi``,
``SubnetRegistrationRuntimeApi``, ``SwapRuntimeApi``) answer from the whole state at the block
asked for; their structs and values live in :mod:`~bittensor_lite.chain.rpc_info`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bittensor_lite.chain import rpc_info
from bittensor_lite.chain.codec import parse_extrinsic
from bittensor_lite.chain.execution import DISPATCH_WEIGHT, fee_for
from bittensor_lite.chain.pallets import IMPL_NAME, SPEC_NAME, TRANSACTION_VERSION
from bittensor_lite.errors import InvalidTransaction, MalformedError, RpcError, StateDiscarded
from bittensor_lite.scale import encode_compact

if TYPE_CHECKING:
    from bittensor_lite.chain.metadata import Metadata
    from bittensor_lite.chain.node import Node
    from bittensor_lite.chain.types import TypeRegistry
    from bittensor_lite.runtime.state import ChainState

METADATA_VERSIONS = (14, 15)
EXECUTION_FAILED = 4003  # Substrate's code for a runtime call that failed (sc_rpc_api state::Error::Client)

Serve = Callable[..., Any]  # (node, block hash or None, *decoded inputs) -> the output's value


@dataclass(frozen=True)
class Method:
    """One runtime API function: its inputs ``(name, type)``, its output type, and what answers it."""

    name: str
    inputs: tuple[tuple[str, str], ...]
    output: str
    serve: Serve
    doc: str = ""


@dataclass(frozen=True)
class Api:
    """A runtime API trait as ``impl_runtime_apis!`` exports it: name, version and methods."""

    name: str
    version: int
    methods: tuple[Method, ...]
    doc: str = ""

    @property
    def id(self) -> bytes:
        """The 8-byte API id a runtime version lists (blake2b-64 of the trait name)."""
        import hashlib

        return hashlib.blake2b(self.name.encode(), digest_size=8).digest()


# -- the types the APIs use (scale-info paths as node-subtensor's metadata has them) ---------------------------
def define_types(reg: TypeRegistry) -> None:
    """Teach the metadata's registry the runtime APIs' named types (``UncheckedExtrinsic`` is the metadata's)."""
    reg.define("OpaqueMetadata", lambda r: r.composite(["sp_core", "OpaqueMetadata"], [(None, "Vec<u8>", "Vec<u8>")]))
    reg.define("RuntimeVersion", lambda r: r.composite(["sp_version", "RuntimeVersion"], [
        ("spec_name", "str", "Cow<'static, str>"), ("impl_name", "str", "Cow<'static, str>"),
        ("authoring_version", "u32", "u32"), ("spec_version", "u32", "u32"), ("impl_version", "u32", "u32"),
        ("apis", "Vec<([u8; 8], u32)>", "ApisVec"), ("transaction_version", "u32", "u32"),
        ("system_version", "u8", "u8")]))
    reg.define("RuntimeDispatchInfo", lambda r: r.composite(
        ["pallet_transaction_payment", "types", "RuntimeDispatchInfo"],
        [("weight", "Weight", "Weight"), ("class", "DispatchClass", "DispatchClass"),
         ("partial_fee", "u128", "Balance")],
        params=[{"name": "Balance", "type": r.type("u128")}, {"name": "Weight", "type": r.type("Weight")}]))
    reg.define("InclusionFee", lambda r: r.composite(
        ["pallet_transaction_payment", "types", "InclusionFee"],
        [("base_fee", "u128", "Balance"), ("len_fee", "u128", "Balance"), ("adjusted_weight_fee", "u128", "Balance")],
        params=[{"name": "Balance", "type": r.type("u128")}]))
    reg.define("FeeDetails", lambda r: r.composite(
        ["pallet_transaction_payment", "types", "FeeDetails"],
        [("inclusion_fee", "Option<InclusionFee>", "Option<InclusionFee<Balance>>"), ("tip", "u128", "Balance")],
        params=[{"name": "Balance", "type": r.type("u128")}]))
    rpc_info.define_types(reg)


# -- the rules ---------------------------------------------------------------------------------------------
def runtime_version(md: Metadata) -> dict[str, Any]:
    """``Core_version`` (and ``state_getRuntimeVersion``): who this runtime is and which APIs it exports."""
    return {"spec_name": SPEC_NAME, "impl_name": IMPL_NAME, "authoring_version": 1, "spec_version": md.spec_version,
            "impl_version": 1, "apis": [("0x" + api.id.hex(), api.version) for api in RUNTIME_APIS],
            "transaction_version": TRANSACTION_VERSION, "system_version": 1}


def _version(node: Node, at: str | None) -> dict[str, Any]:
    return runtime_version(node.codec.metadata)


def _metadata(node: Node, at: str | None) -> bytes:
    return node.codec.metadata.encoded


def _metadata_at_version(node: Node, at: str | None, version: int) -> bytes | None:
    md = node.codec.metadata
    return {14: md.encoded, 15: md.encoded_v15}.get(version)


def _metadata_versions(node: Node, at: str | None) -> list[int]:
    return list(METADATA_VERSIONS)


def _account_nonce(node: Node, at: str | None, account: str) -> int:
    raw = node.storage(node.codec.storage_key("System", "Account", account), at)
    return 0 if raw is None else int(node.codec.decode("AccountInfo", raw)["nonce"])


def _extrinsic(node: Node, inner: Any) -> Any:
    data = bytes.fromhex(inner[2:]) if isinstance(inner, str) else bytes(inner)
    return parse_extrinsic(node.codec, encode_compact(len(data)) + data)


def dispatch_info(node: Node, raw_extrinsic: bytes) -> dict[str, Any]:
    """``TransactionPaymentApi_query_info`` (and ``payment_queryInfo``): weight, class and fee of an extrinsic."""
    ext = parse_extrinsic(node.codec, raw_extrinsic)
    return {"weight": dict(DISPATCH_WEIGHT), "class": "Normal", "partial_fee": fee_for(ext)}


def _query_info(node: Node, at: str | None, uxt: Any, length: int) -> dict[str, Any]:
    ext = _extrinsic(node, uxt)
    return dispatch_info(node, ext.raw)


def _query_fee_details(node: Node, at: str | None, uxt: Any, length: int) -> dict[str, Any]:
    ext = _extrinsic(node, uxt)
    fee = fee_for(ext)
    inclusion = {"base_fee": fee, "len_fee": 0, "adjusted_weight_fee": 0} if fee else None
    return {"inclusion_fee": inclusion, "tip": ext.tip}


def _on_state(build: Callable[..., Any]) -> Serve:
    """A method answered from the whole state at the block (``build(state, *inputs)``), under the node's lock."""
    def serve(node: Node, at: str | None, *args: Any) -> Any:
        from bittensor_lite.chain.node import STATE_WINDOW

        with node.lock:
            state: ChainState | None = node.view(at).state
            if state is None:
                raise StateDiscarded(at or "", kept=STATE_WINDOW)
            return build(state, *args)

    serve.__doc__ = build.__doc__
    return serve


RUNTIME_APIS: tuple[Api, ...] = (
    Api("Core", 5, (
        Method("version", (), "RuntimeVersion", _version, "Returns the version of the runtime."),
    ), "The `Core` runtime api that every Substrate runtime needs to implement."),
    Api("Metadata", 2, (
        Method("metadata", (), "OpaqueMetadata", _metadata, "Returns the metadata of a runtime (V14)."),
        Method("metadata_at_version", (("version", "u32"),), "Option<OpaqueMetadata>", _metadata_at_version,
               "Returns the metadata at a given version (None if the runtime does not support it)."),
        Method("metadata_versions", (), "Vec<u32>", _metadata_versions,
               "Returns the supported metadata versions."),
    ), "The `Metadata` api trait that returns metadata for the runtime."),
    Api("AccountNonceApi", 1, (
        Method("account_nonce", (("account", "AccountId32"),), "u32", _account_nonce,
               "Get current account nonce of given `AccountId` (the chain's, not counting the pool)."),
    ), "The API to query account nonce."),
    Api("TransactionPaymentApi", 4, (
        Method("query_info", (("uxt", "UncheckedExtrinsic"), ("len", "u32")), "RuntimeDispatchInfo", _query_info),
        Method("query_fee_details", (("uxt", "UncheckedExtrinsic"), ("len", "u32")), "FeeDetails",
               _query_fee_details),
    )),
    Api("NeuronInfoRuntimeApi", 1, (
        Method("get_neurons_lite", (("netuid", "u16"),), "Vec<NeuronInfoLite>", _on_state(rpc_info.neurons_lite)),
        Method("get_neuron_lite", (("netuid", "u16"), ("uid", "u16")), "Option<NeuronInfoLite>",
               _on_state(rpc_info.neuron_lite)),
        Method("get_neurons", (("netuid", "u16"),), "Vec<NeuronInfo>", _on_state(rpc_info.neurons)),
        Method("get_neuron", (("netuid", "u16"), ("uid", "u16")), "Option<NeuronInfo>", _on_state(rpc_info.neuron)),
    )),
    Api("SubnetInfoRuntimeApi", 2, (
        Method("get_all_dynamic_info", (), "Vec<Option<DynamicInfo>>", _on_state(rpc_info.all_dynamic_info)),
        Method("get_metagraph", (("netuid", "u16"),), "Option<Metagraph>", _on_state(rpc_info.metagraph)),
        Method("get_dynamic_info", (("netuid", "u16"),), "Option<DynamicInfo>", _on_state(rpc_info.dynamic_info)),
        Method("get_next_epoch_start_block", (("netuid", "u16"),), "Option<u64>",
               _on_state(rpc_info.next_epoch_start_block)),
        Method("get_mechagraph", (("netuid", "u16"), ("mecid", "u8")), "Option<Metagraph>",
               _on_state(rpc_info.mechagraph)),
        Method("get_selective_metagraph", (("netuid", "u16"), ("metagraph_indexes", "Vec<u16>")),
               "Option<SelectiveMetagraph>", _on_state(rpc_info.selective_metagraph)),
        Method("get_selective_mechagraph", (("netuid", "u16"), ("subid", "u8"), ("metagraph_indexes", "Vec<u16>")),
               "Option<SelectiveMetagraph>", _on_state(rpc_info.selective_mechagraph)),
        Method("get_subnet_state", (("netuid", "u16"),), "Option<SubnetState>", _on_state(rpc_info.subnet_state)),
        Method("get_subnet_hyperparams_v3", (("netuid", "u16"),), "Option<Vec<HyperparamEntry>>",
               _on_state(rpc_info.subnet_hyperparams_v3)),
    )),
    Api("SwapRuntimeApi", 1, (
        Method("current_alpha_price", (("netuid", "u16"),), "u64", _on_state(rpc_info.alpha_price)),
        Method("current_alpha_price_all", (), "Vec<SubnetPrice>", _on_state(rpc_info.all_alpha_prices)),
        Method("sim_swap_tao_for_alpha", (("netuid", "u16"), ("tao", "u64")), "SimSwapResult",
               _on_state(rpc_info.sim_swap_tao_for_alpha)),
        Method("sim_swap_alpha_for_tao", (("netuid", "u16"), ("alpha", "u64")), "SimSwapResult",
               _on_state(rpc_info.sim_swap_alpha_for_tao)),
    )),
    Api("StakeInfoRuntimeApi", 1, (
        Method("get_stake_info_for_coldkey", (("coldkey_account", "AccountId32"),), "Vec<StakeInfo>",
               _on_state(rpc_info.stake_info_for_coldkey)),
        Method("get_stake_info_for_coldkeys", (("coldkey_accounts", "Vec<AccountId32>"),),
               "Vec<(AccountId32, Vec<StakeInfo>)>", _on_state(rpc_info.stake_info_for_coldkeys)),
        Method("get_stake_info_for_hotkey_coldkey_netuid",
               (("hotkey_account", "AccountId32"), ("coldkey_account", "AccountId32"), ("netuid", "u16")),
               "Option<StakeInfo>", _on_state(rpc_info.stake_info_for_hotkey_coldkey_netuid)),
    )),
    Api("SubnetRegistrationRuntimeApi", 1, (
        Method("get_network_registration_cost", (), "u64", _on_state(rpc_info.network_registration_cost)),
    )),
)


def find(name: str) -> tuple[Api, Method] | None:
    """The API and method behind an exported function name such as ``AccountNonceApi_account_nonce``."""
    for api in RUNTIME_APIS:
        if name.startswith(api.name + "_"):
            for m in api.methods:
                if name == f"{api.name}_{m.name}":
                    return api, m
    return None


def call(node: Node, name: str, data: bytes, at: str | None = None) -> bytes:
    """``state_call``: run the exported function ``name`` on SCALE ``data``; its SCALE-encoded answer.

    An unknown function fails as a real node's does (code 4003, ``Exported method … is not
    found``, the text clients look for); arguments that do not decode fail with 4003 and the
    message a runtime panics with (``Bad input data provided to …``).
    """
    from scalecodec.base import ScaleBytes

    found = find(name)
    if found is None:
        raise RpcError(EXECUTION_FAILED, f"Client error: Execution failed: Other: Exported method {name} is not found")
    api, method = found
    codec = node.codec
    input_ids, output_id = codec.metadata.api_types[(api.name, method.name)]
    sb = ScaleBytes(bytes(data))
    args = []
    try:
        for type_id in input_ids:
            obj = codec.rc.create_scale_object(f"scale_info::{type_id}", data=sb)
            args.append(obj.decode(check_remaining=False))
        if sb.offset != len(sb.data):
            raise MalformedError(f"{len(sb.data) - sb.offset} bytes left over")
    except Exception as exc:  # scalecodec raises many kinds; all mean "not these arguments"
        raise RpcError(EXECUTION_FAILED, f"Client error: Execution failed: Bad input data provided to "
                                         f"{method.name}: {exc}") from None
    try:
        value = method.serve(node, at, *args)
    except (MalformedError, InvalidTransaction) as exc:  # an extrinsic argument that does not parse
        raise RpcError(EXECUTION_FAILED, f"Client error: Execution failed: Bad input data provided to "
                                         f"{method.name}: {exc}") from None
    return codec.encode(output_id, _scale_value(value))


def _scale_value(value: Any) -> Any:
    """Bytes as scalecodec encodes them (0x-hex); everything else as it is."""
    if isinstance(value, bytes):
        return "0x" + value.hex()
    return value


def declare(reg: TypeRegistry) -> tuple[list[dict[str, Any]], dict[tuple[str, str], tuple[list[int], int]]]:
    """The V15 ``apis`` section, and each method's (input type ids, output type id), from the table."""
    apis, types = [], {}
    for api in RUNTIME_APIS:
        methods = []
        for m in api.methods:
            inputs = [(n, reg.type(t)) for n, t in m.inputs]
            output = reg.type(m.output)
            types[(api.name, m.name)] = ([i for _n, i in inputs], output)
            methods.append({"name": m.name, "inputs": [{"name": n, "ty": i} for n, i in inputs],
                            "output": output, "docs": [m.doc] if m.doc else []})
        apis.append({"name": api.name, "methods": methods, "docs": [api.doc] if api.doc else []})
    return apis, types
