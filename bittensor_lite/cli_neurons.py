"""``bittensor-lite miner run | validator run | faucet | leaderboard``: run neurons against a chain.

The miner and validator are :class:`~bittensor_lite.neurons.Miner` and
:class:`~bittensor_lite.neurons.Validator` on the arithmetic task ("17+25="), as long-running
processes: what a hobbyist runs at home and what a workshop runs in a room.
"""

from __future__ import annotations

import argparse
import importlib
import time
from typing import Any

from bittensor_lite.cli_chain import _network, _on_chain, _signer, _wallet_args
from bittensor_lite.errors import BittensorLiteError

BUILTIN_NAMES = ("adder", "sloppy", "random")


def load_forward(spec: str) -> Any:
    """A built-in forward by name, or ``package.module:function`` (your own miner's forward)."""
    if spec in BUILTIN_NAMES:
        from bittensor_lite.neurons.forwards import BUILTIN_FORWARDS

        return BUILTIN_FORWARDS[spec]
    if ":" not in spec:
        raise BittensorLiteError(f"--forward takes {', '.join(BUILTIN_NAMES)} or module:function, not {spec!r}")
    module, _, name = spec.partition(":")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise BittensorLiteError(f"cannot load forward {spec!r}: {exc}") from None


def add_neuron_verbs(sub: argparse._SubParsersAction) -> None:
    """Register the neuron verbs on the top-level parser."""
    miner = sub.add_parser("miner", help="run a miner: serve an axon on chain and answer validators")
    mv = miner.add_subparsers(dest="verb", metavar="VERB", required=True)
    run = mv.add_parser("run", help="register (optionally), serve the axon, and report incentive until Ctrl-C")
    _network(run)
    _wallet_args(run)
    run.add_argument("--netuid", type=int, required=True)
    run.add_argument("--forward", default="adder", help="adder | sloppy | random | module:function (default adder)")
    run.add_argument("--ip", default="127.0.0.1", help="the address validators should call (default 127.0.0.1)")
    run.add_argument("--port", type=int, default=8091)
    run.add_argument("--faucet", action="store_true", help="ask the chain's faucet for TAO if the coldkey is empty")
    run.add_argument("--register", action="store_true", help="burn-register the hotkey if it has no UID")
    run.add_argument("--metrics-port", type=int, default=None, help="serve Prometheus metrics on this port")
    run.add_argument("--refresh", type=float, default=5.0, help="seconds between status lines (default 5)")
    run.add_argument("--duration", type=float, default=0.0, help="stop after this many seconds (0 = until Ctrl-C)")
    run.set_defaults(handler=_miner_run)

    validator = sub.add_parser("validator", help="run a validator: query miners, score them, set weights")
    vv = validator.add_subparsers(dest="verb", metavar="VERB", required=True)
    vrun = vv.add_parser("run", help="score the subnet's miners and set weights until Ctrl-C")
    _network(vrun)
    _wallet_args(vrun)
    vrun.add_argument("--netuid", type=int, required=True)
    vrun.add_argument("--rounds", type=int, default=0, help="query rounds (0 = until Ctrl-C)")
    vrun.add_argument("--interval", type=float, default=1.0, help="seconds between rounds (default 1)")
    vrun.add_argument("--weights-every", type=int, default=5, help="set weights every N rounds (default 5)")
    vrun.add_argument("--timeout", type=float, default=5.0, help="seconds a miner may take to answer")
    vrun.add_argument("--metrics-port", type=int, default=None)
    vrun.set_defaults(handler=_validator_run)

    faucet = sub.add_parser("faucet", help="ask the chain's faucet (a workshop chain) for TAO")
    _network(faucet)
    _wallet_args(faucet)
    faucet.add_argument("--address", default=None, help="an ss58 address instead of the wallet's coldkey")
    faucet.set_defaults(handler=_faucet)

    board = sub.add_parser("leaderboard", help="serve a live leaderboard page of a subnet (for a workshop)")
    _network(board)
    board.add_argument("--netuid", type=int, required=True)
    board.add_argument("--host", default="127.0.0.1")
    board.add_argument("--port", type=int, default=8080)
    board.add_argument("--names", default=None, help="a JSON file mapping hotkey addresses to display names")
    board.set_defaults(handler=_leaderboard)


def _say(line: str) -> None:
    print(time.strftime("%H:%M:%S"), line, flush=True)


def _faucet_drip(sub: Any, address: str) -> None:
    from bittensor_lite.backends.live import LiveBackend

    if not isinstance(sub.backend, LiveBackend):
        raise BittensorLiteError("the faucet lives on a chain: use --network ws://…")
    sub.dev.faucet(address)


@_on_chain
def _faucet(args: argparse.Namespace, sub: Any) -> None:
    address = args.address or _signer(args).coldkeypub.ss58_address
    before = sub.get_balance(address)
    _faucet_drip(sub, address)
    print(f"faucet: {address} had {before}, now has {sub.get_balance(address)}")


