"""The README's Python examples run as written."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # the README's local-chain example starts a chain process

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_python_blocks_run(capsys):
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) >= 3
    namespace: dict = {}
    for code in blocks:
        exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    out = capsys.readouterr().out
    assert "τ1.500000000" in out and "Metagraph(netuid=1" in out
    assert "HotKeyAccountNotExists" in out  # the local chain example ran against a real node process
    assert float(namespace["sub"].metagraph(namespace["netuid"]).I[1]) > 0.99  # Bob, the only miner
