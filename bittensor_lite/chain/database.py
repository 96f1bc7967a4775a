"""Durable chain storage in SQLite: blocks, dev operations and state checkpoints.

Every block is committed (WAL, ``synchronous=FULL``) before the node reports it, so a block
that was announced survives ``kill -9``. State is not written per block: the node keeps a
checkpoint every few hundred blocks and, on restart, replays the blocks after the latest one
through the same deterministic runtime, checking each rebuilt block hash against the stored one.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS blocks (
    number INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE, header TEXT NOT NULL,
    extrinsics TEXT NOT NULL, events BLOB NOT NULL, timestamp INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS dev_ops (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, after_block INTEGER NOT NULL, op TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS checkpoints (number INTEGER PRIMARY KEY, op_seq INTEGER NOT NULL, state TEXT NOT NULL);
"""


class ChainDatabase:
    """One chain's database file (``chain.sqlite`` under the state directory)."""

    def __init__(self, directory: str | Path):
        self.path = Path(directory) / "chain.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL: a committed block survives the process being killed (kill -9), which is the
        # promise; only an OS crash or power cut could lose the last commits. FULL synced every block
        # to disk, a large share of each instant-seal block's cost.
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    # -- meta -------------------------------------------------------------------------------------
    def get_meta(self, key: str) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else json.loads(row[0])

    def set_meta(self, key: str, value: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, json.dumps(value)))

    # -- blocks ------------------------------------------------------------------------------------
    def add_blocks(self, blocks: list[dict[str, Any]],
                   checkpoint: tuple[int, int, dict[str, Any]] | None = None) -> None:
        """Commit blocks (and, if given, a state checkpoint ``(number, op_seq, state)``) in one transaction."""
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany(
                "INSERT INTO blocks VALUES (?, ?, ?, ?, ?, ?)",
                [(b["number"], b["hash"], json.dumps(b["header"]), json.dumps(b["extrinsics"]), b["events"],
                  b["timestamp"]) for b in blocks])
            if checkpoint is not None:
                self._checkpoint(*checkpoint)

    def add_checkpoint(self, number: int, op_seq: int, state: dict[str, Any]) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self._checkpoint(number, op_seq, state)

    def _checkpoint(self, number: int, op_seq: int, state: dict[str, Any]) -> None:
        self.db.execute("INSERT OR REPLACE INTO checkpoints VALUES (?, ?, ?)", (number, op_seq, json.dumps(state)))
        self.db.execute("DELETE FROM checkpoints WHERE number < ? AND number > 0", (number - 2048,))

    def blocks(self, after: int = -1) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT number, hash, header, extrinsics, events, timestamp FROM blocks "
                               "WHERE number > ? ORDER BY number", (after,)).fetchall()
        return [{"number": r[0], "hash": r[1], "header": json.loads(r[2]), "extrinsics": json.loads(r[3]),
                 "events": bytes(r[4]), "timestamp": r[5]} for r in rows]

    def latest_checkpoint(self) -> tuple[int, int, dict[str, Any]] | None:
        row = self.db.execute("SELECT number, op_seq, state FROM checkpoints ORDER BY number DESC LIMIT 1").fetchone()
        return None if row is None else (row[0], row[1], json.loads(row[2]))

    def checkpoint_index(self) -> dict[int, int]:
        """Every kept checkpoint: number -> op_seq."""
        return dict(self.db.execute("SELECT number, op_seq FROM checkpoints").fetchall())

    def checkpoint(self, number: int) -> tuple[int, int, dict[str, Any]]:
        row = self.db.execute("SELECT number, op_seq, state FROM checkpoints WHERE number=?", (number,)).fetchone()
        return row[0], row[1], json.loads(row[2])

    # -- dev operations ---------------------------------------------------------------------------------
    def add_dev_op(self, after_block: int, op: dict[str, Any]) -> int:
        with self.db:
            cur = self.db.execute("INSERT INTO dev_ops (after_block, op) VALUES (?, ?)", (after_block, json.dumps(op)))
        return int(cur.lastrowid or 0)

    def dev_ops(self, after_seq: int) -> list[tuple[int, int, dict[str, Any]]]:
        rows = self.db.execute("SELECT seq, after_block, op FROM dev_ops WHERE seq > ? ORDER BY seq", (after_seq,))
        return [(r[0], r[1], json.loads(r[2])) for r in rows.fetchall()]

    def last_op_seq(self) -> int:
        row = self.db.execute("SELECT MAX(seq) FROM dev_ops").fetchone()
        return int(row[0] or 0)

    def truncate(self, number: int, op_seq: int) -> None:
        """Forget blocks after ``number`` and dev operations after ``op_seq`` (a revert)."""
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute("DELETE FROM blocks WHERE number > ?", (number,))
            self.db.execute("DELETE FROM dev_ops WHERE seq > ?", (op_seq,))
            self.db.execute("DELETE FROM checkpoints WHERE number > ? OR op_seq > ?", (number, op_seq))
