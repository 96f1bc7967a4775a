"""What every ``bittensor-lite`` verb shares: flags, the connect-run-close wrapper, parsing, output.

The CLI's promise lives here: a user error is one line on stderr (``error: …``) and exit code 1,
never a traceback. Bad flags are refused by the parser (:class:`Parser`), before any network is
reached; errors bittensor_lite raises on purpose (:class:`~bittensor_lite.errors.BittensorLiteError`,
the chain's own error names included) are caught by :func:`run_parser`. Anything else is a bug and
keeps its traceback.

``--json`` output: balances are ``{"rao": <int>, "tao": "<decimal string>"}`` (exact, no floats);
hyperparameters are the chain's stored integers, under their storage names.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, NoReturn

import bittensor_lite as bl
from bittensor_lite.balance import RAO_PER_TAO, Balance
from bittensor_lite.errors import BittensorLiteError
from bittensor_lite.scale import SS58_FORMAT, is_address
from bittensor_lite.wallet import DEFAULT_PATH

if TYPE_CHECKING:  # only names are needed to parse and to print help
    from rich.console import Console
    from rich.table import Table

    from bittensor_lite.subtensor import Subtensor

DEFAULT_NETWORK = "ws://127.0.0.1:9944"

JSON_HELP = 'print JSON instead of a table (balances as {"rao": int, "tao": "decimal string"})'

Handler = Callable[[argparse.Namespace], int]


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors keep the CLI's promise: one line on stderr, exit code 1."""

    def error(self, message: str) -> NoReturn:
        self.exit(1, f"error: {self.prog}: {message}\n")


def one_line(exc: BaseException) -> str:
    """An error's message folded onto one line."""
    return " ".join(part.strip() for part in str(exc).splitlines() if part.strip()) or type(exc).__name__


def run_parser(parser: argparse.ArgumentParser, argv: Sequence[str] | None = None) -> int:
    """Parse ``argv``, run the chosen verb's handler, turn our deliberate errors into one line."""
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    try:
        return int(handler(args) or 0)
    except BittensorLiteError as exc:  # ours on purpose (wallet password, chain errors): one line
        print(f"error: {one_line(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


# -- parsing values ---------------------------------------------------------------------------

def parse_amount(text: str) -> Balance:
    """A TAO amount from the command line: finite, above 0, at most 9 decimals (1 rao = 0.000000001 τ)."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not an amount of TAO: {text!r}") from None
    if not value.is_finite() or value <= 0:
        raise argparse.ArgumentTypeError(f"an amount must be a finite number of TAO above 0, not {text!r}")
    if (value * RAO_PER_TAO) % 1 != 0:
        raise argparse.ArgumentTypeError(f"{text!r} is finer than 1 rao: TAO has at most 9 decimals")
    return Balance.from_tao(value)


def parse_address(text: str) -> str:
    """An ss58 address of the generic Substrate format (42), as Bittensor's accounts use."""
    if not is_address(text):
        raise argparse.ArgumentTypeError(f"not an ss58 address (format {SS58_FORMAT}): {text!r}")
    return text


def parse_netuid(text: str) -> int:
    """A subnet id: an integer 0 … 65535."""
    try:
        netuid = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a netuid is a whole number, not {text!r}") from None
    if not 0 <= netuid <= 0xFFFF:
        raise argparse.ArgumentTypeError(f"a netuid is between 0 and 65535, not {netuid}")
    return netuid


# -- shared flags -------------------------------------------------------------------------------

def network_option(p: argparse.ArgumentParser) -> None:
    """``--network local|ws://host:port`` (also ``--subtensor.network``, as btcli spells it)."""
    p.add_argument("--network", "--subtensor.network", dest="network", default=DEFAULT_NETWORK,
                   help=f"local (= {DEFAULT_NETWORK}, the default) or ws://host:port")


def wallet_options(p: argparse.ArgumentParser, dev: bool = True) -> None:
    """``--wallet.name/--wallet.hotkey/--wallet.path`` (short: ``--name/--hotkey/--path``), and ``--dev NAME``."""
    p.add_argument("--name", "--wallet.name", dest="name", default="default", help="wallet (coldkey) name")
    p.add_argument("--hotkey", "--wallet.hotkey", dest="hotkey", default="default", help="hotkey name")
    p.add_argument("--path", "--wallet.path", dest="path", default=DEFAULT_PATH, help=f"wallets folder ({DEFAULT_PATH})")
    if dev:
        p.add_argument("--dev", default=None, metavar="NAME",
                       help="sign with a throw-away dev key (//NAME, //NAME/default) instead of a wallet file")


def netuid_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--netuid", type=parse_netuid, required=True, help="the subnet's id")


def amount_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--amount", type=parse_amount, required=True, help="TAO: above 0, at most 9 decimals")


def json_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help=JSON_HELP)


