"""``bittensor-lite chain start``: run the local chain (a Substrate-compatible node) in this process.

``python -m bittensor_lite.chain start …`` builds only this module's parser (:func:`build_parser`),
so starting a chain loads neither the wallet nor the neuron verbs.
"""

from __future__ import annotations

import argparse
import time

from bittensor_lite.chain.faucet import BUDGET, PER_CLIENT
from bittensor_lite.cli.common import Parser, parse_address


def add_start(verbs: argparse._SubParsersAction) -> None:
    """The ``start`` verb and its flags."""
    start = verbs.add_parser("start", help="start the local chain and serve JSON-RPC until Ctrl-C",
                             description="Start a local Substrate-compatible chain running the subnet runtime: "
                                         "//Alice … //Ferdie funded, //Alice is sudo.")
    start.add_argument("--host", default="127.0.0.1", help="interface to listen on (0.0.0.0 for a workshop)")
    start.add_argument("--port", type=int, default=9944, help="port (default 9944)")
    start.add_argument("--state", default=None, help="folder for the SQLite chain database (default: temporary)")
    start.add_argument("--block-time", type=float, default=0.0,
                       help="seconds between blocks; 0 = instant seal, a block per extrinsic (default 0)")
    start.add_argument("--ready-subnet", action="store_true", help="create subnet 1 (owned by //Alice) at genesis")
    start.add_argument("--sudo", type=parse_address, default=None, metavar="SS58",
                       help="the sudo key (default //Alice); for a workshop, your own coldkey's address")
    start.add_argument("--no-dev-funds", action="store_true",
                       help="start //Alice…//Ferdie with nothing (their keys are public: do this on a shared chain)")
    start.add_argument("--faucet-tao", type=float, default=0.0,
                       help="serve faucet_drip: this many TAO per request from a faucet key kept in --state")
    start.add_argument("--faucet-every", type=float, default=60.0,
                       help="the faucet's window in seconds: an address drips once per window (default 60)")
    start.add_argument("--faucet-per-client", type=int, default=PER_CLIENT,
                       help=f"drips per client machine (IP) per window, whatever the address (default {PER_CLIENT})")
    start.add_argument("--faucet-budget", type=int, default=BUDGET,
                       help=f"drips per window for everyone together (default {BUDGET})")
    start.add_argument("--open-dev-rpc", action="store_true",
                       help="serve dev_* RPCs (new blocks, balances, revert) to every client, not only this machine")
    start.set_defaults(handler=serve)


def add_chain_commands(sub: argparse._SubParsersAction) -> None:
    """``bittensor-lite chain …`` on the top-level parser."""
    chain = sub.add_parser("chain", help="run the local chain (a Substrate-compatible node in one process)")
    add_start(chain.add_subparsers(dest="chain_command", metavar="VERB"))
    chain.set_defaults(handler=lambda args: chain.print_help() or 0)


def build_parser() -> Parser:
    """The parser of ``python -m bittensor_lite.chain``: the chain verbs and nothing else."""
    parser = Parser(prog="python -m bittensor_lite.chain",
                    description="Run the local chain; the same as `bittensor-lite chain …`.")
    add_start(parser.add_subparsers(dest="chain_command", metavar="VERB"))
    return parser


def serve(args: argparse.Namespace) -> int:
    """``chain start``: run the node and its RPC server in this process until Ctrl-C."""
    import asyncio
    import signal
    import threading

    import uvicorn

    # the node executes the runtime (torch): imported when a chain starts, not to print help
    from bittensor_lite.chain.node import Node
    from bittensor_lite.chain.rpc import MAX_MESSAGE_BYTES
    from bittensor_lite.chain.server import create_app

    def log(line: str) -> None:
        print(time.strftime("%H:%M:%S"), line, flush=True)

    node = Node(args.state, block_time=args.block_time, ready_subnet=args.ready_subnet, sudo=args.sudo,
                dev_funds=not args.no_dev_funds, faucet_tao=args.faucet_tao, faucet_every=args.faucet_every, log=log)
    if node.faucet is not None:
        node.faucet.per_client, node.faucet.budget = args.faucet_per_client, args.faucet_budget
    config = uvicorn.Config(create_app(node, open_dev=args.open_dev_rpc), host=args.host, port=args.port, log_level="warning",
                            ws_max_size=MAX_MESSAGE_BYTES, ws_ping_interval=None, lifespan="off")
    server = uvicorn.Server(config)
    stop = threading.Event()

    def block_timer() -> None:
        # Blocks go on fixed slots (start + k × block time), as Aura's do: the time a block takes to
        # build does not push the next one later. A block that overran its slot takes the next free one.
        start, k = time.monotonic(), 0
        while True:
            k += 1
            now = time.monotonic()
            if now > start + k * args.block_time:  # this slot is already past: skip to the next one
                missed = int((now - start) // args.block_time) + 1 - k
                log(f"{missed} slot(s) missed: block #{node.head['number']} (building it, or this process "
                    f"waiting for a CPU) took longer than {args.block_time:g} s")
                k += missed
            if stop.wait(start + k * args.block_time - now):
                return
            node.produce_blocks(1)

    if args.block_time > 0:
        threading.Thread(target=block_timer, daemon=True).start()
    log(f"local chain listening on ws://{args.host}:{args.port} (and http POST); "
        f"{'instant seal' if args.block_time <= 0 else f'a block every {args.block_time:g} s'}; Ctrl-C stops")
    if node.faucet_key is not None:
        log(f"faucet {node.faucet_key.ss58_address}: {args.faucet_tao:g} τ per request; per "
            f"{args.faucet_every:g} s: once per address, {args.faucet_per_client} per client machine, "
            f"{args.faucet_budget} in all (faucet_drip)")
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
