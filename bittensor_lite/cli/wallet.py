"""``bittensor-lite wallet …``: create, list, show and regenerate wallets (btcli's files)."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from bittensor_lite.cli.common import json_option, print_json, print_table, wallet_options
from bittensor_lite.cli.subnet import add_balance_options
from bittensor_lite.wallet import DEFAULT_PATH, Wallet


def add_wallet_commands(sub: argparse._SubParsersAction) -> None:
    """Register the ``wallet`` verbs on the top-level parser."""
    wallet = sub.add_parser("wallet", help="create, list, show and regenerate wallets (btcli's file layout)")
    verbs = wallet.add_subparsers(dest="verb", metavar="VERB", required=True)

    create = verbs.add_parser("create", help="make a new coldkey (encrypted) and hotkey; shows the mnemonics once")
    wallet_options(create, dev=False)
    create.add_argument("--words", type=int, default=12, choices=[12, 15, 18, 21, 24])
    create.add_argument("--overwrite", action="store_true", help="replace existing key files")
    create.set_defaults(handler=create_wallet)

    show = verbs.add_parser("show", help="print a wallet's public addresses")
    wallet_options(show, dev=False)
    json_option(show)
    show.set_defaults(handler=show_wallet)

    unlock = verbs.add_parser("unlock", help="check that your password opens the coldkey")
    wallet_options(unlock, dev=False)
    unlock.set_defaults(handler=unlock_wallet)

    lst = verbs.add_parser("list", help="list the wallets in a folder")
    lst.add_argument("--path", "--wallet.path", dest="path", default=DEFAULT_PATH, help=f"wallets folder ({DEFAULT_PATH})")
    json_option(lst)
    lst.set_defaults(handler=list_wallets)

    add_balance_options(verbs.add_parser("balance", help="the wallet's free balance and stake on a chain"))

    regen = verbs.add_parser("regen", help="rebuild a coldkey and/or hotkey from their mnemonics")
    wallet_options(regen, dev=False)
    regen.add_argument("--coldkey", action="store_true", help="regenerate the coldkey (mnemonic prompted)")
    regen.add_argument("--hotkey-only", action="store_true", help="regenerate only the hotkey (mnemonic prompted)")
    regen.add_argument("--overwrite", action="store_true", help="replace existing key files")
    regen.set_defaults(handler=regen_wallet)


def _wallet(args: argparse.Namespace) -> Wallet:
    return Wallet(args.name, args.hotkey, path=args.path)


def create_wallet(args: argparse.Namespace) -> int:
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


def show_wallet(args: argparse.Namespace) -> int:
    w = _wallet(args)
    if args.json:
        print_json({"name": w.name, "path": str(w.path), "coldkey": w.coldkeypub.ss58_address,
                    "hotkey": w.hotkey_str, "hotkey_address": w.hotkey.ss58_address})
        return 0
    print(f"wallet {w.name!r}  coldkey {w.coldkeypub.ss58_address}")
    print(f"  hotkey {w.hotkey_str!r}  {w.hotkey.ss58_address}")
    return 0


def unlock_wallet(args: argparse.Namespace) -> int:
    w = _wallet(args)
    w.unlock()
    print(f"the password opens coldkey {w.coldkeypub.ss58_address}")
    return 0


def wallet_rows(root: Path) -> list[dict[str, object]]:
    """Every wallet in ``root``: its name, coldkey address (None without a coldkeypub file) and hotkey names."""
    rows: list[dict[str, object]] = []
    for name in sorted(p.name for p in root.iterdir() if p.is_dir()) if root.exists() else []:
        w = Wallet(name, path=root)
        hot_dir = root / name / "hotkeys"
        hotkeys = sorted(p.name for p in hot_dir.iterdir() if not p.name.endswith("pub.txt")) if hot_dir.exists() else []
        rows.append({"name": name, "coldkey": w.coldkeypub.ss58_address if w.coldkeypub_file.exists() else None,
                     "hotkeys": hotkeys})
    return rows


def list_wallets(args: argparse.Namespace) -> int:
    root = Path(args.path).expanduser()
    rows = wallet_rows(root)
    if args.json:
        print_json({"path": str(root), "wallets": rows})
        return 0
    print_table(f"Wallets in {root}", ("wallet", "coldkey", "hotkeys"),
                [(r["name"], r["coldkey"] or "-", ", ".join(r["hotkeys"]) or "-") for r in rows])
    if not rows:
        print("no wallets yet: bittensor-lite wallet create --name NAME")
    return 0


def regen_wallet(args: argparse.Namespace) -> int:
    w = _wallet(args)
    if not args.hotkey_only:
        w.regenerate_coldkey(getpass.getpass("Coldkey mnemonic: ").strip(), overwrite=args.overwrite)
        print(f"coldkey {w.coldkeypub.ss58_address} restored")
    if args.hotkey_only or not args.coldkey:
        w.regenerate_hotkey(getpass.getpass("Hotkey mnemonic: ").strip(), overwrite=args.overwrite)
        print(f"hotkey {w.hotkey_str!r} {w.hotkey.ss58_address} restored")
    return 0
