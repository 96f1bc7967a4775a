"""The package installs, imports light, and the console script answers."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import bittensor_lite

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("torch", "transformers", "fastapi", "substrateinterface", "matplotlib", "numpy")


def _loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint('HEAVY:', ' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    return set(out.stdout.rsplit('HEAVY:', 1)[1].split())


def test_version_and_typed_marker():
    assert bittensor_lite.__version__.count(".") == 2
    assert (Path(bittensor_lite.__file__).parent / "py.typed").exists()


def test_import_is_light_and_offline():
    assert _loaded_after("import bittensor_lite") == set()
    assert _loaded_after("import bittensor_lite as bl; bl.Balance.from_tao(1)") == set()


def test_heavy_names_load_on_first_use():
    assert "torch" in _loaded_after("import bittensor_lite as bl; bl.consensus")


def test_help_does_not_import_torch():
    code = (
        "import sys\nfrom bittensor_lite import cli\n"
        "try:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass"
    )
    assert _loaded_after(code) == set()


def test_console_script_help_and_version():
    exe = shutil.which("bittensor-lite") or str(Path(sys.executable).parent / "bittensor-lite")
    assert os.path.exists(exe), "console script not installed; run scripts/setup.sh"
    out = subprocess.run([exe, "--help"], check=True, capture_output=True, text=True).stdout
    assert "demo" in out and "usage: bittensor-lite" in out
    ver = subprocess.run([exe, "--version"], check=True, capture_output=True, text=True).stdout
    assert ver.strip() == f"bittensor-lite {bittensor_lite.__version__}"


def test_unknown_attribute_is_an_attribute_error():
    import pytest

    with pytest.raises(AttributeError):
        bittensor_lite.no_such_thing  # noqa: B018


def test_ruff_is_clean():
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    res = subprocess.run([ruff, "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def test_layout_matches_the_card():
    for name in ("bittensor_lite", "notebooks", "course", "binder", "tests", "pyproject.toml", "README.md"):
        assert (ROOT / name).exists(), name


def test_every_exception_class_is_in_errors_and_on_bl():
    """One visible error tree: each SDK exception is defined in bittensor_lite.errors and reachable as bl.X."""
    import importlib
    import inspect
    import pkgutil

    import bittensor_lite as bl
    from bittensor_lite import errors

    for info in pkgutil.walk_packages(bl.__path__, "bittensor_lite."):
        if info.name == "bittensor_lite.errors" or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and issubclass(obj, Exception) and obj.__module__ == info.name:
                raise AssertionError(f"{info.name} defines exception {name}: it belongs in bittensor_lite.errors")
    assert bl.NotEnoughBalanceToStake is errors.NotEnoughBalanceToStake
    assert bl.InvalidTransaction is errors.InvalidTransaction and "WalletPasswordError" in dir(bl)


def test_chain_and_backends_never_import_each_other():
    """The local chain and the client backends meet only in the runtime's tables and bittensor_lite.scale."""
    import re

    root = Path(bittensor_lite.__file__).parent
    for here, there in (("chain", "backends"), ("backends", "chain")):
        for path in sorted((root / here).rglob("*.py")):
            found = re.findall(rf"^\s*(?:from|import)\s+bittensor_lite\.{there}\b", path.read_text(), re.M)
            assert not found, f"{path.relative_to(root)} imports bittensor_lite.{there}"
