"""The ``bittensor-lite`` command: btcli-like verbs over the same SDK the lessons use.

Parsing stays import-light (no torch) so ``bittensor-lite --help`` answers instantly; each
verb imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bittensor_lite import __version__
from bittensor_lite.errors import BittensorLiteError


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bittensor-lite",
        description=(
            "Learn Bittensor by running it: a mock subnet in-process, a local chain, "
            "wallets, miners and validators with btcli-like commands."
        ),
    )
    parser.add_argument("--version", action="version", version=f"bittensor-lite {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser(
        "demo",
        help="run a short mock subnet: miners of different quality, a validator, a few epochs",
        description=(
            "Runs an in-process (mock) subnet end to end: registers a validator and miners of "
            "different quality, lets the validator score them and set weights, runs Yuma "
            "consensus for a few epochs, prints the metagraph and saves a plot."
        ),
    )
    demo.add_argument("--miners", type=int, default=5, help="number of miners (default 5)")
    demo.add_argument("--epochs", type=int, default=6, help="epochs (tempos) to run (default 6)")
    demo.add_argument("--tempo", type=int, default=10, help="blocks per epoch (default 10)")
    demo.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    demo.add_argument("--out", default="bittensor_lite_demo", help="folder for the plot (default ./bittensor_lite_demo)")
    demo.set_defaults(handler=_run_demo)

    from bittensor_lite.cli_wallet import add_wallet_commands

    add_wallet_commands(sub)
    from bittensor_lite.chain.process import add_chain_commands
    from bittensor_lite.cli_chain import add_chain_verbs
    from bittensor_lite.cli_neurons import add_neuron_verbs

    add_chain_commands(sub)
    add_chain_verbs(sub)
    add_neuron_verbs(sub)
    return parser


def _run_demo(args: argparse.Namespace) -> int:
    from bittensor_lite.demo import run_demo

    run_demo(miners=args.miners, epochs=args.epochs, tempo=args.tempo, seed=args.seed, out_dir=args.out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``bittensor-lite`` console script."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    try:
        return int(handler(args) or 0)
    except BittensorLiteError as exc:  # a clear one-line error, never a traceback
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
