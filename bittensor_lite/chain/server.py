"""The local chain's server: the JSON-RPC method table over WebSocket and HTTP POST, by FastAPI/uvicorn."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from typing import Any

from fastapi import FastAPI, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import Response

from bittensor_lite.chain.node import Node
from bittensor_lite.chain.rpc import (
    MAX_MESSAGE_BYTES,
    RpcHandler,
    Session,
    handle_ws_text,
    is_loopback,
)

MAX_PENDING_BYTES = 16 << 20  # unread replies and notifications queued for one WebSocket client; then it is dropped
MAX_CONNECTIONS = 2048  # open WebSocket connections in all
MAX_CONNECTIONS_PER_CLIENT = 64  # open WebSocket connections from one other machine (the chain's own is not limited)
WS_TOO_SLOW = 1008  # close code for a client whose unread messages passed MAX_PENDING_BYTES (policy violation)
WS_TRY_LATER = 1013  # asked for when there is no room for another connection (the handshake answers HTTP 403)
log = logging.getLogger("bittensor_lite.chain")


def _dumps(msg: Any) -> str:
    """A response as JSON text; a result that cannot be written is an Internal error, never a dropped reply."""
    try:
        return json.dumps(msg)
    except (TypeError, ValueError, RecursionError):
        req_id = msg.get("id") if isinstance(msg, dict) else None
        return json.dumps({"jsonrpc": "2.0", "id": req_id, "error": {"code": -32603, "message": "Internal error"}})


def _answer(handler: RpcHandler, text: str | bytes, session: Session) -> list[str]:
    """One WebSocket message's reply and what it pushed to its own connection, as JSON text (in a worker thread)."""
    result, pushed = handle_ws_text(handler, text, session)
    return [_dumps(m) for m in ([result] if result is not None else []) + pushed]


def create_app(node: Node, open_dev: bool = False) -> Any:
    """The FastAPI app: WebSocket JSON-RPC at ``/`` and HTTP POST JSON-RPC at ``/``.

    Each WebSocket connection has one request in flight at a time (the next is read once the
    last is answered), at most :data:`~bittensor_lite.chain.rpc.MAX_SUBSCRIPTIONS` subscriptions,
    and at most :data:`MAX_PENDING_BYTES` of unread messages before it is closed (1008) — so one
    greedy or stuck client cannot starve the others or fill the memory. At most
    :data:`MAX_CONNECTIONS_PER_CLIENT` connections come from one other machine (then the handshake is refused, HTTP 403; try
    again later). An HTTP body is read only up to the message limit.
    """
    handler = RpcHandler(node, open_dev=open_dev)
    app = FastAPI(title="bittensor-lite local chain", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.handler = handler
    open_by_client: dict[str, int] = {}

    @app.post("/")
    async def http_rpc(request: Request) -> Response:
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_MESSAGE_BYTES:  # stop reading: the answer is already known
                break
        client = request.client.host if request.client else None
        result = await asyncio.to_thread(handler.handle_text, bytes(body), None, client)
        if result is None:
            return Response(status_code=204)
        return Response(_dumps(result), media_type="application/json")

    @app.get("/health")
    async def health() -> dict[str, Any]:
        return {"ok": True, "block": node.head["number"]}

    @app.websocket("/")
    async def ws_rpc(ws: WebSocket) -> None:
        client = ws.client.host if ws.client else None
        key = client or "?"
        if sum(open_by_client.values()) >= MAX_CONNECTIONS or (
                not is_loopback(client) and open_by_client.get(key, 0) >= MAX_CONNECTIONS_PER_CLIENT):
            await ws.close(code=WS_TRY_LATER)
            return
        open_by_client[key] = open_by_client.get(key, 0) + 1
        try:
            await _serve_ws(ws, client)
        finally:
            open_by_client[key] -= 1
            if not open_by_client[key]:
                del open_by_client[key]

    async def _serve_ws(ws: WebSocket, client: str | None) -> None:
        await ws.accept()
        loop = asyncio.get_running_loop()
        out: asyncio.Queue[str | None] = asyncio.Queue()
        closing = asyncio.Event()
        pending = [0]  # bytes queued and not yet sent

        def enqueue(text: str) -> None:
            if closing.is_set():
                return
            if pending[0] + len(text) > MAX_PENDING_BYTES:  # the client does not read what it asked for: let it go
                log.warning("closing the connection of %s: %d bytes it has not read", client, pending[0])
                closing.set()
                return
            pending[0] += len(text)
            out.put_nowait(text)

        # notifications are written out by the thread that makes them (block production), not the event loop
        session = Session(lambda msg: loop.call_soon_threadsafe(enqueue, _dumps(msg)), client=client)

        async def sender() -> None:
            while True:
                text = await out.get()
                if text is None:
                    return
                await ws.send_text(text)
                pending[0] -= len(text)

        task = asyncio.create_task(sender())
        too_slow = asyncio.ensure_future(closing.wait())
        try:
            while True:
                receive = asyncio.ensure_future(ws.receive())
                done, _ = await asyncio.wait({receive, task, too_slow}, return_when=asyncio.FIRST_COMPLETED)
                if receive not in done:  # too slow a reader, or the socket broke under the sender
                    receive.cancel()
                    break
                frame = receive.result()
                if frame["type"] == "websocket.disconnect":
                    break
                text = frame.get("text")
                if text is None:
                    text = frame.get("bytes") or b""  # a binary frame: JSON in bytes is still JSON
                for reply in await asyncio.to_thread(_answer, handler, text, session):
                    enqueue(reply)
        except (WebSocketDisconnect, RuntimeError):  # RuntimeError: starlette's "not connected" on a dead socket
            pass
        finally:
            session.close()
            slow = closing.is_set()
            closing.set()
            if slow:
                task.cancel()  # its send may be stuck on a full socket
            else:
                out.put_nowait(None)
            await asyncio.gather(task, too_slow, return_exceptions=True)
            if slow:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(ws.close(code=WS_TOO_SLOW, reason="too many unread messages"), 5)

    return app


class ChainServer:
    """A node plus its RPC server on a background thread (for tests, lessons and ``connect("local")``)."""

    def __init__(self, node: Node | None = None, host: str = "127.0.0.1", port: int = 0, **node_options: Any):
        import socket

        self.node = node or Node(**node_options)
        if port == 0:
            with socket.socket() as sock:
                sock.bind((host, 0))
                port = sock.getsockname()[1]
        self.host, self.port = host, port
        self._server: Any = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"ws://{self.host}:{self.port}"

    def start(self) -> ChainServer:
        import time

        import uvicorn

        config = uvicorn.Config(create_app(self.node), host=self.host, port=self.port, log_level="warning",
                                ws_max_size=MAX_MESSAGE_BYTES, ws_ping_interval=None, lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="bittensor-lite-chain", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"the local chain did not start on {self.url}")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.node.close()

    def __enter__(self) -> ChainServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
