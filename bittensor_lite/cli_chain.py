"""``bittensor-lite subnet | stake | metagraph | balance | transfer | faucet``: btcli-like verbs on a chain.

Each verb connects to ``--network`` (default ``ws://127.0.0.1:9944``, the local chain), signs with
a wallet from btcli's folder (``--wallet.name``/``--wallet.hotkey``; the coldkey password comes
from ``BITTENSOR_LITE_PASSWORD`` or a prompt) or with a dev key (``--dev Alice``), and prints what
the chain answered — or the chain's own error name.
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable
from typing import Any

from bittensor_lite.wallet import DEFAULT_PATH

DEFAULT_NETWORK = "ws://127.0.0.1:9944"


def _network(p: argparse.ArgumentParser) -> None:
    p.add_argument("--network", "--subtensor.network", dest="network", default=DEFAULT_NETWORK,
                   help=f"local (= {DEFAULT_NETWORK}, the default) or ws://host:port")


def _wallet_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--name", "--wallet.name", dest="name", default="default", help="wallet (coldkey) name")
    p.add_argument("--hotkey", "--wallet.hotkey", dest="hotkey", default="default", help="hotkey name")
    p.add_argument("--path", "--wallet.path", dest="path", default=DEFAULT_PATH, help="wallets folder")
    p.add_argument("--dev", default=None, metavar="NAME",
                   help="sign with a throw-away dev key (//NAME, //NAME/default) instead of a wallet file")


def add_chain_verbs(sub: argparse._SubParsersAction) -> None:
    """Register the chain-facing verbs on the top-level parser."""
    subnet = sub.add_parser("subnet", help="list, create or register on subnets")
    sv = subnet.add_subparsers(dest="verb", metavar="VERB", required=True)
    lst = sv.add_parser("list", help="every subnet with its size, tempo and burn")
    _network(lst)
    lst.set_defaults(handler=_subnet_list)
    create = sv.add_parser("create", help="register a new subnet (locks TAO from the coldkey)")
    _network(create)
    _wallet_args(create)
    create.set_defaults(handler=_subnet_create)
    reg = sv.add_parser("register", help="register the wallet's hotkey on a subnet by burning TAO")
    _network(reg)
    _wallet_args(reg)
    reg.add_argument("--netuid", type=int, required=True)
    reg.set_defaults(handler=_subnet_register)
    show = sv.add_parser("show", help="a subnet's neurons (its metagraph)")
    _network(show)
    show.add_argument("--netuid", type=int, required=True)
    show.set_defaults(handler=_metagraph)
    hp = sv.add_parser("hyperparameters", help="a subnet's hyperparameters")
    _network(hp)
    hp.add_argument("--netuid", type=int, required=True)
    hp.set_defaults(handler=_subnet_hyperparameters)

    stake = sub.add_parser("stake", help="add or remove stake on the wallet's hotkey")
    stv = stake.add_subparsers(dest="verb", metavar="VERB", required=True)
    for verb, fn in (("add", _stake_add), ("remove", _stake_remove)):
        p = stv.add_parser(verb, help=f"{verb} stake (TAO) {'to' if verb == 'add' else 'from'} the wallet's hotkey")
        _network(p)
        _wallet_args(p)
        p.add_argument("--amount", type=float, required=True, help="TAO")
        p.set_defaults(handler=fn)

    mg = sub.add_parser("metagraph", help="print a subnet's metagraph")
    _network(mg)
    mg.add_argument("--netuid", type=int, required=True)
    mg.set_defaults(handler=_metagraph)

    bal = sub.add_parser("balance", help="free balance and stake of a wallet or address")
    _network(bal)
    _wallet_args(bal)
    bal.add_argument("--address", default=None, help="an ss58 address instead of a wallet")
    bal.set_defaults(handler=_balance)

    tr = sub.add_parser("transfer", help="send TAO from the wallet's coldkey")
    _network(tr)
    _wallet_args(tr)
    tr.add_argument("--dest", required=True, help="ss58 address")
    tr.add_argument("--amount", type=float, required=True, help="TAO")
    tr.set_defaults(handler=_transfer)


def _connect(args: argparse.Namespace) -> Any:
    import bittensor_lite as bl
    from bittensor_lite.errors import BittensorLiteError

    network = {"local": DEFAULT_NETWORK}.get(args.network, args.network)
    if network == "mock":
        raise BittensorLiteError("the mock network lives inside one Python process and forgets everything when a "
                                 "command ends: use it from Python (bl.connect('mock')) or `bittensor-lite demo`; "
                                 "for commands, start the local chain (`bittensor-lite chain start`)")
    return bl.connect(network)


def _signer(args: argparse.Namespace) -> Any:
    if args.dev:
        from bittensor_lite.dev_wallets import dev_wallet

        return dev_wallet(args.dev)
    from bittensor_lite.wallet import Wallet

    w = Wallet(args.name, args.hotkey, path=args.path)
    if not w.exists():
        from bittensor_lite.errors import BittensorLiteError

        raise BittensorLiteError(f"no wallet {args.name!r} (hotkey {args.hotkey!r}) in {args.path}: "
                                 "create one with `bittensor-lite wallet create`, or sign with --dev NAME")
    return w


def _on_chain(verb: Callable[[argparse.Namespace, Any], None]) -> Callable[[argparse.Namespace], int]:
    """A verb that talks to ``--network``: connect, run it with the Subtensor, always close."""

    @functools.wraps(verb)
    def run(args: argparse.Namespace) -> int:
        sub = _connect(args)
        try:
            verb(args, sub)
        finally:
            sub.close()
        return 0

    return run


@_on_chain
def _subnet_list(args: argparse.Namespace, sub: Any) -> None:
    print(f"{'NETUID':>6}  {'N':>5}  {'MAX':>5}  {'TEMPO':>5}  {'BURN':>14}")
    for netuid in sub.get_all_subnets_netuid():
        hp = sub.get_subnet_hyperparameters(netuid)
        n = sub.subnetwork_n(netuid)
        from bittensor_lite.balance import Balance

        print(f"{netuid:>6}  {n:>5}  {hp['max_allowed_uids']:>5}  {hp['tempo']:>5}  {str(Balance.from_rao(hp['burn'])):>14}")


@_on_chain
def _subnet_create(args: argparse.Namespace, sub: Any) -> None:
    netuid = sub.register_network(_signer(args))
    print(f"created subnet {netuid} (block {sub.block})")


@_on_chain
def _subnet_register(args: argparse.Namespace, sub: Any) -> None:
    w = _signer(args)
    cost = sub.recycle(args.netuid)
    uid = sub.burned_register(w, args.netuid)
    print(f"registered hotkey {w.hotkey.ss58_address} on subnet {args.netuid} as UID {uid} (burned {cost})")


@_on_chain
def _subnet_hyperparameters(args: argparse.Namespace, sub: Any) -> None:
    for name, value in sub.get_subnet_hyperparameters(args.netuid).items():
        print(f"{name:28s} {value}")


@_on_chain
def _stake_add(args: argparse.Namespace, sub: Any) -> None:
    w = _signer(args)
    total = sub.add_stake(w, args.amount)
    print(f"staked {args.amount} τ on {w.hotkey.ss58_address}; your stake there is now {total}")


@_on_chain
def _stake_remove(args: argparse.Namespace, sub: Any) -> None:
    w = _signer(args)
    left = sub.remove_stake(w, args.amount)
    print(f"unstaked {args.amount} τ from {w.hotkey.ss58_address}; {left} left there")


@_on_chain
def _metagraph(args: argparse.Namespace, sub: Any) -> None:
    print(sub.metagraph(args.netuid))


@_on_chain
def _balance(args: argparse.Namespace, sub: Any) -> None:
    if args.address:
        print(f"{args.address}: free {sub.get_balance(args.address)}")
    else:
        w = _signer(args)
        cold, hot = w.coldkeypub.ss58_address, w.hotkey.ss58_address
        print(f"coldkey {cold}: free {sub.get_balance(cold)}")
        print(f"hotkey  {hot}: stake from this coldkey {sub.get_stake(hot, cold)}")


@_on_chain
def _transfer(args: argparse.Namespace, sub: Any) -> None:
    left = sub.transfer(_signer(args), args.dest, args.amount)
    print(f"sent {args.amount} τ to {args.dest}; {left} left")
