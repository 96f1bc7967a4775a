"""The real bittensor SDK (>= 11) against our local chain: it connects, and reads what we read.

The SDK runs in its own venv (``.venv-real-sdk``, see ``real_python`` in conftest) and talks to
a :class:`~bittensor_lite.chain.server.ChainServer` over WebSocket: it fetches metadata V15
with ``state_call(Metadata_metadata_at_version, 15)``, caches it by (genesis, spec version),
then reads blocks and storage, and signs with the spec version and nonce we report.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

import bittensor_lite as bl
from bittensor_lite.chain.codec import parse_extrinsic
from bittensor_lite.chain.execution import BASE_FEE
from bittensor_lite.chain.server import ChainServer

pytestmark = pytest.mark.slow  # a real-SDK venv, and its processes

HERE = Path(__file__).resolve().parent / "interop"


def test_the_real_sdk_connects_and_reads_block_and_balances(real_python, tmp_path):
    alice, nobody = bl.dev_wallet("Alice").coldkey.ss58_address, bl.dev_wallet("interop-nobody").coldkey.ss58_address
    with ChainServer() as srv:
        srv.node.produce_blocks(3)
        env = {**os.environ, "BITTENSOR_RUNTIME_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(tmp_path)}
        out = subprocess.run([real_python, str(HERE / "real_chain_reads.py"), srv.url, alice, nobody],
                             capture_output=True, text=True, timeout=180, env=env, cwd=tmp_path)
        assert out.returncode == 0, out.stdout + out.stderr
        got = json.loads(out.stdout.strip().splitlines()[-1])
        assert got["block"] == srv.node.head["number"] == 3, got
        assert got["spec_version"] == srv.node.codec.metadata.spec_version, got
        balance = srv.node.runtime.free_balance
        assert got[alice] == balance(alice) > 0, got
        assert got[nobody] == balance(nobody) == 0, got
        # the SDK cached our V15 metadata under (genesis hash, spec version)
        cached = list((tmp_path / "cache").glob("md*.bin"))
        assert [p.name.rsplit("-", 1)[1] for p in cached] == [f"{srv.node.codec.metadata.spec_version}.bin"]


def test_the_real_sdk_signs_a_transfer_our_chain_includes(real_python, tmp_path):
    alice, bob = bl.dev_wallet("Alice").coldkey.ss58_address, bl.dev_wallet("Bob").coldkey.ss58_address
    with ChainServer() as srv:
        balance = srv.node.runtime.free_balance
        a0, b0 = balance(alice), balance(bob)
        env = {**os.environ, "BITTENSOR_RUNTIME_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(tmp_path)}
        out = subprocess.run([real_python, str(HERE / "real_transfer.py"), srv.url, "//Alice", bob, str(10**9)],
                             capture_output=True, text=True, timeout=180, env=env, cwd=tmp_path)
        assert out.returncode == 0, out.stdout + out.stderr
        got = json.loads(out.stdout.strip().splitlines()[-1])
        assert got["success"] and got["fee"] == BASE_FEE, got  # nonce, fee estimate and signature all accepted
        assert (balance(alice), balance(bob)) == (a0 - 10**9 - BASE_FEE, b0 + 10**9)


def test_the_real_sdk_reads_our_metagraph_pool_neurons_and_stake(real_python, tmp_path):
    """After a subnet, registrations, stake, weights and epochs, the real SDK's reads equal the runtime's."""
    from bittensor_lite.runtime.schedule import blocks_until_next_epoch
    from tests.test_runtime_api import info_scenario

    with ChainServer() as srv:
        sub = bl.connect(srv.url)
        netuid, val, miner, _owner = info_scenario(sub)
        sub.close()
        rt = srv.node.runtime
        snap, pool = rt.subnet_snapshot(netuid), rt.pool(netuid)
        env = {**os.environ, "BITTENSOR_RUNTIME_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(tmp_path)}
        out = subprocess.run([real_python, str(HERE / "real_metagraph.py"), srv.url, str(netuid),
                              val.coldkey.ss58_address, val.hotkey.ss58_address], capture_output=True, text=True, timeout=180, env=env,
                             cwd=tmp_path)
        assert out.returncode == 0, out.stdout + out.stderr
        got = json.loads(out.stdout.strip().splitlines()[-1])
        mg = got["metagraph_lean"]
        assert "error" not in mg, got
        assert mg["n"] == rt.subnetwork_n(netuid) == 2 and mg["block"] == srv.node.head["number"]
        assert mg["hotkeys"] == snap["hotkeys"] == [val.hotkey.ss58_address, miner.hotkey.ss58_address]
        assert mg["coldkeys"] == snap["coldkeys"]
        assert mg["alpha_stake"] == snap["alpha_stake"] and mg["alpha_stake"][0] > 0
        assert mg["tao_stake"] == snap["tao_stake"] and mg["total_stake"] == snap["stake"]
        assert mg["incentive"] == [x / 65535 for x in snap["incentive"]] and mg["incentive"][1] > 0
        assert mg["dividends"] == [x / 65535 for x in snap["dividends"]] and mg["emission"] == snap["emission"]
        assert mg["validator_permit"] == snap["validator_permit"] and mg["axons"] == [None, "127.0.0.1:8091"]
        assert (mg["tempo"], mg["symbol"], mg["owner_hotkey"]) == (5, pool["symbol"], rt.subnet_owner_hotkey(netuid))
        assert mg["last_step"] == rt.last_epoch_block(netuid)
        assert mg["price"] == pool["tao_in"] / pool["alpha_in"] and mg["moving_price"] == pool["moving_price"]
        # storage reads, the DynamicInfo runtime call, the swap's spot price
        assert got["subnet_info"] == {"tempo": 5, "burn": rt.hyperparameters(netuid)["burn"], "neuron_count": 2}
        dyn = got["dynamic_info"]
        assert (dyn["netuid"], dyn["tao_in"], dyn["alpha_in"], dyn["alpha_out"]) == (
            netuid, pool["tao_in"], pool["alpha_in"], pool["alpha_out"])
        assert dyn["moving_price_bits"] / 2**32 == pool["moving_price"]
        assert abs(got["alpha_price"] - pool["price"] * 10**9) < 2
        assert [(n["uid"], n["hotkey"], n["stake"]) for n in got["neurons_lite"]] == [
            (uid, hk, a) for uid, (hk, a) in enumerate(zip(snap["hotkeys"], snap["alpha_stake"], strict=True))]
        vhot, vcold = val.hotkey.ss58_address, val.coldkey.ss58_address
        assert got["positions"] == [
            {"netuid": n, "hotkey": vhot, "stake": rt.stake_of(vhot, vcold, n), "is_registered": n == netuid}
            for n in (0, netuid)]
        assert got["positions_batch"] == {vcold: 2} and got["stake"] == rt.stake_of(vhot, vcold, netuid)
        assert got["subnet_registration_cost"] == srv.node.runtime.state.network_lock_cost
        head = srv.node.head["number"]
        assert got["next_epoch_start_block"] == head + blocks_until_next_epoch(netuid, 5, head)
        # the default metagraph also reads Commitments.CommitmentOf and RevealedCommitments: declared with the
        # chain's layout and empty (no set_commitment here), so it equals the lean one, with no commitments
        assert got["metagraph"] == mg and mg["commitments"] == {}, got
        assert got["commitments"] == {} and got["commitment"] is None and got["revealed_commitment"] is None, got


def test_the_real_sdks_burned_register_goes_through_our_mev_shield(real_python, tmp_path):
    """SDK 11 sends burned_register only MEV-shielded: encrypted to MevShield.NextKey inside submit_encrypted."""
    from substrateinterface import Keypair

    hotkey = Keypair.create_from_uri("//interop-shielded-hotkey").ss58_address
    with ChainServer(ready_subnet=True) as srv:
        node = srv.node
        netuid = max(node.runtime.state.subnets)
        env = {**os.environ, "BITTENSOR_RUNTIME_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(tmp_path)}
        out = subprocess.run([real_python, str(HERE / "real_register.py"), srv.url, "//Alice",
                              "//interop-shielded-hotkey", str(netuid)],
                             capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
        assert out.returncode == 0, out.stdout + out.stderr
        got = json.loads(out.stdout.strip().splitlines()[-1])
        assert got["success"] and got["shielded"], got
        assert node.runtime.state.subnets[netuid].uid_of(hotkey) is not None  # the hotkey holds a UID
        # one block holds the carrier and, right after it, the decrypted inner extrinsic the SDK followed
        (block,) = [b for b in node.blocks if len(b["extrinsics"]) > 1]
        carrier, inner = (bytes.fromhex(x[2:]) for x in block["extrinsics"][1:])
        assert parse_extrinsic(node.codec, carrier).call["function"] == "submit_encrypted"
        parsed = parse_extrinsic(node.codec, inner)
        assert (parsed.call["function"], parsed.call["args"]["hotkey"]) == ("burned_register", hotkey)
        assert "0x" + parsed.hash.hex() == got["inner_extrinsic_hash"] and block["hash"] == got["block_hash"]


def _run(real_python, tmp_path, script, *args, timeout=300):
    env = {**os.environ, "BITTENSOR_RUNTIME_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(tmp_path)}
    out = subprocess.run([real_python, str(HERE / script), *map(str, args)], capture_output=True, text=True,
                         timeout=timeout, env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def _intents(real_python, tmp_path, url, cold_uri, hot_uri, *plan):
    results = _run(real_python, tmp_path, "real_intents.py", url, cold_uri, hot_uri, json.dumps(plan))
    assert all(r["success"] for r in results), results
    return results


def test_a_real_v11_miner_earns_over_two_epochs_while_a_real_v11_validator_sets_weights(real_python, tmp_path,
                                                                                         free_port):
    """The graduate's real code, unchanged: v11 intents register, serve and stake; a v11 validator scores
    a v11 ``http_auth`` miner and sets weights; our chain's epochs pay the miner in alpha."""
    from substrateinterface import Keypair

    miner_cold, miner_hot = "//Charlie", "//interop-miner"
    val_cold, val_hot = "//Bob", "//interop-validator"
    mhot, vhot = (Keypair.create_from_uri(u).ss58_address for u in (miner_hot, val_hot))
    mcold, vcold = (Keypair.create_from_uri(u).ss58_address for u in (miner_cold, val_cold))
    port = free_port()
    miner = subprocess.Popen([real_python, str(HERE / "real_miner.py"), str(port), miner_hot],
                             stdout=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        assert miner.stdout.readline().strip() == "ready"
        with ChainServer(ready_subnet=True) as srv:
            rt, node = srv.node.runtime, srv.node
            netuid = max(rt.state.subnets)
            tempo = 10
            for name, value in (("tempo", tempo), ("weights_rate_limit", 1)):  # the owner's knobs, short for a test
                rt.sudo_set_hyperparameter(rt.sudo, netuid, name, value)
            node.produce_blocks(1)

            # BurnedRegister + ServeAxon (miner), BurnedRegister + AddStake (validator): each effect read back
            got = _intents(real_python, tmp_path, srv.url, miner_cold, miner_hot,
                           ["BurnedRegister", {"netuid": netuid, "hotkey_ss58": "$HOTKEY"}],
                           ["ServeAxon", {"netuid": netuid, "ip": "127.0.0.1", "port": port}])
            assert got[0]["shielded"]
            muid = rt.uid_of(netuid, mhot)
            axon = rt.subnet_snapshot(netuid)["axons"][muid]
            assert (axon["hotkey"], axon["ip"], axon["port"]) == (mhot, "127.0.0.1", port)
            free0 = rt.free_balance(vcold)
            _intents(real_python, tmp_path, srv.url, val_cold, val_hot,
                     ["BurnedRegister", {"netuid": netuid, "hotkey_ss58": "$HOTKEY"}],
                     ["AddStake", {"netuid": netuid, "hotkey_ss58": "$HOTKEY", "amount_tao": 1.0}])
            vuid = rt.uid_of(netuid, vhot)
            assert vuid is not None and rt.stake_of(vhot, vcold, netuid) > 0
            assert rt.free_balance(vcold) < free0 - 10**9  # the burn, 1 τ staked and the fees left the coldkey

            node.produce_blocks(tempo + 1)  # an epoch hands out validator permits, by stake
            assert rt.subnet_snapshot(netuid)["validator_permit"][vuid]
            earned = [rt.stake_of(mhot, mcold, netuid)]
            for _ in range(2):  # two epochs: the validator's round, then the blocks up to the next epoch
                node.produce_blocks(1)  # past the weights rate limit
                round_ = _run(real_python, tmp_path, "real_validator_round.py", srv.url, netuid, val_cold, val_hot)
                assert round_["success"] and round_["scores"][str(muid)] == 1.0, round_
                assert rt.subnet_snapshot(netuid)["weights"][vuid] == [(muid, 65535)]
                node.produce_blocks(tempo + 1)
                earned.append(rt.stake_of(mhot, mcold, netuid))
            snap = rt.subnet_snapshot(netuid)
            assert snap["incentive"][muid] == 65535 and snap["dividends"][vuid] > 0, snap
            assert earned[0] == 0 < earned[1] < earned[2], earned  # the miner's alpha grew in each epoch
    finally:
        miner.terminate()
        miner.wait(timeout=10)
