"""The Dendrite: a validator's client. It sends a synapse to miners' axons, signed with btauth/1.

``dendrite.query(axons, synapse)`` (for notebooks and scripts) and ``await dendrite.forward(...)``
(for async code) send one synapse to one axon or to many at once, and always return: a slow,
dead or garbage-answering miner costs at most ``timeout`` seconds and comes back as a synapse
whose ``dendrite.status_code`` says what went wrong (408 timeout, 503 unreachable, 502 garbage,
or the axon's own refusal such as 401/403).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Sequence
from typing import Any, TypeVar

from bittensor_lite.btauth import sign
from bittensor_lite.metagraph import AxonInfo
from bittensor_lite.synapse import Synapse

S = TypeVar("S", bound=Synapse)
MAX_RESPONSE_BYTES = 8_000_000


_LOOP: asyncio.AbstractEventLoop | None = None  # one background loop for every Dendrite's sync queries
_LOOP_THREAD: threading.Thread | None = None
_LOOP_LOCK = threading.Lock()
_SHARED_CLIENTS: dict[tuple[str, int], Any] = {}  # its HTTP clients, one per axon: connections stay open
MAX_SHARED_CLIENTS = 2048
_SSL_CONTEXT: Any = None


def _background_loop() -> asyncio.AbstractEventLoop:
    """The event loop (on a daemon thread) that runs :meth:`Dendrite.query`, started on first use."""
    global _LOOP, _LOOP_THREAD
    with _LOOP_LOCK:
        if _LOOP is None or _LOOP.is_closed() or _LOOP_THREAD is None or not _LOOP_THREAD.is_alive():
            _LOOP = asyncio.new_event_loop()
            _LOOP_THREAD = threading.Thread(target=_LOOP.run_forever, name="bittensor-lite-dendrite", daemon=True)
            _LOOP_THREAD.start()
        return _LOOP


def _shared_client(ip: str, port: int) -> Any:
    """The background loop's keep-alive HTTP client for one axon (created inside that loop).

    One small client per axon rather than one big pool: httpx's pool gets slow when a single
    client holds hundreds of connections at once, which is exactly a validator's fan-out.
    """
    import httpx

    global _SSL_CONTEXT
    client = _SHARED_CLIENTS.pop((ip, port), None)
    if client is None or client.is_closed:
        if _SSL_CONTEXT is None:  # building one per client costs ~20 ms each (certificate store)
            import ssl

            _SSL_CONTEXT = ssl.create_default_context()
        client = httpx.AsyncClient(verify=_SSL_CONTEXT,
                                   limits=httpx.Limits(max_connections=64, max_keepalive_connections=16))
    _SHARED_CLIENTS[(ip, port)] = client  # most recently used last
    while len(_SHARED_CLIENTS) > MAX_SHARED_CLIENTS:
        _old_key, old = next(iter(_SHARED_CLIENTS.items()))
        del _SHARED_CLIENTS[_old_key]
        asyncio.get_running_loop().create_task(old.aclose())
    return client


def _run_sync(coro: Any) -> Any:
    """Run a coroutine to completion, even from inside Jupyter's already-running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    box: dict[str, Any] = {}

    def runner() -> None:
        try:
            box["value"] = asyncio.run(coro)
        except BaseException as exc:  # re-raised in the caller's thread
            box["error"] = exc

    t = threading.Thread(target=runner)
    t.start()
    t.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


