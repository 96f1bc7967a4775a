"""A fast reader of any Substrate node's storage over JSON-RPC, through substrate-interface.

Reads by pallet and item name from the node's metadata; a whole map or many keys of one
item come back in a few bulk requests (``state_getKeysPaged``, ``state_queryStorageAt``), and
keys and values simple enough (integers, accounts) are hashed and decoded here rather than
by scalecodec — per neuron, a metagraph sync costs microseconds. Reads "at the head" retry
when the head moves on mid-read and the node no longer has the old state.
"""

from __future__ import annotations

from typing import Any

from bittensor_lite.errors import BittensorLiteError
from bittensor_lite.scale import (
    HASH_SIZES,
    SS58_FORMAT,
    account_address,
    account_bytes,
    hash_key,
    storage_prefix,
)

SIMPLE_KEYS = {"u16": 2, "u32": 4, "u64": 8, "AccountId": 32}
SIMPLE_VALUES = frozenset({"u16", "u32", "u64", "bool", "AccountId"})


def _simple_name(runtime_config: Any, type_string: str) -> str:
    """A storage key/value type reduced to the names we encode and decode directly (else unchanged)."""
    cls = runtime_config.get_decoder_class(type_string)
    info = getattr(cls, "scale_info_type", None)
    if info is None:
        return type_string
    value = info.value
    if value["path"] and value["path"][-1] == "AccountId32":
        return "AccountId"
    return value["def"].get("primitive", type_string)


def _default_bytes(value: Any) -> bytes:
    """A storage item's default as bytes (scalecodec hands it over as hex, or as text when it decodes as UTF-8)."""
    if isinstance(value, bytes | bytearray):
        return bytes(value)
    if isinstance(value, str) and value.startswith("0x"):
        try:
            return bytes.fromhex(value[2:])
        except ValueError:
            pass
    return str(value).encode("utf-8")


def _decode_simple(value_type: str, hex_value: str) -> Any:
    raw = bytes.fromhex(hex_value[2:]) if hex_value.startswith("0x") else bytes.fromhex(hex_value)
    if value_type == "AccountId":
        return account_address(raw[:32])
    if value_type == "bool":
        return bool(raw[0])
    return int.from_bytes(raw, "little")


