"""`bittensor-lite wallet …` as a user runs it: subprocesses, password from the environment."""

import os
import subprocess
import sys


def run(*args, password="cli test password", home=None):
    env = {**os.environ, "BITTENSOR_LITE_PASSWORD": password}
    return subprocess.run([sys.executable, "-m", "bittensor_lite.cli", "wallet", *args],
                          capture_output=True, text=True, timeout=120, env=env)


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
