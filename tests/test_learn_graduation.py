"""Lesson 14: the SDK and CLI maps hold true (ours here, the real SDK's in its own venv), and the checks both ways."""

import contextlib
import importlib
import io
import itertools
import json
import socket
import subprocess

import pytest

import bittensor_lite as bl
from bittensor_lite.cli import build_parser
from bittensor_lite.learn import (
    CLI_MAP,
    SDK_MAP,
    check_sdk_names,
    check_server_files,
    check_signers,
    key_file_kind,
    online,
    stake_into_pool,
    v11_name,
    wallet_files,
    who_signs,
)

PW = "graduation test password"


def _resolve_ours(path):
    head, _, rest = path.partition(".")
    if head in ("axon", "dendrite"):
        return getattr(importlib.import_module(f"bittensor_lite.{head}"), rest)
    obj = getattr(bl, head)
    return getattr(obj, rest) if rest else obj


@pytest.mark.parametrize("row", SDK_MAP, ids=[r.task for r in SDK_MAP])
def test_every_name_of_ours_exists(row):
    obj = _resolve_ours(row.ours_name)
    assert callable(obj)
    assert row.ours_name.rsplit(".", 1)[-1] in row.ours  # the table shows the name it claims
    if row.v11_name:
        assert row.v11_name.removeprefix("sub.") in row.v11


def _verbs(words):
    """``["btcli", "stake", "add", "--netuid", "N"]`` → ``["stake", "add"]``."""
    return list(itertools.takewhile(lambda w: w[0].isalpha() and w.islower(), words[1:]))


def _help(argv):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as exc:
        build_parser().parse_args([*argv, "--help"])
    assert exc.value.code == 0, argv
    return out.getvalue()


@pytest.mark.parametrize("row", [r for r in CLI_MAP if r.ours], ids=[r.task for r in CLI_MAP if r.ours])
def test_every_command_of_ours_parses(row):
    words = row.ours.split()
    verbs = _verbs(words) if words[0] == "bittensor-lite" else ["balance"]  # else: a row about global flags
    text = _help(verbs)
    for flag in (w.split("=")[0] for w in words if w.startswith("--")):
        assert flag in text, (row.ours, flag)


def test_the_signer_column_is_what_our_subtensor_signs_with():
    seen = who_signs()
    table = {r.ours_name.removeprefix("Subtensor."): r.signer for r in SDK_MAP if r.ours_name.startswith("Subtensor.")}
    assert seen == {k: table[k] for k in seen}
    assert seen["transfer"] == "coldkey" and seen["set_weights"] == "hotkey"


REAL_SDK_PROBE = r"""
import contextlib, io, json, sys
import bittensor as bt
from bittensor.cli.main import app
rows, commands = json.loads(sys.argv[1]), json.loads(sys.argv[2])
sub = bt.Subtensor("ws://127.0.0.1:9944")  # cold: no socket is opened
out = {"missing": [], "signers": {}, "cli": {}}
for name in rows:
    obj = sub if name.startswith("sub.") else bt
    for part in name.removeprefix("sub.").split("."):
        obj = getattr(obj, part, None)
    if obj is None:
        out["missing"].append(name)
    elif hasattr(obj, "signer"):
        out["signers"][name] = obj.signer
for words in commands:
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            app([*words, "--help"], prog_name="btcli")
        out["cli"][" ".join(words)] = 0
    except SystemExit as exc:
        out["cli"][" ".join(words)] = exc.code
print(json.dumps(out))
"""


@pytest.mark.slow
def test_every_real_sdk_name_exists_in_bittensor_11(real_python):
    names = [r.v11_name for r in SDK_MAP if r.v11_name]
    commands = []
    for r in CLI_MAP:
        words = r.btcli.split()
        if words[0] == "btcli":
            commands.append(_verbs(words))
    res = subprocess.run([real_python, "-c", REAL_SDK_PROBE, json.dumps(names), json.dumps(commands)],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-3000:]
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out["missing"] == []
    for row in SDK_MAP:  # every intent's signer is the one our table (and our Subtensor) uses
        if row.v11_name in out["signers"]:
            assert out["signers"][row.v11_name] == row.signer, row.task
    assert set(out["signers"]) >= {"Transfer", "AddStake", "SetWeights", "ServeAxon", "BurnedRegister"}
    assert all(code == 0 for code in out["cli"].values()), out["cli"]
    assert len(out["cli"]) >= 14


