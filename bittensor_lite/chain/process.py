"""Running the local chain as a background process (what lessons and ``connect("local")`` use).

The `chain start` verb that such a process runs lives in :mod:`bittensor_lite.cli.chain`.
"""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bittensor_lite.errors import BittensorLiteError


def stop_processes(procs: list, timeout: float = 15) -> None:
    """Stop a room of processes (chain, validator, miners): terminate the newest first, then wait; kill stragglers."""
    for p in reversed(procs):
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()


def chain_answers(host: str = "127.0.0.1", port: int = 9944, timeout: float = 1.0) -> bool:
    """Whether a JSON-RPC node answers ``system_name`` on http://host:port."""
    import urllib.request

    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "system_name", "params": []}).encode()
    req = urllib.request.Request(f"http://{host}:{port}/", data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - local URL we built
            return "result" in json.loads(resp.read())
    except (OSError, ValueError):
        return False


class LocalChain:
    """A ``bittensor-lite chain start`` child process; :meth:`stop` ends it cleanly."""

    def __init__(self, port: int, state_dir: str | None, block_time: float, log_path: Path, proc: subprocess.Popen):
        self.port, self.state_dir, self.block_time = port, state_dir, block_time
        self.log_path, self.proc = log_path, proc

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def running(self) -> bool:
        return self.proc.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the node to stop (SIGINT, like Ctrl-C) and wait; kill it if it does not."""
        if self.proc.poll() is not None:
            return
        import signal

        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def __repr__(self) -> str:
        state = "running" if self.running() else f"exited {self.proc.returncode}"
        return f"LocalChain({self.url}, {state}, log={str(self.log_path)!r})"


def start_local_chain(port: int = 9944, state_dir: str | None = None, block_time: float = 0.0,
                      ready_subnet: bool = False, timeout: float = 60.0) -> LocalChain:
    """Start the local chain in a child process and wait until it answers on ``port``."""
    if chain_answers(port=port):
        raise BittensorLiteError(f"something already answers on port {port}: use bl.connect('ws://127.0.0.1:{port}') "
                                 "or pick another port")
    log_dir = Path(state_dir) if state_dir else Path(os.environ.get("TMPDIR", "/tmp"))
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"bittensor-lite-chain-{port}.log"
    cmd = [sys.executable, "-m", "bittensor_lite.chain", "start", "--port", str(port), "--block-time", str(block_time)]
    if state_dir:
        cmd += ["--state", str(state_dir)]
    if ready_subnet:
        cmd.append("--ready-subnet")
    log = open(log_path, "w")  # noqa: SIM115 - the child writes to it for its whole life
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    chain = LocalChain(port, state_dir, block_time, log_path, proc)
    atexit.register(chain.stop)
    deadline = time.monotonic() + timeout
    while not chain_answers(port=port, timeout=0.5):
        if proc.poll() is not None:
            raise BittensorLiteError(f"the local chain exited ({proc.returncode}); see {log_path}:\n"
                                     + log_path.read_text()[-2000:])
        if time.monotonic() > deadline:
            chain.stop()
            raise BittensorLiteError(f"the local chain did not answer on port {port} within {timeout:.0f} s")
        time.sleep(0.1)
    return chain
