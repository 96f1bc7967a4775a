"""The chain-facing CLI end to end: a local chain process and `bittensor-lite` commands in subprocesses."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from bittensor_lite.chain.process import start_local_chain


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    c = start_local_chain(port=_free_port(), state_dir=str(tmp_path_factory.mktemp("chain")))
    yield c
    c.stop()
    assert not c.running()


def cli(chain, *args, env=None, ok=True):
    cmd = [sys.executable, "-m", "bittensor_lite.cli", *args]
    if args[0] != "wallet" or args[1] == "balance":
        cmd += ["--network", chain.url]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})})
    assert (out.returncode == 0) == ok, out.stdout + out.stderr
    return out.stdout + out.stderr


def test_a_learner_goes_from_wallet_to_metagraph_with_commands(chain, tmp_path):
    env = {"BITTENSOR_LITE_PASSWORD": "a long and secret passphrase"}
    wallets = str(tmp_path / "wallets")
    created = cli(chain, "wallet", "create", "--name", "me", "--hotkey", "m1", "--path", wallets, env=env)
    coldkey = next(line.split()[-1] for line in created.splitlines() if line.strip().startswith("coldkey:"))
    assert "created subnet 1" in cli(chain, "subnet", "create", "--dev", "Alice")
    cli(chain, "transfer", "--dev", "Alice", "--dest", coldkey, "--amount", "20")
    assert "τ20.000000000" in cli(chain, "balance", "--address", coldkey)
    mine = ["--name", "me", "--hotkey", "m1", "--path", wallets]
    assert "as UID 0" in cli(chain, "subnet", "register", "--netuid", "1", *mine, env=env)
    assert "now τ5.000000000" in cli(chain, "stake", "add", "--amount", "5", *mine, env=env)
    # the chain's own error name reaches the learner, and nothing is lost
    failed = cli(chain, "stake", "add", "--amount", "500", *mine, env=env, ok=False)
    assert "NotEnoughBalanceToStake" in failed and "Traceback" not in failed
    wrong = cli(chain, "stake", "add", "--amount", "1", *mine, env={"BITTENSOR_LITE_PASSWORD": "wrong"}, ok=False)
    assert "password" in wrong.lower() and "Traceback" not in wrong
    assert "stake from this coldkey τ5.000000000" in cli(chain, "wallet", "balance", *mine, env=env)
    table = cli(chain, "metagraph", "--netuid", "1")
    assert "Metagraph(netuid=1, n=1" in table
    listing = cli(chain, "subnet", "list")
    assert listing.splitlines()[1].split()[:2] == ["1", "1"]
    assert "tempo" in cli(chain, "subnet", "hyperparameters", "--netuid", "1")
    assert "Metagraph(netuid=1, n=1" in cli(chain, "subnet", "show", "--netuid", "1")
    gone = cli(chain, "metagraph", "--netuid", "7", ok=False)
    assert "SubNetworkDoesNotExist" in gone


def test_an_unreachable_network_is_a_clear_error(chain):
    out = subprocess.run([sys.executable, "-m", "bittensor_lite.cli", "subnet", "list", "--network",
                          f"ws://127.0.0.1:{_free_port()}"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and "cannot reach a Substrate node" in out.stderr and "Traceback" not in out.stderr
