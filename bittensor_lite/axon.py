"""The Axon: a miner's server. It answers validators' synapses over HTTP, signed with btauth/1.

Every request is checked before the miner's code runs, in this order:

1. the synapse type exists (404) and the body is not too large (413);
2. the btauth/1 signature: right receiver (403), fresh nonce, not replayed, valid (401);
3. the caller is registered on the subnet, if the axon knows the metagraph (403);
4. your ``blacklist(synapse) -> (blocked, reason)`` (403);
5. the body parses as the synapse (400);
6. under load, ``priority(synapse)`` decides who goes first (by default: the caller's stake);
7. ``forward(synapse)`` runs with a timeout (408); if it raises, the caller gets 500 and the
   axon keeps serving.

The FastAPI app can run on a real port (uvicorn, ``start()``) or in-process
(``start(inprocess=True)``): the mock network's dendrites then reach it with the same HTTP
requests but without sockets, so a lesson can run dozens of miners.
"""

from __future__ import annotations

import asyncio
import heapq
import inspect
import itertools
import threading
import time
from collections.abc import Callable
from typing import Any

from fastapi import Request  # at module level: FastAPI reads the handler's annotations

from bittensor_lite.btauth import NonceStore, verify
from bittensor_lite.errors import AuthError, BittensorLiteError
from bittensor_lite.metagraph import AxonInfo
from bittensor_lite.synapse import Synapse

# Axons started in-process, by (ip, port): the mock network's "ports".
INPROCESS_AXONS: dict[tuple[str, int], Any] = {}

Forward = Callable[[Any], Any]


def synapse_type_of(forward: Forward) -> type[Synapse]:
    """The Synapse class a forward function takes, read from its first argument's annotation."""
    params = list(inspect.signature(forward).parameters.values())
    cls = inspect.get_annotations(forward, eval_str=True).get(params[0].name) if params else None
    if not (isinstance(cls, type) and issubclass(cls, Synapse)):
        raise BittensorLiteError("annotate forward's argument with its Synapse class, e.g. def forward(s: TextPrompt)")
    return cls


class PriorityGate:
    """At most ``slots`` forwards at once; waiting requests go in order of priority (highest first)."""

    def __init__(self, slots: int):
        self.free = slots
        self._waiting: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    async def acquire(self, priority: float) -> None:
        if self.free > 0 and not self._waiting:
            self.free -= 1
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (-priority, next(self._order), fut))
        await fut

    def release(self) -> None:
        while self._waiting:
            _, _, fut = heapq.heappop(self._waiting)
            if not fut.done():
                fut.set_result(None)  # hand the slot straight to the best waiter
                return
        self.free += 1


