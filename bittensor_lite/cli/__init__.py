"""The ``bittensor-lite`` command: btcli-like verbs over the same SDK the lessons use.

One module per verb group: :mod:`.wallet`, :mod:`.subnet` (subnets, stake, transfer, balance,
metagraph), :mod:`.chain`, :mod:`.neurons` (miner, validator, faucet), :mod:`.leaderboard`,
:mod:`.demo`; the flags and helpers they share live in :mod:`.common`. Parsing stays import-light
(no torch) so ``bittensor-lite --help`` answers instantly; each verb imports what it needs when it
runs. Every user error is one line on stderr and exit code 1; read verbs take ``--json``.
"""

from __future__ import annotations

from collections.abc import Sequence

from bittensor_lite import __version__
from bittensor_lite.cli.common import Parser, run_parser

__all__ = ["build_parser", "main"]


def build_parser() -> Parser:
    """The whole ``bittensor-lite`` parser, every verb group on it."""
    # Imported here, not at the top: `python -m bittensor_lite.chain` imports bittensor_lite.cli.chain,
    # hence this package, and must load only the chain verbs.
    from bittensor_lite.cli import chain, demo, leaderboard, neurons, subnet, wallet

    parser = Parser(
        prog="bittensor-lite",
        description=(
            "Learn Bittensor by running it: a mock subnet in-process, a local chain, "
            "wallets, miners and validators with btcli-like commands. Read verbs take --json."
        ),
    )
    parser.add_argument("--version", action="version", version=f"bittensor-lite {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo.add_demo_command(sub)
    wallet.add_wallet_commands(sub)
    chain.add_chain_commands(sub)
    subnet.add_subnet_commands(sub)
    neurons.add_neuron_commands(sub)
    leaderboard.add_leaderboard_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``bittensor-lite`` console script."""
    return run_parser(build_parser(), argv)
