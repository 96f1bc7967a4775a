"""The live backend: our calls and reads mapped onto a real Substrate node's.

Works against the local chain (``bittensor-lite chain start``) or any node whose runtime has a
``SubtensorModule`` pallet. Calls are composed from the runtime's call table, hyperparameters
and neuron columns are read from the items the runtime's tables name, and a failed
extrinsic's module error becomes the same named exception the mock backend raises
(``NotEnoughBalanceToStake`` …). Extrinsics are signed and followed by
:class:`~bittensor_lite.backends.extrinsics.Sender` (a few requests each); storage reads go through
:class:`~bittensor_lite.backends.reader.SubstrateReader`'s bulk requests.
"""

from __future__ import annotations

from typing import Any

from bittensor_lite.backends.extrinsics import Receipt, Sender
from bittensor_lite.backends.reader import SubstrateReader
from bittensor_lite.errors import (
    BittensorLiteError,
    ChainError,
    NotSupportedError,
    chain_error,
)
from bittensor_lite.runtime.calls import call_table
from bittensor_lite.runtime.hyperparams import SubnetHyperparameters, setter_call, storage_groups
from bittensor_lite.runtime.serving import axon_endpoint
from bittensor_lite.runtime.staking import alpha_of
from bittensor_lite.runtime.state import NEURON_COLUMNS, POOL_COLUMNS, ChainState, SubnetState
from bittensor_lite.runtime.views import pool_view, stake_columns
from bittensor_lite.scale import account_address


def _chain_error(name: str, pallet: str, docs: Any = None) -> ChainError:
    message = " ".join(docs) if isinstance(docs, list) else (docs or "")
    return chain_error(name, pallet, message)


def _state_value(value: Any) -> Any:
    """A decoded storage value as the runtime keeps it: fixed point and the balancer by their bits, bytes as text."""
    if isinstance(value, dict) and len(value) == 1:
        value = next(iter(value.values()))  # {"bits": …} or {"quote": …}
    if isinstance(value, str) and value.startswith("0x"):
        try:
            return bytes.fromhex(value[2:]).decode("utf-8")
        except ValueError:
            return value
    return value


def _shares(value: Any) -> int:
    """U64F64 shares (``{"bits": …}``) as the runtime's whole shares."""
    return int(_state_value(value)) >> 64


def _wire_value(scale_type: str, value: Any) -> Any:
    """An argument as substrate-interface composes it: bytes as hex, fixed point as its bits."""
    if isinstance(value, bytes | bytearray):
        return "0x" + bytes(value).hex()
    if scale_type == "U64F64" and isinstance(value, int):
        return {"bits": value}
    return value