class SubstrateReader:
    """Storage reads and raw RPC against one node (``self.substrate`` is a :class:`~bittensor_lite.backends.client.ChainClient`)."""

    def __init__(self, url: str):
        # substrate-interface is heavy: loaded with the first connection, not with bittensor_lite
        from bittensor_lite.backends.client import ChainClient

        self.url = url
        try:
            # JSON-RPC is ASCII: skip websocket-client's pure-Python UTF-8 check (a third of a big sync)
            self.substrate = ChainClient(url=url, ss58_format=SS58_FORMAT, ws_options={"skip_utf8_validation": True})
        except Exception as exc:
            raise BittensorLiteError(f"cannot reach a Substrate node at {url}: {exc}") from None
        self.substrate.init_runtime()

    def close(self) -> None:
        """Close the WebSocket connection."""
        self.substrate.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.url!r})"

    # -- low level ------------------------------------------------------------------------------
    def rpc(self, method: str, params: list[Any] | None = None) -> Any:
        """One raw JSON-RPC call; a JSON-RPC error becomes a BittensorLiteError."""
        from substrateinterface.exceptions import SubstrateRequestException

        try:
            response = self.substrate.rpc_request(method, params or [])
        except SubstrateRequestException as exc:
            detail = exc.args[0] if exc.args else exc
            message = detail.get("message") if isinstance(detail, dict) else str(detail)
            raise BittensorLiteError(f"{method}: {message}") from None
        if "error" in response:
            raise BittensorLiteError(f"{method}: {response['error'].get('message')} {response['error'].get('data', '')}")
        return response.get("result")

    def _latest(self, read: Any, block_hash: str | None) -> Any:
        """Run a read at the chain head; if the head moved on mid-read (a node that keeps only recent
        state answers "State already discarded"), read again at the new head."""
        from substrateinterface.exceptions import SubstrateRequestException

        for _attempt in range(8):
            try:
                return read()
            except (SubstrateRequestException, BittensorLiteError) as exc:  # via substrate-interface or self.rpc
                if block_hash is not None or "State already discarded" not in str(exc):
                    raise
        raise BittensorLiteError("the chain kept moving while reading; try again")

    def query(self, pallet: str, item: str, params: list[Any] | None = None, block_hash: str | None = None) -> Any:
        """One storage value by name (its default when absent; None for absent optional items)."""
        return self._latest(lambda: self.substrate.query(pallet, item, params or [], block_hash=block_hash).value,
                            block_hash)

    def storage_key(self, pallet: str, item: str, params: list[Any]) -> Any:
        """A storage key built from the metadata already loaded (no request to the node)."""
        from substrateinterface.storage import StorageKey

        return StorageKey.create_from_storage_function(pallet, item, params, runtime_config=self.substrate.runtime_config,
                                                       metadata=self.substrate.metadata)

    def query_many(self, pallet: str, item: str, params_list: list[list[Any]], block_hash: str | None = None) -> list[Any]:
        """Many values of one item in a single ``state_queryStorageAt`` request.

        Keys are hashed here from the metadata's hashers, and simple values (integers, accounts)
        decoded directly: per neuron, a metagraph sync costs microseconds, not a metadata search.
        """
        if not params_list:
            return []
        fast = self._fast_layout(pallet, item)
        if fast is None:
            keys = [self.storage_key(pallet, item, p) for p in params_list]
            return self._latest(lambda: [obj.value for _k, obj in self.substrate.query_multi(keys, block_hash=block_hash)],
                                block_hash)
        prefix, hashers, key_types, value_type, default = fast
        hex_keys = [self._hashed_key(prefix, hashers, key_types, p) for p in params_list]

        def read() -> list[Any]:
            out: list[Any] = []
            for start in range(0, len(hex_keys), 1000):
                result = self.rpc("state_queryStorageAt", [hex_keys[start:start + 1000], block_hash])
                values = dict(result[0]["changes"]) if result else {}
                out.extend(_decode_simple(value_type, values.get(k) or default) for k in hex_keys[start:start + 1000])
            return out

        return self._latest(read, block_hash)

    def _fast_layout(self, pallet: str, item: str) -> tuple[bytes, list[str], list[str], str, str] | None:
        """(prefix, hashers, key types, value type, default) when keys and value are simple enough to do here."""
        cache = self.__dict__.setdefault("_layouts", {})
        if (pallet, item) not in cache:
            fn = self.substrate.metadata.get_metadata_pallet(pallet).get_storage_function(item)
            rc = self.substrate.runtime_config
            key_types = [_simple_name(rc, t) for t in fn.get_params_type_string()]
            value_type = _simple_name(rc, fn.get_value_type_string())
            hashers = list(fn.get_param_hashers())
            ok = (all(t in SIMPLE_KEYS for t in key_types) and value_type in SIMPLE_VALUES
                  and all(h in ("Identity", "Blake2_128Concat", "Twox64Concat") for h in hashers)
                  and fn.value["modifier"] == "Default")
            default_hex = "0x" + _default_bytes(fn.value["default"]).hex()
            cache[(pallet, item)] = (storage_prefix(pallet, item), hashers, key_types, value_type, default_hex) \
                if ok else None
        return cache[(pallet, item)]

    def _query_map_simple(self, layout: tuple[bytes, list[str], list[str], str, str], params: list[Any],
                          block_hash: str | None) -> list[tuple[Any, Any]]:
        """query_map for maps of simple keys and values: keys parsed and values decoded here."""
        prefix, hashers, key_types, value_type, _default = layout
        start_key = self._hashed_key(prefix, hashers[:len(params)], key_types[:len(params)], params)
        keys: list[str] = []
        last = None
        while True:
            page = self.rpc("state_getKeysPaged", [start_key, 1000, last, block_hash]) or []
            keys.extend(page)
            if len(page) < 1000:
                break
            last = page[-1]
        out: list[tuple[Any, Any]] = []
        skip = len(start_key) // 2 - 1
        for begin in range(0, len(keys), 1000):
            result = self.rpc("state_queryStorageAt", [keys[begin:begin + 1000], block_hash])
            for key, value in (result[0]["changes"] if result else []):
                if value is None:
                    continue
                raw, parts = bytes.fromhex(key[2:])[skip:], []
                for hasher, ty in zip(hashers[len(params):], key_types[len(params):], strict=True):
                    raw = raw[HASH_SIZES[hasher]:]
                    size = SIMPLE_KEYS[ty]
                    part, raw = raw[:size], raw[size:]
                    parts.append(account_address(part) if ty == "AccountId" else int.from_bytes(part, "little"))
                out.append((parts[0] if len(parts) == 1 else parts, _decode_simple(value_type, value)))
        return out

    @staticmethod
    def _hashed_key(prefix: bytes, hashers: list[str], key_types: list[str], params: list[Any]) -> str:
        out = prefix
        for hasher, ty, value in zip(hashers, key_types, params, strict=True):
            raw = account_bytes(value) if ty == "AccountId" else int(value).to_bytes(SIMPLE_KEYS[ty], "little")
            out += hash_key(hasher, raw)
        return "0x" + out.hex()

    def query_map(self, pallet: str, item: str, params: list[Any] | None = None,
                  block_hash: str | None = None) -> list[tuple[Any, Any]]:
        """Every entry of a map (under ``params``), via paged key listing plus bulk reads."""
        fast = self._fast_layout(pallet, item)
        if fast is not None:
            return self._latest(lambda: self._query_map_simple(fast, params or [], block_hash), block_hash)
        def read() -> list[tuple[Any, Any]]:
            result = self.substrate.query_map(pallet, item, params or [], page_size=1000, block_hash=block_hash)
            return [(k.value, v.value) for k, v in result]

        return self._latest(read, block_hash)

    def query_many_items(self, items: list[tuple[str, list[Any]]], block_hash: str | None = None) -> list[Any]:
        """Several SubtensorModule items in one request."""
        keys = [self.storage_key("SubtensorModule", item, params)
                for item, params in items]
        return [obj.value for _k, obj in self.substrate.query_multi(keys, block_hash=block_hash)]
