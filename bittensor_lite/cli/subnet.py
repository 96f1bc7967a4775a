"""``bittensor-lite subnet | stake | transfer | balance | metagraph``: btcli-like verbs on a chain.

Each verb connects to ``--network`` (default ``ws://127.0.0.1:9944``, the local chain), signs with
a wallet from btcli's folder (``--wallet.name``/``--wallet.hotkey``; the coldkey password comes
from ``BITTENSOR_LITE_PASSWORD`` or a prompt) or with a dev key (``--dev Alice``), and prints what
the chain answered — or the chain's own error name. Read verbs take ``--json``.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from bittensor_lite.balance import Balance
from bittensor_lite.cli.common import (
    add_verb,
    alpha_json,
    alpha_str,
    amount_option,
    balance_json,
    json_option,
    netuid_option,
    network_option,
    on_chain,
    parse_address,
    parse_amount,
    parse_netuid,
    print_json,
    print_table,
    short,
    signer,
    wallet_options,
)
from bittensor_lite.errors import BittensorLiteError
from bittensor_lite.scale import U16_MAX  # trust, consensus, … are stored as fractions of this

if TYPE_CHECKING:
    from bittensor_lite.subtensor import Subtensor


def add_subnet_commands(sub: argparse._SubParsersAction) -> None:
    """Register the chain-facing verbs on the top-level parser."""
    subnet = sub.add_parser("subnet", help="list, create or register on subnets")
    sv = subnet.add_subparsers(dest="verb", metavar="VERB", required=True)
    lst = add_verb(sv, "list", "every subnet with its size, tempo and burn", "network", "json")
    lst.set_defaults(handler=subnet_list)
    create = add_verb(sv, "create", "register a new subnet (locks TAO from the coldkey)", "network", "wallet")
    create.set_defaults(handler=subnet_create)
    reg = add_verb(sv, "register", "register the wallet's hotkey on a subnet by burning TAO", "network", "wallet", "netuid")
    reg.set_defaults(handler=subnet_register)
    show = sv.add_parser("show", help="a subnet's neurons (its metagraph)")
    add_metagraph_options(show)
    hp = add_verb(sv, "hyperparameters", "a subnet's hyperparameters", "network", "netuid")
    hp.add_argument("--json", action="store_true",
                    help="print JSON: the chain's stored values under their storage names (burn in rao)")
    hp.set_defaults(handler=subnet_hyperparameters)

    stake = sub.add_parser("stake", help="add or remove stake on the wallet's hotkey, on one subnet")
    stv = stake.add_subparsers(dest="verb", metavar="VERB", required=True)
    helps = {"add": ("stake TAO on the wallet's hotkey: it buys the subnet's alpha through its pool",
                     "TAO to spend: above 0, at most 9 decimals"),
             "remove": ("unstake alpha from the wallet's hotkey: it is sold to the subnet's pool for TAO",
                        "alpha to sell: above 0, at most 9 decimals")}
    for verb, fn in (("add", stake_add), ("remove", stake_remove)):
        p = stv.add_parser(verb, help=helps[verb][0])
        network_option(p)
        wallet_options(p)
        p.add_argument("--amount", type=parse_amount, required=True, help=helps[verb][1])
        p.add_argument("--netuid", type=parse_netuid, default=None,
                       help="the subnet (stake is per subnet; 0 is root); default: the one the hotkey is registered on")
        json_option(p)
        p.set_defaults(handler=fn)

    add_metagraph_options(sub.add_parser("metagraph", help="print a subnet's metagraph"))

    bal = sub.add_parser("balance", help="free balance and stake of a wallet or address")
    add_balance_options(bal)
    bal.add_argument("--address", type=parse_address, default=None, help="an ss58 address instead of a wallet")

    tr = add_verb(sub, "transfer", "send TAO from the wallet's coldkey", "network", "wallet")
    tr.add_argument("--dest", type=parse_address, required=True, help="ss58 address")
    amount_option(tr)
    tr.set_defaults(handler=transfer)


def add_metagraph_options(p: argparse.ArgumentParser) -> None:
    network_option(p)
    netuid_option(p)
    json_option(p)
    p.set_defaults(handler=metagraph)


def add_balance_options(p: argparse.ArgumentParser) -> None:
    """``balance`` and ``wallet balance``: the wallet flags, the network, ``--json``."""
    network_option(p)
    wallet_options(p)
    json_option(p)
    p.set_defaults(handler=balance, address=None)


@on_chain
def subnet_list(args: argparse.Namespace, sub: Subtensor) -> None:
    rows = []
    for netuid in sub.get_all_subnets_netuid():
        hp = sub.get_subnet_hyperparameters(netuid)
        rows.append({"netuid": netuid, "n": sub.subnetwork_n(netuid), "max_n": hp["max_allowed_uids"],
                     "tempo": hp["tempo"], "burn": Balance.from_rao(hp["burn"])})
    if args.json:
        print_json({"subnets": [{**r, "burn": balance_json(r["burn"])} for r in rows]})
        return
    print_table("Subnets", ("NETUID", "N", "MAX_N", "TEMPO", "BURN"), [r.values() for r in rows],
                right=("NETUID", "N", "MAX_N", "TEMPO", "BURN"))


@on_chain
def subnet_create(args: argparse.Namespace, sub: Subtensor) -> None:
    netuid = sub.register_network(signer(args))
    print(f"created subnet {netuid} (block {sub.block})")


@on_chain
def subnet_register(args: argparse.Namespace, sub: Subtensor) -> None:
    w = signer(args)
    cost = sub.recycle(args.netuid)
    uid = sub.burned_register(w, args.netuid)
    print(f"registered hotkey {w.hotkey.ss58_address} on subnet {args.netuid} as UID {uid} (burned {cost})")


@on_chain
def subnet_hyperparameters(args: argparse.Namespace, sub: Subtensor) -> None:
    hp = sub.get_subnet_hyperparameters(args.netuid)
    if args.json:
        print_json({"netuid": args.netuid, "hyperparameters": hp})
        return
    print_table(f"Subnet {args.netuid} hyperparameters", ("HYPERPARAMETER", "VALUE"), hp.items(), right=("VALUE",))


def stake_netuid(sub: Subtensor, hotkey: str, netuid: int | None) -> int:
    """``--netuid``, or else the one subnet (not root) ``hotkey`` is registered on."""
    if netuid is not None:
        return netuid
    found = [n for n in sub.get_all_subnets_netuid() if n != 0 and sub.is_hotkey_registered(hotkey, n)]
    if len(found) != 1:
        where = f"on subnets {found}" if found else "on no subnet"
        raise BittensorLiteError(f"stake is per subnet and hotkey {hotkey} is registered {where}: "
                                 "say which with --netuid N (0 is root)")
    return found[0]


def _stake_change(args: argparse.Namespace, sub: Subtensor, verb: str) -> None:
    """``stake add`` (TAO in, alpha bought) and ``stake remove`` (alpha in, TAO out), on one subnet."""
    w = signer(args)
    cold, hot = w.coldkey.ss58_address, w.hotkey.ss58_address
    netuid = stake_netuid(sub, hot, args.netuid)
    before, free_before = sub.get_stake(hot, cold, netuid), sub.get_balance(cold)
    if verb == "add":
        after = sub.add_stake(w, args.amount, netuid=netuid)
    else:
        after = sub.remove_stake(w, args.amount, netuid=netuid)
    free = sub.get_balance(cold)
    if args.json:
        print_json({"netuid": netuid, "hotkey": hot, "coldkey": cold, "stake": alpha_json(after),
                    "alpha_change": alpha_json(after - before), "tao_change": balance_json(free - free_before),
                    "free": balance_json(free), "price": float(sub.subnet_pool(netuid)["price"])})
        return
    if verb == "add":
        print(f"staked {args.amount} on {hot} on subnet {netuid}: bought {alpha_str(after - before)}; "
              f"your stake there is now {alpha_str(after)}")
    else:
        print(f"unstaked {alpha_str(args.amount)} from {hot} on subnet {netuid}: sold for {free - free_before}; "
              f"{alpha_str(after)} left there")


@on_chain
def stake_add(args: argparse.Namespace, sub: Subtensor) -> None:
    _stake_change(args, sub, "add")


@on_chain
def stake_remove(args: argparse.Namespace, sub: Subtensor) -> None:
    _stake_change(args, sub, "remove")


def stakes_of(sub: Subtensor, hotkey: str, coldkey: str) -> list[tuple[int, Balance]]:
    """Every subnet where ``coldkey`` has stake on ``hotkey``, with that stake (alpha; TAO on root)."""
    found = ((n, sub.get_stake(hotkey, coldkey, n)) for n in sub.get_all_subnets_netuid())
    return [(n, s) for n, s in found if s.rao > 0]


def neuron_rows(snap: dict[str, Any]) -> list[dict[str, Any]]:
    """A subnet snapshot as one dict per neuron: what ``metagraph --json`` prints and the table shows."""
    rows = []
    for uid, hotkey in enumerate(snap["hotkeys"]):
        axon = snap["axons"][uid]
        serving = axon.get("port", 0) != 0 and axon.get("ip", "0.0.0.0") != "0.0.0.0"
        rows.append({
            "uid": uid, "hotkey": hotkey, "coldkey": snap["coldkeys"][uid],
            "stake": alpha_json(Balance.from_rao(int(snap["stake"][uid]))),
            "validator_permit": bool(snap["validator_permit"][uid]), "active": bool(snap["active"][uid]),
            **{k: round(snap[k][uid] / U16_MAX, 6) for k in ("trust", "consensus", "incentive", "dividends",
                                                              "validator_trust")},
            "emission": alpha_json(Balance.from_rao(int(snap["emission"][uid]))),
            "axon": f"{axon['ip']}:{axon['port']}" if serving else None,
        })
    return rows


@on_chain
def metagraph(args: argparse.Namespace, sub: Subtensor) -> None:
    snap = sub.subnet_snapshot(args.netuid)
    rows = neuron_rows(snap)
    if args.json:
        print_json({"netuid": args.netuid, "block": snap["block"], "n": len(rows),
                    "price": float(snap["pool"]["price"]), "neurons": rows})
        return
    # Stake is the subnet's alpha plus TaoWeight × root TAO; emission is paid in the subnet's alpha.
    cols = ("UID", "HOTKEY", "COLDKEY", "STAKE(α)", "VPERMIT", "TRUST(Tv)", "CONSENSUS", "INCENTIVE", "DIVIDENDS",
            "EMISSION(α)", "AXON")
    cells = [(r["uid"], short(r["hotkey"]), short(r["coldkey"]), r["stake"]["alpha"], "*" if r["validator_permit"] else "",
              f"{r['validator_trust']:.4f}", f"{r['consensus']:.4f}", f"{r['incentive']:.4f}", f"{r['dividends']:.4f}",
              r["emission"]["alpha"], r["axon"] or "-") for r in rows]
    print_table(f"Metagraph(netuid={args.netuid}, n={len(rows)}, block={snap['block']}, "
                f"price={float(snap['pool']['price']):.6f} τ/α)", cols, cells,
                right=("UID", "STAKE(α)", "TRUST(Tv)", "CONSENSUS", "INCENTIVE", "DIVIDENDS", "EMISSION(α)"))


@on_chain
def balance(args: argparse.Namespace, sub: Subtensor) -> None:
    if args.address:
        free = sub.get_balance(args.address)
        if args.json:
            print_json({"address": args.address, "free": balance_json(free)})
        else:
            print(f"{args.address}: free {free}")
        return
    w = signer(args)
    cold, hot = w.coldkeypub.ss58_address, w.hotkey.ss58_address
    free, stakes = sub.get_balance(cold), stakes_of(sub, hot, cold)
    if args.json:
        print_json({"address": cold, "free": balance_json(free), "hotkey": hot,
                    "stake": [{"netuid": n, **(balance_json(s) if n == 0 else alpha_json(s))} for n, s in stakes]})
        return
    print(f"coldkey {cold}: free {free}")
    if not stakes:
        print(f"hotkey  {hot}: no stake from this coldkey")
    for n, s in stakes:
        print(f"hotkey  {hot}: stake from this coldkey {s if n == 0 else alpha_str(s)} on subnet {n}")


@on_chain
def transfer(args: argparse.Namespace, sub: Subtensor) -> None:
    left = sub.transfer(signer(args), args.dest, args.amount)
    print(f"sent {args.amount} to {args.dest}; {left} left")
