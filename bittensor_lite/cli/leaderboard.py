"""``bittensor-lite leaderboard``: a subnet's neurons ranked by incentive, for a workshop's screen.

Served as a page that refreshes itself (``/``, and the same rows as JSON at ``/api``), or printed
once with ``--once`` (a table, or ``--json``).
"""

from __future__ import annotations

import argparse
import html
import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bittensor_lite.cli.common import (
    add_verb,
    json_option,
    on_chain,
    open_network,
    print_json,
    print_table,
    short,
)
from bittensor_lite.cli.neurons import say
from bittensor_lite.cli.subnet import neuron_rows

if TYPE_CHECKING:
    from bittensor_lite.subtensor import Subtensor


def add_leaderboard_command(sub: argparse._SubParsersAction) -> None:
    """Register ``leaderboard`` on the top-level parser."""
    board = add_verb(sub, "leaderboard", "a live leaderboard page of a subnet (for a workshop), or --once", "network", "netuid")
    board.add_argument("--host", default="127.0.0.1")
    board.add_argument("--port", type=int, default=8080)
    board.add_argument("--names", type=load_names, default=None,
                       help="a JSON file mapping hotkey addresses to display names")
    board.add_argument("--once", action="store_true", help="print the leaderboard once instead of serving a page")
    json_option(board)
    board.set_defaults(handler=leaderboard)


def load_names(path: str) -> dict[str, str]:
    """``--names FILE``: a JSON object of hotkey address → display name."""
    try:
        names = json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        raise argparse.ArgumentTypeError(f"cannot read names from {path!r}: {exc}") from None
    if not isinstance(names, dict):
        raise argparse.ArgumentTypeError(f"{path!r} must hold a JSON object of hotkey address → name")
    return {str(k): str(v) for k, v in names.items()}


def leaderboard_rows(sub: Subtensor, netuid: int, names: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The subnet's neurons (as ``metagraph --json`` shows them) ranked by incentive, with a display name."""
    rows = [{**r, "name": (names or {}).get(r["hotkey"], short(r["hotkey"])), "serving": r["axon"] is not None}
            for r in neuron_rows(sub.subnet_snapshot(netuid))]
    rows.sort(key=lambda r: (-r["incentive"], r["uid"]))
    return rows


def _role(row: dict[str, Any]) -> str:
    return "validator" if row["validator_permit"] and not row["serving"] else ("serving" if row["serving"] else "—")


def create_leaderboard_app(sub: Subtensor, netuid: int, names: dict[str, str] | None = None) -> Any:
    """A FastAPI app: ``/`` an HTML table that refreshes itself, ``/api`` the same rows as JSON."""
    from fastapi import FastAPI  # FastAPI: loaded when a page is served
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
            f"<td>{r['emission']['alpha']}</td><td>{r['stake']['alpha']}</td><td>{_role(r)}</td></tr>"
            for i, r in enumerate(rows()))
        return ("<!doctype html><html><head><meta charset='utf-8'><meta http-equiv='refresh' content='5'>"
                f"<title>Subnet {netuid} leaderboard</title><style>body{{font-family:sans-serif;margin:2em}}"
                "table{border-collapse:collapse}td,th{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:right}"
                "</style></head><body>"
                f"<h1>Subnet {netuid} — block {sub.block}</h1><table><tr><th>#</th><th>UID</th><th>miner</th>"
                "<th>incentive</th><th>emission α</th><th>stake α</th><th>axon</th></tr>"
                f"{body}</table><p>Refreshes every 5 s.</p></body></html>")

    return app


def leaderboard(args: argparse.Namespace) -> int:
    if args.once or args.json:
        return print_once(args)
    import uvicorn  # the web server: loaded when a page is served

    sub = open_network(args)
    say(f"leaderboard of subnet {args.netuid} on http://{args.host}:{args.port}/ (JSON at /api); Ctrl-C stops")
    try:
        uvicorn.run(create_leaderboard_app(sub, args.netuid, args.names), host=args.host, port=args.port,
                    log_level="warning")
    except KeyboardInterrupt:
        pass
    finally:
        sub.close()
    return 0


@on_chain
def print_once(args: argparse.Namespace, sub: Subtensor) -> None:
    """``leaderboard --once``: the table (or ``--json``, the rows of ``/api``) at the chain's head, then exit."""
    rows = leaderboard_rows(sub, args.netuid, args.names)
    if args.json:
        print_json({"netuid": args.netuid, "block": sub.block, "rows": rows})
        return
    print_table(f"Subnet {args.netuid} leaderboard (block {sub.block})",
                ("#", "UID", "MINER", "INCENTIVE", "EMISSION(α)", "STAKE(α)", "AXON"),
                [(i + 1, r["uid"], r["name"], f"{r['incentive']:.4f}", r["emission"]["alpha"], r["stake"]["alpha"], _role(r))
                 for i, r in enumerate(rows)],
                right=("#", "UID", "INCENTIVE", "EMISSION(α)", "STAKE(α)"))
