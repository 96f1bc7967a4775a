"""``state_call`` and metadata V15: one runtime API table, served and declared alike."""

from __future__ import annotations

import json

import pytest
import websocket
from scalecodec.base import ScaleBytes
from substrateinterface import Keypair

from bittensor_lite.chain import runtime_api
from bittensor_lite.chain.execution import BASE_FEE, DISPATCH_WEIGHT
from bittensor_lite.chain.metadata import build_metadata, metadata_codec
from bittensor_lite.chain.node import Node
from bittensor_lite.chain.rpc import RpcHandler
from bittensor_lite.chain.server import ChainServer

ALICE = Keypair.create_from_uri("//Alice")
BOB = Keypair.create_from_uri("//Bob")


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


# -- the subtensor pallet's rpc_info answers (Metagraph, DynamicInfo, NeuronInfoLite, StakeInfo) ----------------
def info_scenario(sub):
    """A subnet with a validator and a miner, stake on both subnets, weights, an axon, and epochs run."""
    import bittensor_lite as bl

    owner, val, miner = bl.dev_wallet("Alice"), bl.dev_wallet("Bob"), bl.dev_wallet("info-miner")
    sub.dev.set_balance(miner.coldkey.ss58_address, 10**12)
    netuid = sub.register_network(owner)
    sub.dev.sudo_set(netuid, "tempo", 5)
    sub.dev.sudo_set(netuid, "weights_rate_limit", 0)
    sub.burned_register(val, netuid)
    sub.burned_register(miner, netuid)
    sub.add_stake(val, 500)
    sub.add_stake(val, 50, netuid=0)
    sub.add_stake(owner, 7, hotkey_ss58=val.hotkey.ss58_address, netuid=netuid)  # a nominator
    sub.serve_axon(miner, netuid, "127.0.0.1", 8091)
    sub.wait_for_epoch(netuid)
    sub.set_weights(val, netuid, [1], [1.0])
    sub.wait_for_epoch(netuid)
    sub.step(2)
    return netuid, val, miner, owner


@pytest.fixture(scope="module")
def info_chain():
    """The scenario on a chain over the wire, and the same on the mock; the chain's answers decoded by our V15."""
    import bittensor_lite as bl

    srv = ChainServer().start()
    sub = bl.connect(srv.url)
    mock = bl.connect("mock")
    try:
        netuid, val, miner, owner = info_scenario(sub)
        info_scenario(mock)
        yield srv.node, netuid, (val, miner, owner), mock.backend.runtime
    finally:
        sub.close()
        mock.close()
        srv.stop()


def api_call(node, name, data=b""):
    """``state_call`` ``name`` and decode the answer by the V15 output type scalecodec reads from our registry."""
    found = runtime_api.find(name)
    raw = runtime_api.call(node, name, data)
    return node.codec.decode(node.codec.metadata.api_types[(found[0].name, found[1].name)][1], raw)


