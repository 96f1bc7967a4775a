"""``state_call`` and metadata V15: one runtime API table, served and declared alike."""

from __future__ import annotations

import json

import pytest
import websocket
from scalecodec.base import ScaleBytes
from substrateinterface import Keypair, SubstrateInterface

from bittensor_lite.chain import runtime_api
from bittensor_lite.chain.execution import BASE_FEE, DISPATCH_WEIGHT
from bittensor_lite.chain.metadata import build_metadata, metadata_codec
from bittensor_lite.chain.node import Node
from bittensor_lite.chain.rpc import RpcHandler
from bittensor_lite.chain.server import ChainServer

ALICE = Keypair.create_from_uri("//Alice")
BOB = Keypair.create_from_uri("//Bob")


@pytest.fixture(scope="module")
def server():
    srv = ChainServer().start()
    yield srv
    srv.stop()


@pytest.fixture()
def si(server):
    client = SubstrateInterface(url=server.url)
    yield client
    client.close()


def call(handler, name, data, *rest):
    reply = handler.handle({"jsonrpc": "2.0", "id": 1, "method": "state_call", "params": [name, data, *rest]}, None)
    return reply.get("result"), reply.get("error")


def v15(encoded):
    assert encoded[:5] == b"meta\x0f"
    return metadata_codec().create_scale_object("MetadataV15", data=ScaleBytes(encoded[5:])).decode()


def test_v15_declares_the_table_and_carries_all_of_v14():
    md = build_metadata()
    got = v15(md.encoded_v15)
    assert [(a["name"], [m["name"] for m in a["methods"]]) for a in got["apis"]] == [
        (a.name, [m.name for m in a.methods]) for a in runtime_api.RUNTIME_APIS]
    types = {t["id"]: t["type"] for t in got["types"]["types"]}

    def path(type_id):
        return "::".join(types[type_id]["path"])

    apis = {(a["name"], m["name"]): m for a in got["apis"] for m in a["methods"]}
    query_info = apis[("TransactionPaymentApi", "query_info")]
    assert [(i["name"], path(i["ty"])) for i in query_info["inputs"]][0] == (
        "uxt", "sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic")
    assert path(query_info["output"]) == "pallet_transaction_payment::types::RuntimeDispatchInfo"
    fee_field = {f["name"]: f for f in types[query_info["output"]]["def"]["composite"]["fields"]}["partial_fee"]
    assert types[fee_field["type"]]["def"] == {"primitive": "u128"}  # substrate-interface's Balance
    assert path(apis[("AccountNonceApi", "account_nonce")]["inputs"][0]["ty"]) == "sp_core::crypto::AccountId32"
    assert path(apis[("Core", "version")]["output"]) == "sp_version::RuntimeVersion"
    # the rest is V14's, with the same type ids
    v14 = metadata_codec().create_scale_object("MetadataVersioned", data=ScaleBytes(md.encoded)).decode()[1]["V14"]
    assert got["types"] == v14["types"]
    assert [{k: v for k, v in p.items() if k != "docs"} for p in got["pallets"]] == v14["pallets"]
    assert got["extrinsic"]["call_ty"] == md.call_type and got["ty"] == v14["runtime_type"]
    assert got["outer_enums"]["event_enum_ty"] == md.event_type
    assert path(got["outer_enums"]["error_enum_ty"]) == "node_subtensor_runtime::RuntimeError"
    assert got["custom"] == {"map": []}


def test_metadata_calls_serve_both_versions():
    h = RpcHandler(Node())
    md = h.node.codec.metadata
    assert call(h, "Metadata_metadata_versions", "0x") == ("0x080e0000000f000000", None)  # Vec<u32> [14, 15]
    for version, encoded in ((14, md.encoded), (15, md.encoded_v15)):
        result, _ = call(h, "Metadata_metadata_at_version", "0x" + version.to_bytes(4, "little").hex())
        opaque = h.node.codec.decode(md.api_types[("Metadata", "metadata_at_version")][1], bytes.fromhex(result[2:]))
        assert bytes.fromhex(opaque[2:]) == encoded
    assert call(h, "Metadata_metadata_at_version", "0x10000000") == ("0x00", None)  # V16: None
    h.node.close()


