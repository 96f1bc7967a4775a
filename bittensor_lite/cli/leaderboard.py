"""``bittensor-lite leaderboard``: a subnet's neurons ranked by incentive, for a workshop's screen.

Served as a page (``/``) whose script asks ``/api`` for the rows every few seconds and redraws the
table, or printed once with ``--once`` (a table, or ``--json``). A room of browsers shares one
read of the chain, renewed in the background every :data:`MAX_AGE` seconds; when the chain goes
away (an instructor's restart) ``/api`` answers 503, the page says so and keeps the last rows,
and the next read reconnects.
"""

from __future__ import annotations

import argparse
import json
import logging
import threading
import time
from collections.abc import Callable
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


MAX_AGE = 1.0  # seconds a read of the chain is shared by every browser asking (a block is 2 s in a workshop)
REFRESH_S = 5  # seconds between two refreshes of the page
log = logging.getLogger("bittensor_lite.leaderboard")


def _role(row: dict[str, Any]) -> str:
    return "validator" if row["validator_permit"] and not row["serving"] else ("serving" if row["serving"] else "—")


class Board:
    """The rows a room of browsers shares. A request gets the last read at once; a read older than
    ``max_age`` seconds is renewed in the background (one at a time), so no browser waits for the
    chain. After a failed read, requests read the chain themselves (``ConnectionError`` while it is
    away) through a connection opened again with ``reconnect``."""

    def __init__(self, sub: Subtensor | None, netuid: int, names: dict[str, str] | None = None,
                 reconnect: Callable[[], Subtensor] | None = None, max_age: float = MAX_AGE):
        self.sub, self.netuid, self.names, self.reconnect, self.max_age = sub, netuid, names, reconnect, max_age
        self.lock = threading.Lock()  # one chain connection, used by one read at a time
        self.cached: dict[str, Any] | None = None
        self.read_at = float("-inf")
        self.failed: str | None = None  # why the last read failed (None: it worked)
        self.renewing = False
        self.json = b""  # the last good read, written out once for every browser that asks

    @property
    def ready(self) -> bool:
        """Whether :meth:`read` answers at once (a good last read), without waiting for the chain."""
        return self.cached is not None and self.failed is None

    def read(self) -> dict[str, Any]:
        """``{"netuid", "block", "rows"}``: the last good read (renewed in the background when older than
        ``max_age``); raises ``ConnectionError`` if there is none or the chain failed the last read."""
        if not self.ready:
            return self._renew()
        if time.monotonic() - self.read_at >= self.max_age and not self.renewing:
            self.renewing = True
            threading.Thread(target=self._renew_quietly, daemon=True).start()
        return self.cached  # type: ignore[return-value]  # ready: not None

    def read_json(self) -> bytes:
        """:meth:`read` as JSON bytes."""
        self.read()
        return self.json

    def _renew_quietly(self) -> None:
        try:
            self._renew()
        except ConnectionError:
            pass  # recorded in self.failed: the next request says so

    def _renew(self) -> dict[str, Any]:
        with self.lock:
            try:
                if self.sub is None:
                    if self.reconnect is None:
                        raise ConnectionError("the chain connection was lost")
                    self.sub = self.reconnect()
                rows = leaderboard_rows(self.sub, self.netuid, self.names)
                cached = {"netuid": self.netuid, "block": self.sub.block, "rows": [{**r, "role": _role(r)} for r in rows]}
                self.json, self.cached = json.dumps(cached).encode(), cached
                self.read_at, self.failed = time.monotonic(), None
                return self.cached
            except Exception as exc:  # the chain went away (or is restarting): say so, try again next time
                log.warning("leaderboard read failed: %s", exc)
                self.failed = str(exc) or type(exc).__name__
                if self.reconnect is not None and self.sub is not None:
                    try:
                        self.sub.close()
                    except Exception:  # noqa: S110 - closing a connection that is already broken
                        pass
                    self.sub = None
                raise ConnectionError(f"cannot read subnet {self.netuid} from the chain: {self.failed}") from None
            finally:
                self.renewing = False