class LiveBackend(SubstrateReader):
    """A :class:`~bittensor_lite.backends.Backend` over a Substrate node's WebSocket RPC."""

    def __init__(self, url: str, *, name: str | None = None, process: Any = None):
        super().__init__(url)
        self.name = name or url
        self.process = process  # a LocalChain we started, stopped by close()
        self.sender = Sender(self)  # our extrinsics: nonces counted here, the runtime kept

    def close(self) -> None:
        """Close the connection (and stop the local chain if this backend started it)."""
        super().close()
        if self.process is not None:
            self.process.stop()

    # -- time -----------------------------------------------------------------------------------
    def block(self) -> int:
        return int(self.substrate.get_block_number(self.substrate.get_chain_head()))

    def step(self, blocks: int = 1) -> int:
        """Produce blocks now with the dev RPC ``dev_newBlock`` (local chain only)."""
        if blocks < 0:
            raise ValueError("blocks must be >= 0")
        if blocks:
            self.rpc("dev_newBlock", [{"count": int(blocks)}])
        return self.block()

    # -- calls --------------------------------------------------------------------------------------
    def compose(self, call: str, args: dict[str, Any]) -> Any:
        """The chain call for one of the runtime's calls, by the same table the local chain declares."""
        spec = call_table().get(call)
        if spec is None:
            raise NotSupportedError(f"call {call!r} is not supported; supported: {', '.join(sorted(call_table()))}")
        types = {a[0]: a[1] for a in spec.args}
        params = {k: _wire_value(types.get(k, ""), v) for k, v in args.items()}
        return self.substrate.compose_call(spec.pallet, call, params)

    def submit(self, call: str, signer: Any, /, **args: Any) -> Any:
        """Sign ``call`` with ``signer``, submit it, wait for its block, raise the pallet's error if it failed."""
        receipt = self._send(lambda: self.compose(call, args), signer)
        for event in receipt.triggered_events:
            ev = event.value
            if ev["event_id"] == "NetworkAdded" and call == "register_network":
                return ev["attributes"][0]
            if ev["event_id"] == "NeuronRegistered" and call in ("burned_register", "register"):
                return ev["attributes"][1]
        return None

    def submit_call(self, call_obj: Any, signer: Any) -> Receipt:
        """Submit a composed call signed by ``signer``; return the receipt of a successful extrinsic."""
        return self._send(lambda: call_obj, signer)

    def _send(self, make_call: Any, signer: Any) -> Receipt:
        """One signed extrinsic (see :mod:`~bittensor_lite.backends.extrinsics`); a failed dispatch, or a
        ``Sudo`` call whose inner call failed, raises the pallet's error by name."""
        receipt = self.sender.send(make_call, getattr(signer, "keypair", signer))
        events = [event.value for event in receipt.triggered_events]
        for ev in events:
            if ev["module_id"] == "System" and ev["event_id"] == "ExtrinsicFailed":
                attrs = ev["attributes"]
                raise self._dispatch_error(attrs["dispatch_error"] if isinstance(attrs, dict) else attrs[0], "Module")
        if not any(ev["module_id"] == "System" and ev["event_id"] == "ExtrinsicSuccess" for ev in events):
            raise _chain_error("Other", "System")
        for ev in events:
            if ev["module_id"] == "Sudo" and ev["event_id"] == "Sudid":
                result = ev["attributes"]["sudo_result"] if isinstance(ev["attributes"], dict) else ev["attributes"]
                if isinstance(result, dict) and "Err" in result:
                    raise self._dispatch_error(result["Err"])
        return receipt

    def _dispatch_error(self, error: Any, module_pallet: str = "") -> ChainError:
        """A DispatchError as the pallet's named error (a module error by its metadata entry)."""
        if isinstance(error, dict) and "Module" in error:
            module = error["Module"]
            pallet_index, index = (module[0], module[1]) if isinstance(module, list | tuple) else \
                (module["index"], module["error"])
            index = int(index[2:4], 16) if isinstance(index, str) else int(index)  # first byte of [u8; 4]
            found = self.substrate.metadata.get_module_error(module_index=pallet_index, error_index=index)
            return _chain_error(found.name, module_pallet, found.docs)
        name = error if isinstance(error, str) else next(iter(error))
        docs = {"BadOrigin": "Bad origin", "CannotLookup": "Cannot lookup", "Other": "Unspecified error occurred"}
        if module_pallet and name not in docs:  # as substrate-interface's receipt reported them: "Other"
            return _chain_error("Other", "System")
        return _chain_error(name, "System", docs.get(name) if module_pallet else None)

    # -- dev helpers (local chain) -------------------------------------------------------------------
    def set_balance(self, address: str, rao: int) -> None:
        """``dev_setBalance``: set an account's free balance (local chain only)."""
        self.rpc("dev_setBalance", [address, int(rao)])

    def sudo_set(self, netuid: int, name: str, value: Any, sudo: Any = None) -> None:
        """``Sudo.sudo(AdminUtils.sudo_set_…)`` signed by the sudo key (``//Alice`` on dev chains)."""
        from substrateinterface import Keypair

        fn, args = setter_call(name, netuid, value, self.hyperparameters(netuid))
        self._send(lambda: self.compose("sudo", {"call": self.compose(fn, args)}),
                   sudo or Keypair.create_from_uri("//Alice"))

    def snapshot(self) -> int:
        """``dev_snapshot``: remember the chain as it is (local chain only)."""
        return int(self.rpc("dev_snapshot"))

    def revert(self, snap: int) -> None:
        """``dev_revert``: go back to a snapshot (local chain only)."""
        if not self.rpc("dev_revert", [snap]):
            raise BittensorLiteError(f"no snapshot {snap}")
        self.sender.nonces.forget()  # the accounts' nonces went back with the chain

    # -- reads -----------------------------------------------------------------------------------------
    def balance(self, address: str) -> int:
        return int(self.query("System", "Account", [address])["data"]["free"])

    def stake(self, hotkey: str, coldkey: str | None, netuid: int | None) -> int:
        """``TotalHotkeyAlpha``, or a coldkey's ``Alpha`` shares valued as :func:`~bittensor_lite.runtime.staking.alpha_of` does."""
        if netuid is None:
            return sum(self.stake(hotkey, coldkey, n) for n in self.subnets())
        if not self.query("SubtensorModule", "NetworksAdded", [netuid]):
            raise _chain_error("SubnetNotExists", "SubtensorModule", f"no subnet with netuid {netuid!r}")
        return self._latest(lambda: self._stake_at_head(hotkey, coldkey, int(netuid)), None)

    def _stake_at_head(self, hotkey: str, coldkey: str | None, netuid: int) -> int:
        at = self.substrate.get_chain_head()
        total = int(self.query("SubtensorModule", "TotalHotkeyAlpha", [hotkey, netuid], block_hash=at))
        net = SubnetState(netuid=netuid, owner_coldkey="", owner_hotkey="", total_hotkey_alpha={hotkey: total})
        if coldkey is not None:
            net.total_hotkey_shares[hotkey] = _shares(self.query("SubtensorModule", "TotalHotkeyShares",
                                                                 [hotkey, netuid], block_hash=at))
            net.alpha[hotkey] = {coldkey: _shares(self.query("SubtensorModule", "Alpha", [hotkey, coldkey, netuid],
                                                             block_hash=at))}
        return alpha_of(net, hotkey, coldkey)

    def pool(self, netuid: int) -> dict[str, Any]:
        """The pool as :func:`~bittensor_lite.runtime.views.pool_view` shows it, from the chain's pool items."""
        self._require_subnet(netuid)
        return self._latest(lambda: self._pool_at(netuid, self.substrate.get_chain_head()), None)

    def _pool_state(self, netuid: int, at: str) -> tuple[ChainState, SubnetState]:
        """The subnet's pool items (the chain's names for SubnetState fields) and TaoWeight, in one request."""
        keys = [self.storage_key(f.pallet, f.storage, [netuid]) for f in POOL_COLUMNS]
        keys.append(self.storage_key("SubtensorModule", "TaoWeight", []))
        values = [obj.value for _k, obj in self.substrate.query_multi(keys, block_hash=at)]
        net = SubnetState(netuid=netuid, owner_coldkey="", owner_hotkey="",
                          **{f.attr: _state_value(v) for f, v in zip(POOL_COLUMNS, values, strict=False)})
        state = ChainState(tao_weight=int(values[-1]))
        state.subnets[netuid] = net
        return state, net

    def _pool_at(self, netuid: int, at: str) -> dict[str, Any]:
        state, net = self._pool_state(netuid, at)
        return pool_view(state, net)

    def subnets(self) -> list[int]:
        return sorted(int(k) for k, v in self.query_map("SubtensorModule", "NetworksAdded") if v)

    def hyperparameters(self, netuid: int) -> dict[str, Any]:
        """Every hyperparameter of the table, read from its storage item in one request."""
        self._require_subnet(netuid)
        groups = list(storage_groups().items())
        keys = [self.storage_key("SubtensorModule", item, [netuid]) for item, _knobs in groups]
        values = self._latest(lambda: [obj.value for _k, obj in self.substrate.query_multi(keys)], None)
        out: dict[str, Any] = {}
        for (_item, knobs), value in zip(groups, values, strict=True):
            for k, v in zip(knobs, value if len(knobs) > 1 else [value], strict=True):
                out[k.name] = bool(v) if k.scale == "bool" else (v["bits"] if isinstance(v, dict) else v)
        return {name: out[name] for name in SubnetHyperparameters.names()}

    def subnetwork_n(self, netuid: int) -> int:
        self._require_subnet(netuid)
        return int(self.query("SubtensorModule", "SubnetworkN", [netuid]))

    def subnet_owner_hotkey(self, netuid: int) -> str:
        self._require_subnet(netuid)
        return str(self.query("SubtensorModule", "SubnetOwnerHotkey", [netuid]))

    def last_epoch_block(self, netuid: int) -> int:
        self._require_subnet(netuid)
        return int(self.query("SubtensorModule", "LastMechansimStepBlock", [netuid]))

    def _require_subnet(self, netuid: int, block_hash: str | None = None) -> None:
        if not self.query("SubtensorModule", "NetworksAdded", [netuid], block_hash=block_hash):
            raise _chain_error("SubnetNotExists", "SubtensorModule", f"no subnet with netuid {netuid}")

    def faucet_drip(self, address: str) -> None:
        """``faucet_drip``: the chain's faucet sends TAO to ``address`` (workshop chains)."""
        self.rpc("faucet_drip", [address])

    def delegate_take(self, hotkey: str) -> int:
        if self.query("SubtensorModule", "Owner", [hotkey]) == account_address(bytes(32)):  # Owner's default
            raise _chain_error("HotKeyAccountNotExists", "SubtensorModule", f"hotkey {hotkey} is not registered")
        return int(self.query("SubtensorModule", "Delegates", [hotkey]))

    def uid_for_hotkey(self, netuid: int, hotkey: str) -> int | None:
        value = self.query("SubtensorModule", "Uids", [netuid, hotkey])
        return None if value is None else int(value)

    def subnet_snapshot(self, netuid: int, block: int | None = None) -> dict[str, Any]:
        """A subnet's neurons by UID, read with a handful of bulk requests, all at one block."""
        if block is not None and block != self.block():
            raise NotSupportedError("reading an older block's subnet needs an archive node; read the latest block")
        return self._latest(lambda: self._snapshot_at_head(netuid), None)

    def _snapshot_at_head(self, netuid: int) -> dict[str, Any]:
        at = self.substrate.get_chain_head()  # one block for the whole read: consistent and cached
        self.substrate.init_runtime(block_hash=at)
        head = int(self.substrate.get_block_number(at))
        self._require_subnet(netuid, block_hash=at)
        n = int(self.query("SubtensorModule", "SubnetworkN", [netuid], block_hash=at))
        vectors = [c for c in NEURON_COLUMNS if not c.per_uid]
        columns: dict[str, list[Any]] = dict(zip(
            (c.name for c in vectors),
            (list(v) for v in self.query_many_items([(c.storage, [netuid]) for c in vectors], block_hash=at)),
            strict=True))
        for c in NEURON_COLUMNS:
            if c.per_uid:  # (netuid, uid) maps: absent entries take the column's default
                column: list[Any] = [[] if c.default is None else c.default for _ in range(n)]
                for key, value in self.query_map("SubtensorModule", c.storage, [netuid], block_hash=at):
                    uid = int(key if not isinstance(key, list | tuple) else key[-1])
                    column[uid] = [(int(a), int(b)) for a, b in value] if c.default is None else value
                columns[c.name] = column
        hotkeys = columns.pop("hotkeys")
        axons = {hk if not isinstance(hk, list | tuple) else hk[-1]: info
                 for hk, info in self.query_map("SubtensorModule", "Axons", [netuid], block_hash=at)}
        coldkeys = list(self.query_many("SubtensorModule", "Owner", [[hk] for hk in hotkeys], block_hash=at))
        state, net = self._pool_state(netuid, at)
        net.neurons["hotkeys"] = list(hotkeys)
        for uid_netuid, target in ((netuid, net), (0, state.subnets[0])):
            alpha = self.query_many("SubtensorModule", "TotalHotkeyAlpha", [[hk, uid_netuid] for hk in hotkeys],
                                    block_hash=at)
            target.total_hotkey_alpha.update({hk: int(a) for hk, a in zip(hotkeys, alpha, strict=True) if a})
        return {"netuid": netuid, "block": head, "hotkeys": hotkeys, "coldkeys": coldkeys,
                **stake_columns(state, net), "pool": pool_view(state, net),
                **{c.name: columns[c.name] for c in NEURON_COLUMNS if c.name != "hotkeys"},
                "axons": [axon_endpoint(hk, ck, axons.get(hk)) for hk, ck in zip(hotkeys, coldkeys, strict=True)]}

