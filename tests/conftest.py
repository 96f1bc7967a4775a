"""Shared fixtures, and what the fast lane (``-m "not slow"``) leaves out."""

import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bittensor_lite.learn.graduation import REAL_SDK_PIN as REAL_SDK  # one home for the pin

CLASSIC_SDK = ("bittensor==10.5.0", "bittensor-cli==9.23.2")  # the classic SDK and btcli the interop tests run

ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(items):
    """The fast lane (``-m "not slow"``) also leaves out what always takes seconds: a lesson
    notebook, a real browser, the real SDK's venv."""
    for item in items:
        slow = (item.get_closest_marker("notebook") or item.get_closest_marker("browser")
                or "real_python" in getattr(item, "fixturenames", ()))
        if slow:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _one_torch_thread():
    # The tests' models are tiny: one thread is as fast, and torch's thread pool stalls when the
    # machine is busy (on 2 busy cores a 0.4 s training test took 30 s). Child processes
    # (notebook kernels, the CLI) keep torch's default.
    torch = sys.modules.get("torch")
    if torch is not None and torch.get_num_threads() != 1:
        torch.set_num_threads(1)


def _unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def free_port() -> Callable[[], int]:
    """Call it for a TCP port on 127.0.0.1 that nothing listens on right now (once per server)."""
    return _unused_port


def sdk_venv(folder: str, pins: tuple[str, ...], override_env: str) -> str:
    """The Python of a venv of its own (``ROOT/folder``) with ``pins`` installed, made on first use;
    ``$override_env`` names an existing one instead. Real clients never share our dependencies."""
    override = os.environ.get(override_env)
    if override:
        return override
    py = ROOT / folder / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(ROOT / folder)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", *pins], check=True, timeout=900)
    return str(py)


@pytest.fixture(scope="session")
def real_python():
    """A Python that has the real bittensor SDK (>= 11) installed."""
    py = sdk_venv(".venv-real-sdk", (REAL_SDK,), "BITTENSOR_LITE_REAL_SDK_PYTHON")
    ver = subprocess.run([py, "-c", "import bittensor; print(bittensor.__version__)"],
                         check=True, capture_output=True, text=True).stdout.strip()
    assert int(ver.split(".")[0]) >= 11, ver
    return py


@pytest.fixture(scope="session")
def classic_python() -> str:
    """A Python with the classic SDK, bittensor 10.5.0, and bittensor-cli 9.23.2."""
    return sdk_venv(".venv-classic-sdk", CLASSIC_SDK, "BITTENSOR_LITE_CLASSIC_SDK_PYTHON")


@pytest.fixture(scope="module")
def server():
    """A local chain for one test module (a module may define its own, e.g. with a ready subnet)."""
    from bittensor_lite.chain.server import ChainServer

    srv = ChainServer().start()
    yield srv
    srv.stop()


@pytest.fixture()
def si(server):
    """A substrate-interface client of the module's ``server`` fixture (a local chain)."""
    from substrateinterface import SubstrateInterface

    client = SubstrateInterface(url=server.url)
    yield client
    client.close()
