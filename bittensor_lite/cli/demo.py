"""``bittensor-lite demo``: a mock subnet end to end in a few seconds (see :mod:`bittensor_lite.demo`)."""

from __future__ import annotations

import argparse


def add_demo_command(sub: argparse._SubParsersAction) -> None:
    """Register ``demo`` on the top-level parser."""
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
    demo.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from bittensor_lite.demo import run_demo  # the simulation imports torch and matplotlib

    run_demo(miners=args.miners, epochs=args.epochs, tempo=args.tempo, seed=args.seed, out_dir=args.out)
    return 0
