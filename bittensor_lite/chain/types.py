"""A portable type registry (scale-info) built from short type expressions.

Substrate metadata V14 describes every type a runtime uses once, in a table of numbered
types; calls, storage and events then refer to types by number. :class:`TypeRegistry` builds
that table from expressions such as ``"Vec<(u16, u16)>"`` or ``"AccountId32"``, giving each
distinct type one id, so our metadata can be declared in a few readable lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

PRIMITIVES = frozenset({"bool", "char", "str", "u8", "u16", "u32", "u64", "u128", "u256",
                        "i8", "i16", "i32", "i64", "i128", "i256"})

Field = tuple[str | None, str] | tuple[str | None, str, str]  # (name, type expression[, type name])


def field_list(reg: TypeRegistry, fields: Sequence[Field]) -> list[dict[str, Any]]:
    """Fields in scale-info's shape, resolving each type expression to an id."""
    out = []
    for f in fields:
        name, expr = f[0], f[1]
        type_name = f[2] if len(f) > 2 else expr  # type: ignore[misc]
        out.append({"name": name, "type": reg.type(expr), "typeName": type_name, "docs": []})
    return out


class TypeRegistry:
    """The numbered type table of one runtime's metadata."""

    def __init__(self) -> None:
        self.types: list[dict[str, Any]] = []
        self._ids: dict[Any, int] = {}
        self._named: dict[str, Callable[[TypeRegistry], int]] = {}

    # -- building ---------------------------------------------------------------------------------
    def add(self, key: Any, path: Sequence[str], definition: dict[str, Any], params: Sequence[dict] = ()) -> int:
        """Register one type (once per ``key``) and return its id."""
        if key in self._ids:
            return self._ids[key]
        type_id = len(self.types)
        self._ids[key] = type_id
        self.types.append({"id": type_id, "type": {"path": list(path), "params": list(params),
                                                   "def": definition, "docs": []}})
        return type_id

    def define(self, name: str, build: Callable[[TypeRegistry], int]) -> None:
        """Teach the registry a named type (``"AccountId32"``); built on first use."""
        self._named[name] = build

    def composite(self, path: Sequence[str], fields: Sequence[Field], params: Sequence[dict] = ()) -> int:
        """A struct (or newtype) at ``path``."""
        key = ("composite", tuple(path))
        if key in self._ids:
            return self._ids[key]
        return self._fill(key, path, lambda: {"composite": {"fields": field_list(self, fields)}}, params)

    def variant(self, path: Sequence[str], variants: Sequence[tuple[int, str, Sequence[Field]]],
                params: Sequence[dict] = ()) -> int:
        """An enum at ``path``: ``(index, name, fields)`` for each variant."""
        key = ("variant", tuple(path), tuple((i, n) for i, n, _ in variants))
        if key in self._ids:
            return self._ids[key]

        def build() -> dict[str, Any]:
            return {"variant": {"variants": [
                {"name": name, "fields": field_list(self, fields), "index": index, "docs": []}
                for index, name, fields in variants]}}

        return self._fill(key, path, build, params)

    def _fill(self, key: Any, path: Sequence[str], build: Callable[[], dict], params: Sequence[dict]) -> int:
        # Reserve the id first so recursive types (a call that contains calls) can refer to it.
        type_id = self.add(key, path, {}, params)
        self.types[type_id]["type"]["def"] = build()
        return type_id

    # -- expressions ---------------------------------------------------------------------------------
    def type(self, expr: str) -> int:
        """The id of the type written as ``expr`` (``u16``, ``Vec<u8>``, ``[u8; 32]``, ``(u16, u64)``, a name)."""
        expr = expr.strip()
        key = ("expr", re.sub(r"\s+", "", expr))
        if key in self._ids:
            return self._ids[key]
        if expr in PRIMITIVES:
            return self.add(key, [], {"primitive": expr})
        if expr in self._named:
            type_id = self._named[expr](self)
            self._ids[key] = type_id
            return type_id
        m = re.fullmatch(r"(Vec|Compact|Option)<(.+)>", expr)
        if m:
            kind, inner = m.group(1), m.group(2)
            if kind == "Vec":
                return self.add(key, [], {"sequence": {"type": self.type(inner)}})
            if kind == "Compact":
                return self.add(key, [], {"compact": {"type": self.type(inner)}})
            inner_id = self.type(inner)  # keyed by the expression: every Option<T> is its own type

            def option() -> dict[str, Any]:
                return {"variant": {"variants": [
                    {"name": "None", "fields": [], "index": 0, "docs": []},
                    {"name": "Some", "fields": field_list(self, [(None, inner)]), "index": 1, "docs": []}]}}

            return self._fill(key, ["Option"], option, [{"name": "T", "type": inner_id}])
        m = re.fullmatch(r"\[(.+);\s*(\d+)\]", expr)
        if m:
            return self.add(key, [], {"array": {"len": int(m.group(2)), "type": self.type(m.group(1))}})
        if expr.startswith("(") and expr.endswith(")"):
            parts = split_top_level(expr[1:-1])
            return self.add(key, [], {"tuple": [self.type(p) for p in parts]})
        raise KeyError(f"unknown type expression {expr!r}")


def split_top_level(s: str) -> list[str]:
    """Split ``"u16, (u8, u8), Vec<u8>"`` at the commas that are not nested."""
    parts, depth, cur = [], 0, ""
    for ch in s:
        if ch in "<([":
            depth += 1
        elif ch in ">)]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur.strip())
    return parts
