"""`bittensor-lite wallet …` as a user runs it: subprocesses, password from the environment."""

import json
import os
import subprocess
import sys

import pytest


def run(*args, password="cli test password", home=None):
    env = {**os.environ, "BITTENSOR_LITE_PASSWORD": password}
    return subprocess.run([sys.executable, "-m", "bittensor_lite.cli", "wallet", *args],
                          capture_output=True, text=True, timeout=120, env=env)


@pytest.mark.slow
def test_create_show_list_unlock_and_errors(tmp_path):
    path = str(tmp_path)
    made = run("create", "--name", "w", "--hotkey", "m1", "--path", path)
    assert made.returncode == 0, made.stderr
    cold = next(line.split()[-1] for line in made.stdout.splitlines() if line.strip().startswith("coldkey:"))
    mnemonic = next(line.split(":", 1)[1].strip() for line in made.stdout.splitlines() if "coldkey mnemonic" in line)
    assert len(mnemonic.split()) == 12

    shown = run("show", "--name", "w", "--hotkey", "m1", "--path", path)
    assert cold in shown.stdout and mnemonic not in shown.stdout
    listed = run("list", "--path", path)
    assert "w" in listed.stdout and cold in listed.stdout and "m1" in listed.stdout

    as_json = json.loads(run("list", "--path", path, "--json").stdout)
    assert as_json == {"path": path, "wallets": [{"name": "w", "coldkey": cold, "hotkeys": ["m1"]}]}
    shown_json = json.loads(run("show", "--name", "w", "--hotkey", "m1", "--path", path, "--json").stdout)
    assert shown_json["coldkey"] == cold and shown_json["hotkey"] == "m1" and shown_json["name"] == "w"
    assert shown_json["hotkey_address"].startswith("5") and shown_json["hotkey_address"] != cold
    empty = run("list", "--path", str(tmp_path / "none"))
    assert "no wallets yet" in empty.stdout and empty.returncode == 0

    ok = run("unlock", "--name", "w", "--path", path)
    assert ok.returncode == 0 and cold in ok.stdout
    bad = run("unlock", "--name", "w", "--path", path, password="wrong password")
    assert bad.returncode == 1
    assert bad.stderr.strip().splitlines()[-1].startswith("error: wrong password")
    assert "Traceback" not in bad.stderr and "wrong password" in bad.stderr
    assert len([line for line in bad.stderr.splitlines() if line.startswith("error")]) == 1

    again = run("create", "--name", "w", "--hotkey", "m1", "--path", path)
    assert again.returncode == 1 and "--overwrite" in again.stderr and "Traceback" not in again.stderr
    for out in (shown.stdout + listed.stdout + ok.stdout + bad.stdout + bad.stderr + again.stderr,):
        assert mnemonic not in out
