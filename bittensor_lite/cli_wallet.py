"""``bittensor-lite wallet …``: create, list, show and regenerate wallets (btcli's files)."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from bittensor_lite.wallet import DEFAULT_PATH


def add_wallet_commands(sub: argparse._SubParsersAction) -> None:
    """Register the ``wallet`` verbs on the top-level parser."""
    wallet = sub.add_parser("wallet", help="create, list, show and regenerate wallets (btcli's file layout)")
    verbs = wallet.add_subparsers(dest="verb", metavar="VERB", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--name", "--wallet.name", dest="name", default="default", help="wallet (coldkey) name")
        p.add_argument("--hotkey", "--wallet.hotkey", dest="hotkey", default="default", help="hotkey name")
        p.add_argument("--path", "--wallet.path", dest="path", default=DEFAULT_PATH, help=f"wallets folder ({DEFAULT_PATH})")

    create = verbs.add_parser("create", help="make a new coldkey (encrypted) and hotkey; shows the mnemonics once")
    common(create)
    create.add_argument("--words", type=int, default=12, choices=[12, 15, 18, 21, 24])
    create.add_argument("--overwrite", action="store_true", help="replace existing key files")
    create.set_defaults(handler=_create)

    show = verbs.add_parser("show", help="print a wallet's public addresses")
    common(show)
    show.set_defaults(handler=_show)

    unlock = verbs.add_parser("unlock", help="check that your password opens the coldkey")
    common(unlock)
    unlock.set_defaults(handler=_unlock)

    lst = verbs.add_parser("list", help="list the wallets in a folder")
    lst.add_argument("--path", "--wallet.path", dest="path", default=DEFAULT_PATH)
    lst.set_defaults(handler=_list)

    from bittensor_lite.cli_chain import _balance, _network

    balance = verbs.add_parser("balance", help="the wallet's free balance and stake on a chain")
    common(balance)
    _network(balance)
    balance.set_defaults(handler=_balance, address=None, dev=None)

    regen = verbs.add_parser("regen", help="rebuild a coldkey and/or hotkey from their mnemonics")
    common(regen)
    regen.add_argument("--coldkey", action="store_true", help="regenerate the coldkey (mnemonic prompted)")
    regen.add_argument("--hotkey-only", action="store_true", help="regenerate only the hotkey (mnemonic prompted)")
    regen.add_argument("--overwrite", action="store_true", help="replace existing key files")
    regen.set_defaults(handler=_regen)


def _wallet(args: argparse.Namespace):
    from bittensor_lite.wallet import Wallet

    return Wallet(args.name, args.hotkey, path=args.path)


def _create(args: argparse.Namespace) -> int:
    w = _wallet(args)
    cold, hot = w.create(n_words=args.words, overwrite=args.overwrite)
    print(f"Created wallet {w.name!r} (hotkey {w.hotkey_str!r}) in {w.path}")
    print(f"  coldkey: {w.coldkeypub.ss58_address}")
    print(f"  hotkey:  {w.hotkey.ss58_address}")
    print("\nWrite these mnemonics down now, offline. They are shown only this once; anyone who has")
    print("them owns the keys. Then clear your terminal.")
    print(f"  coldkey mnemonic: {cold.reveal()}")
    print(f"  hotkey mnemonic:  {hot.reveal()}")
    return 0


def _show(args: argparse.Namespace) -> int:
    w = _wallet(args)
    print(f"wallet {w.name!r}  coldkey {w.coldkeypub.ss58_address}")
    print(f"  hotkey {w.hotkey_str!r}  {w.hotkey.ss58_address}")
    return 0


def _unlock(args: argparse.Namespace) -> int:
    w = _wallet(args)
    w.unlock()
    print(f"the password opens coldkey {w.coldkeypub.ss58_address}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from bittensor_lite.wallet import Wallet

    root = Path(args.path).expanduser()
    table = Table(title=f"Wallets in {root}")
    for col in ("wallet", "coldkey", "hotkeys"):
        table.add_column(col)
    names = sorted(p.name for p in root.iterdir() if p.is_dir()) if root.exists() else []
    for name in names:
        w = Wallet(name, path=root)
        cold = w.coldkeypub.ss58_address if w.coldkeypub_file.exists() else "-"
        hot_dir = root / name / "hotkeys"
        hotkeys = sorted(p.name for p in hot_dir.iterdir() if not p.name.endswith("pub.txt")) if hot_dir.exists() else []
        table.add_row(name, cold, ", ".join(hotkeys) or "-")
    Console().print(table)
    if not names:
        print("no wallets yet: bittensor-lite wallet create --name NAME")
    return 0


def _regen(args: argparse.Namespace) -> int:
    w = _wallet(args)
    if not args.hotkey_only:
        w.regenerate_coldkey(getpass.getpass("Coldkey mnemonic: ").strip(), overwrite=args.overwrite)
        print(f"coldkey {w.coldkeypub.ss58_address} restored")
    if args.hotkey_only or not args.coldkey:
        w.regenerate_hotkey(getpass.getpass("Hotkey mnemonic: ").strip(), overwrite=args.overwrite)
        print(f"hotkey {w.hotkey_str!r} {w.hotkey.ss58_address} restored")
    return 0
