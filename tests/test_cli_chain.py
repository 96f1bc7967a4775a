"""The chain-facing CLI end to end: a local chain process and `bittensor-lite` commands in subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from bittensor_lite.chain.process import start_local_chain
from bittensor_lite.cli import main
from bittensor_lite.dev_wallets import dev_wallet

ALICE = dev_wallet("Alice").coldkey.ss58_address



@pytest.fixture(scope="module")
def chain(tmp_path_factory, free_port):
    c = start_local_chain(port=free_port(), state_dir=str(tmp_path_factory.mktemp("chain")))
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


def cli_json(chain, *args):
    cmd = [sys.executable, "-m", "bittensor_lite.cli", *args, "--json", "--network", chain.url]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    return json.loads(out.stdout)


# -- user errors: one line, exit 1, checked before any network is reached ------------------------

NOWHERE = "ws://127.0.0.1:1"  # nothing listens there: a verb that connected would fail differently


@pytest.mark.parametrize("amount", ["nan", "inf", "-inf", "-1", "0", "abc", "1e-10", "0.0000000001"])
def test_a_bad_amount_is_one_line_before_connecting(amount, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["transfer", "--dev", "Alice", "--dest", ALICE, f"--amount={amount}", "--network", NOWHERE])
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error:") and "--amount" in err, err
    assert "cannot reach" not in err


@pytest.mark.parametrize("verb", [["transfer", "--amount", "1", "--dest"], ["balance", "--address"],
                                  ["faucet", "--address"]])
@pytest.mark.parametrize("address", ["5Gx", "not an address", ALICE[:-1] + ("A" if ALICE[-1] != "A" else "B"),
                                     "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5"])  # the last: Polkadot's format 0
def test_a_bad_address_is_one_line_before_connecting(verb, address, capsys):
    with pytest.raises(SystemExit) as exc:
        main([*verb, address, "--dev", "Alice", "--network", NOWHERE])
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ss58" in err and "cannot reach" not in err, err


def test_amounts_are_exact_rao():
    from bittensor_lite.cli.common import parse_amount

    assert parse_amount("1.5").rao == 1_500_000_000
    assert parse_amount("0.000000001").rao == 1
    assert parse_amount("1e3").rao == 1000 * 10**9


@pytest.mark.slow
def test_a_bad_amount_in_a_real_process_has_no_traceback():
    for amount in ("nan", "inf", "-1", "abc"):
        out = subprocess.run([sys.executable, "-m", "bittensor_lite.cli", "transfer", "--dev", "Alice", "--dest", ALICE,
                              "--amount", amount, "--network", NOWHERE], capture_output=True, text=True, timeout=60)
        assert out.returncode == 1 and len(out.stderr.splitlines()) == 1, (amount, out.stderr)
        assert "Traceback" not in out.stderr and out.stdout == ""
    bad = subprocess.run([sys.executable, "-m", "bittensor_lite.cli", "transfer", "--dev", "Alice", "--dest", "5Gx",
                          "--amount", "1", "--network", NOWHERE], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and len(bad.stderr.splitlines()) == 1 and "--dest" in bad.stderr


@pytest.mark.slow
def test_python_m_chain_builds_only_the_chain_verbs():
    probe = (
        "import runpy, sys\n"
        "sys.argv = ['bittensor_lite.chain', 'start', '--help']\n"
        "try:\n    runpy.run_module('bittensor_lite.chain', run_name='__main__')\n"
        "except SystemExit as exc:\n    assert exc.code == 0, exc.code\n"
        "mods = ('bittensor_lite.cli.wallet', 'bittensor_lite.cli.neurons', 'bittensor_lite.cli.subnet', 'torch')\n"
        "print('LOADED:', ' '.join(m for m in mods if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "--block-time" in out.stdout  # the chain verbs were built
    assert out.stdout.rsplit("LOADED:", 1)[1].split() == []
    # …while the whole CLI does load them
    whole = subprocess.run([sys.executable, "-c", "import sys; from bittensor_lite.cli import build_parser; build_parser(); "
                            "print('bittensor_lite.cli.wallet' in sys.modules, 'bittensor_lite.cli.neurons' in sys.modules)"],
                           capture_output=True, text=True, timeout=60)
    assert whole.stdout.split() == ["True", "True"], whole.stderr


# -- against a local chain ------------------------------------------------------------------------

@pytest.mark.slow
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
    staked = cli(chain, "stake", "add", "--amount", "5", *mine, env=env)  # 5 TAO buys subnet 1's alpha (a pool)
    assert "on subnet 1: bought α" in staked and "your stake there is now α" in staked
    # the chain's own error name reaches the learner, and nothing is lost
    failed = cli(chain, "stake", "add", "--amount", "500", *mine, env=env, ok=False)
    assert "NotEnoughBalanceToStake" in failed and "Traceback" not in failed
    wrong = cli(chain, "stake", "add", "--amount", "1", *mine, env={"BITTENSOR_LITE_PASSWORD": "wrong"}, ok=False)
    assert "password" in wrong.lower() and "Traceback" not in wrong and len(wrong.strip().splitlines()) == 1
    alpha = staked.rsplit("now α", 1)[1].split()[0]
    assert f"stake from this coldkey α{alpha} on subnet 1" in cli(chain, "wallet", "balance", *mine, env=env)
    table = cli(chain, "metagraph", "--netuid", "1")
    assert "Metagraph(netuid=1, n=1" in table and alpha in table and "STAKE(α)" in table
    listing = cli(chain, "subnet", "list")
    assert "Subnets" in listing and any([c.strip() for c in line.split("│")[1:3]] == ["1", "1"] for line in listing.splitlines()), listing
    assert "tempo" in cli(chain, "subnet", "hyperparameters", "--netuid", "1")
    assert "Metagraph(netuid=1, n=1" in cli(chain, "subnet", "show", "--netuid", "1")
    gone = cli(chain, "metagraph", "--netuid", "7", ok=False)
    assert "SubnetNotExists" in gone and len(gone.strip().splitlines()) == 1

    # --json: the same facts, machine-readable; balances as exact rao plus a TAO string
    subnets = cli_json(chain, "subnet", "list")["subnets"]
    one = next(s for s in subnets if s["netuid"] == 1)
    assert one["n"] == 1 and one["tempo"] > 0 and one["burn"]["rao"] > 0
    assert one["burn"]["tao"] == f"{one['burn']['rao'] // 10**9}.{one['burn']['rao'] % 10**9:09d}"
    mg = cli_json(chain, "metagraph", "--netuid", "1")
    assert mg["netuid"] == 1 and mg["n"] == 1 and mg["block"] > 0
    me = mg["neurons"][0]
    assert me["uid"] == 0 and me["coldkey"] == coldkey and me["stake"]["alpha"] == alpha and me["stake"]["rao"] > 0
    assert set(me) >= {"hotkey", "incentive", "dividends", "trust", "consensus", "emission", "validator_permit", "axon"}
    assert cli_json(chain, "subnet", "show", "--netuid", "1") == mg  # no block was made in between
    hp = cli_json(chain, "subnet", "hyperparameters", "--netuid", "1")
    assert hp["netuid"] == 1 and hp["hyperparameters"]["burn"] == one["burn"]["rao"]
    bal = cli_json(chain, "balance", "--address", coldkey)
    assert bal["address"] == coldkey and 0 < bal["free"]["rao"] < 20 * 10**9
    wbal = cli_json(chain, "wallet", "balance", *mine)
    assert wbal["stake"] == [{"netuid": 1, **me["stake"]}] and wbal["hotkey"] == me["hotkey"]
    board = cli_json(chain, "leaderboard", "--netuid", "1")
    assert board["netuid"] == 1 and [r["hotkey"] for r in board["rows"]] == [me["hotkey"]]


@pytest.mark.slow
def test_an_unreachable_network_is_a_clear_error(free_port):
    out = subprocess.run([sys.executable, "-m", "bittensor_lite.cli", "subnet", "list", "--network",
                          f"ws://127.0.0.1:{free_port()}"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and "cannot reach a Substrate node" in out.stderr and "Traceback" not in out.stderr
    assert len(out.stderr.splitlines()) == 1
