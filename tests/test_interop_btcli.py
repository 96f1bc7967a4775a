"""The real ``btcli`` (the one shipped with bittensor 11.3.0) drives our local chain unchanged.

A graduate's first session on a chain, as btcli's own commands do it: create a wallet, read the
balance, transfer, register by burn (btcli shields it through MevShield), stake, serve an axon,
set weights, read the metagraph. Each write is checked by reading its effect back from the runtime.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

import bittensor_lite as bl
from bittensor_lite.chain.execution import BASE_FEE
from bittensor_lite.chain.server import ChainServer

pytestmark = pytest.mark.slow  # the real SDK's venv and a btcli process per command

RAO = 10**9


@pytest.fixture(scope="module")
def chain():
    with ChainServer(ready_subnet=True) as srv:
        yield srv


class Btcli:
    """Run the real btcli against one chain, with its config, caches and wallets under ``home``."""

    def __init__(self, real_python: str, url: str, home: Path):
        self.exe = str(Path(real_python).with_name("btcli"))
        self.url, self.home = url, home
        self.wallets = home / "wallets"

    def __call__(self, *args: str, wallet: bool = True, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [self.exe, *args, "-n", self.url, "--fallback-endpoints", "none", "--archive-endpoints", "none"]
        if wallet:
            cmd += ["-w", "grad", "-H", "miner", "--wallet-path", str(self.wallets)]
        env = {**os.environ, "HOME": str(self.home), "BITTENSOR_RUNTIME_CACHE_DIR": str(self.home / "cache")}
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=180, env=env, cwd=self.home,
                             stdin=subprocess.DEVNULL)
        if check:
            assert out.returncode == 0, f"btcli {' '.join(args)}: {out.stdout[-2000:]}{out.stderr[-2000:]}"
        return out

    def json(self, *args: str, **kw) -> object:
        return json.loads(self(*args, "--json", **kw).stdout)

    def tx(self, *args: str) -> dict:
        got = self.json("tx", *args, "-y")
        assert isinstance(got, dict) and got.get("success"), got
        return got


def test_btcli_runs_a_graduates_first_session_on_our_chain(real_python, chain, tmp_path):
    btcli = Btcli(real_python, chain.url, tmp_path)
    rt = chain.node.runtime
    netuid = max(rt.state.subnets)
    # a new wallet, as btcli makes it (its output holds the mnemonics: never echoed here)
    made = btcli("wallet", "create", "--no-password", "--quiet", check=False)
    assert made.returncode == 0, "btcli wallet create failed"
    cold = (btcli.wallets / "grad" / "coldkeypub.txt").read_text()
    cold = json.loads(cold)["ss58Address"]
    hot = json.loads((btcli.wallets / "grad" / "hotkeys" / "minerpub.txt").read_text())["ss58Address"]
    assert oct((btcli.wallets / "grad" / "coldkey").stat().st_mode)[-3:] == "600"

    sub = bl.connect(chain.url)
    sub.transfer(bl.dev_wallet("Alice"), cold, 100)  # the faucet's part
    sub.close()
    assert btcli.json("query", "balance", "--coldkey", cold, wallet=False) == "τ100.000000000"

    bob = bl.dev_wallet("Bob").coldkey.ss58_address
    c0, b0 = rt.free_balance(cold), rt.free_balance(bob)
    sent = btcli.tx("transfer", "--dest", bob, "--amount", "1.5")
    assert sent["fee_tao"] * RAO == BASE_FEE
    assert (rt.free_balance(cold), rt.free_balance(bob)) == (c0 - 3 * RAO // 2 - BASE_FEE, b0 + 3 * RAO // 2)

    burn = rt.hyperparameters(netuid)["burn"]
    before = rt.free_balance(cold)
    reg = btcli.tx("burned-register", "--netuid", str(netuid))
    assert reg["data"]["shielded"], reg  # encrypted to MevShield.NextKey, decrypted and run in the same block
    uid = rt.uid_of(netuid, hot)
    # two extrinsics, two fees: the submit_encrypted carrier and the decrypted burned_register inside it
    assert uid is not None and rt.free_balance(cold) == before - burn - 2 * BASE_FEE

    staked = btcli.tx("add-stake", "--netuid", str(netuid), "--amount", "1")  # a 1 τ buy moves a 100 τ pool ~2 %
    assert staked["data"]["shielded"], staked
    assert rt.stake_of(hot, cold, netuid) > 0

    btcli.tx("serve-axon", "--netuid", str(netuid), "--ip", "127.0.0.1", "--port", "8091")
    axon = rt.subnet_snapshot(netuid)["axons"][uid]
    assert (axon["hotkey"], axon["ip"], axon["port"]) == (hot, "127.0.0.1", 8091)

    # btcli checks WeightsSetRateLimit against LastUpdate (set at registration) before it signs
    chain.node.produce_blocks(rt.hyperparameters(netuid)["weights_rate_limit"] + 1)
    btcli.tx("set-weights", "--netuid", str(netuid), "--uids", str(uid), "--weights", "1.0")
    assert rt.subnet_snapshot(netuid)["weights"][uid] == [(uid, 65535)]

    mg = btcli.json("query", "metagraph", "--netuid", str(netuid), wallet=False)
    snap = rt.subnet_snapshot(netuid)
    assert mg["hotkeys"] == snap["hotkeys"] and mg["alpha_stake"] == snap["alpha_stake"]
    assert mg["axons"][uid]["port"] == 8091 and mg["block"] == chain.node.head["number"]


def test_btcli_reports_the_chains_own_error_and_changes_nothing(real_python, chain, tmp_path):
    """A stake whose price impact passes btcli's 5 % tolerance fails on chain as SlippageTooHigh."""
    btcli = Btcli(real_python, chain.url, tmp_path)
    btcli("wallet", "create", "--no-password", "--quiet")
    cold = json.loads((btcli.wallets / "grad" / "coldkeypub.txt").read_text())["ss58Address"]
    hot = json.loads((btcli.wallets / "grad" / "hotkeys" / "minerpub.txt").read_text())["ss58Address"]
    sub = bl.connect(chain.url)
    sub.transfer(bl.dev_wallet("Alice"), cold, 100)
    sub.close()
    rt = chain.node.runtime
    netuid = max(rt.state.subnets)
    btcli.tx("burned-register", "--netuid", str(netuid))
    free0, stake0 = rt.free_balance(cold), rt.stake_of(hot, cold, netuid)
    got = btcli.json("tx", "add-stake", "--netuid", str(netuid), "--amount", "20", "-y", check=False)
    assert got["success"] is False and got["error"]["name"] == "SlippageTooHigh", got
    assert rt.stake_of(hot, cold, netuid) == stake0
    assert rt.free_balance(cold) == free0 - 2 * BASE_FEE  # the carrier's and the failed call's fees, no TAO swapped
