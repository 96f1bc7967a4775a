"""The local chain node: a transaction pool, block production and storage over the runtime.

One process, instant blocks, funded dev accounts — a dev chain in the spirit of anvil and
chopsticks. Signed extrinsics are checked like a Substrate node checks them (decoding, era,
signature over the real signing payload, nonce, fee) and refused with Substrate's error
codes if invalid; valid ones are executed by the very same :class:`~bittensor_lite.runtime.Runtime`
the mock backend uses, in blocks whose events name each pallet error.

A "block" here carries a real header and hash; its ``stateRoot`` is a hash chain over the
block's contents, not a Merkle trie root (there is no trie; storage is read from the runtime).
"""

from __future__ import annotations

import copy
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bittensor_lite.chain.codec import (
    Codec,
    Extrinsic,
    era_birth,
    parse_extrinsic,
    signing_payload,
    verify_signature,
)
from bittensor_lite.chain.metadata import (
    ADMIN_SETTERS,
    ALPHA_VALUES_CALL,
    HYPERPARAMETER_EVENTS,
)
from bittensor_lite.chain.storage import ChainView, StorageReader
from bittensor_lite.chain.store import Store
from bittensor_lite.errors import (
    BittensorLiteError,
    ChainError,
    FaucetError,
    InvalidTransaction,
    MalformedError,
    RequireSudo,
    StateDiscarded,
)
from bittensor_lite.scale import (
    SS58_FORMAT,
    account_address,
    account_bytes,
    blake2_256,
    encode_compact,
    is_address,
)

BASE_FEE = 125_000  # rao charged per signed extrinsic that pays a fee (0.000125 TAO)
FREE_CALLS = frozenset({"set_weights", "serve_axon", "serve_prometheus"})  # Pays::No: hotkeys hold no TAO
CHECKPOINT_EVERY = 256
ZERO_HASH = "0x" + "00" * 32
DISPATCH_WEIGHT = {"ref_time": 100_000_000, "proof_size": 0}


def _checked_address(address: Any, error: type[BittensorLiteError]) -> str:
    """``address`` if it is an ss58 address of this chain's format, else ``error``."""
    if not is_address(address):
        raise error(f"{address!r} is not an ss58 address (format {SS58_FORMAT})")
    return address


def _hex(b: bytes) -> str:
    return "0x" + b.hex()