def test_metagraph_answers_every_field_from_the_runtimes_state(info_chain):
    from bittensor_lite.chain import rpc_info
    from bittensor_lite.runtime import Runtime

    node, netuid, (val, miner, owner), mock_runtime = info_chain
    got = api_call(node, "SubnetInfoRuntimeApi_get_metagraph", netuid.to_bytes(2, "little"))
    assert list(got) == [f[0] for f in rpc_info.METAGRAPH]  # the chain's field names, in its order
    ours = Runtime.subnet_snapshot(node.runtime, netuid)
    hyper, pool = node.runtime.hyperparameters(netuid), node.runtime.pool(netuid)
    # same scenario on the mock: the same neurons, stake and scores (the chain's fees are the only difference)
    mock = mock_runtime.subnet_snapshot(netuid)
    for col in ("hotkeys", "coldkeys", "alpha_stake", "tao_stake", "stake", "incentive", "dividends", "emission"):
        assert ours[col] == mock[col], col
    assert ours["pool"] == mock_runtime.pool(netuid) == pool
    assert got["netuid"] == netuid and got["block"] == ours["block"] == node.head["number"]
    assert got["num_uids"] == len(got["hotkeys"]) == 2
    assert got["hotkeys"] == ours["hotkeys"] == [val.hotkey.ss58_address, miner.hotkey.ss58_address]
    assert got["coldkeys"] == ours["coldkeys"]
    assert got["alpha_stake"] == ours["alpha_stake"] and got["alpha_stake"][0] > 0
    assert got["tao_stake"] == ours["tao_stake"] and got["tao_stake"][0] > 0
    assert got["total_stake"] == ours["stake"]
    assert got["incentives"] == ours["incentive"] and got["incentives"][1] > 0  # the miner earned
    assert got["dividends"] == ours["dividends"] and got["dividends"][0] > 0  # the validator earned
    for ours_name, chain_name in (("emission", "emission"), ("consensus", "consensus"), ("trust", "trust"),
                                  ("rank", "rank"), ("validator_permit", "validator_permit"), ("active", "active"),
                                  ("last_update", "last_update"), ("block_at_registration", "block_at_registration"),
                                  ("pruning_score", "pruning_score")):
        assert got[chain_name] == ours[ours_name], chain_name
    assert got["validator_permit"] == [True, True] and sum(got["emission"]) > 0
    axon = got["axons"][1]
    assert (axon["ip"], axon["port"], axon["ip_type"]) == (0x7F000001, 8091, 4) and got["axons"][0]["ip"] == 0
    assert (ours["axons"][1]["ip"], ours["axons"][1]["port"]) == ("127.0.0.1", 8091)
    # the pool
    assert (got["tao_in"], got["alpha_in"], got["alpha_out"]) == (pool["tao_in"], pool["alpha_in"],
                                                                   pool["alpha_out"])
    assert got["moving_price"]["bits"] / 2**32 == pool["moving_price"] > 0
    assert bytes(got["symbol"]).decode() == pool["symbol"] and got["name"] == [] and got["identity"] is None
    assert (got["tao_in_emission"], got["alpha_in_emission"], got["alpha_out_emission"]) == (
        pool["tao_in_emission"], pool["alpha_in_emission"], pool["alpha_out_emission"])
    net = node.runtime.state.subnets[netuid]
    assert got["pending_alpha_emission"] == net.pending_server + net.pending_validator
    # owner, tempo terms, hyperparameters
    assert (got["owner_hotkey"], got["owner_coldkey"]) == (owner.hotkey.ss58_address, owner.coldkey.ss58_address)
    assert got["last_step"] == node.runtime.last_epoch_block(netuid) > 0
    assert got["blocks_since_last_step"] == got["block"] - got["last_step"] == 2
    for chain_name, ours_name in (("tempo", "tempo"), ("rho", "rho"), ("kappa", "kappa"), ("burn", "burn"),
                                  ("max_uids", "max_allowed_uids"), ("max_validators", "max_allowed_validators"),
                                  ("immunity_period", "immunity_period"), ("weights_version", "weights_version"),
                                  ("weights_rate_limit", "weights_rate_limit"), ("activity_cutoff", "activity_cutoff"),
                                  ("commit_reveal_period", "reveal_period"), ("alpha_high", "alpha_high"),
                                  ("alpha_low", "alpha_low"), ("bonds_moving_avg", "bonds_moving_average"),
                                  ("min_burn", "min_burn"), ("max_burn", "max_burn"), ("difficulty", "difficulty"),
                                  ("registration_allowed", "registration_allowed")):
        assert got[chain_name] == hyper[ours_name], chain_name
    assert got["tempo"] == 5 and got["weights_rate_limit"] == 0
    assert got["alpha_dividends_per_hotkey"] == [(hk, 0) for hk in got["hotkeys"]]  # not kept here (see rpc_info)
    assert api_call(node, "SubnetInfoRuntimeApi_get_metagraph", b"\x63\x00") is None  # no subnet 99
    root = api_call(node, "SubnetInfoRuntimeApi_get_metagraph", b"\x00\x00")
    assert root["owner_coldkey"] == "5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM"  # AccountId32's all-zero default


