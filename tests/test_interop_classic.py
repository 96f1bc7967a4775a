"""The classic SDK, bittensor 10.5.0 (its ``Subtensor``, ``metagraph``, Axon and Dendrite), and the classic
``btcli`` (bittensor-cli 9.23.2) drive our local chain unchanged.

Both run in their own venv (``.venv-classic-sdk``, ``classic_python`` in conftest), created on first use,
so their dependencies never mix with ours or with SDK 11's. Each write is read back from our runtime.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from bittensor_lite.chain.execution import BASE_FEE
from bittensor_lite.chain.server import ChainServer

pytestmark = pytest.mark.slow  # a venv with the classic SDK, and its processes

HERE = Path(__file__).resolve().parent / "interop"
TAO = 10**9


def _ready(srv: ChainServer, tempo: int = 10) -> int:
    rt = srv.node.runtime
    netuid = max(rt.state.subnets)
    for name, value in (("tempo", tempo), ("weights_rate_limit", 1)):  # the owner's knobs, short for a test
        rt.sudo_set_hyperparameter(rt.sudo, netuid, name, value)
    return netuid


def test_the_classic_sdk_registers_serves_stakes_queries_and_sets_weights(classic_python, tmp_path, free_port):
    with ChainServer(ready_subnet=True) as srv:
        rt, node = srv.node.runtime, srv.node
        netuid, port = _ready(srv), free_port()
        proc = subprocess.Popen([classic_python, str(HERE / "classic_flows.py"), srv.url, str(tmp_path / "wallets"),
                                 str(netuid), str(port)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, cwd=tmp_path, env={**os.environ, "HOME": str(tmp_path)})
        steps: dict[str, list[dict]] = {}
        try:
            for line in proc.stdout:
                step = json.loads(line)
                steps.setdefault(step["step"], []).append(step)
                assert step.get("success", True), step
                if step["step"] == "add_stake":
                    node.produce_blocks(rt.hyperparameters(netuid)["tempo"] + 2)  # an epoch: validator permits
                    proc.stdin.write("go\n")
                    proc.stdin.flush()
            assert proc.wait(timeout=60) == 0, proc.stderr.read()[-3000:]
        finally:
            proc.kill()
        miner_cold, val_cold = (s["to"] for s in steps["transfer"])
        assert steps["balance"][0]["miner"] == 50 * TAO  # get_balance read what the transfer moved
        (miner, _), (validator, _) = ((s["hotkey"], s["who"]) for s in steps["burned_register"])
        muid, vuid = rt.uid_of(netuid, miner), rt.uid_of(netuid, validator)
        assert muid is not None and vuid is not None
        assert rt.free_balance(miner_cold) < 50 * TAO - BASE_FEE  # the burn left the coldkey
        axon = rt.subnet_snapshot(netuid)["axons"][muid]
        assert (axon["hotkey"], axon["ip"], axon["port"]) == (miner, "127.0.0.1", port)
        assert 0 < steps["add_stake"][0]["stake"] < rt.stake_of(validator, val_cold, netuid)  # then dividends grew it
        done = steps["set_weights"][0]
        assert done["answered"] and done["status"] == 200  # classic Dendrite → classic Axon, signed
        assert rt.subnet_snapshot(netuid)["weights"][vuid] == [(muid, 65535)]
        assert done["hotkeys"] == rt.subnet_snapshot(netuid)["hotkeys"] and done["stake"][vuid] > 0


class ClassicBtcli:
    """bittensor-cli 9.23.2 against one chain, its config and wallets under ``home``."""

    def __init__(self, classic_python: str, url: str, home: Path):
        self.exe, self.url, self.home = str(Path(classic_python).with_name("btcli")), url, home

    def __call__(self, *args: str, wallet: str | None = None) -> str:
        cmd = [self.exe, *args, "--network", self.url]
        if wallet:
            cmd += ["--wallet-name", wallet, "--wallet-hotkey", "default", "--wallet-path", str(self.home / "w")]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=240, stdin=subprocess.DEVNULL,
                             env={**os.environ, "HOME": str(self.home), "COLUMNS": "200"}, cwd=self.home)
        assert out.returncode == 0, f"btcli {' '.join(args)}: {out.stdout[-2500:]}{out.stderr[-2500:]}"
        return out.stdout


def test_the_classic_btcli_lists_registers_and_stakes_on_our_chain(classic_python, tmp_path):
    import bittensor_lite as bl

    with ChainServer(ready_subnet=True) as srv:
        rt = srv.node.runtime
        netuid = max(rt.state.subnets)
        btcli = ClassicBtcli(classic_python, srv.url, tmp_path)
        made = subprocess.run([btcli.exe, "wallet", "create", "--wallet-name", "grad", "--wallet-hotkey", "default",
                               "--wallet-path", str(tmp_path / "w"), "--no-use-password", "--n-words", "12",
                               "--quiet"], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
                              env={**os.environ, "HOME": str(tmp_path)})
        assert made.returncode == 0, "btcli wallet create failed"  # its output holds mnemonics: not echoed
        cold = json.loads((tmp_path / "w" / "grad" / "coldkeypub.txt").read_text())["ss58Address"]
        hot = json.loads((tmp_path / "w" / "grad" / "hotkeys" / "defaultpub.txt").read_text())["ss58Address"]
        sub = bl.connect(srv.url)
        sub.transfer(bl.dev_wallet("Alice"), cold, 100)
        sub.close()

        balance = json.loads(btcli("wallet", "balance", "--json-output", wallet="grad"))
        assert balance["balances"]["grad"]["free"] == 100.0 == rt.free_balance(cold) / TAO

        listed = json.loads(btcli("subnets", "list", "--json-output"))["subnets"]
        pool = rt.pool(netuid)
        assert sorted(map(int, listed)) == rt.netuids()
        assert listed[str(netuid)]["liquidity"]["tao_in"] * TAO == pool["tao_in"]
        assert listed[str(netuid)]["tempo"]["sn_tempo"] == rt.hyperparameters(netuid)["tempo"]

        btcli("subnets", "register", "--netuid", str(netuid), "--no-prompt", wallet="grad")
        assert rt.uid_of(netuid, hot) is not None

        btcli("stake", "add", "--netuid", str(netuid), "--amount", "1", "--tolerance", "0.05", "--no-prompt",
              wallet="grad")
        assert rt.stake_of(hot, cold, netuid) > 0
