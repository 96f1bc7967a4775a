"""The local chain node: genesis, a transaction pool, block production, durability and storage reads.

One process, instant blocks (or one every ``block_time`` seconds), funded dev accounts — a dev
chain in the spirit of anvil and chopsticks. The jobs live in their own modules and the node
composes them: :mod:`~bittensor_lite.chain.pool` checks extrinsics as a Substrate pool does,
:mod:`~bittensor_lite.chain.execution` runs blocks on the very same
:class:`~bittensor_lite.runtime.Runtime` the mock backend uses,
:mod:`~bittensor_lite.chain.database` keeps blocks durable, :mod:`~bittensor_lite.chain.faucet`
serves workshops, :mod:`~bittensor_lite.chain.storage` answers reads.

**Reads at recent blocks.** Clients read at a block hash they have just seen, so the state of
the last :data:`STATE_WINDOW` blocks (the head included) stays readable; older blocks keep only
their block-level items (``System.Events``, ``System.Number``, …) and answer ``StateDiscarded``
for the rest. There is no per-block journal: block production copies the state only every
:data:`SNAPSHOT_EVERY` blocks (one ``copy.deepcopy``, measured faster than ``to_dict``/``from_dict``),
keeping just the snapshots that reach back over the window, so memory is bounded by
``STATE_WINDOW / SNAPSHOT_EVERY + 2`` states plus :data:`REBUILT_KEPT` rebuilt ones. A read at an
older block ``B`` rebuilds its state from the nearest base at or before ``B`` — an in-memory
snapshot, a state rebuilt earlier, or a SQLite checkpoint — by replaying the blocks and dev
operations after it with the same deterministic code recovery uses (each rebuilt block hash is
checked against the stored one). A block's state is the one it had when it was last the head:
dev operations made while it was the head are part of it. ``dev_revert`` forgets the snapshots and
rebuilt states it invalidates.
"""

from __future__ import annotations

import copy
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bittensor_lite.chain.codec import Codec, parse_extrinsic
from bittensor_lite.chain.database import ChainDatabase
from bittensor_lite.chain.execution import ZERO_HASH, execute_block, seal
from bittensor_lite.chain.faucet import Faucet, new_faucet_key
from bittensor_lite.chain.pool import TransactionPool
from bittensor_lite.chain.shield import ShieldKeystore
from bittensor_lite.chain.storage import ChainView, StorageReader
from bittensor_lite.errors import BittensorLiteError, FaucetError, MalformedError, StateDiscarded
from bittensor_lite.runtime import Runtime
from bittensor_lite.runtime.genesis import Genesis
from bittensor_lite.runtime.state import ChainState
from bittensor_lite.scale import SS58_FORMAT, is_address

CHECKPOINT_EVERY = 256
STATE_WINDOW = 256  # the last this-many blocks (the head included) have their whole state readable
SNAPSHOT_EVERY = 32  # block production keeps a copy of the state at every block number divisible by this
REBUILT_KEPT = 4  # rebuilt states of older blocks kept for the next read (least recently used goes)
BLOCK_LEVEL_ITEMS = (("System", "Events"), ("System", "Number"), ("Timestamp", "Now"), ("System", "ParentHash"),
                     ("System", "EventCount"))  # read from the block itself: kept for every block
_GENESIS_PARENT = {"hash": ZERO_HASH, "header": {"stateRoot": ZERO_HASH}}


