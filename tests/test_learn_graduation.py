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
    HIDDEN_CALLS,
    SDK_MAP,
    check_intents,
    check_server_files,
    join_with_real_sdk,
    key_file_kind,
    online,
    read_with_real_sdk,
    sdk_table,
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


def test_check_intents_both_ways():
    right = {"burned_register": ("bt.BurnedRegister", "coldkey"), "serve_axon": ("ServeAxon", "hotkey"),
             "set_weights": ("sub.execute(bt.SetWeights(1, uids, w), wallet)", "Hotkey")}
    assert check_intents(right).ok
    assert check_intents({**right, "add_stake": ("bt.AddStake", "coldkey")}).ok
    v10 = check_intents({**right, "set_weights": ("sub.set_weights", "hotkey")})
    assert not v10.ok and "v10" in v10.message
    assert "CamelCase" in check_intents({**right, "serve_axon": ("bt.Axon", "hotkey")}).message
    paid = check_intents({**right, "burned_register": ("bt.BurnedRegister", "hotkey")})
    assert not paid.ok and "pays the burn" in paid.message
    assert not check_intents({**right, "set_weights": ("bt.SetWeights", "coldkey")}).ok
    assert not check_intents({**right, "serve_axon": "bt.ServeAxon"}).ok  # a pair is needed
    assert not check_intents({"metagraph": ("sub.subnets.metagraph", "")}).ok  # a read, not a write
    assert not check_intents({**right, "serve_axon": ("bt.ServeAxon", ...)}).attempted
    assert not check_intents(...).attempted


def test_the_exercise_table_hides_what_it_asks():
    shown = sdk_table(hide=HIDDEN_CALLS)
    full = sdk_table()
    assert len(full) - len(shown) == len(HIDDEN_CALLS)
    for call in HIDDEN_CALLS:
        assert not shown["bittensor_lite"].str.contains(f"sub.{call}(", regex=False).any()
    assert shown["bittensor_lite"].str.contains("sub.add_stake(", regex=False).any()


@pytest.mark.slow
def test_lesson_14_miner_joins_with_the_real_sdk_and_wrong_intents_change_the_outcome(real_python):
    """The learner's intent names drive the real SDK: right ones register and serve; a wrong one stops there."""
    from bittensor_lite.chain.server import ChainServer

    with ChainServer() as srv:
        sub = bl.connect(srv.url)
        netuid = sub.register_network(bl.dev_wallet("Alice"))
        right, wrong = bl.dev_wallet("grad-right"), bl.dev_wallet("grad-wrong")
        got = join_with_real_sdk(real_python, srv.url, netuid, right, "127.0.0.1", 8123,
                                 {"burned_register": "bt.BurnedRegister", "serve_axon": "ServeAxon"})
        assert got["steps"]["burned_register"]["success"] and got["steps"]["serve_axon"]["success"], got
        assert got["uid"] == sub.get_uid_for_hotkey_on_subnet(right.hotkey.ss58_address, netuid) is not None
        assert sub.metagraph(netuid).axons[got["uid"]].port == 8123
        seen = read_with_real_sdk(real_python, srv.url, netuid, right)
        assert (seen["uid"], seen["axon"]) == (got["uid"], "127.0.0.1:8123") and seen["sdk"].startswith("11.")
        bad = join_with_real_sdk(real_python, srv.url, netuid, wrong, "127.0.0.1", 8124,
                                 {"burned_register": "bt.Register", "serve_axon": "ServeAxon"})
        assert not bad["steps"]["burned_register"]["success"] and "serve_axon" not in bad["steps"]
        assert bad["uid"] is None and sub.get_uid_for_hotkey_on_subnet(wrong.hotkey.ss58_address, netuid) is None
        sub.close()


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
