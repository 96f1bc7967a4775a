"""Running the local chain as a background process (what lessons and ``connect("local")`` use)."""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bittensor_lite.errors import BittensorLiteError


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


def _serve(args: Any) -> int:
    """``bittensor-lite chain start``: run the node and its RPC server in this process until Ctrl-C."""
    import asyncio
    import signal
    import threading

    import uvicorn

    from bittensor_lite.chain.node import Node
    from bittensor_lite.chain.rpc import MAX_MESSAGE_BYTES, create_app

    def log(line: str) -> None:
        print(time.strftime("%H:%M:%S"), line, flush=True)

    node = Node(args.state, block_time=args.block_time, ready_subnet=args.ready_subnet, sudo=args.sudo,
                dev_funds=not args.no_dev_funds, faucet_tao=args.faucet_tao, faucet_every=args.faucet_every, log=log)
    config = uvicorn.Config(create_app(node, open_dev=args.open_dev_rpc), host=args.host, port=args.port, log_level="warning",
                            ws_max_size=MAX_MESSAGE_BYTES, ws_ping_interval=None, lifespan="off")
    server = uvicorn.Server(config)
    stop = threading.Event()

    def block_timer() -> None:
        while not stop.wait(args.block_time):
            node.produce_blocks(1)

    if args.block_time > 0:
        threading.Thread(target=block_timer, daemon=True).start()
    log(f"local chain listening on ws://{args.host}:{args.port} (and http POST); "
        f"{'instant seal' if args.block_time <= 0 else f'a block every {args.block_time:g} s'}; Ctrl-C stops")
    if node.faucet_key is not None:
        log(f"faucet {node.faucet_key.ss58_address}: {args.faucet_tao:g} τ per request, once per "
            f"{args.faucet_every:g} s per address (faucet_drip)")
    signal.signal(signal.SIGTERM, lambda *_: setattr(server, "should_exit", True))
    try:
        asyncio.run(server.serve())
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl-C it handled; stopping is the intent
        pass
    finally:
        stop.set()
        node.close()
        log(f"stopped at block #{node.head['number']}")
    return 0


def add_chain_commands(sub: Any) -> None:
    """``bittensor-lite chain start`` (argparse sub-commands)."""
    chain = sub.add_parser("chain", help="run the local chain (a Substrate-compatible node in one process)")
    verbs = chain.add_subparsers(dest="chain_command", metavar="VERB")
    start = verbs.add_parser("start", help="start the local chain and serve JSON-RPC until Ctrl-C",
                             description="Start a local Substrate-compatible chain running the subnet runtime: "
                                         "//Alice … //Ferdie funded, //Alice is sudo.")
    start.add_argument("--host", default="127.0.0.1", help="interface to listen on (0.0.0.0 for a workshop)")
    start.add_argument("--port", type=int, default=9944, help="port (default 9944)")
    start.add_argument("--state", default=None, help="folder for the SQLite chain database (default: temporary)")
    start.add_argument("--block-time", type=float, default=0.0,
                       help="seconds between blocks; 0 = instant seal, a block per extrinsic (default 0)")
    start.add_argument("--ready-subnet", action="store_true", help="create subnet 1 (owned by //Alice) at genesis")
    start.add_argument("--sudo", default=None, metavar="SS58",
                       help="the sudo key (default //Alice); for a workshop, your own coldkey's address")
    start.add_argument("--no-dev-funds", action="store_true",
                       help="start //Alice…//Ferdie with nothing (their keys are public: do this on a shared chain)")
    start.add_argument("--faucet-tao", type=float, default=0.0,
                       help="serve faucet_drip: this many TAO per request from a faucet key kept in --state")
    start.add_argument("--faucet-every", type=float, default=60.0,
                       help="seconds before the same address may drip again (default 60)")
    start.add_argument("--open-dev-rpc", action="store_true",
                       help="serve dev_* RPCs (new blocks, balances, revert) to every client, not only this machine")
    start.set_defaults(handler=_serve)
    chain.set_defaults(handler=lambda args: chain.print_help() or 0)