def test_dynamic_info_is_the_pool_and_all_dynamic_info_lists_every_subnet(info_chain):
    from bittensor_lite.chain import rpc_info

    node, netuid, _keys, _mock = info_chain
    got = api_call(node, "SubnetInfoRuntimeApi_get_dynamic_info", netuid.to_bytes(2, "little"))
    assert list(got) == [f[0] for f in rpc_info.DYNAMIC_INFO]
    pool = node.runtime.pool(netuid)
    assert (got["tao_in"], got["alpha_in"], got["alpha_out"]) == (pool["tao_in"], pool["alpha_in"], pool["alpha_out"])
    # the SDK's Metagraph.price is tao_in / alpha_in; the pool's own price also weighs in the balancer's weights
    assert got["tao_in"] / got["alpha_in"] == pytest.approx(pool["price"], rel=1e-6)
    price = api_call(node, "SwapRuntimeApi_current_alpha_price", netuid.to_bytes(2, "little"))
    assert price == int(pool["price"] * 10**9) or abs(price - pool["price"] * 10**9) < 2
    assert api_call(node, "SwapRuntimeApi_current_alpha_price_all") == [
        {"netuid": n, "price": api_call(node, "SwapRuntimeApi_current_alpha_price", n.to_bytes(2, "little"))}
        for n in node.runtime.netuids()]
    assert api_call(node, "SwapRuntimeApi_current_alpha_price", b"\x00\x00") == 10**9  # root: 1 TAO per alpha
    assert bytes(got["token_symbol"]).decode() == pool["symbol"]
    assert got["moving_price"]["bits"] / 2**32 == pool["moving_price"]
    metagraph = api_call(node, "SubnetInfoRuntimeApi_get_metagraph", netuid.to_bytes(2, "little"))
    shared = [k for k in got if k in metagraph and k != "emission"]  # the metagraph's emission is per UID
    assert shared and {k: got[k] for k in shared} == {k: metagraph[k] for k in shared}
    every = api_call(node, "SubnetInfoRuntimeApi_get_all_dynamic_info")
    assert [d["netuid"] for d in every] == node.runtime.netuids() and every[netuid] == got
    assert every[0]["tao_in"] == node.runtime.pool(0)["tao_in"]
    assert api_call(node, "SubnetInfoRuntimeApi_get_dynamic_info", b"\x63\x00") is None


def test_neurons_lite_and_stake_info_for_coldkey(info_chain):
    from bittensor_lite.chain import rpc_info

    node, netuid, (val, miner, owner), _mock = info_chain
    lite = api_call(node, "NeuronInfoRuntimeApi_get_neurons_lite", netuid.to_bytes(2, "little"))
    metagraph = api_call(node, "SubnetInfoRuntimeApi_get_metagraph", netuid.to_bytes(2, "little"))
    assert [list(n) for n in lite] == [[f[0] for f in rpc_info.NEURON_INFO_LITE]] * 2
    for uid, n in enumerate(lite):
        assert (n["uid"], n["netuid"], n["hotkey"], n["coldkey"]) == (uid, netuid, metagraph["hotkeys"][uid],
                                                                      metagraph["coldkeys"][uid])
        assert n["stake"] == [(n["coldkey"], metagraph["alpha_stake"][uid])]
        assert (n["incentive"], n["dividends"], n["emission"], n["validator_permit"], n["axon_info"]) == (
            metagraph["incentives"][uid], metagraph["dividends"][uid], metagraph["emission"][uid],
            metagraph["validator_permit"][uid], metagraph["axons"][uid])
    one = api_call(node, "NeuronInfoRuntimeApi_get_neuron_lite", netuid.to_bytes(2, "little") + b"\x01\x00")
    assert one == lite[1]
    assert api_call(node, "NeuronInfoRuntimeApi_get_neuron_lite", netuid.to_bytes(2, "little") + b"\x05\x00") is None
    assert api_call(node, "NeuronInfoRuntimeApi_get_neurons_lite", b"\x63\x00") == []
    # the validator's coldkey holds stake on the subnet and on root; the owner nominated the validator
    key = ALICE.__class__(ss58_address=val.coldkey.ss58_address).public_key
    stakes = api_call(node, "StakeInfoRuntimeApi_get_stake_info_for_coldkey", key)
    vhot = val.hotkey.ss58_address
    assert [(s["netuid"], s["hotkey"]) for s in stakes] == [(0, vhot), (netuid, vhot)]
    for s in stakes:
        assert s["stake"] == node.runtime.stake_of(vhot, val.coldkey.ss58_address, s["netuid"]) > 0
        assert s["coldkey"] == val.coldkey.ss58_address and s["is_registered"] == (s["netuid"] == netuid)
    owner_key = ALICE.__class__(ss58_address=owner.coldkey.ss58_address).public_key
    owned = api_call(node, "StakeInfoRuntimeApi_get_stake_info_for_coldkey", owner_key)
    assert (netuid, vhot) in [(s["netuid"], s["hotkey"]) for s in owned]
    nobody = api_call(node, "StakeInfoRuntimeApi_get_stake_info_for_coldkey", b"\x07" * 32)
    assert nobody == []