class Node:
    """A single-authority chain: validates, seals and stores blocks; answers storage reads."""

    def __init__(self, state_dir: str | Path | None = None, *, block_time: float = 0.0, ready_subnet: bool = False,
                 sudo: str | None = None, dev_funds: bool = True, faucet_tao: float = 0.0, faucet_every: float = 60.0,
                 log: Callable[[str], None] | None = None):
        from bittensor_lite.backends.mock import DEV_ACCOUNTS, DEV_FUNDS, dev_address
        from bittensor_lite.runtime import Runtime

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
        self.store = Store(self.state_dir)
        self.pool: list[Extrinsic] = []
        self.head_listeners: list[Callable[[dict[str, Any]], None]] = []
        self.watchers: dict[bytes, Callable[[str, str], None]] = {}
        self.snapshots: dict[int, tuple[int, int, Any, int]] = {}
        self.blocks: list[dict[str, Any]] = []
        self.by_hash: dict[str, int] = {}
        self.dev_ops_applied = 0  # bumped by every change made outside a block (dev RPCs, revert)
        self._keys_cache: dict[str, Any] = {}

        genesis = self.store.get_meta("genesis")
        if genesis is None:  # a new chain: its genesis settings are kept with it, so a restart replays the same
            genesis = {"ready_subnet": bool(ready_subnet), "sudo": sudo or dev_address("Alice"),
                       "dev_funds": bool(dev_funds), "faucet": None}
            if faucet_tao > 0:
                genesis["faucet"] = self._new_faucet_key()
            self.store.set_meta("genesis", genesis)
        self.faucet_key = self._load_faucet_key() if genesis.get("faucet") else None
        self.faucet_rao = int(faucet_tao * 10**9)
        self.faucet_every = float(faucet_every)
        self.faucet_last: dict[str, float] = {}
        balances = {dev_address(n): DEV_FUNDS for n in DEV_ACCOUNTS} if genesis["dev_funds"] else {}
        if genesis.get("faucet"):
            balances[genesis["faucet"]] = DEV_FUNDS
        self.runtime = Runtime(balances=balances, sudo=genesis["sudo"])
        if genesis["ready_subnet"]:
            owner = genesis["sudo"]
            if self.runtime.free_balance(owner) < self.runtime.state.network_lock_cost:
                self.runtime.dev_set_balance(owner, self.runtime.state.network_lock_cost)
            self.runtime.dispatch("register_network", owner, hotkey=owner)
            self.runtime.state.events = []
        self.genesis_state = copy.deepcopy(self.runtime.state)
        stored = self.store.blocks(after=-1) if self.store.latest_checkpoint() is not None else []
        if not stored:
            block0 = self._seal(0, ZERO_HASH, [], b"\x00", 0)
            self.store.add_blocks([block0], checkpoint=(0, 0, self.runtime.state.to_dict()))
            self._remember(block0)
        else:
            self._recover(stored)
        self.log(f"genesis {self.blocks[0]['hash']} · head #{self.head['number']} · state in {self.state_dir}")

    # -- blocks ------------------------------------------------------------------------------------------
    @property
    def head(self) -> dict[str, Any]:
        return self.blocks[-1]

    @property
    def genesis_hash(self) -> bytes:
        return bytes.fromhex(self.blocks[0]["hash"][2:])

    def block_hash(self, number: int) -> str | None:
        """The hash of block ``number`` (None if it does not exist yet)."""
        return self.blocks[number]["hash"] if 0 <= number < len(self.blocks) else None

    def block_by_hash(self, block_hash: str | None) -> dict[str, Any] | None:
        if block_hash is None:
            return self.head
        n = self.by_hash.get(str(block_hash).lower())
        return None if n is None else self.blocks[n]

    def _seal(self, number: int, parent: str, extrinsics: list[str], events: bytes, timestamp: int) -> dict[str, Any]:
        ext_root = blake2_256(b"".join(bytes.fromhex(x[2:]) for x in extrinsics))
        parent_state = self.blocks[-1]["header"]["stateRoot"] if self.blocks else ZERO_HASH
        state_root = blake2_256(bytes.fromhex(parent_state[2:]) + ext_root + events)
        header = {"parentHash": parent, "number": hex(number), "stateRoot": _hex(state_root),
                  "extrinsicsRoot": _hex(ext_root), "digest": {"logs": []}}
        encoded = (bytes.fromhex(parent[2:]) + encode_compact(number) + state_root + ext_root + encode_compact(0))
        return {"number": number, "hash": _hex(blake2_256(encoded)), "header": header, "extrinsics": extrinsics,
                "events": events, "timestamp": timestamp}

    def _remember(self, block: dict[str, Any]) -> None:
        self.blocks.append(block)
        self.by_hash[block["hash"]] = block["number"]

    def _timestamp_extrinsic(self, now_ms: int) -> str:
        call = bytes([2, 0]) + encode_compact(now_ms)
        body = b"\x04" + call
        return _hex(encode_compact(len(body)) + body)

    def _build_block(self, extrinsics: list[Extrinsic], now_ms: int) -> tuple[dict[str, Any], list[tuple[bytes, str]]]:
        """Execute one block on the runtime; return it with each extrinsic's outcome."""
        records: list[dict[str, Any]] = [self._record(0, "System", "ExtrinsicSuccess", {
            "dispatch_info": self._info("Mandatory", pays=False)})]
        outcomes = []
        for i, ext in enumerate(extrinsics, start=1):
            state = self.runtime.state  # a failed call may swap in its backup: never hold on to it
            origin = account_address(ext.signer)
            state.nonces[origin] = state.nonces.get(origin, 0) + 1
            fee = self.fee_for(ext)
            if fee:
                state.balances[origin] = state.balances.get(origin, 0) - fee
                state.total_issuance -= fee
                records.append(self._record(i, "Balances", "Withdraw", {"who": origin, "amount": fee}))
            state.events = []
            info = self._info("Normal", pays=bool(fee))
            try:
                extra_events = self._dispatch(ext.call, origin, root=False)
            except ChainError as exc:
                self.runtime.state.events = []
                if fee:
                    records.append(self._fee_paid(i, origin, fee))
                records.append(self._record(i, "System", "ExtrinsicFailed", {
                    "dispatch_error": self._dispatch_error(exc), "dispatch_info": info}))
                outcomes.append((ext.hash, f"{exc.pallet}.{exc.name}"))
                continue
            except (BittensorLiteError, ValueError, TypeError, KeyError) as exc:
                self.runtime.state.events = []
                if fee:
                    records.append(self._fee_paid(i, origin, fee))
                records.append(self._record(i, "System", "ExtrinsicFailed", {
                    "dispatch_error": "Other", "dispatch_info": info}))
                outcomes.append((ext.hash, f"Other: {exc}"))
                continue
            state = self.runtime.state
            records.extend(self._record(i, *ev) for ev in self._chain_events(state.events) + extra_events)
            state.events = []
            if fee:
                records.append(self._fee_paid(i, origin, fee))
            records.append(self._record(i, "System", "ExtrinsicSuccess", {"dispatch_info": info}))
            outcomes.append((ext.hash, "ok"))
        state = self.runtime.state
        state.events = []
        self.runtime.step(1)
        records.extend(self._record(None, *ev) for ev in self._chain_events(state.events))
        events = self.codec.encode("Vec<EventRecord>", records)
        xts = [self._timestamp_extrinsic(now_ms)] + [_hex(e.raw) for e in extrinsics]
        block = self._seal(state.block, self.head["hash"], xts, events, now_ms)
        return block, outcomes

    def _info(self, klass: str, pays: bool) -> dict[str, Any]:
        return {"weight": DISPATCH_WEIGHT, "class": klass, "pays_fee": "Yes" if pays else "No"}

    def _fee_paid(self, i: int, who: str, fee: int) -> dict[str, Any]:
        return self._record(i, "TransactionPayment", "TransactionFeePaid", {"who": who, "actual_fee": fee, "tip": 0})

    @staticmethod
    def _record(index: int | None, pallet: str, name: str, attrs: Any) -> dict[str, Any]:
        phase = {"ApplyExtrinsic": index} if index is not None else "Finalization"
        return {"phase": phase, "event": {pallet: {name: attrs}}, "topics": []}

    def _dispatch_error(self, exc: ChainError) -> Any:
        if exc.name == "BadOrigin":
            return "BadOrigin"
        try:
            pallet = self.codec.metadata.pallet(exc.pallet)
            index = list(pallet.errors or ()).index(exc.name)
        except (KeyError, ValueError):
            return "Other"
        return {"Module": {"index": pallet.index, "error": _hex(bytes([index, 0, 0, 0]))}}

    @staticmethod
    def _chain_events(events: list[dict[str, Any]]) -> list[tuple[str, str, Any]]:
        out: list[tuple[str, str, Any]] = []
        for ev in events:
            kind = ev["event"]
            if kind == "NetworkAdded":
                out.append(("SubtensorModule", kind, (ev["netuid"], ev.get("modality", 0))))
            elif kind == "NeuronRegistered":
                out.append(("SubtensorModule", kind, (ev["netuid"], ev["uid"], ev["hotkey"])))
            elif kind in ("AxonServed", "PrometheusServed"):
                out.append(("SubtensorModule", kind, (ev["netuid"], ev["hotkey"])))
            elif kind == "WeightsSet":
                out.append(("SubtensorModule", kind, (ev["netuid"], ev["uid"])))
            elif kind in ("StakeAdded", "StakeRemoved"):
                out.append(("SubtensorModule", kind, (ev["hotkey"], ev["amount"])))
            elif kind == "Balances.Transfer":
                out.append(("Balances", "Transfer", {"from": ev["from"], "to": ev["to"], "amount": ev["amount"]}))
            elif kind == "HyperparameterSet" and ev["name"] in HYPERPARAMETER_EVENTS:
                out.append(("SubtensorModule", HYPERPARAMETER_EVENTS[ev["name"]][1], (ev["netuid"], ev["value"])))
        return out

    # -- calls ---------------------------------------------------------------------------------------------
    def _dispatch(self, call: dict[str, Any], origin: str, root: bool) -> list[tuple[str, str, Any]]:
        """Run one decoded call as ``origin`` (or as root under Sudo); return extra events."""
        pallet, fn, args = call["pallet"], call["function"], dict(call["args"])
        rt = self.runtime
        if pallet == "System":
            if fn == "remark_with_event":
                data = args["remark"]
                raw = bytes.fromhex(data[2:]) if isinstance(data, str) and data.startswith("0x") else str(data).encode()
                return [("System", "Remarked", {"sender": origin, "hash": _hex(blake2_256(raw))})]
            return []
        if pallet == "Balances":
            dest = args["dest"]
            dest = dest.get("Id") if isinstance(dest, dict) else dest
            if not isinstance(dest, str):
                raise ChainError("only MultiAddress::Id destinations are supported", name="CannotLookup",
                                 pallet="System")
            rt.dispatch(fn, origin, dest=dest, value=int(args["value"]))
            return []
        if pallet == "SubtensorModule":
            if fn == "register_network":
                rt.dispatch(fn, origin, hotkey=origin)
            elif fn == "register":
                work = args["work"]
                args["work"] = bytes.fromhex(work[2:]) if isinstance(work, str) else bytes(work)
                rt.dispatch(fn, origin, **args)
            else:
                rt.dispatch(fn, origin, **args)
            return []
        if pallet == "Sudo" and fn == "sudo":
            if origin != rt.sudo:
                raise RequireSudo("the signer is not the sudo key")
            inner = args["call"]
            inner_call = {"pallet": inner["call_module"], "function": inner["call_function"],
                          "args": {a["name"]: a["value"] for a in inner["call_args"]}}
            backup = copy.deepcopy(rt.state)
            try:
                extra = self._dispatch(inner_call, origin, root=True)
                events = self._chain_events(rt.state.events) + extra
                rt.state.events = []
                return [*events, ("Sudo", "Sudid", {"sudo_result": {"Ok": ()}})]
            except ChainError as exc:
                rt.state = backup
                rt.state.events = []
                return [("Sudo", "Sudid", {"sudo_result": {"Err": self._dispatch_error(exc)}})]
        if pallet == "AdminUtils":
            who = rt.sudo if root else origin
            netuid = args.pop("netuid")
            if fn == ALPHA_VALUES_CALL[1]:
                from bittensor_lite.runtime.registration import subnet

                hyper = subnet(rt.state, netuid).hyper
                hyper.validated("alpha_low", args["alpha_low"])
                hyper.validated("alpha_high", args["alpha_high"])
                rt.sudo_set_hyperparameter(who, netuid, "alpha_low", args["alpha_low"])
                rt.sudo_set_hyperparameter(who, netuid, "alpha_high", args["alpha_high"])
                return []
            _index, arg, _ty, attr = ADMIN_SETTERS[fn]
            rt.sudo_set_hyperparameter(who, netuid, attr, args[arg])
            return []
        raise ChainError(f"{pallet}.{fn} is not supported by the local chain", name="CallFiltered", pallet="System")

    def fee_for(self, ext: Extrinsic) -> int:
        """The fee this extrinsic pays (flat; set_weights is free, as on node-subtensor)."""
        return 0 if ext.call["function"] in FREE_CALLS else BASE_FEE

    # -- the transaction pool --------------------------------------------------------------------------------
    def validate(self, raw: bytes) -> Extrinsic:
        """Check a submitted extrinsic the way a node's pool does; raise InvalidTransaction/MalformedError."""
        ext = parse_extrinsic(self.codec, raw)
        if not ext.signed:
            raise InvalidTransaction("NoUnsignedValidator", "unsigned transactions are not accepted")
        current = self.head["number"]
        era_hash = self.genesis_hash
        mortal = era_birth(self.codec, ext.era, current)
        if mortal is not None:
            birth, death = mortal
            bh = self.block_hash(birth)
            if bh is None or birth > current:
                raise InvalidTransaction("AncientBirthBlock", f"era born at block {birth}, head is {current}")
            if current >= death:
                raise InvalidTransaction("Stale", f"the transaction's era ended at block {death}")
            era_hash = bytes.fromhex(bh[2:])
        if not verify_signature(ext, signing_payload(ext, self.genesis_hash, era_hash)):
            raise InvalidTransaction("BadProof", "the signature does not match the signer, genesis, spec and era")
        origin = account_address(ext.signer)
        expected = self.next_nonce(origin)
        if ext.nonce < expected:
            raise InvalidTransaction("Stale", f"nonce {ext.nonce} already used; next is {expected}")
        if ext.nonce > expected:
            raise InvalidTransaction("Future", f"nonce {ext.nonce} is ahead of the next nonce {expected}")
        if any(p.hash == ext.hash for p in self.pool):
            raise InvalidTransaction("AlreadyImported", "this transaction is already in the pool")
        fee = self.fee_for(ext)
        pending_fees = sum(self.fee_for(p) for p in self.pool if p.signer == ext.signer)
        if fee and self.runtime.free_balance(origin) < fee + pending_fees:
            raise InvalidTransaction("Payment", "inability to pay some fees (account balance too low)")
        return ext

    def next_nonce(self, address: str) -> int:
        """``system_accountNextIndex``: the account's nonce plus its transactions in the pool."""
        with self.lock:
            try:
                pub = account_bytes(address)
            except MalformedError:
                pub = b""
            pending = sum(1 for p in self.pool if p.signer == pub)
            return self.runtime.state.nonces.get(address, 0) + pending

    def submit(self, raw: bytes, watcher: Callable[[str, str], None] | None = None) -> bytes:
        """Accept a signed extrinsic into the pool (sealing a block at once with instant seal)."""
        with self.lock:
            ext = self.validate(raw)
            self.pool.append(ext)
            if watcher is not None:
                self.watchers[ext.hash] = watcher
            if self.block_time <= 0:
                self.produce_blocks(1)
            return ext.hash

    def produce_blocks(self, count: int = 1) -> str:
        """Seal ``count`` blocks now (the first takes the pool), commit them, notify; return the head hash."""
        if count < 0 or count > 100_000:
            raise ValueError("count must be between 0 and 100000")
        with self.lock:
            new: list[dict[str, Any]] = []
            included: list[tuple[bytes, str]] = []  # (extrinsic hash, hash of its block)
            for k in range(count):
                exts, self.pool = (self.pool, []) if k == 0 else ([], self.pool)
                now = max(int(time.time() * 1000), self.head["timestamp"] + 1)
                block, out = self._build_block(exts, now)
                self._remember(block)
                new.append(block)
                included += [(ext_hash, block["hash"]) for ext_hash, _outcome in out]
            if new:
                last = new[-1]["number"]
                checkpoint = None
                if any(b["number"] % CHECKPOINT_EVERY == 0 for b in new):
                    checkpoint = (last, self.store.last_op_seq(), self.runtime.state.to_dict())
                self.store.add_blocks(new, checkpoint)
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
        from bittensor_lite.runtime.state import ChainState

        cp = self.store.latest_checkpoint()
        assert cp is not None
        cp_number, cp_seq, cp_state = cp
        for b in stored[:cp_number + 1]:
            self._remember(b)
        self.runtime.state = ChainState.from_dict(cp_state)
        ops = self.store.dev_ops(cp_seq)
        self._apply_ops(ops, cp_number)
        for b in stored[cp_number + 1:]:
            exts = [parse_extrinsic(self.codec, bytes.fromhex(x[2:])) for x in b["extrinsics"][1:]]
            rebuilt, _ = self._build_block(exts, b["timestamp"])
            if rebuilt["hash"] != b["hash"]:
                raise BittensorLiteError(
                    f"the chain in {self.state_dir} does not replay: block #{b['number']} rebuilt as "
                    f"{rebuilt['hash']}, stored as {b['hash']} (was it written by another version?)")
            self._remember(b)
            self._apply_ops(ops, b["number"])

    def _apply_ops(self, ops: list[tuple[int, int, dict[str, Any]]], after_block: int) -> None:
        for _seq, after, op in ops:
            if after == after_block:
                self._run_op(op)

    def _run_op(self, op: dict[str, Any]) -> None:
        self.dev_ops_applied += 1
        if op["op"] == "set_balance":
            self.runtime.dev_set_balance(op["address"], int(op["amount"]))
        else:
            raise BittensorLiteError(f"unknown dev operation {op['op']!r}")

    # -- the faucet (workshops) --------------------------------------------------------------------------
    def _new_faucet_key(self) -> str:
        """Make the faucet's key (kept 0600 in the state folder, never printed); return its address."""
        import os
        import secrets

        from substrateinterface import Keypair

        seed = secrets.token_bytes(32)
        path = self.state_dir / "faucet.seed"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(seed.hex())
        return Keypair.create_from_seed(seed.hex(), ss58_format=SS58_FORMAT).ss58_address

    def _load_faucet_key(self) -> Any:
        from substrateinterface import Keypair

        seed = (self.state_dir / "faucet.seed").read_text().strip()
        return Keypair.create_from_seed(seed, ss58_format=SS58_FORMAT)

    def drip(self, address: str, now: float | None = None) -> str:
        """Send the faucet's amount to ``address`` as a signed transfer (once per ``faucet_every`` seconds)."""
        if self.faucet_key is None or self.faucet_rao <= 0:
            raise FaucetError("this chain has no faucet (start it with --faucet-tao N)")
        _checked_address(address, FaucetError)
        now = time.monotonic() if now is None else now
        included = threading.Event()
        with self.lock:
            last = self.faucet_last.get(address)
            if last is not None and now - last < self.faucet_every:
                raise FaucetError(f"this address was funded {now - last:.0f} s ago; the faucet gives once every "
                                  f"{self.faucet_every:.0f} s")
            call = {"call_module": "Balances", "call_function": "transfer_keep_alive",
                    "call_args": {"dest": address, "value": self.faucet_rao}}
            xt_hash = self.submit(self.sign(self.faucet_key, call), watcher=lambda status, _h: included.set())
            self.faucet_last[address] = now
        if not included.wait(timeout=max(30.0, 5 * self.block_time)):  # answer once the TAO is really there
            raise FaucetError("the faucet's transfer was not included in time; try again")
        return _hex(xt_hash)

    def sign(self, keypair: Any, call: dict[str, Any]) -> bytes:
        """A signed extrinsic from the node's own key (the faucet): the same bytes a wallet would send."""
        call_obj = self.codec.rc.create_scale_object("Call", metadata=self.codec.md)
        call_bytes = bytes(call_obj.encode(call).data)
        nonce = self.next_nonce(keypair.ss58_address)
        extra = b"\x00" + encode_compact(nonce) + encode_compact(0) + b"\x00"  # immortal, nonce, tip 0, mode off
        ext = Extrinsic(raw=b"", hash=b"", signed=True, call_bytes=call_bytes, call={}, extra=extra)
        signature = keypair.sign(signing_payload(ext, self.genesis_hash, self.genesis_hash))
        body = b"\x84" + b"\x00" + keypair.public_key + b"\x01" + signature + extra + call_bytes
        return encode_compact(len(body)) + body

    # -- dev operations (the dev_* RPCs) ----------------------------------------------------------------------
    def set_balance(self, address: str, amount: int) -> None:
        """Set an account's free balance now (a dev faucet); durable like a block."""
        _checked_address(address, MalformedError)
        if not isinstance(amount, int) or amount < 0 or amount >= 2**64:
            raise MalformedError("amount must be a whole number of rao between 0 and 2^64-1")
        with self.lock:
            op = {"op": "set_balance", "address": address, "amount": amount}
            self._run_op(op)
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
            self.dev_ops_applied += 1
            self.pool = []
            self.snapshots = {k: v for k, v in self.snapshots.items() if k <= snap_id}
            return True

    # -- reads -------------------------------------------------------------------------------------------------
    def view(self, block_hash: str | None = None) -> ChainView:
        """Storage as of ``block_hash``: the head's full state; older blocks keep only their events."""
        block = self.block_by_hash(block_hash)
        if block is None:
            raise KeyError(f"unknown block {block_hash}")
        state = self.runtime.state if block is self.head else None
        parent = block["header"]["parentHash"]
        return ChainView(state, block["number"], parent, self.block_hash, block["events"],  # type: ignore[arg-type]
                         block["timestamp"])

    def storage(self, key: bytes, block_hash: str | None = None) -> bytes | None:
        """``state_getStorage``: the value at ``key`` (at the head, or System.Events of any block)."""
        with self.lock:
            view = self.view(block_hash)
            if view.state is None:
                found = self.codec.prefixes.get(bytes(key[:32]))
                if found not in (("System", "Events"), ("System", "Number"), ("Timestamp", "Now"),
                                 ("System", "ParentHash"), ("System", "EventCount")):
                    raise StateDiscarded(block_hash or "")
                view.state = self.genesis_state  # only block-level items are read below
            return self.reader.get(view, key)

    def storage_keys(self, prefix: bytes, block_hash: str | None = None) -> list[bytes]:
        """``state_getKeysPaged``'s key list (cached per head and prefix: paging asks again and again)."""
        with self.lock:
            view = self.view(block_hash)
            if view.state is None:
                raise StateDiscarded(block_hash or "")
            stamp = (self.head["hash"], self.dev_ops_applied, bytes(prefix))
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


