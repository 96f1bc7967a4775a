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


def _first_bash_block() -> list[str]:
    """The commands of the README's first ```bash block, comments stripped."""
    block = re.search(r"```bash\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    assert block, "the README has no bash block"
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.split("#")[0].strip()]


def test_readme_first_command_opens_the_course():
    commands = _first_bash_block()
    assert commands[0] == "bash scripts/course.sh", commands
    assert {"bash scripts/demo.sh", "bash scripts/test.sh"} <= set(commands), "the demo and the tests sit beside it"
    root = README.parent
    for command in commands:
        script = command.split()[1]
        assert (root / script).is_file(), f"the README runs {script}, which does not exist"


def _get(url: str) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, ""


def test_course_sh_serves_lesson_00_and_stops_cleanly(tmp_path, free_port):
    free_port = free_port()
    import os
    import signal
    import subprocess
    import sys
    import time

    env = {**os.environ, "BITTENSOR_LITE_SKIP_SETUP": "1", "BITTENSOR_LITE_PYTHON": sys.executable,
           "BITTENSOR_LITE_PORT": str(free_port), "BITTENSOR_LITE_NO_BROWSER": "1",
           "JUPYTER_CONFIG_DIR": str(tmp_path / "config"), "JUPYTER_DATA_DIR": str(tmp_path / "data"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    log = (tmp_path / "course.log").open("w")
    proc = subprocess.Popen(["bash", str(README.parent / "scripts" / "course.sh")], env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{free_port}"
    try:
        deadline = time.monotonic() + 120
        status = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                status, body = _get(f"{base}/api/contents/notebooks/00_start_here.ipynb")
                break
            except OSError:
                time.sleep(0.5)
        printed = (tmp_path / "course.log").read_text()
        assert status == 200, f"no lesson 00 from the server (status {status}):\n{printed}"
        assert '"name": "00_start_here.ipynb"' in body or '"name":"00_start_here.ipynb"' in body
        assert f"{base}/lab/tree/notebooks/00_start_here.ipynb" in printed, "the URL is printed for the learner"
        lab_status, page = _get(f"{base}/lab/tree/notebooks/00_start_here.ipynb")
        assert lab_status == 200 and "JupyterLab" in page, "the URL opens JupyterLab without a token prompt"
    finally:
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends
        try:
            rc = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            raise
        log.close()
    assert rc == 0, f"course.sh did not stop cleanly (exit {rc}):\n{(tmp_path / 'course.log').read_text()}"
    import socket

    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", free_port)) != 0, "the port is still served after stopping"
