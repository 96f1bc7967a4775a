"""``bittensor-lite miner run | validator run | faucet``: run neurons against a chain.

The miner and validator are :class:`~bittensor_lite.neurons.Miner` and
:class:`~bittensor_lite.neurons.Validator` on the arithmetic task ("17+25="), as long-running
processes: what a hobbyist runs at home and what a workshop runs in a room.
"""

from __future__ import annotations

import argparse
import importlib
import time
from typing import TYPE_CHECKING, Any

from bittensor_lite.cli.common import (
    add_verb,
    alpha_str,
    on_chain,
    open_network,
    parse_address,
    signer,
)
from bittensor_lite.errors import BittensorLiteError

if TYPE_CHECKING:
    from bittensor_lite.subtensor import Subtensor

BUILTIN_NAMES = ("adder", "sloppy", "guesser")  # the keys of neurons.forwards.BUILTIN_FORWARDS
LESSON_MINER = "lesson12"  # the learner's miner saved by lesson 12 (or a tiny GPT trained on the spot)


def load_forward(spec: str) -> Any:
    """A built-in forward by name, or ``package.module:function`` (your own miner's forward)."""
    if spec in BUILTIN_NAMES:
        from bittensor_lite.neurons.forwards import (
            BUILTIN_FORWARDS,  # the neurons package imports torch
        )

        return BUILTIN_FORWARDS[spec]
    if spec == LESSON_MINER:
        from bittensor_lite.learn.mining import load_miner

        miner = load_miner()
        say(f"serving {miner.origin}")
        return miner.forward
    if ":" not in spec:
        raise BittensorLiteError(f"--forward takes {', '.join((*BUILTIN_NAMES, LESSON_MINER))} or module:function, "
                                 f"not {spec!r}")
    module, _, name = spec.partition(":")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise BittensorLiteError(f"cannot load forward {spec!r}: {exc}") from None


def add_neuron_commands(sub: argparse._SubParsersAction) -> None:
    """Register the neuron verbs on the top-level parser."""
    miner = sub.add_parser("miner", help="run a miner: serve an axon on chain and answer validators")
    mv = miner.add_subparsers(dest="verb", metavar="VERB", required=True)
    run = add_verb(mv, "run", "register (optionally), serve the axon, and report incentive until Ctrl-C", "network", "wallet", "netuid")
    run.add_argument("--forward", default="adder",
                     help=f"{' | '.join(BUILTIN_NAMES)} (arithmetic) | {LESSON_MINER} (your lesson-12 GPT miner, "
                          "for a validator's next-chars task) | module:function (default adder)")
    run.add_argument("--ip", default="127.0.0.1", help="the address validators should call (default 127.0.0.1)")
    run.add_argument("--port", type=int, default=8091)
    run.add_argument("--faucet", action="store_true", help="ask the chain's faucet for TAO if the coldkey is empty")
    run.add_argument("--register", action="store_true", help="burn-register the hotkey if it has no UID")
    run.add_argument("--metrics-port", type=int, default=None, help="serve Prometheus metrics on this port")
    run.add_argument("--refresh", type=float, default=5.0, help="seconds between status lines (default 5)")
    run.add_argument("--duration", type=float, default=0.0, help="stop after this many seconds (0 = until Ctrl-C)")
    run.set_defaults(handler=miner_run)

    validator = sub.add_parser("validator", help="run a validator: query miners, score them, set weights")
    vv = validator.add_subparsers(dest="verb", metavar="VERB", required=True)
    vrun = add_verb(vv, "run", "score the subnet's miners and set weights until Ctrl-C", "network", "wallet", "netuid")
    vrun.add_argument("--rounds", type=int, default=0, help="query rounds (0 = until Ctrl-C)")
    vrun.add_argument("--interval", type=float, default=1.0, help="seconds between rounds (default 1)")
    vrun.add_argument("--weights-every", type=int, default=5, help="set weights every N rounds (default 5)")
    vrun.add_argument("--task", default="arithmetic",
                      help="what miners are asked: arithmetic (\"17+25=\", the built-in miners) or next-chars "
                           "(continue unseen Shakespeare: lesson 13's GPT miners); default arithmetic")
    vrun.add_argument("--timeout", type=float, default=5.0, help="seconds a miner may take to answer")
    vrun.add_argument("--metrics-port", type=int, default=None)
    vrun.set_defaults(handler=validator_run)

    faucet = add_verb(sub, "faucet", "ask the chain's faucet (a workshop chain) for TAO", "network", "wallet")
    faucet.add_argument("--address", type=parse_address, default=None,
                        help="an ss58 address instead of the wallet's coldkey")
    faucet.set_defaults(handler=faucet_drip)