def test_stake_info_by_coldkeys_and_by_position_next_epoch_and_network_cost(info_chain):
    from bittensor_lite.runtime.schedule import is_epoch_block

    node, netuid, (val, miner, owner), _mock = info_chain
    pub = {w: ALICE.__class__(ss58_address=w.coldkey.ss58_address).public_key for w in (val, owner)}
    both = api_call(node, "StakeInfoRuntimeApi_get_stake_info_for_coldkeys",
                    bytes([2 << 2]) + pub[val] + pub[owner])  # Vec<AccountId32> of two
    assert both == [(w.coldkey.ss58_address, api_call(node, "StakeInfoRuntimeApi_get_stake_info_for_coldkey", pub[w]))
                    for w in (val, owner)]
    hot = ALICE.__class__(ss58_address=val.hotkey.ss58_address).public_key
    one = api_call(node, "StakeInfoRuntimeApi_get_stake_info_for_hotkey_coldkey_netuid",
                   hot + pub[owner] + netuid.to_bytes(2, "little"))
    assert one["stake"] == node.runtime.stake_of(val.hotkey.ss58_address, owner.coldkey.ss58_address, netuid) > 0
    none_staked = api_call(node, "StakeInfoRuntimeApi_get_stake_info_for_hotkey_coldkey_netuid",
                           hot + b"\x07" * 32 + netuid.to_bytes(2, "little"))
    assert none_staked["stake"] == 0 and none_staked["is_registered"]
    assert api_call(node, "StakeInfoRuntimeApi_get_stake_info_for_hotkey_coldkey_netuid",
                    hot + pub[owner] + b"\x63\x00") is None
    nxt = api_call(node, "SubnetInfoRuntimeApi_get_next_epoch_start_block", netuid.to_bytes(2, "little"))
    tempo = node.runtime.hyperparameters(netuid)["tempo"]
    assert node.head["number"] < nxt <= node.head["number"] + tempo + 1 and is_epoch_block(netuid, tempo, nxt)
    assert api_call(node, "SubnetInfoRuntimeApi_get_next_epoch_start_block", b"\x00\x00") is None  # root: no epoch
    assert api_call(node, "SubnetRegistrationRuntimeApi_get_network_registration_cost") == (
        node.runtime.state.network_lock_cost)


