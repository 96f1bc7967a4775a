"""One home per rule: what the runtime's tables declare, every transport picks up without another edit."""

from __future__ import annotations

import pytest
from substrateinterface import Keypair, SubstrateInterface

import bittensor_lite as bl
from bittensor_lite.chain.metadata import build_metadata
from bittensor_lite.chain.server import ChainServer
from bittensor_lite.errors import PALLET_ERRORS, ChainError, HyperparameterError, error_name
from bittensor_lite.runtime import calls, hyperparams
from bittensor_lite.runtime.hyperparams import Knob

TEST_KNOB = Knob("test_knob", 7, "LocalTestKnob", "u16", (250, "sudo_set_test_knob", "test_knob"),
                 (99, "TestKnobSet"), owner=True, high=100, doc="a knob only this test has")


@pytest.fixture
def extra_knob(monkeypatch):
    """The hyperparameter table with one more line: nothing else is edited."""
    monkeypatch.setattr(hyperparams, "KNOBS", (*hyperparams.KNOBS, TEST_KNOB))
    build_metadata.cache_clear()
    yield TEST_KNOB
    monkeypatch.undo()
    build_metadata.cache_clear()


def test_a_new_hyperparameter_reaches_metadata_storage_setter_and_both_backends(extra_knob):
    md = build_metadata()
    item = md.storage("SubtensorModule", "LocalTestKnob")
    assert item.value == "u16" and item.default == (7).to_bytes(2, "little")
    admin = {name: (index, [a[0] for a in args]) for index, name, args in md.pallet("AdminUtils").calls}
    assert admin["sudo_set_test_knob"] == (250, ["netuid", "test_knob"])
    assert (99, "TestKnobSet") in {(i, n) for i, n, _f in md.pallet("SubtensorModule").events}

    mock = bl.Subtensor("mock")
    netuid = mock.register_network(bl.dev_wallet("Alice"))
    assert mock.get_subnet_hyperparameters(netuid)["test_knob"] == 7
    mock.dev.sudo_set(netuid, "test_knob", 42)
    assert mock.get_subnet_hyperparameters(netuid)["test_knob"] == 42
    with pytest.raises(HyperparameterError, match="at most 100"):
        mock.dev.sudo_set(netuid, "test_knob", 101)

    with ChainServer() as srv:  # a chain in this process, so it sees the patched table
        live = bl.connect(srv.url)
        try:
            netuid = live.register_network(bl.dev_wallet("Alice"))
            assert live.get_subnet_hyperparameters(netuid)["test_knob"] == 7
            live.dev.sudo_set(netuid, "test_knob", 42)
            assert live.get_subnet_hyperparameters(netuid)["test_knob"] == 42
            si = live.substrate
            assert si.query("SubtensorModule", "LocalTestKnob", [netuid]).value == 42  # the storage view
            events = si.get_events(si.get_block_hash(live.block))
            assert ("SubtensorModule", "TestKnobSet") in {(e.value["module_id"], e.value["event_id"]) for e in events}
            live_h, mock_h = live.get_subnet_hyperparameters(netuid), mock.get_subnet_hyperparameters(1)
            live_h.pop("burn"), mock_h.pop("burn")  # the burn decays with blocks, and the two are at others
            assert live_h == mock_h
        finally:
            live.close()


def test_the_spec_version_changes_when_the_metadata_does(request):
    """The real SDK caches metadata by (genesis, spec version): a new table line must give a new spec version."""
    before = build_metadata().spec_version
    request.getfixturevalue("extra_knob")
    after = build_metadata()
    assert after.spec_version != before and after.spec_version // 10_000 == before // 10_000 == 425
    with ChainServer() as srv:
        si = SubstrateInterface(url=srv.url)
        try:
            assert si.rpc_request("state_getRuntimeVersion", [])["result"]["specVersion"] == after.spec_version
            assert si.runtime_call("Core", "version").value["spec_version"] == after.spec_version
            alice = Keypair.create_from_uri("//Alice")  # signs CheckSpecVersion with the new number: accepted
            call = si.compose_call("System", "remark", {"remark": "0x01"})
            assert si.submit_extrinsic(si.create_signed_extrinsic(call, alice), wait_for_inclusion=True).is_success
        finally:
            si.close()


def test_the_owner_may_set_owner_knobs_and_only_root_the_rest():
    rt = bl.runtime.Runtime(balances={"owner": 10**12, "sudo": 10**12}, sudo="sudo")
    netuid = rt.dispatch("register_network", "owner", hotkey="owner-hot")
    rt.sudo_set_hyperparameter("owner", netuid, "tempo", 12)  # owner knob: the AdminUtils call, signed by the owner
    assert rt.hyperparameters(netuid)["tempo"] == 12
    with pytest.raises(ChainError, match="BadOrigin"):
        rt.sudo_set_hyperparameter("owner", netuid, "max_regs_per_block", 3)  # root only
    rt.sudo_set_hyperparameter("sudo", netuid, "max_regs_per_block", 3)  # through Sudo.sudo, as root
    assert rt.hyperparameters(netuid)["max_regs_per_block"] == 3
    assert rt.state.events[-1] == ("Sudo", "Sudid", {"sudo_result": {"Ok": ()}})
    with pytest.raises(ChainError, match="RequireSudo"):
        rt.dispatch("sudo", "owner", call=("sudo_set_tempo", {"netuid": netuid, "tempo": 5}))
    error = rt.dispatch("sudo", "sudo", call=("sudo_set_tempo", {"netuid": 99, "tempo": 5}))
    assert (error.pallet, error.name) == ("AdminUtils", "SubnetDoesNotExist")  # Sudo.sudo succeeds, its inner call failed
    assert rt.state.events[-1][:2] == ("Sudo", "Sudid") and rt.state.events[-1][2]["sudo_result"]["Err"] is error


def test_every_table_is_declared_once_and_consistently():
    table = calls.call_table()
    by_index: dict[tuple[str, int], str] = {}
    for call in table.values():
        assert (call.pallet, call.index) not in by_index, f"{call.name} shares an index with {by_index}"
        by_index[(call.pallet, call.index)] = call.name
    setters = {k.setter[1] for k in hyperparams.KNOBS}
    assert setters == {c.name for c in table.values() if c.pallet == "AdminUtils"}
    names = [cls.__name__ for errors in PALLET_ERRORS.values() for cls in errors]
    assert len(names) == len(set(names))
    md = build_metadata()
    assert [name for _i, name, _a in md.pallet("SubtensorModule").calls] == [
        c.name for c in calls.pallet_calls("SubtensorModule")]
    assert list(md.pallet("SubtensorModule").errors) == [error_name(c) for c in PALLET_ERRORS["SubtensorModule"]]
