"""The local chain's server: the JSON-RPC method table over WebSocket and HTTP POST, by FastAPI/uvicorn."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

from fastapi import FastAPI, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse, Response

from bittensor_lite.chain.node import Node
from bittensor_lite.chain.rpc import MAX_MESSAGE_BYTES, RpcHandler, Session, handle_ws_text


def create_app(node: Node, open_dev: bool = False) -> Any:
    """The FastAPI app: WebSocket JSON-RPC at ``/`` and HTTP POST JSON-RPC at ``/``."""
    handler = RpcHandler(node, open_dev=open_dev)
    app = FastAPI(title="bittensor-lite local chain", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.handler = handler

    @app.post("/")
    async def http_rpc(request: Request) -> Response:
        body = await request.body()
        client = request.client.host if request.client else None
        result = await asyncio.to_thread(handler.handle_text, body, None, client)
        if result is None:
            return Response(status_code=204)
        return JSONResponse(result)

    @app.get("/health")
    async def health() -> dict[str, Any]:
        return {"ok": True, "block": node.head["number"]}

    @app.websocket("/")
    async def ws_rpc(ws: WebSocket) -> None:
        await ws.accept()
        loop = asyncio.get_running_loop()
        out: asyncio.Queue[Any] = asyncio.Queue()
        session = Session(lambda msg: loop.call_soon_threadsafe(out.put_nowait, msg),
                          client=ws.client.host if ws.client else None)

        async def sender() -> None:
            while True:
                msg = await out.get()
                if msg is None:
                    return
                await ws.send_text(json.dumps(msg))

        task = asyncio.create_task(sender())
        try:
            while True:
                text = await ws.receive_text()
                result, pushed = await asyncio.to_thread(handle_ws_text, handler, text, session)
                if result is not None:
                    out.put_nowait(result)
                for msg in pushed:
                    out.put_nowait(msg)
        except WebSocketDisconnect:
            pass
        finally:
            session.close()
            out.put_nowait(None)
            await asyncio.gather(task, return_exceptions=True)

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