PAGE = """<!doctype html><html><head><meta charset='utf-8'><title>Subnet __NETUID__ leaderboard</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}
td,th{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:right}
#status.down{color:#b00;font-weight:bold}</style></head><body>
<h1>Subnet __NETUID__ — block <span id='block'>…</span></h1>
<table><thead><tr><th>#</th><th>UID</th><th>miner</th><th>incentive</th><th>emission α</th><th>stake α</th>
<th>axon</th></tr></thead><tbody id='rows'></tbody></table>
<p id='status'>Loading…</p>
<script>
const refreshMs = __REFRESH__ * 1000;
function cell(text) { const td = document.createElement('td'); td.textContent = text; return td; }
async function refresh() {
  const status = document.getElementById('status');
  try {
    const resp = await fetch('api', {cache: 'no-store'});
    if (!resp.ok) throw new Error((await resp.json()).error || resp.statusText);
    const data = await resp.json();
    document.getElementById('block').textContent = data.block;
    const body = document.createElement('tbody');
    body.id = 'rows';
    data.rows.forEach((r, i) => {
      const tr = document.createElement('tr');
      tr.dataset.uid = r.uid; tr.dataset.hotkey = r.hotkey; tr.dataset.incentive = r.incentive;
      [i + 1, r.uid, r.name, r.incentive.toFixed(4), r.emission.alpha, r.stake.alpha, r.role]
        .forEach(v => tr.appendChild(cell(v)));
      body.appendChild(tr);
    });
    document.getElementById('rows').replaceWith(body);
    status.className = 'up';
    status.textContent = 'Updated ' + new Date().toLocaleTimeString() + '; refreshes every __REFRESH__ s.';
  } catch (err) {
    status.className = 'down';
    status.textContent = 'The chain is not answering (' + err.message + '); retrying every __REFRESH__ s.';
  }
}
refresh();
setInterval(refresh, refreshMs);
</script></body></html>"""


def create_leaderboard_app(sub: Subtensor | None, netuid: int, names: dict[str, str] | None = None,
                           reconnect: Callable[[], Subtensor] | None = None, refresh_s: float = REFRESH_S) -> Any:
    """A FastAPI app: ``/`` a page that redraws its table from ``/api`` every ``refresh_s`` seconds, ``/api``
    the rows as JSON (503 while the chain cannot be read; ``reconnect`` opens a new connection)."""
    import asyncio

    from fastapi import FastAPI  # FastAPI: loaded when a page is served
    from fastapi.responses import HTMLResponse, JSONResponse, Response

    app = FastAPI(title="bittensor-lite leaderboard", docs_url=None, redoc_url=None, openapi_url=None)
    board = Board(sub, netuid, names, reconnect)
    app.state.board = board

    @app.get("/api")
    async def api() -> Any:
        try:  # with a good last read, answered on the event loop at once; else a worker waits for the chain
            body = board.read_json() if board.ready else await asyncio.to_thread(board.read_json)
        except ConnectionError as exc:
            return JSONResponse({"error": str(exc)}, status_code=503)
        return Response(body, media_type="application/json")

    @app.get("/", response_class=HTMLResponse)
    def page() -> str:
        return PAGE.replace("__NETUID__", str(int(netuid))).replace("__REFRESH__", f"{refresh_s:g}")

    return app


def leaderboard(args: argparse.Namespace) -> int:
    if args.once or args.json:
        return print_once(args)
    import uvicorn  # the web server: loaded when a page is served

    sub = open_network(args)
    say(f"leaderboard of subnet {args.netuid} on http://{args.host}:{args.port}/ (JSON at /api); Ctrl-C stops")
    app = create_leaderboard_app(sub, args.netuid, args.names, reconnect=lambda: open_network(args))
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    except KeyboardInterrupt:
        pass
    finally:
        if app.state.board.sub is not None:
            app.state.board.sub.close()
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
