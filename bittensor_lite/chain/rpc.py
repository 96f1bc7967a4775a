"""The local chain's JSON-RPC method table: Substrate's method names, shapes and error codes.

:mod:`~bittensor_lite.chain.server` carries these over WebSocket and HTTP POST (FastAPI/uvicorn).

The methods are the ones substrate-interface, polkadot.js and the bittensor SDK call, with
Substrate's names, shapes and error codes, plus chopsticks-style dev methods (``dev_newBlock``,
``dev_setBalance``, ``dev_snapshot``, ``dev_revert``). Bad input — invalid JSON, pathological nesting, ids and params of the wrong type, unknown
methods, bad hex, truncated SCALE, oversized messages and batches, too many subscriptions — gets a
JSON-RPC error; the node carries on. A request is answered by exactly one JSON-RPC object (or,
for a batch, an array of them): never an HTTP 500, never a dropped connection.
"""

from __future__ import annotations

import itertools
import json
import logging
import threading
from collections.abc import Callable
from typing import Any

from bittensor_lite.chain import runtime_api
from bittensor_lite.chain.node import Node
from bittensor_lite.chain.pallets import CHAIN_NAME, IMPL_NAME
from bittensor_lite.errors import (
    BittensorLiteError,
    FaucetError,
    InvalidTransaction,
    MalformedError,
    RpcError,
    StateDiscarded,
)
from bittensor_lite.scale import SS58_FORMAT, account_bytes, from_hex

MAX_MESSAGE_BYTES = 1 << 20  # 1 MiB per request
MAX_BATCH = 100  # requests in one batch
MAX_DEPTH = 32  # nesting of arrays and objects in one request (real requests need 4)
MAX_SUBSCRIPTIONS = 256  # per connection (head subscriptions and watched extrinsics together)
MAX_KEYS_UNPAGED = 65_536  # state_getKeys answers at most this many keys at once
MAX_KEYS_PER_PAGE = 1000
MAX_QUERY_KEYS = 10_000
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost", "testclient"})


def _error(req_id: Any, code: int, message: str, data: Any = None) -> dict[str, Any]:
    err: dict[str, Any] = {"code": code, "message": message}
    if data is not None:
        err["data"] = data
    return {"jsonrpc": "2.0", "id": req_id, "error": err}