_OPTIONS = {"network": network_option, "wallet": wallet_options, "netuid": netuid_option, "amount": amount_option,
            "json": json_option}


def add_verb(group: argparse._SubParsersAction, name: str, help_text: str, *options: str,
             **parser_args: Any) -> argparse.ArgumentParser:
    """Add verb ``name`` to ``group`` with the shared options named (network, wallet, netuid, amount, json)."""
    p = group.add_parser(name, help=help_text, **parser_args)
    for option in options:
        _OPTIONS[option](p)
    return p


# -- connecting and signing ---------------------------------------------------------------------

def open_network(args: argparse.Namespace) -> Subtensor:
    """The Subtensor for ``--network`` (``local`` is the local chain on port 9944; mock is refused)."""
    network = {"local": DEFAULT_NETWORK}.get(args.network, args.network)
    if network == "mock":
        raise BittensorLiteError("the mock network lives inside one Python process and forgets everything when a "
                                 "command ends: use it from Python (bl.connect('mock')) or `bittensor-lite demo`; "
                                 "for commands, start the local chain (`bittensor-lite chain start`)")
    return bl.connect(network)


def signer(args: argparse.Namespace) -> Any:
    """The key that signs: a dev key (``--dev NAME``) or the wallet named by the wallet flags."""
    if getattr(args, "dev", None):
        from bittensor_lite.dev_wallets import dev_wallet

        return dev_wallet(args.dev)
    from bittensor_lite.wallet import Wallet

    w = Wallet(args.name, args.hotkey, path=args.path)
    if not w.exists():
        raise BittensorLiteError(f"no wallet {args.name!r} (hotkey {args.hotkey!r}) in {args.path}: "
                                 "create one with `bittensor-lite wallet create`, or sign with --dev NAME")
    return w


def on_chain(verb: Callable[[argparse.Namespace, Subtensor], None]) -> Handler:
    """A verb that talks to ``--network``: connect, run it with the Subtensor, always close."""

    @functools.wraps(verb)
    def run(args: argparse.Namespace) -> int:
        sub = open_network(args)
        try:
            verb(args, sub)
        finally:
            sub.close()
        return 0

    return run


# -- output -------------------------------------------------------------------------------------

def console() -> Console:
    """A rich console: the terminal's width and colours on a TTY; 160 columns, no colour otherwise."""
    from rich.console import Console  # loaded when something is printed: `--help` stays instant

    if sys.stdout.isatty():
        return Console()
    return Console(width=160, no_color=True, color_system=None, highlight=False)


def table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], right: Sequence[str] = ()) -> Table:
    """A btcli-style table; the columns named in ``right`` are right-aligned (numbers)."""
    from rich.table import Table

    t = Table(title=title)
    for col in columns:
        t.add_column(col, justify="right" if col in right else "left", no_wrap=True)
    for row in rows:
        t.add_row(*(str(c) for c in row))
    return t


def print_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], right: Sequence[str] = ()) -> None:
    console().print(table(title, columns, rows, right))


def print_json(obj: Any) -> None:
    """Machine-readable output: one JSON document on stdout."""
    print(json.dumps(obj, indent=2, ensure_ascii=False))


def balance_json(balance: Balance) -> dict[str, Any]:
    """A balance for ``--json``: exact rao, and TAO as a decimal string."""
    rao = balance.rao
    sign = "-" if rao < 0 else ""
    return {"rao": rao, "tao": f"{sign}{abs(rao) // RAO_PER_TAO}.{abs(rao) % RAO_PER_TAO:09d}"}


def alpha_json(amount: Balance) -> dict[str, Any]:
    """A subnet's alpha for ``--json``: exact units (10^-9 alpha, as the chain counts it), and alpha as a decimal string."""
    units = amount.rao
    sign = "-" if units < 0 else ""
    return {"rao": units, "alpha": f"{sign}{abs(units) // RAO_PER_TAO}.{abs(units) % RAO_PER_TAO:09d}"}


def alpha_str(amount: Balance) -> str:
    """``α4.987654321``: an amount of a subnet's alpha (a ``Balance`` prints itself in τ)."""
    return "α" + alpha_json(amount)["alpha"]


def short(address: str) -> str:
    """``5Grwv…utQY``: an address that fits a table cell."""
    return address if len(address) <= 12 else f"{address[:5]}…{address[-4:]}"