def test_v11_name_lookup():
    assert v11_name("add_stake") == "AddStake"
    assert v11_name("metagraph") == "subnets.metagraph"
    with pytest.raises(KeyError):
        v11_name("no_such_call")


def test_check_sdk_names_both_ways():
    right = {"burned_register": "bt.BurnedRegister", "serve_axon": "sub.execute(bt.ServeAxon(1, ip, port), w)",
             "set_weights": "SetWeights", "metagraph": "sub.subnets.metagraph(netuid)"}
    assert check_sdk_names(right).ok
    assert check_sdk_names({**right, "get_balance": "sub.balances.get"}).ok
    v10 = check_sdk_names({**right, "metagraph": "sub.metagraph"})
    assert not v10.ok and "v10" in v10.message
    assert not check_sdk_names({**right, "set_weights": "bt.CommitWeights"}).ok
    assert not check_sdk_names({"no_such_call": "bt.X"}).ok
    assert not check_sdk_names({**right, "serve_axon": ...}).attempted
    assert not check_sdk_names(...).attempted


def test_check_signers_both_ways():
    right = {"transfer": "coldkey", "add_stake": "coldkey", "set_weights": "hotkey", "serve_axon": "hotkey",
             "burned_register": "coldkey"}
    assert check_signers(right).ok
    assert check_signers({k: v.upper() for k, v in right.items()}).ok
    assert not check_signers({**right, "set_weights": "coldkey"}).ok
    assert not check_signers({**right, "burned_register": "hotkey"}).ok
    assert not check_signers({"mint": "coldkey"}).ok
    assert not check_signers({**right, "transfer": ...}).attempted


@pytest.fixture(scope="module")
def wallet(tmp_path_factory):
    w = bl.Wallet("graduate", "miner", path=tmp_path_factory.mktemp("wallets"))
    cold, hot = w.create(password=PW)
    return w, cold, hot


@pytest.mark.slow
def test_wallet_files_are_private_and_the_coldkey_is_encrypted(wallet):
    w, cold, hot = wallet
    table = wallet_files(w)
    assert set(table.index) == {"coldkey", "coldkeypub.txt", "hotkeys/miner", "hotkeys/minerpub.txt"}
    assert set(table["mode"]) == {"0o600"}
    assert table.loc["coldkey", "kind"] == "encrypted secret"
    assert table.loc["hotkeys/miner", "kind"] == "plaintext secret"
    assert table.loc["coldkeypub.txt", "kind"] == "public"
    raw = w.coldkey_file.read_bytes()
    assert cold.reveal().encode() not in raw and cold.reveal().split()[0].encode() not in raw
    shown = table.to_string() + repr(cold) + repr(hot)
    assert cold.reveal() not in shown and hot.reveal() not in shown
    assert key_file_kind(w.hotkey_file) == "plaintext secret"


@pytest.mark.slow
def test_check_server_files_both_ways(wallet):
    w, _, _ = wallet
    assert check_server_files({"hotkeys/miner"}, w).ok
    assert check_server_files(["hotkeys/miner", "coldkeypub.txt", "hotkeys/minerpub.txt"], w).ok
    assert not check_server_files({"hotkeys/miner", "coldkey"}, w).ok
    assert not check_server_files({"coldkeypub.txt"}, w).ok
    assert not check_server_files({"hotkeys/miner", "wallet.json"}, w).ok
    assert not check_server_files("hotkeys/miner", w).ok
    assert not check_server_files(..., w).attempted


def test_online_is_quick_and_says_skipped(capsys, free_port):
    assert online("127.0.0.1", free_port()) is False  # nothing listens there any more
    assert "skipped" in capsys.readouterr().out
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        assert online("127.0.0.1", server.getsockname()[1]) is True


def test_stake_into_pool_slips():
    small, big = stake_into_pool(1, 1000, 10_000), stake_into_pool(500, 1000, 10_000)
    assert small == pytest.approx(10, rel=2e-3)  # at the spot price of 10 alpha per TAO
    assert big / 500 < small / 1  # a big stake gets fewer alpha per TAO
    assert (1000 + 500) * (10_000 - big) == pytest.approx(1000 * 10_000)  # the pool's product is kept
    with pytest.raises(ValueError):
        stake_into_pool(-1, 1, 1)
