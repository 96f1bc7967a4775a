"""Shared fixtures."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL_SDK = "bittensor==11.3.0"


@pytest.fixture(scope="session")
def real_python():
    """A Python that has the real bittensor SDK (>= 11) installed."""
    override = os.environ.get("BITTENSOR_LITE_REAL_SDK_PYTHON")
    if override:
        return override
    venv = ROOT / ".venv-real-sdk"
    py = venv / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", REAL_SDK], check=True, timeout=600)
    ver = subprocess.run([str(py), "-c", "import bittensor; print(bittensor.__version__)"],
                         check=True, capture_output=True, text=True).stdout.strip()
    assert int(ver.split(".")[0]) >= 11, ver
    return str(py)