class Dendrite:
    """Query axons as ``wallet``'s hotkey."""

    def __init__(self, wallet: Any, max_response_bytes: int = MAX_RESPONSE_BYTES):
        self.keypair = wallet.hotkey
        self.hotkey = self.keypair.ss58_address
        self.max_response_bytes = max_response_bytes

    def __repr__(self) -> str:
        return f"Dendrite(hotkey={self.hotkey})"

    def query(self, axons: AxonInfo | Sequence[AxonInfo], synapse: S, timeout: float = 12.0) -> S | list[S]:
        """Send ``synapse`` to one axon (returns one answer) or many (returns a list), and wait.

        Runs on one shared background event loop whose HTTP connections stay open between
        queries, so it works the same in a script and inside Jupyter's running loop.
        """
        if threading.current_thread() is _LOOP_THREAD:  # a forward that itself queries: no waiting on ourselves
            return _run_sync(self.forward(axons, synapse, timeout=timeout))
        future = asyncio.run_coroutine_threadsafe(self.forward(axons, synapse, timeout=timeout), _background_loop())
        return future.result()

    async def forward(self, axons: AxonInfo | Sequence[AxonInfo], synapse: S, timeout: float = 12.0) -> S | list[S]:
        """Async :meth:`query`: all axons are queried concurrently."""
        import httpx

        single = isinstance(axons, AxonInfo)
        targets = [axons] if single else list(axons)
        if asyncio.get_running_loop() is _LOOP:
            answers = await asyncio.gather(*(self._call(_shared_client(a.ip, a.port), a, synapse, timeout)
                                             for a in targets))
        else:  # the caller's own loop, which may end after this call: a client just for this call
            limits = httpx.Limits(max_connections=max(10, len(targets)), max_keepalive_connections=0)
            async with httpx.AsyncClient(limits=limits) as client:
                answers = await asyncio.gather(*(self._call(client, a, synapse, timeout) for a in targets))
        return answers[0] if single else answers

    async def _call(self, client: Any, axon: AxonInfo, synapse: S, timeout: float) -> S:
        import httpx

        from bittensor_lite.axon import INPROCESS_AXONS

        started = time.perf_counter()
        answer = synapse.model_copy(deep=True)
        info = answer.dendrite
        info.axon_hotkey = axon.hotkey
        path = type(synapse).route()
        body = synapse.body()
        headers = {"Content-Type": "application/json",
                   **sign(self.keypair, method="POST", path=path, body=body, receiver=axon.hotkey)}
        app = INPROCESS_AXONS.get((axon.ip, axon.port))
        try:
            if app is not None:
                transport = httpx.ASGITransport(app=app)
                async with httpx.AsyncClient(transport=transport, base_url="http://inprocess") as local:
                    status, raw, message = await asyncio.wait_for(self._post(local, path, body, headers), timeout)
            else:
                url = f"http://{axon.ip}:{axon.port}{path}"
                status, raw, message = await asyncio.wait_for(self._post(client, url, body, headers, timeout), timeout)
        except TimeoutError:
            status, raw, message = 408, b"", f"no answer within {timeout:g} s"
        except httpx.TimeoutException:
            status, raw, message = 408, b"", f"no answer within {timeout:g} s"
        except httpx.HTTPError as exc:
            status, raw, message = 503, b"", f"axon unreachable: {type(exc).__name__}"
        if status == 200:
            try:
                filled = type(synapse).model_validate_json(raw)
                filled.dendrite = info
                answer, message = filled, "Success"
            except ValueError:
                status, message = 502, "the axon answered with something that is not this synapse"
        info.status_code = status
        info.status_message = message
        info.process_time = time.perf_counter() - started
        return answer

    async def _post(self, client: Any, url: str, body: bytes, headers: dict[str, str],
                    timeout: float | None = None) -> tuple[int, bytes, str]:
        """POST and read at most ``max_response_bytes`` of the answer."""
        kwargs = {"timeout": timeout} if timeout is not None else {}
        async with client.stream("POST", url, content=body, headers=headers, **kwargs) as resp:
            chunks, size = [], 0
            async for chunk in resp.aiter_bytes():
                size += len(chunk)
                if size > self.max_response_bytes:
                    return 502, b"", f"answer larger than {self.max_response_bytes} bytes"
                chunks.append(chunk)
            raw = b"".join(chunks)
            if resp.status_code != 200:
                message = resp.headers.get("X-Axon-Message") or f"HTTP {resp.status_code}"
                return resp.status_code, raw, message
            return 200, raw, "OK"