class Axon:
    """Serve ``forward`` functions for synapse types, as ``wallet``'s hotkey."""

    def __init__(
        self,
        wallet: Any,
        port: int = 8091,
        ip: str = "127.0.0.1",
        *,
        metagraph: Any = None,
        timeout: float = 12.0,
        max_body_bytes: int = 1_000_000,
        max_concurrency: int = 8,
    ):
        self.wallet = wallet
        self.hotkey = wallet.hotkey.ss58_address
        self.ip, self.port = ip, port
        self.metagraph = metagraph
        self.timeout = timeout
        self.max_body_bytes = max_body_bytes
        self.nonces = NonceStore()
        self.gate = PriorityGate(max_concurrency)
        self.handlers: dict[str, tuple[type[Synapse], Forward, Any, Any, Any]] = {}
        self.requests_served = 0
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._inprocess = False
        self.app = self._build_app()

    def __repr__(self) -> str:  # the hotkey's address only: never keys
        return f"Axon(hotkey={self.hotkey}, {self.ip}:{self.port}, synapses={sorted(self.handlers)})"

    # -- configuring ------------------------------------------------------------------------
    def attach(self, forward: Forward, blacklist: Any = None, priority: Any = None, verify: Any = None,
               synapse: type[Synapse] | None = None) -> Axon:
        """Serve ``forward(synapse) -> synapse`` for the synapse type in its annotation (or ``synapse=``).

        ``blacklist(synapse) -> (bool, str)`` refuses callers, ``priority(synapse) -> float``
        orders them under load, ``verify(synapse)`` may raise to refuse a request.
        """
        cls = synapse or synapse_type_of(forward)
        self.handlers[cls.__name__] = (cls, forward, blacklist, priority, verify)
        return self

    def info(self) -> AxonInfo:
        """Where this axon answers, and as whom (what ``serve_axon`` puts on chain)."""
        return AxonInfo(ip=self.ip, port=self.port, hotkey=self.hotkey, coldkey=self.wallet.coldkeypub.ss58_address)

    def serve(self, netuid: int, subtensor: Any) -> Axon:
        """Publish this axon's ip and port on chain with ``serve_axon``."""
        subtensor.serve_axon(self.wallet, netuid, self.ip, self.port)
        return self

    # -- running ----------------------------------------------------------------------------
    def start(self, inprocess: bool = False) -> Axon:
        """Start answering: on a real port (uvicorn in a thread) or in-process (no sockets)."""
        if inprocess:
            INPROCESS_AXONS[(self.ip, self.port)] = self.app
            self._inprocess = True
            return self
        import uvicorn

        config = uvicorn.Config(self.app, host=self.ip, port=self.port, log_level="warning", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name=f"axon-{self.port}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise BittensorLiteError(f"axon could not start on {self.ip}:{self.port} (port in use?)")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Stop answering and free the port."""
        if self._inprocess:
            INPROCESS_AXONS.pop((self.ip, self.port), None)
            self._inprocess = False
        if self._server is not None:
            self._server.should_exit = True
            if self._thread is not None:
                self._thread.join(timeout=10)
            self._server = None

    def __enter__(self) -> Axon:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the HTTP side --------------------------------------------------------------------------
    def _stake_of(self, hotkey: str) -> float:
        mg = self.metagraph
        if mg is None or hotkey not in mg.hotkeys:
            return 0.0
        return float(mg.S[mg.hotkeys.index(hotkey)])

    def _build_app(self) -> Any:
        from fastapi import FastAPI
        from fastapi.responses import JSONResponse, Response
        from pydantic import ValidationError

        app = FastAPI(title="bittensor_lite axon", docs_url=None, redoc_url=None, openapi_url=None)

        def refuse(status: int, message: str) -> Any:
            return JSONResponse({"message": message}, status_code=status, headers={"X-Axon-Message": message[:200]})

        @app.post("/{name}")
        async def handle(name: str, request: Request) -> Any:
            started = time.perf_counter()
            entry = self.handlers.get(name)
            if entry is None:
                return refuse(404, f"this axon serves no synapse named {name!r}")
            cls, forward, blacklist, priority, extra_verify = entry
            declared = request.headers.get("content-length")
            if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
                return refuse(413, f"body larger than {self.max_body_bytes} bytes")
            body = await request.body()
            if len(body) > self.max_body_bytes:
                return refuse(413, f"body larger than {self.max_body_bytes} bytes")
            path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            try:
                caller = verify(request.headers, body, method=request.method, path=path, receiver=self.hotkey,
                                nonce_store=self.nonces)
            except AuthError as exc:
                return refuse(exc.status_code, f"{type(exc).__name__}: {exc}")
            if self.metagraph is not None and caller.hotkey_ss58 not in self.metagraph.hotkeys:
                return refuse(403, "caller's hotkey is not registered on this subnet")
            try:
                synapse = cls.model_validate_json(body)
            except ValidationError as exc:
                return refuse(400, f"body is not a valid {name}: {exc.error_count()} error(s)")
            synapse.dendrite.caller_hotkey = caller.hotkey_ss58
            if blacklist is not None:
                blocked, reason = blacklist(synapse)
                if blocked:
                    return refuse(403, f"blacklisted: {reason}")
            if extra_verify is not None:
                try:
                    extra_verify(synapse)
                except Exception as exc:  # the miner's own check refused it
                    return refuse(403, f"refused by verify: {exc}")
            rank = priority(synapse) if priority is not None else self._stake_of(caller.hotkey_ss58)
            await self.gate.acquire(float(rank))
            try:
                if inspect.iscoroutinefunction(forward):
                    result = await asyncio.wait_for(forward(synapse), self.timeout)
                else:
                    result = await asyncio.wait_for(asyncio.to_thread(forward, synapse), self.timeout)
            except TimeoutError:
                return refuse(408, f"forward took longer than {self.timeout:g} s")
            except Exception as exc:  # a broken forward must not take the axon down
                return refuse(500, f"forward raised {type(exc).__name__}")
            finally:
                self.gate.release()
            if not isinstance(result, cls):
                return refuse(500, f"forward must return the {name} it was given")
            self.requests_served += 1
            elapsed = time.perf_counter() - started
            return Response(result.model_dump_json(), media_type="application/json",
                            headers={"X-Process-Time": f"{elapsed:.6f}"})

        return app