def _miner_run(args: argparse.Namespace) -> int:
    from bittensor_lite.cli_chain import _connect
    from bittensor_lite.neurons import Miner

    forward = load_forward(args.forward)
    sub = _connect(args)
    wallet = _signer(args)
    cold, hot = wallet.coldkeypub.ss58_address, wallet.hotkey.ss58_address
    uid = sub.get_uid_for_hotkey_on_subnet(hot, args.netuid)
    if uid is None:
        if not args.register:
            raise BittensorLiteError(f"hotkey {hot} has no UID on subnet {args.netuid}: add --register "
                                     "(burns TAO) or run `bittensor-lite subnet register` first")
        if args.faucet and sub.get_balance(cold).rao < sub.recycle(args.netuid).rao + 10**6:
            _faucet_drip(sub, cold)
            _say(f"faucet: coldkey now holds {sub.get_balance(cold)}")
        uid = sub.burned_register(wallet, args.netuid)
        _say(f"registered as UID {uid} on subnet {args.netuid}")
    miner = Miner(wallet, sub, args.netuid, forward, ip=args.ip, port=args.port, inprocess=False,
                  metrics_port=args.metrics_port).start()
    _say(f"miner UID {uid} serving {args.forward} on {args.ip}:{args.port}; Ctrl-C stops")
    started = time.monotonic()
    try:
        while not args.duration or time.monotonic() - started < args.duration:
            time.sleep(args.refresh)
            miner.refresh()
            mg = miner.axon.metagraph
            _say(f"block {sub.block} · UID {uid} · incentive {float(mg.I[uid]):.4f} · stake {sub.get_stake(hot)}")
    except KeyboardInterrupt:
        pass
    finally:
        miner.stop()
        sub.close()
    return 0


def _validator_run(args: argparse.Namespace) -> int:
    from bittensor_lite.cli_chain import _connect
    from bittensor_lite.neurons import Validator
    from bittensor_lite.neurons.tasks import ArithmeticTask

    sub = _connect(args)
    wallet = _signer(args)
    validator = Validator(wallet, sub, args.netuid, ArithmeticTask(seed=int(time.time())), timeout=args.timeout,
                          metrics_port=args.metrics_port)
    if validator.uid is None:
        raise BittensorLiteError(f"the validator's hotkey has no UID on subnet {args.netuid}: register it first")
    _say(f"validator UID {validator.uid} on subnet {args.netuid}; Ctrl-C stops")
    r = 0
    try:
        while not args.rounds or r < args.rounds:
            r += 1
            raw = validator.step()
            if r % args.weights_every == 0:
                try:
                    if validator.set_weights():
                        _say(f"round {r}: weights set on {len(validator.scores)} miners at block {sub.block}")
                except BittensorLiteError as exc:  # a rule of the chain (e.g. no permit yet): say it and go on
                    _say(f"round {r}: set_weights refused: {exc}")
            elif raw:
                best = max(raw, key=raw.get)
                _say(f"round {r}: scored {len(raw)} miners; best this round UID {best} ({raw[best]:.2f})")
            time.sleep(args.interval)
    except KeyboardInterrupt:
        pass
    finally:
        validator.metrics.stop()
        sub.close()
    return 0


def leaderboard_rows(sub: Any, netuid: int, names: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The subnet's neurons ranked by incentive: what the workshop screen shows."""
    mg = sub.metagraph(netuid)
    rows = []
    for uid in range(mg.n):
        hk = mg.hotkeys[uid]
        rows.append({"uid": uid, "name": (names or {}).get(hk, hk[:8] + "…"), "hotkey": hk,
                     "incentive": round(float(mg.I[uid]), 5), "dividends": round(float(mg.D[uid]), 5),
                     "emission": round(float(mg.E[uid]), 6), "stake": round(float(mg.S[uid]), 6),
                     "serving": bool(mg.axons[uid].is_serving), "validator": bool(mg.validator_permit[uid])})
    rows.sort(key=lambda r: (-r["incentive"], r["uid"]))
    return rows


def create_leaderboard_app(sub: Any, netuid: int, names: dict[str, str] | None = None) -> Any:
    """A FastAPI app: ``/`` an HTML table that refreshes itself, ``/api`` the same rows as JSON."""
    import html
    import threading

    from fastapi import FastAPI
    from fastapi.responses import HTMLResponse

    app = FastAPI(title="bittensor-lite leaderboard", docs_url=None, redoc_url=None, openapi_url=None)
    lock = threading.Lock()  # one chain connection, used by one request at a time

    def rows() -> list[dict[str, Any]]:
        with lock:
            return leaderboard_rows(sub, netuid, names)

    @app.get("/api")
    def api() -> dict[str, Any]:
        return {"netuid": netuid, "block": sub.block, "rows": rows()}

    @app.get("/", response_class=HTMLResponse)
    def page() -> str:
        body = "".join(
            f"<tr><td>{i + 1}</td><td>{r['uid']}</td><td>{html.escape(r['name'])}</td><td>{r['incentive']:.4f}</td>"
            f"<td>{r['emission']:.6f}</td><td>{r['stake']:.4f}</td>"
            f"<td>{'validator' if r['validator'] and not r['serving'] else ('serving' if r['serving'] else '—')}</td></tr>"
            for i, r in enumerate(rows()))
        return ("<!doctype html><html><head><meta charset='utf-8'><meta http-equiv='refresh' content='5'>"
                f"<title>Subnet {netuid} leaderboard</title><style>body{{font-family:sans-serif;margin:2em}}"
                "table{border-collapse:collapse}td,th{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:right}"
                "</style></head><body>"
                f"<h1>Subnet {netuid} — block {sub.block}</h1><table><tr><th>#</th><th>UID</th><th>miner</th>"
                "<th>incentive</th><th>emission τ</th><th>stake τ</th><th>axon</th></tr>"
                f"{body}</table><p>Refreshes every 5 s.</p></body></html>")

    return app


def _leaderboard(args: argparse.Namespace) -> int:
    import json

    import uvicorn

    from bittensor_lite.cli_chain import _connect

    names = json.loads(open(args.names).read()) if args.names else None  # noqa: SIM115
    sub = _connect(args)
    _say(f"leaderboard of subnet {args.netuid} on http://{args.host}:{args.port}/ (JSON at /api); Ctrl-C stops")
    try:
        uvicorn.run(create_leaderboard_app(sub, args.netuid, names), host=args.host, port=args.port,
                    log_level="warning")
    except KeyboardInterrupt:
        pass
    finally:
        sub.close()
    return 0