def _too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether ``value`` nests arrays/objects deeper than ``limit`` (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        v, depth = stack.pop()
        if isinstance(v, dict | list):
            if depth > limit:
                return True
            stack.extend((c, depth + 1) for c in (v.values() if isinstance(v, dict) else v))
    return False


def _valid_id(req_id: Any) -> bool:
    """JSON-RPC 2.0: an id is a string, a number or null."""
    return req_id is None or (isinstance(req_id, str | int | float) and not isinstance(req_id, bool))


def _params(params: Any, n: int) -> list[Any]:
    if params is None:
        params = []
    if isinstance(params, dict):
        params = [params]
    if not isinstance(params, list):
        raise RpcError(-32602, "Invalid params: expected an array")
    return (params + [None] * n)[:max(n, len(params))]


def _hex_param(value: Any, what: str) -> bytes:
    try:
        return from_hex(value, what)
    except MalformedError as exc:
        raise RpcError(-32602, f"Invalid params: {exc}") from None


def _loose_hex_param(value: Any, what: str) -> bytes:
    """Hex bytes with or without ``0x``, as Substrate's ``Bytes`` parameters take them."""
    if isinstance(value, str) and not value.startswith("0x"):
        value = "0x" + value
    return _hex_param(value, what)


def _hash_param(value: Any) -> str | None:
    """A block hash parameter (None: the best block); an unknown hash is fine (the answer is null)."""
    if value is not None and not (isinstance(value, str) and value.startswith("0x")):
        raise RpcError(-32602, f"Invalid params: expected a 0x-prefixed block hash, got {value!r}")
    return value


def _block_param(node: Node, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or node.block_by_hash(value) is None:
        raise RpcError(4003, f"Client error: unknown block {value!r}")
    return value


def is_loopback(client: str | None) -> bool:
    """Whether a request comes from the chain's own machine (None: an in-process caller)."""
    return client is None or client in LOOPBACK


def _check_room(s: Session | None) -> None:
    """A subscription needs a WebSocket connection with fewer than MAX_SUBSCRIPTIONS open ones."""
    if s is None:
        raise RpcError(-32601, "Subscriptions need a WebSocket connection")
    if len(s.subscriptions) >= MAX_SUBSCRIPTIONS:
        raise RpcError(-32000, f"Too many subscriptions on this connection (max {MAX_SUBSCRIPTIONS})")


_current = threading.local()
log = logging.getLogger("bittensor_lite.chain")


class Session:
    """One client connection: its subscriptions and a way to push notifications to it.

    Messages pushed while this connection's own request is being handled are held back and
    sent right after its response, so a subscription's id always arrives before its updates.
    """

    def __init__(self, send: Callable[[dict[str, Any]], None], client: str | None = None):
        self._send = send
        self.client = client
        self.buffer: list[dict[str, Any]] = []
        self.subscriptions: dict[str, Callable[[], None]] = {}

    def push(self, msg: dict[str, Any]) -> None:
        if getattr(_current, "session", None) is self:
            self.buffer.append(msg)
        else:
            self._send(msg)

    def close(self) -> None:
        for cancel in list(self.subscriptions.values()):
            cancel()
        self.subscriptions.clear()


class RpcHandler:
    """Maps method names to the node."""

    _ids = itertools.count(1)

    def __init__(self, node: Node, open_dev: bool = False):
        self.node = node
        self.open_dev = open_dev  # dev_* from any client (else only from this machine)
        self.methods: dict[str, Callable[[Session | None, list[Any]], Any]] = {
            name[4:]: getattr(self, name) for name in dir(self) if name.startswith("rpc_") and name != "rpc_"}
        self.methods["rpc_methods"] = self.rpc_rpc_methods

    # -- dispatch -------------------------------------------------------------------------------------------
    def handle_text(self, text: str | bytes, session: Session | None,
                    client: str | None = None) -> dict[str, Any] | list[Any] | None:
        """One JSON-RPC message (or batch) → its response (None for notifications)."""
        if len(text) > MAX_MESSAGE_BYTES:
            return _error(None, -32600, f"Invalid request: message larger than {MAX_MESSAGE_BYTES} bytes")
        try:
            msg = json.loads(text)
        except RecursionError:
            return _error(None, -32600, f"Invalid request: nested deeper than {MAX_DEPTH} levels")
        except (ValueError, UnicodeDecodeError):  # ValueError: bad JSON, and ints of more than 4300 digits
            return _error(None, -32700, "Parse error")
        if _too_deep(msg, MAX_DEPTH + 1):  # +1: a batch is one level of its own
            return _error(None, -32600, f"Invalid request: nested deeper than {MAX_DEPTH} levels")
        if isinstance(msg, list):
            if not msg or len(msg) > MAX_BATCH:
                return _error(None, -32600, f"Invalid request: a batch holds 1 to {MAX_BATCH} requests")
            replies = [r for r in (self.handle(m, session, client) for m in msg) if r is not None]
            return replies or None  # a batch of notifications only: no reply at all
        return self.handle(msg, session, client)

    def handle(self, msg: Any, session: Session | None, client: str | None = None) -> dict[str, Any] | None:
        """One request object → its response object (None for a well-formed notification)."""
        if not isinstance(msg, dict) or not isinstance(msg.get("method"), str):
            return _error(None, -32600, "Invalid request")
        req_id = msg.get("id")
        if not _valid_id(req_id):
            return _error(None, -32600, "Invalid request: id must be a string, a number or null")
        if _too_deep(msg):
            return _error(req_id, -32600, f"Invalid request: nested deeper than {MAX_DEPTH} levels")
        method = self.methods.get(msg["method"])
        _current.client = client
        try:
            if method is None:
                raise RpcError(-32601, f"Method not found: {msg['method'][:100]}")
            if msg["method"].startswith("dev_") and not self.open_dev and not is_loopback(client):
                raise RpcError(-32601, f"{msg['method']} is only served to the chain's own machine "
                                       "(start the chain with --open-dev-rpc to allow it from anywhere)")
            result = method(session, msg.get("params"))
        except RpcError as exc:
            return {"jsonrpc": "2.0", "id": req_id, "error": exc.to_json()}
        except InvalidTransaction as exc:
            return _error(req_id, 1010, "Invalid Transaction", f"{exc.reason}: {exc.detail}")
        except MalformedError as exc:
            return _error(req_id, 1002, f"Verification Error: {exc}", str(exc))
        except FaucetError as exc:
            return _error(req_id, -32010, f"Faucet: {exc}")
        except StateDiscarded as exc:
            return _error(req_id, 4003, str(exc))
        except BittensorLiteError as exc:  # the SDK refused the request for a reason it names
            return _error(req_id, -32602, f"Invalid params: {exc}")
        except Exception:  # a bug in the node, not in the request: say so, log it, keep serving
            log.exception("internal error in %s", msg["method"])
            return _error(req_id, -32603, "Internal error")
        finally:
            _current.client = None
        if req_id is None and "id" not in msg:
            return None
        return {"jsonrpc": "2.0", "id": req_id, "result": result}

    # -- system ------------------------------------------------------------------------------------------------
    def rpc_rpc_methods(self, s: Session | None, p: Any) -> dict[str, Any]:
        return {"methods": sorted(self.methods)}

    def rpc_system_chain(self, s: Session | None, p: Any) -> str:
        return CHAIN_NAME

    def rpc_system_chainType(self, s: Session | None, p: Any) -> str:
        """A chain spec's type: ours is a single-authority development chain, like ``node-subtensor --dev``."""
        return "Development"

    def rpc_system_name(self, s: Session | None, p: Any) -> str:
        return IMPL_NAME

    def rpc_system_version(self, s: Session | None, p: Any) -> str:
        from bittensor_lite import __version__

        return __version__

    def rpc_system_properties(self, s: Session | None, p: Any) -> dict[str, Any]:
        return {"ss58Format": SS58_FORMAT, "tokenDecimals": 9, "tokenSymbol": "TAO"}

    def rpc_system_health(self, s: Session | None, p: Any) -> dict[str, Any]:
        return {"peers": 0, "isSyncing": False, "shouldHavePeers": False}

    def rpc_system_accountNextIndex(self, s: Session | None, p: Any) -> int:
        (address,) = _params(p, 1)[:1]
        try:
            if not isinstance(address, str):
                raise MalformedError("not a string")
            account_bytes(address)
        except (ValueError, MalformedError):
            raise RpcError(-32602, "Invalid params: expected an ss58 address or a 0x-prefixed account id") from None
        return self.node.next_nonce(address)

    rpc_account_nextIndex = rpc_system_accountNextIndex

    # -- chain -------------------------------------------------------------------------------------------------
    def rpc_chain_getBlockHash(self, s: Session | None, p: Any) -> Any:
        (number,) = _params(p, 1)[:1]
        if number is None:
            return self.node.head["hash"]
        if isinstance(number, list):
            return [self.rpc_chain_getBlockHash(s, [n]) for n in number]
        if isinstance(number, str):
            try:
                number = int(number, 16) if number.startswith("0x") else int(number)
            except ValueError:
                raise RpcError(-32602, f"Invalid params: {number!r} is not a block number") from None
        if not isinstance(number, int) or isinstance(number, bool):
            raise RpcError(-32602, "Invalid params: block number")
        return self.node.block_hash(number)

    def rpc_chain_getHead(self, s: Session | None, p: Any) -> str:
        return self.node.head["hash"]

    rpc_chain_getFinalizedHead = rpc_chain_getHead

    def rpc_chain_getHeader(self, s: Session | None, p: Any) -> Any:
        (h,) = _params(p, 1)[:1]
        block = self.node.block_by_hash(_hash_param(h))
        return None if block is None else block["header"]

    def rpc_chain_getBlock(self, s: Session | None, p: Any) -> Any:
        (h,) = _params(p, 1)[:1]
        block = self.node.block_by_hash(_hash_param(h))
        if block is None:
            return None
        return {"block": {"header": block["header"], "extrinsics": block["extrinsics"]}, "justifications": None}

    def _subscribe_heads(self, s: Session | None, method: str) -> str:
        _check_room(s)
        sub_id = f"0x{next(self._ids):016x}"

        def on_block(block: dict[str, Any]) -> None:
            s.push({"jsonrpc": "2.0", "method": method, "params": {"subscription": sub_id, "result": block["header"]}})

        self.node.head_listeners.append(on_block)
        s.subscriptions[sub_id] = lambda: self.node.head_listeners.remove(on_block) \
            if on_block in self.node.head_listeners else None
        head = self.node.head
        s.push({"jsonrpc": "2.0", "method": method, "params": {"subscription": sub_id, "result": head["header"]}})
        return sub_id

    def rpc_chain_subscribeNewHeads(self, s: Session | None, p: Any) -> str:
        return self._subscribe_heads(s, "chain_newHead")

    def rpc_chain_subscribeFinalizedHeads(self, s: Session | None, p: Any) -> str:
        return self._subscribe_heads(s, "chain_finalizedHead")

    def rpc_chain_subscribeAllHeads(self, s: Session | None, p: Any) -> str:
        return self._subscribe_heads(s, "chain_allHead")

    def _unsubscribe(self, s: Session | None, p: Any) -> bool:
        (sub_id,) = _params(p, 1)[:1]
        if s is None or not isinstance(sub_id, str) or sub_id not in s.subscriptions:
            return False
        s.subscriptions.pop(sub_id)()
        return True

    rpc_chain_unsubscribeNewHeads = rpc_chain_unsubscribeFinalizedHeads = rpc_chain_unsubscribeAllHeads = _unsubscribe
    rpc_author_unwatchExtrinsic = _unsubscribe

    # -- state ---------------------------------------------------------------------------------------------------
    def rpc_state_getRuntimeVersion(self, s: Session | None, p: Any) -> dict[str, Any]:
        (h,) = _params(p, 1)[:1]
        _block_param(self.node, h)
        v = runtime_api.runtime_version(self.node.codec.metadata)
        return {"specName": v["spec_name"], "implName": v["impl_name"], "authoringVersion": v["authoring_version"],
                "specVersion": v["spec_version"], "implVersion": v["impl_version"], "apis": [list(a) for a in v["apis"]],
                "transactionVersion": v["transaction_version"], "stateVersion": v["system_version"]}

    rpc_chain_getRuntimeVersion = rpc_state_getRuntimeVersion

    def rpc_state_getMetadata(self, s: Session | None, p: Any) -> str:
        (h,) = _params(p, 1)[:1]
        _block_param(self.node, h)
        return "0x" + self.node.codec.metadata.encoded.hex()

    def rpc_state_call(self, s: Session | None, p: Any) -> str:
        """Run a runtime API function (:mod:`~bittensor_lite.chain.runtime_api`) on SCALE-encoded arguments."""
        name, data, h = _params(p, 3)[:3]
        if not isinstance(name, str):
            raise RpcError(-32602, "Invalid params: expected a runtime API function name such as Core_version")
        raw = _loose_hex_param(data if data is not None else "0x", "call data")
        return "0x" + runtime_api.call(self.node, name, raw, _block_param(self.node, h)).hex()

    rpc_state_callAt = rpc_state_call

    def rpc_state_getStorage(self, s: Session | None, p: Any) -> str | None:
        key, h = _params(p, 2)[:2]
        value = self.node.storage(_hex_param(key, "storage key"), _block_param(self.node, h))
        return None if value is None else "0x" + value.hex()

    rpc_state_getStorageAt = rpc_state_getStorage

    def rpc_state_getKeysPaged(self, s: Session | None, p: Any) -> list[str]:
        prefix, count, start, h = _params(p, 4)[:4]
        prefix_b = _hex_param(prefix or "0x", "prefix")
        if not isinstance(count, int) or not 0 < count <= MAX_KEYS_PER_PAGE:
            raise RpcError(-32602, f"Invalid params: count must be 1..{MAX_KEYS_PER_PAGE}")
        start_b = _hex_param(start, "start key") if start else b""
        keys = self.node.storage_keys(prefix_b, _block_param(self.node, h))
        return ["0x" + k.hex() for k in keys if k > start_b][:count]

    def rpc_state_getKeys(self, s: Session | None, p: Any) -> list[str]:
        """Every storage key under ``prefix`` at a block, in one answer (what bittensor-cli 9's query_map asks)."""
        prefix, h = _params(p, 2)[:2]
        keys = self.node.storage_keys(_hex_param(prefix or "0x", "prefix"), _block_param(self.node, h))
        if len(keys) > MAX_KEYS_UNPAGED:
            raise RpcError(-32602, f"Invalid params: {len(keys)} keys under that prefix, more than "
                                   f"{MAX_KEYS_UNPAGED}: page them with state_getKeysPaged")
        return ["0x" + k.hex() for k in keys]

    def rpc_state_queryStorageAt(self, s: Session | None, p: Any) -> list[dict[str, Any]]:
        keys, h = _params(p, 2)[:2]
        if not isinstance(keys, list) or len(keys) > MAX_QUERY_KEYS:
            raise RpcError(-32602, f"Invalid params: expected a list of at most {MAX_QUERY_KEYS} keys")
        block_hash = _block_param(self.node, h)
        changes = []
        for k in keys:
            v = self.node.storage(_hex_param(k, "storage key"), block_hash)
            changes.append([k, None if v is None else "0x" + v.hex()])
        return [{"block": block_hash or self.node.head["hash"], "changes": changes}]

    # -- author --------------------------------------------------------------------------------------------------
    def rpc_author_submitExtrinsic(self, s: Session | None, p: Any) -> str:
        (xt,) = _params(p, 1)[:1]
        return "0x" + self.node.submit(_hex_param(xt, "extrinsic")).hex()

    def rpc_author_submitAndWatchExtrinsic(self, s: Session | None, p: Any) -> str:
        _check_room(s)
        (xt,) = _params(p, 1)[:1]
        raw = _hex_param(xt, "extrinsic")
        sub_id = f"0x{next(self._ids):016x}"
        early: list[dict[str, Any]] = []
        state = {"answered": False, "done": False}

        def update(result: Any) -> dict[str, Any]:
            return {"jsonrpc": "2.0", "method": "author_extrinsicUpdate",
                    "params": {"subscription": sub_id, "result": result}}

        def watcher(status: str, block_hash: str) -> None:
            (s.push if state["answered"] else early.append)(update({status: block_hash}))
            if status == "finalized":  # the last update: the watch no longer counts against the limit
                state["done"] = True
                s.subscriptions.pop(sub_id, None)

        with self.node.lock:  # block production (and so the watcher) waits for this
            self.node.submit(raw, watcher=watcher)
            if not state.get("done"):
                s.subscriptions[sub_id] = lambda: None
            state["answered"] = True
            s.push(update("ready"))
            for msg in early:
                s.push(msg)
        return sub_id

    def rpc_author_pendingExtrinsics(self, s: Session | None, p: Any) -> list[str]:
        return ["0x" + e.raw.hex() for e in self.node.pool.pending]

    def rpc_payment_queryInfo(self, s: Session | None, p: Any) -> dict[str, Any]:
        (xt,) = _params(p, 1)[:1]
        info = runtime_api.dispatch_info(self.node, _hex_param(xt, "extrinsic"))
        return {"weight": info["weight"], "class": info["class"].lower(), "partialFee": str(info["partial_fee"])}

    # -- dev --------------------------------------------------------------------------------------------------------
    def rpc_dev_newBlock(self, s: Session | None, p: Any) -> str:
        (opts,) = _params(p, 1)[:1]
        count = (opts or {}).get("count", 1) if isinstance(opts, dict) or opts is None else None
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 100_000:
            raise RpcError(-32602, "Invalid params: expected {\"count\": N} with 1 <= N <= 100000")
        return self.node.produce_blocks(count)

    def rpc_dev_setBalance(self, s: Session | None, p: Any) -> None:
        address, amount = _params(p, 2)[:2]
        self.node.set_balance(address, amount)
        return None

    def rpc_faucet_drip(self, s: Session | None, p: Any) -> str:
        """Send the faucet's amount to an address (limited per address, per client machine and in total per
        interval: :class:`~bittensor_lite.chain.faucet.Faucet`); returns the extrinsic hash."""
        (address,) = _params(p, 1)[:1]
        if not isinstance(address, str):
            raise RpcError(-32602, "Invalid params: expected an ss58 address")
        if self.node.faucet is None:
            raise FaucetError("this chain has no faucet (start it with --faucet-tao N)")
        client = getattr(_current, "client", None)
        return self.node.faucet.drip(self.node, address, client=None if is_loopback(client) else client)

    def rpc_dev_snapshot(self, s: Session | None, p: Any) -> int:
        return self.node.snapshot()

    def rpc_dev_revert(self, s: Session | None, p: Any) -> bool:
        (snap_id,) = _params(p, 1)[:1]
        if not isinstance(snap_id, int):
            raise RpcError(-32602, "Invalid params: snapshot id")
        return self.node.revert(snap_id)


def handle_ws_text(handler: RpcHandler, text: str | bytes, session: Session) -> tuple[Any, list[dict[str, Any]]]:
    """Handle one WebSocket message; what it pushed to its own connection follows the response."""
    _current.session = session
    try:
        result = handler.handle_text(text, session, session.client)
    finally:
        _current.session = None
    pushed, session.buffer = session.buffer, []
    return result, pushed
