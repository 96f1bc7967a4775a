"""Our Axon and Dendrite speak the real SDK's btauth/1: tested against bittensor >= 11, both ways.

The real SDK runs in its own venv (``.venv-real-sdk``, created on first use with
``pip install bittensor==11.3.0``), so its dependencies never mix with ours.
"""

import json
import subprocess
from pathlib import Path

import pytest

import bittensor_lite as bl
from bittensor_lite.axon import Axon
from bittensor_lite.dendrite import Dendrite
from bittensor_lite.metagraph import AxonInfo
from bittensor_lite.synapse import Echo

pytestmark = pytest.mark.slow  # a real-SDK venv, and its processes

HERE = Path(__file__).resolve().parent / "interop"


def echo(s: Echo) -> Echo:
    s.echoed = s.text.upper()
    return s


def test_a_real_v11_validator_queries_our_miner(real_python, free_port):
    miner = bl.dev_wallet("interop-miner")
    axon = Axon(miner, port=free_port()).attach(echo).start()
    try:
        url = f"http://127.0.0.1:{axon.port}/Echo"
        out = subprocess.run([real_python, str(HERE / "real_validator.py"), url, miner.hotkey.ss58_address,
                              "//interop-validator/default"], capture_output=True, text=True, timeout=120)
        status, _, body = out.stdout.partition("\n")
        assert status == "200", out.stdout + out.stderr
        assert json.loads(body)["echoed"] == "FROM A REAL V11 VALIDATOR"
        # and a request signed for someone else is refused by our axon
        wrong = subprocess.run([real_python, str(HERE / "real_validator.py"), url, bl.dev_wallet("x").hotkey.ss58_address,
                                "//interop-validator/default"], capture_output=True, text=True, timeout=120)
        assert wrong.stdout.startswith("403"), wrong.stdout + wrong.stderr
    finally:
        axon.stop()


def test_our_validator_queries_a_real_v11_miner(real_python, free_port):
    port = free_port()
    proc = subprocess.Popen([real_python, str(HERE / "real_miner.py"), str(port), "//interop-miner/default"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        miner_hotkey = bl.dev_wallet("interop-miner").hotkey.ss58_address
        validator = bl.dev_wallet("interop-validator")
        target = AxonInfo(ip="127.0.0.1", port=port, hotkey=miner_hotkey)
        out = Dendrite(validator).query(target, Echo(text="from bittensor_lite"), timeout=10)
        assert out.dendrite.status_code == 200, out.dendrite.status_message
        assert out.echoed == f"FROM BITTENSOR_LITE / caller {validator.hotkey.ss58_address}"
        # signed for the wrong receiver: the real SDK refuses it too
        wrong = Dendrite(validator).query(AxonInfo(ip="127.0.0.1", port=port, hotkey=validator.hotkey.ss58_address),
                                          Echo(text="x"), timeout=10)
        assert wrong.dendrite.status_code == 401
    finally:
        proc.kill()
        proc.wait()