class Node:
    """A single-authority chain: validates, seals and stores blocks; answers storage reads."""

    def __init__(self, state_dir: str | Path | None = None, *, block_time: float = 0.0, ready_subnet: bool = False,
                 sudo: str | None = None, dev_funds: bool = True, faucet_tao: float = 0.0, faucet_every: float = 60.0,
                 log: Callable[[str], None] | None = None):
        self.codec = Codec()
        self.reader = StorageReader(self.codec)
        self.block_time = float(block_time)
        self.log = log or (lambda line: None)
        self.lock = threading.RLock()
        self._tmp = None
        if state_dir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="bittensor-lite-chain-")
            state_dir = self._tmp.name
        self.state_dir = Path(state_dir)
        self.store = ChainDatabase(self.state_dir)
        self.pool = TransactionPool(self.codec)
        self.shield = ShieldKeystore(self.state_dir)  # the author's MEV-shield key pair (MevShield.NextKey)
        self.head_listeners: list[Callable[[dict[str, Any]], None]] = []
        self.watchers: dict[bytes, Callable[[str, str], None]] = {}
        self.snapshots: dict[int, tuple[int, int, Any, int]] = {}
        self.blocks: list[dict[str, Any]] = []
        self.by_hash: dict[str, int] = {}
        self.dev_ops_applied = 0  # bumped by every change made outside a block (dev RPCs, revert)
        self._keys_cache: dict[str, Any] = {}
        # bases for rebuilding an older block's state: number -> (op_seq, state); the state is the one
        # right after that block with the dev operations up to op_seq applied. Never mutated.
        self._bases: dict[int, tuple[int, ChainState]] = {}
        self._rebuilt: OrderedDict[int, tuple[int, ChainState]] = OrderedDict()  # the LRU of rebuilt states
        self._disk_bases: dict[int, int] = {}  # SQLite checkpoints: number -> op_seq
        self.rebuilds = 0  # how many older states were rebuilt (for tests and benchmarks)

        stored_genesis = self.store.get_meta("genesis")
        if stored_genesis is None:  # a new chain: its genesis is kept with it, so a restart replays the same
            genesis = Genesis(dev_funds=bool(dev_funds), sudo=sudo, ready_subnet=bool(ready_subnet))
            if genesis.sudo is None:
                genesis.sudo = Genesis().sudo  # //Alice: a chain always has a sudo key
            if faucet_tao > 0:
                genesis.faucet = new_faucet_key(self.state_dir)
            self.store.set_meta("genesis", genesis.to_dict())
        else:
            genesis = Genesis(**stored_genesis)
        self.faucet = Faucet(self.state_dir, int(faucet_tao * 10**9), faucet_every) if genesis.faucet else None
        self.runtime = genesis.build()
        self.genesis_state = copy.deepcopy(self.runtime.state)
        stored = self.store.blocks(after=-1) if self.store.latest_checkpoint() is not None else []
        if not stored:
            block0 = seal(0, ZERO_HASH, ZERO_HASH, [], b"\x00", 0)
            self.store.add_blocks([block0], checkpoint=(0, 0, self.runtime.state.to_dict()))
            self._remember(block0)
        else:
            self._recover(stored)
        self._disk_bases = self.store.checkpoint_index()
        self.log(f"genesis {self.blocks[0]['hash']} · head #{self.head['number']} · state in {self.state_dir}")

    # -- blocks ------------------------------------------------------------------------------------------
    @property
    def head(self) -> dict[str, Any]:
        """The best (latest) block."""
        return self.blocks[-1]

    @property
    def genesis_hash(self) -> bytes:
        """Block 0's hash: part of every signing payload."""
        return bytes.fromhex(self.blocks[0]["hash"][2:])

    def block_hash(self, number: int) -> str | None:
        """The hash of block ``number`` (None if it does not exist yet)."""
        return self.blocks[number]["hash"] if 0 <= number < len(self.blocks) else None

    def block_by_hash(self, block_hash: str | None) -> dict[str, Any] | None:
        """A block by hash (the head for None; None if unknown)."""
        if block_hash is None:
            return self.head
        n = self.by_hash.get(str(block_hash).lower())
        return None if n is None else self.blocks[n]

    def _remember(self, block: dict[str, Any]) -> None:
        self.blocks.append(block)
        self.by_hash[block["hash"]] = block["number"]

    # -- the pool and block production ---------------------------------------------------------------------
    def next_nonce(self, address: str) -> int:
        """``system_accountNextIndex``: the account's nonce plus its transactions in the pool."""
        with self.lock:
            return self.pool.next_nonce(address, self.runtime.state.nonces.get(address, 0))

    def submit(self, raw: bytes, watcher: Callable[[str, str], None] | None = None) -> bytes:
        """Accept a signed extrinsic into the pool (sealing a block at once with instant seal)."""
        with self.lock:
            ext = self.pool.validate(raw, head=self.head["number"], block_hash=self.block_hash,
                                     genesis_hash=self.genesis_hash,
                                     chain_nonce=lambda a: self.runtime.state.nonces.get(a, 0),
                                     free_balance=self.runtime.free_balance, unshield=self.shield.unshield)
            self.pool.add(ext)
            if watcher is not None:
                self.watchers[ext.hash] = watcher
            if self.block_time <= 0:
                self.produce_blocks(1)
            return ext.hash

    def produce_blocks(self, count: int = 1) -> str:
        """Seal ``count`` blocks now (the first takes the pool), commit them, notify; return the head hash."""
        if not isinstance(count, int) or count < 0 or count > 100_000:
            raise MalformedError("count must be a whole number between 0 and 100000")
        with self.lock:
            new: list[dict[str, Any]] = []
            included: list[tuple[bytes, str]] = []  # (extrinsic hash, hash of its block)
            end = self.head["number"] + count
            op_seq = self.store.last_op_seq() if count else 0
            for k in range(count):
                exts = self.pool.take() if k == 0 else []
                now = max(int(time.time() * 1000), self.head["timestamp"] + 1)
                block, out = execute_block(self.runtime, self.codec, self.head, exts, now)
                self._remember(block)
                self._maybe_snapshot(block["number"], op_seq, end)
                new.append(block)
                included += [(ext_hash, block["hash"]) for ext_hash, _outcome in out]
            if new:
                last = new[-1]["number"]
                checkpoint = None
                if any(b["number"] % CHECKPOINT_EVERY == 0 for b in new):
                    checkpoint = (last, self.store.last_op_seq(), self.runtime.state.to_dict())
                self.store.add_blocks(new, checkpoint)
                if checkpoint is not None:
                    self._disk_bases[last] = checkpoint[1]
                self._prune_bases()
            for block in new:
                self.log(f"#{block['number']} {block['hash'][:18]}… {len(block['extrinsics']) - 1} extrinsic(s)")
                for listener in list(self.head_listeners):
                    listener(block)
            for ext_hash, block_hash in included:
                watcher = self.watchers.pop(ext_hash, None)
                if watcher is not None:
                    watcher("inBlock", block_hash)
                    watcher("finalized", block_hash)
            return self.head["hash"]

    # -- recovery ---------------------------------------------------------------------------------------------
    def _recover(self, stored: list[dict[str, Any]]) -> None:
        cp = self.store.latest_checkpoint()
        assert cp is not None
        cp_number, cp_seq, cp_state = cp
        for b in stored:
            self._remember(b)
        self.runtime.state = ChainState.from_dict(cp_state)
        self.dev_ops_applied += self._replay(self.runtime, cp_number, cp_seq, self.head["number"], snapshots=True)[0]

    def _replay(self, runtime: Runtime, number: int, op_seq: int, upto: int,
                snapshots: bool = False) -> tuple[int, int]:
        """Bring ``runtime.state`` — the state right after block ``number`` with the dev operations up to
        ``op_seq`` — to block ``upto``'s state as it was when that block was the head, by re-executing the
        stored blocks in between (each rebuilt hash checked) and re-applying the dev operations; with
        ``snapshots``, keep the snapshots block production would have kept. Returns how many dev operations
        were applied and the sequence number of the last one (``op_seq`` if none): the result's op_seq."""
        ops: dict[int, list[tuple[int, dict[str, Any]]]] = {}
        for seq, after, op in self.store.dev_ops(op_seq):
            if number <= after <= upto:
                ops.setdefault(after, []).append((seq, op))
        applied = 0
        for n in range(number, upto + 1):
            if n > number:
                b = self.blocks[n]
                exts = [parse_extrinsic(self.codec, bytes.fromhex(x[2:])) for x in b["extrinsics"][1:]]
                rebuilt, _ = execute_block(runtime, self.codec, self.blocks[n - 1], exts, b["timestamp"])
                if rebuilt["hash"] != b["hash"]:
                    raise BittensorLiteError(
                        f"the chain in {self.state_dir} does not replay: block #{n} rebuilt as "
                        f"{rebuilt['hash']}, stored as {b['hash']} (was it written by another version?)")
                if snapshots:
                    self._maybe_snapshot(n, op_seq, self.head["number"], runtime.state)
            for seq, op in ops.get(n, ()):
                self._run_op(op, runtime)
                op_seq = seq
                applied += 1
        return applied, op_seq

    def _run_op(self, op: dict[str, Any], runtime: Runtime | None = None) -> None:
        if op["op"] == "set_balance":
            (runtime or self.runtime).dev_set_balance(op["address"], int(op["amount"]))
        else:
            raise BittensorLiteError(f"unknown dev operation {op['op']!r}")

    # -- the state of recent blocks -----------------------------------------------------------------------
    def _maybe_snapshot(self, number: int, op_seq: int, end: int, state: ChainState | None = None) -> None:
        """Keep a copy of the state right after block ``number`` if it is a snapshot block that will still
        be needed once the head reaches ``end`` (a long ``dev_newBlock`` copies only its last few)."""
        if number % SNAPSHOT_EVERY == 0 and number > end - STATE_WINDOW - SNAPSHOT_EVERY and number not in self._bases:
            self._bases[number] = (op_seq, copy.deepcopy(state if state is not None else self.runtime.state))

    def _prune_bases(self) -> None:
        """Forget in-memory states no read in the window can start from (the newest base at or before the
        window's first block stays)."""
        first = self.head["number"] - STATE_WINDOW + 1
        floor = max((n for n in (*self._bases, *self._rebuilt, *self._disk_bases) if n <= first), default=0)
        for n in [n for n in self._bases if n < floor]:
            del self._bases[n]
        for n in [n for n in self._rebuilt if n < floor]:
            del self._rebuilt[n]

    def _state_at(self, block: dict[str, Any]) -> ChainState | None:
        """The whole state of ``block``: the live one for the head, a rebuilt one inside the window,
        None for older blocks."""
        number = block["number"]
        if block is self.head:
            return self.runtime.state
        if number <= self.head["number"] - STATE_WINDOW:
            return None
        if number in self._rebuilt:
            self._rebuilt.move_to_end(number)
            return self._rebuilt[number][1]
        candidates = [(n, 2, v) for n, v in self._rebuilt.items() if n <= number]
        candidates += [(n, 1, v) for n, v in self._bases.items() if n <= number]
        best = max(candidates, key=lambda c: (c[0], c[1]), default=None)
        disk = max((n for n in self._disk_bases if n <= number), default=None)
        scratch = Runtime()
        if best is not None and (disk is None or best[0] >= disk):
            base, (op_seq, state) = best[0], best[2]
            scratch.state = copy.deepcopy(state)
        else:
            assert disk is not None, "checkpoint 0 (genesis) is always kept"
            base, op_seq, saved = self.store.checkpoint(disk)
            scratch.state = ChainState.from_dict(saved)
        _applied, op_seq = self._replay(scratch, base, op_seq, number, snapshots=True)
        self.rebuilds += 1
        self._rebuilt[number] = (op_seq, scratch.state)
        while len(self._rebuilt) > REBUILT_KEPT:
            self._rebuilt.popitem(last=False)
        return scratch.state

    # -- the faucet (workshops) --------------------------------------------------------------------------
    @property
    def faucet_key(self) -> Any:
        """The faucet's keypair (None without a faucet); its seed stays in the state folder."""
        return self.faucet.key if self.faucet else None

    def drip(self, address: str, now: float | None = None) -> str:
        """``faucet_drip``: a signed transfer from the faucet to ``address`` (rate-limited per address)."""
        if self.faucet is None:
            raise FaucetError("this chain has no faucet (start it with --faucet-tao N)")
        return self.faucet.drip(self, address, now)

    # -- dev operations (the dev_* RPCs) ----------------------------------------------------------------------
    def set_balance(self, address: str, amount: int) -> None:
        """Set an account's free balance now (a dev faucet); durable like a block."""
        if not is_address(address):
            raise MalformedError(f"{address!r} is not an ss58 address (format {SS58_FORMAT})")
        if not isinstance(amount, int) or amount < 0 or amount >= 2**64:
            raise MalformedError("amount must be a whole number of rao between 0 and 2^64-1")
        with self.lock:
            op = {"op": "set_balance", "address": address, "amount": amount}
            self._run_op(op)
            self.dev_ops_applied += 1
            self.store.add_dev_op(self.head["number"], op)

    def snapshot(self) -> int:
        """Remember the chain as it is now; returns an id for :meth:`revert`."""
        with self.lock:
            snap_id = len(self.snapshots) + 1
            self.snapshots[snap_id] = (self.head["number"], self.store.last_op_seq(),
                                       copy.deepcopy(self.runtime.state), len(self.blocks))
            return snap_id

    def revert(self, snap_id: int) -> bool:
        """Return to a snapshot: later blocks and dev operations are forgotten, on disk too."""
        with self.lock:
            snap = self.snapshots.get(snap_id)
            if snap is None:
                return False
            number, op_seq, state, n_blocks = snap
            self.store.truncate(number, op_seq)
            if self.store.latest_checkpoint() is None or self.store.latest_checkpoint()[0] < number:
                self.store.add_checkpoint(number, op_seq, state.to_dict())
            for b in self.blocks[n_blocks:]:
                self.by_hash.pop(b["hash"], None)
            del self.blocks[n_blocks:]
            self.runtime.state = copy.deepcopy(state)
            stale = [n for n, (seq, _s) in self._bases.items() if n > number or (n == number and seq > op_seq)]
            for n in stale:
                del self._bases[n]
            for n in [n for n in self._rebuilt if n >= number]:
                del self._rebuilt[n]
            self._disk_bases = self.store.checkpoint_index()
            self.dev_ops_applied += 1
            self.pool.clear()
            self.snapshots = {k: v for k, v in self.snapshots.items() if k <= snap_id}
            return True

    # -- reads -------------------------------------------------------------------------------------------------
    def view(self, block_hash: str | None = None, *, whole_state: bool = True) -> ChainView:
        """Storage as of ``block_hash``: the whole state for the last STATE_WINDOW blocks (the head's live
        one, older ones rebuilt); blocks before the window — or any block, for a caller that reads only
        block-level items (``whole_state=False``) — come with their events but no state (None)."""
        block = self.block_by_hash(block_hash)
        if block is None:
            raise KeyError(f"unknown block {block_hash}")
        if block is self.head:
            state: ChainState | None = self.runtime.state
        else:
            state = self._state_at(block) if whole_state else None
        parent = block["header"]["parentHash"]
        return ChainView(state, block["number"], parent, self.block_hash, block["events"],  # type: ignore[arg-type]
                         block["timestamp"], self.shield.enc_key)

    def storage(self, key: bytes, block_hash: str | None = None) -> bytes | None:
        """``state_getStorage``: the value at ``key`` (in the window, or a block-level item of any block)."""
        with self.lock:
            block_level = self.codec.prefixes.get(bytes(key[:32])) in BLOCK_LEVEL_ITEMS
            view = self.view(block_hash, whole_state=not block_level)
            if view.state is None:
                if not block_level:
                    raise StateDiscarded(block_hash or "", kept=STATE_WINDOW)
                view.state = self.genesis_state  # only block-level items are read below
            return self.reader.get(view, key)

    def storage_keys(self, prefix: bytes, block_hash: str | None = None) -> list[bytes]:
        """``state_getKeysPaged``'s key list (cached per head and prefix: paging asks again and again)."""
        with self.lock:
            view = self.view(block_hash)
            if view.state is None:
                raise StateDiscarded(block_hash or "", kept=STATE_WINDOW)
            block = self.block_by_hash(block_hash)
            stamp = (block["hash"] if block else None, self.head["hash"], self.dev_ops_applied, bytes(prefix))
            if self._keys_cache.get("stamp") != stamp:
                self._keys_cache = {"stamp": stamp, "keys": self.reader.keys(view, prefix)}
            return self._keys_cache["keys"]

    def close(self) -> None:
        """Write a checkpoint and close the database."""
        with self.lock:
            try:
                self.store.add_checkpoint(self.head["number"], self.store.last_op_seq(), self.runtime.state.to_dict())
            finally:
                self.store.close()
                if self._tmp is not None:
                    self._tmp.cleanup()