def say(line: str) -> None:
    """A status line with the time, flushed (a long-running process's log)."""
    print(time.strftime("%H:%M:%S"), line, flush=True)


@on_chain
def faucet_drip(args: argparse.Namespace, sub: Subtensor) -> None:
    address = args.address or signer(args).coldkeypub.ss58_address
    before = sub.get_balance(address)
    sub.dev.faucet(address)
    print(f"faucet: {address} had {before}, now has {sub.get_balance(address)}")


def miner_run(args: argparse.Namespace) -> int:
    from bittensor_lite.neurons import Miner  # torch, FastAPI: loaded when a miner runs

    forward = load_forward(args.forward)
    sub = open_network(args)
    try:
        wallet = signer(args)
        cold, hot = wallet.coldkeypub.ss58_address, wallet.hotkey.ss58_address
        uid = sub.get_uid_for_hotkey_on_subnet(hot, args.netuid)
        if uid is None:
            if not args.register:
                raise BittensorLiteError(f"hotkey {hot} has no UID on subnet {args.netuid}: add --register "
                                         "(burns TAO) or run `bittensor-lite subnet register` first")
            if args.faucet and sub.get_balance(cold).rao < sub.recycle(args.netuid).rao + 10**6:
                sub.dev.faucet(cold)
                say(f"faucet: coldkey now holds {sub.get_balance(cold)}")
            uid = sub.burned_register(wallet, args.netuid)
            say(f"registered as UID {uid} on subnet {args.netuid}")
        miner = Miner(wallet, sub, args.netuid, forward, ip=args.ip, port=args.port, inprocess=False,
                      metrics_port=args.metrics_port).start()
        say(f"miner UID {uid} serving {args.forward} on {args.ip}:{args.port}; Ctrl-C stops")
        started = time.monotonic()
        try:
            while not args.duration or time.monotonic() - started < args.duration:
                time.sleep(args.refresh)
                miner.refresh()
                mg = miner.axon.metagraph
                say(f"block {sub.block} · UID {uid} · incentive {float(mg.I[uid]):.4f} · stake {alpha_str(sub.get_stake(hot, netuid=args.netuid))}")
        except KeyboardInterrupt:
            pass
        finally:
            miner.stop()
    finally:
        sub.close()
    return 0


def validator_run(args: argparse.Namespace) -> int:
    from bittensor_lite.neurons import Validator  # torch, FastAPI: loaded when a validator runs
    from bittensor_lite.neurons.tasks import make_task

    task = make_task(args.task, seed=int(time.time()))  # an unknown name fails here, before any network
    sub = open_network(args)
    try:
        wallet = signer(args)
        validator = Validator(wallet, sub, args.netuid, task, timeout=args.timeout,
                              metrics_port=args.metrics_port)
        if validator.uid is None:
            raise BittensorLiteError(f"the validator's hotkey has no UID on subnet {args.netuid}: register it first")
        say(f"validator UID {validator.uid} on subnet {args.netuid}; Ctrl-C stops")
        r = 0
        try:
            while not args.rounds or r < args.rounds:
                r += 1
                raw = validator.step()
                if r % args.weights_every == 0:
                    try:
                        if validator.set_weights():
                            say(f"round {r}: weights set on {len(validator.scores)} miners at block {sub.block}")
                    except BittensorLiteError as exc:  # a rule of the chain (e.g. no permit yet): say it and go on
                        say(f"round {r}: set_weights refused: {exc}")
                elif raw:
                    best = max(raw, key=raw.get)
                    say(f"round {r}: scored {len(raw)} miners; best this round UID {best} ({raw[best]:.2f})")
                time.sleep(args.interval)
        except KeyboardInterrupt:
            pass
        finally:
            validator.metrics.stop()
    finally:
        sub.close()
    return 0