def test_subnet_state_neurons_selective_metagraph_hyperparams_v3_and_swap_sims(info_chain):
    """The APIs bittensor 10.5 and btcli 9 read: each answers from the same state as get_metagraph."""
    from bittensor_lite.chain import rpc_info
    from bittensor_lite.runtime import swap

    node, netuid, (val, miner, owner), _mock = info_chain
    nu = netuid.to_bytes(2, "little")
    mg = api_call(node, "SubnetInfoRuntimeApi_get_metagraph", nu)
    st = api_call(node, "SubnetInfoRuntimeApi_get_subnet_state", nu)
    assert list(st) == [f[0] for f in rpc_info.SUBNET_STATE]
    assert {k: st[k] for k in rpc_info._NEURON_COLUMNS} == {k: mg[k] for k in rpc_info._NEURON_COLUMNS}
    assert len(st["emission_history"]) == len(node.runtime.netuids()) and st["emission_history"][
        node.runtime.netuids().index(netuid)] == mg["emission"]
    assert api_call(node, "SubnetInfoRuntimeApi_get_subnet_state", b"\x63\x00") is None

    # selective: the asked-for fields (by SelectiveMetagraphIndex), netuid always, the rest None
    names = [f[0] for f in rpc_info.SELECTIVE_METAGRAPH]
    ask = [names.index("hotkeys"), names.index("alpha_stake"), names.index("validators")]
    sel = api_call(node, "SubnetInfoRuntimeApi_get_selective_metagraph", nu + b"\x0c" + b"".join(
        i.to_bytes(2, "little") for i in ask))
    assert sel["netuid"] == netuid and (sel["hotkeys"], sel["alpha_stake"]) == (mg["hotkeys"], mg["alpha_stake"])
    permitted = [uid for uid, p in enumerate(mg["validator_permit"]) if p and mg["total_stake"][uid] > 0]
    assert sorted(sel["validators"]) == permitted and len(permitted) == 2  # both earned stake and hold permits
    assert [mg["total_stake"][u] for u in sel["validators"]] == sorted(mg["total_stake"][u] for u in permitted)
    assert all(sel[k] is None for k in names if k not in ("netuid", "hotkeys", "alpha_stake", "validators"))
    mech = api_call(node, "SubnetInfoRuntimeApi_get_selective_mechagraph", nu + b"\x00\x04" + ask[0].to_bytes(2, "little"))
    assert mech["hotkeys"] == mg["hotkeys"]
    assert api_call(node, "SubnetInfoRuntimeApi_get_selective_mechagraph", nu + b"\x01\x00") is None  # one mechanism
    assert api_call(node, "SubnetInfoRuntimeApi_get_mechagraph", nu + b"\x00") == mg

    # full neurons: the lite ones plus their weights and bonds rows
    full = api_call(node, "NeuronInfoRuntimeApi_get_neurons", nu)
    lite = api_call(node, "NeuronInfoRuntimeApi_get_neurons_lite", nu)
    assert [{k: v for k, v in n.items() if k not in ("weights", "bonds")} for n in full] == lite
    assert full[0]["weights"] == [(1, 65535)] and full[0]["bonds"] and full[1]["weights"] == []
    assert api_call(node, "NeuronInfoRuntimeApi_get_neuron", nu + b"\x00\x00") == full[0]

    # hyperparams v3: (name, tagged value) pairs with the knobs' values
    h = node.runtime.hyperparameters(netuid)
    v3 = {e["name"]: e["value"] for e in api_call(node, "SubnetInfoRuntimeApi_get_subnet_hyperparams_v3", nu)}
    assert list(v3) == [name for name, _v, _s in rpc_info.HYPERPARAMS_V3]
    assert v3["tempo"] == {"U16": h["tempo"]} and v3["max_validators"] == {"U16": h["max_allowed_validators"]}
    assert v3["min_burn"] == {"TaoBalance": h["min_burn"]} and v3["yuma_version"] == {"U16": 3}
    assert v3["burn_increase_mult"] == {"U64F64": {"bits": h["burn_increase_mult"]}}
    assert v3["commit_reveal_weights_enabled"] == {"Bool": h["commit_reveal_weights_enabled"]}

    # swap simulations: what add_stake / remove_stake would do now, and the slippage against the spot price
    net = node.runtime.state.subnets[netuid]
    buy = api_call(node, "SwapRuntimeApi_sim_swap_tao_for_alpha", nu + (10**9).to_bytes(8, "little"))
    want = swap.simulate(net, 10**9, buy=True)
    assert (buy["tao_amount"], buy["alpha_amount"], buy["tao_fee"]) == (want.paid_in, want.paid_out, want.fee)
    assert buy["alpha_slippage"] == ((10**9 << 64) // swap.price_bits(net)) - want.paid_out > 0
    sell = api_call(node, "SwapRuntimeApi_sim_swap_alpha_for_tao", nu + (10**9).to_bytes(8, "little"))
    want = swap.simulate(net, 10**9, buy=False)
    assert (sell["tao_amount"], sell["alpha_amount"], sell["alpha_fee"]) == (want.paid_out, want.paid_in, want.fee)
    zero = api_call(node, "SwapRuntimeApi_sim_swap_tao_for_alpha", b"\x63\x00" + (10**9).to_bytes(8, "little"))
    assert set(zero.values()) == {0}  # no such subnet: the chain answers all zeros