def test_unknown_functions_and_bad_arguments_get_a_nodes_errors():
    h = RpcHandler(Node())
    assert call(h, "SubnetInfoRuntimeApi_get_subnet_to_prune", "0x")[1] == {
        "code": 4003, "message": "Client error: Execution failed: Other: Exported method "
                                 "SubnetInfoRuntimeApi_get_subnet_to_prune is not found"}
    _, err = call(h, "Metadata_metadata_at_version", "0x0f00")  # a truncated u32
    assert err["code"] == 4003 and "Bad input data provided to metadata_at_version" in err["message"]
    _, err = call(h, "Metadata_metadata_at_version", "0x0f00000000")  # a byte too many
    assert err["code"] == 4003 and "1 bytes left over" in err["message"]
    _, err = call(h, "TransactionPaymentApi_query_info", "0x0812340000000000")  # not an extrinsic
    assert err["code"] == 4003 and "Bad input data provided to query_info" in err["message"]
    assert call(h, "Core_version", "0xzz")[1]["code"] == -32602
    assert call(h, 7, "0x")[1]["code"] == -32602
    assert call(h, "Core_version", "0x", "0x" + "00" * 32)[1]["code"] == 4003  # unknown block
    assert call(h, "Metadata_metadata_versions", "")[0] == call(h, "Metadata_metadata_versions", "0x")[0]
    h.node.close()


def test_substrate_interface_takes_nonces_fees_and_version_from_state_call(si, server):
    alice_nonce = si.query("System", "Account", [ALICE.ss58_address]).value["nonce"]
    assert si.get_account_nonce(ALICE.ss58_address) == alice_nonce
    transfer = si.compose_call("Balances", "transfer_keep_alive", {"dest": BOB.ss58_address, "value": 10**9})
    assert si.get_payment_info(transfer, ALICE) == {"weight": DISPATCH_WEIGHT, "class": "Normal",
                                                    "partialFee": BASE_FEE}
    set_weights = si.compose_call("SubtensorModule", "set_weights", {"netuid": 0, "dests": [], "weights": [],
                                                                     "version_key": 0})
    assert si.get_payment_info(set_weights, ALICE)["partialFee"] == 0  # Pays::No
    version = si.runtime_call("Core", "version").value
    rpc_version = si.rpc_request("state_getRuntimeVersion", [])["result"]
    assert version["spec_version"] == rpc_version["specVersion"] == server.node.codec.metadata.spec_version
    assert [list(a) for a in version["apis"]] == rpc_version["apis"] == [
        ["0x" + a.id.hex(), a.version] for a in runtime_api.RUNTIME_APIS]
    assert rpc_version["apis"][0] == ["0xdf6acb689907609b", 5]  # Core's id, as every Substrate runtime lists it
    receipt = si.submit_extrinsic(si.create_signed_extrinsic(transfer, ALICE), wait_for_inclusion=True)
    assert receipt.is_success and receipt.total_fee_amount == BASE_FEE
    assert si.get_account_nonce(ALICE.ss58_address) == alice_nonce + 1
    # account_nextIndex (the real SDK's name) counts the pool, as system_accountNextIndex does
    assert si.rpc_request("account_nextIndex", [ALICE.ss58_address])["result"] == alice_nonce + 1
    fee_details = si.rpc_request("payment_queryInfo", [str(si.create_signed_extrinsic(transfer, ALICE).data)])
    assert fee_details["result"]["partialFee"] == str(BASE_FEE)


def test_a_new_table_line_is_declared_dispatched_and_listed(monkeypatch):
    extra = runtime_api.Api("TestApi", 3, (
        runtime_api.Method("double", (("x", "u32"),), "u64", lambda node, at, x: 2 * x),))
    monkeypatch.setattr(runtime_api, "RUNTIME_APIS", (*runtime_api.RUNTIME_APIS, extra))
    build_metadata.cache_clear()
    try:
        md = build_metadata()
        assert ("TestApi", "double") in {(a["name"], m["name"]) for a in v15(md.encoded_v15)["apis"]
                                         for m in a["methods"]}
        h = RpcHandler(Node())
        assert call(h, "TestApi_double", "0x15000000") == ("0x" + (42).to_bytes(8, "little").hex(), None)
        assert ["0x" + extra.id.hex(), 3] in h.rpc_state_getRuntimeVersion(None, [])["apis"]
        h.node.close()
    finally:
        monkeypatch.undo()
        build_metadata.cache_clear()


def test_state_call_over_websocket_takes_hex_with_or_without_0x(server):
    ws = websocket.create_connection(server.url, timeout=10)
    try:
        for data in ("0x", ""):
            ws.send(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "state_call",
                                "params": ["Metadata_metadata_versions", data, None]}))
            assert json.loads(ws.recv())["result"] == "0x080e0000000f000000"
        ws.send(json.dumps({"jsonrpc": "2.0", "id": 2, "method": "state_call", "params": ["Core_version", "0x1"]}))
        assert json.loads(ws.recv())["error"]["code"] == -32602  # odd-length hex
    finally:
        ws.close()
