"""`bittensor-lite demo` runs end to end and leaves a plot behind."""

import subprocess
import sys

import pytest


@pytest.mark.slow
def test_demo_prints_a_metagraph_and_saves_a_plot(tmp_path):
    res = subprocess.run(
        [sys.executable, "-m", "bittensor_lite.cli", "demo", "--miners", "3", "--epochs", "2", "--tempo", "4", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    assert "Metagraph(netuid=" in res.stdout and "INCENTIVE" in res.stdout
    png = tmp_path / "demo_incentive.png"
    assert png.exists() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
def test_demo_rejects_nonsense_with_one_line(tmp_path):
    res = subprocess.run(
        [sys.executable, "-m", "bittensor_lite.cli", "demo", "--miners", "0", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 1
    assert res.stderr.startswith("error:") and "Traceback" not in res.stderr and len(res.stderr.splitlines()) == 1
