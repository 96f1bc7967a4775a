"""``Subtensor``: your handle on a Bittensor network, with the real SDK's method names.

``bl.connect("mock")`` (or ``Subtensor("mock")``) gives a Subtensor over an in-process subnet
runtime; ``bl.connect("local")`` and ``bl.connect("ws://…")`` reach a local chain or any
Substrate node with the same calls. Dev-chain powers are in ``sub.dev``. Methods that change the chain
take a *wallet* (anything with ``.coldkey`` and ``.hotkey`` keypairs, like
:func:`bittensor_lite.dev_wallet` or a real ``Wallet``) and are signed by the right key:
money moves are signed by the coldkey, a neuron's work (weights, serving) by its hotkey.

Time on the mock network works like a dev chain with *instant seal*: every successful call is
included in a new block; :meth:`Subtensor.step` produces empty blocks (and runs the epochs
that fall due). A failed call raises the pallet's error and changes nothing.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from typing import Any

from bittensor_lite.backends.base import Backend
from bittensor_lite.balance import Balance
from bittensor_lite.errors import BittensorLiteError, NotSupportedError
from bittensor_lite.runtime.commit_reveal import commit_hash
from bittensor_lite.runtime.schedule import blocks_until_next_epoch
from bittensor_lite.scale import U16_MAX
from bittensor_lite.weight_utils import convert_weights_and_uids_for_emit


def connect(network: str = "mock", **options: Any) -> Subtensor:
    """Open a network: ``"mock"`` (in-process), ``"local"`` or ``"ws://host:port"``.

    The short form of ``Subtensor(network, **options)``. ``"local"`` joins the local chain on
    127.0.0.1:9944 if one answers, otherwise starts one in a background process (stopped when
    Python exits, or by ``sub.close()``). ``"ws://…"`` reaches any Substrate node with a
    ``SubtensorModule`` pallet, e.g. a subtensor localnet.
    """
    return Subtensor(network, **options)


def open_backend(network: str, **options: Any) -> Backend:
    """The transport for a network name: the mock runtime, or a live node over WebSocket."""
    if network == "mock":
        from bittensor_lite.backends.mock import MockBackend

        return MockBackend(**options)
    if network == "local":
        from bittensor_lite.backends.live import LiveBackend
        from bittensor_lite.chain.process import chain_answers, start_local_chain

        port = int(options.pop("port", 9944))
        process = None if chain_answers(port=port) else start_local_chain(port=port, **options)
        return LiveBackend(f"ws://127.0.0.1:{port}", name="local", process=process)
    if network.startswith(("ws://", "wss://")):
        from bittensor_lite.backends.live import LiveBackend

        return LiveBackend(network, **options)
    raise NotSupportedError(f"unknown network {network!r}: use 'mock', 'local' or 'ws://host:port'")


def _address(key_or_address: Any) -> str:
    return key_or_address if isinstance(key_or_address, str) else key_or_address.ss58_address


def _amount(amount: Balance | float | int) -> Balance:
    """A Balance, or a number of TAO (as the SDK accepts)."""
    return amount if isinstance(amount, Balance) else Balance.from_tao(amount)


class DevTools:
    """Dev-chain powers, as ``sub.dev``: what an instructor or a test needs, never a real network.

    On the mock network they act on the in-process runtime; on the local chain they are its
    ``dev_*`` RPCs (and ``Sudo.sudo`` signed by the sudo key). A real node refuses them.
    """

    def __init__(self, backend: Backend):
        self._backend = backend

    def set_balance(self, address: Any, amount: Balance | int) -> None:
        """Set an account's free balance outright (a dev faucet): a Balance, or a whole number of rao."""
        rao = amount.rao if isinstance(amount, Balance) else amount
        if isinstance(rao, bool) or not isinstance(rao, int) or rao < 0:
            raise BittensorLiteError(f"a balance is a Balance or a whole number of rao >= 0, got {amount!r}")
        self._backend.set_balance(_address(address), rao)

    def sudo_set(self, netuid: int, name: str, value: Any, sudo: Any = None) -> None:
        """Set a subnet hyperparameter as sudo (``Sudo.sudo(AdminUtils.sudo_set_<name>)``); one block."""
        self._backend.sudo_set(netuid, name, value, sudo=sudo)

    def snapshot(self) -> Any:
        """Remember the chain as it is now; pass the result to :meth:`revert`."""
        return self._backend.snapshot()

    def revert(self, snap: Any) -> None:
        """Return the chain to a :meth:`snapshot` (later blocks are forgotten)."""
        self._backend.revert(snap)

    def faucet(self, address: Any) -> None:
        """Ask the chain's faucet (``faucet_drip``, a workshop chain) for TAO for ``address``."""
        self._backend.faucet_drip(_address(address))


class Subtensor:
    """A network connection, shaped like the real SDK's: ``Subtensor("local")``, ``Subtensor(network="mock")``.

    ``network`` is ``"mock"``, ``"local"``, ``"ws://host:port"``, or an already open
    :class:`~bittensor_lite.backends.Backend`; ``options`` go to that transport.
    """

    def __init__(self, network: str | Backend = "mock", **options: Any):
        self._backend: Backend = open_backend(network, **options) if isinstance(network, str) else network
        self.network = self._backend.name
        self.dev = DevTools(self._backend)

    @property
    def backend(self) -> Backend:
        """The transport underneath (for the backends' own tests; everything else uses the facade)."""
        return self._backend

    @property
    def substrate(self) -> Any:
        """The ``substrateinterface.SubstrateInterface`` of a live connection (raw blocks, events, storage)."""
        substrate = getattr(self._backend, "substrate", None)
        if substrate is None:
            raise NotSupportedError(f"the {self.network} network has no Substrate node: use connect('local')")
        return substrate

    def __repr__(self) -> str:
        return f"Subtensor(network={self.network!r}, block={self.block})"

    def close(self) -> None:
        """Close the connection (a local chain started by ``connect("local")`` stops too)."""
        self._backend.close()

    # -- time ---------------------------------------------------------------------------
    @property
    def block(self) -> int:
        """The current block number."""
        return self._backend.block()

    def get_current_block(self) -> int:
        """The current block number (the SDK's spelling)."""
        return self._backend.block()

    def step(self, blocks: int = 1) -> int:
        """Produce ``blocks`` blocks now, running any epochs that fall due; returns the block."""
        return self._backend.step(blocks)

    def blocks_until_next_epoch(self, netuid: int) -> int:
        """How many blocks until subnet ``netuid`` runs its next epoch (Yuma + emission)."""
        tempo = int(self._backend.hyperparameters(netuid)["tempo"])
        return blocks_until_next_epoch(netuid, tempo, self.block)

    def wait_for_epoch(self, netuid: int) -> int:
        """Step to the block right after subnet ``netuid``'s next epoch has run."""
        return self.step(self.blocks_until_next_epoch(netuid))

    # -- accounts and balances ------------------------------------------------------------
    def get_balance(self, address: Any) -> Balance:
        """Free TAO of an account (a coldkey's ss58 address, or a keypair)."""
        return Balance.from_rao(self._backend.balance(_address(address)))

    def transfer(self, wallet: Any, dest: Any, amount: Balance | float) -> Balance:
        """Send TAO from ``wallet``'s coldkey to ``dest``; returns the sender's new balance."""
        self._backend.submit("transfer_allow_death", wallet.coldkey, dest=_address(dest), value=_amount(amount).rao)
        return self.get_balance(wallet.coldkey)

    # -- subnets and registration -----------------------------------------------------------
    def get_all_subnets_netuid(self) -> list[int]:
        """Every subnet's netuid."""
        return self._backend.subnets()

    def subnet_exists(self, netuid: int) -> bool:
        """Whether subnet ``netuid`` exists."""
        return netuid in self._backend.subnets()

    def register_network(self, wallet: Any) -> int:
        """Create a new subnet owned by ``wallet``'s coldkey (the lock cost is burned); returns its netuid."""
        return int(self._backend.submit("register_network", wallet.coldkey, hotkey=wallet.hotkey.ss58_address))

    def recycle(self, netuid: int) -> Balance:
        """The current burn cost of registering on ``netuid`` (it adapts to demand)."""
        return Balance.from_rao(int(self._backend.hyperparameters(netuid)["burn"]))

    def burned_register(self, wallet: Any, netuid: int) -> int:
        """Register ``wallet``'s hotkey on ``netuid`` by burning the current cost; returns its UID."""
        return int(self._backend.submit("burned_register", wallet.coldkey, netuid=netuid, hotkey=wallet.hotkey.ss58_address))

    def register(self, wallet: Any, netuid: int) -> int:
        """``register``: registration by proof of work until 2025; since spec 425 the chain ignores the
        work and burns the price from the signing coldkey, like :meth:`burned_register`. Returns the UID."""
        return int(self._backend.submit("register", wallet.coldkey, netuid=netuid, block_number=self.block, nonce=0,
                                        work=b"", hotkey=wallet.hotkey.ss58_address,
                                        coldkey=wallet.coldkeypub.ss58_address))

    def is_hotkey_registered(self, hotkey_ss58: str, netuid: int) -> bool:
        """Whether a hotkey holds a UID on ``netuid``."""
        return self._backend.uid_for_hotkey(netuid, hotkey_ss58) is not None

    def get_uid_for_hotkey_on_subnet(self, hotkey_ss58: str, netuid: int) -> int | None:
        """The UID of a hotkey on ``netuid``, or None if it is not registered."""
        return self._backend.uid_for_hotkey(netuid, hotkey_ss58)

    def subnetwork_n(self, netuid: int) -> int:
        """How many UIDs are taken on ``netuid`` (``SubnetworkN``)."""
        return self._backend.subnetwork_n(netuid)

    def get_subnet_owner_hotkey(self, netuid: int) -> str:
        """The hotkey the subnet was created with (``SubnetOwnerHotkey``; the owner's own hotkey)."""
        return self._backend.subnet_owner_hotkey(netuid)

    def last_epoch_block(self, netuid: int) -> int:
        """The block at which ``netuid`` last ran its epoch (``LastMechansimStepBlock``)."""
        return self._backend.last_epoch_block(netuid)

    def get_subnet_hyperparameters(self, netuid: int) -> dict[str, Any]:
        """The subnet's hyperparameters (tempo, kappa, immunity_period, …) by their chain names."""
        return self._backend.hyperparameters(netuid)

    # -- stake ------------------------------------------------------------------------------
    def _stake_netuid(self, hotkey: str, netuid: int | None) -> int:
        """The subnet a stake call means: ``netuid``, or the one subnet ``hotkey`` is registered on."""
        if netuid is not None:
            return int(netuid)
        found = [n for n in self._backend.subnets() if n != 0 and self._backend.uid_for_hotkey(n, hotkey) is not None]
        if len(found) != 1:
            where = f"on subnets {found}" if found else "on no subnet"
            raise BittensorLiteError(f"stake is per subnet and hotkey {hotkey} is registered {where}: "
                                     "say which with netuid=N (0 is root)")
        return found[0]

    def get_stake(self, hotkey_ss58: str, coldkey_ss58: str | None = None, netuid: int | None = None) -> Balance:
        """Alpha staked on a hotkey on subnet ``netuid`` (from one coldkey or in total), in that subnet's alpha.

        Without ``netuid``: the one subnet the hotkey is registered on.
        """
        netuid = self._stake_netuid(hotkey_ss58, netuid)
        return Balance.from_rao(self._backend.stake(hotkey_ss58, coldkey_ss58, netuid))

    def add_stake(self, wallet: Any, amount: Balance | float, hotkey_ss58: str | None = None,
                  netuid: int | None = None, limit_price: Balance | float | None = None,
                  allow_partial: bool = False) -> Balance:
        """Stake ``amount`` TAO on a hotkey (its own by default) on subnet ``netuid``; returns the coldkey's alpha there.

        The TAO buys the subnet's alpha through its pool (the price moves, a 0.05 % fee is taken).
        With ``limit_price`` (TAO per alpha) it never buys above that price: ``add_stake_limit``,
        refusing with ``SlippageTooHigh`` unless ``allow_partial`` lets it buy what fits.
        """
        return self._stake_call("add_stake", "amount_staked", wallet, amount, hotkey_ss58, netuid, limit_price,
                                allow_partial)

    def remove_stake(self, wallet: Any, amount: Balance | float, hotkey_ss58: str | None = None,
                     netuid: int | None = None, limit_price: Balance | float | None = None,
                     allow_partial: bool = False) -> Balance:
        """Unstake ``amount`` alpha from a hotkey on subnet ``netuid``: sold to the pool, the TAO lands as free balance.

        Returns the alpha left staked. ``limit_price`` (TAO per alpha): never sell below it.
        """
        return self._stake_call("remove_stake", "amount_unstaked", wallet, amount, hotkey_ss58, netuid, limit_price,
                                allow_partial)

    def _stake_call(self, call: str, amount_arg: str, wallet: Any, amount: Balance | float, hotkey_ss58: str | None,
                    netuid: int | None, limit_price: Balance | float | None, allow_partial: bool) -> Balance:
        """Submit ``call`` (or its ``_limit`` variant when a limit price is given); the coldkey's alpha after it."""
        hotkey = hotkey_ss58 or wallet.hotkey.ss58_address
        netuid = self._stake_netuid(hotkey, netuid)
        args = {"hotkey": hotkey, "netuid": netuid, amount_arg: _amount(amount).rao}
        if limit_price is None:
            self._backend.submit(call, wallet.coldkey, **args)
        else:
            self._backend.submit(f"{call}_limit", wallet.coldkey, **args, limit_price=_amount(limit_price).rao,
                                 allow_partial=bool(allow_partial))
        return self.get_stake(hotkey, wallet.coldkey.ss58_address, netuid)

    def subnet_pool(self, netuid: int) -> dict[str, Any]:
        """A subnet's pool (Dynamic TAO): TAO and alpha reserves, alpha outstanding, price, moving price, symbol."""
        return self._backend.pool(netuid)

    def get_subnet_price(self, netuid: int) -> Balance:
        """The spot price of ``netuid``'s alpha in TAO (1 on root)."""
        return Balance.from_tao(self._backend.pool(netuid)["price"])

    def get_delegate_take(self, hotkey_ss58: str) -> float:
        """A validator's take: the share of its dividends its owner keeps before nominators share the rest."""
        return self._backend.delegate_take(hotkey_ss58) / U16_MAX

    def set_delegate_take(self, wallet: Any, take: float) -> float:
        """Change the take of ``wallet``'s hotkey (``increase_take`` or ``decrease_take``); returns the new take."""
        if not 0 <= take <= 1:
            raise BittensorLiteError(f"a take is a fraction between 0 and 1, got {take!r}")
        hotkey = wallet.hotkey.ss58_address
        value = int(round(take * U16_MAX))
        call = "increase_take" if value > self._backend.delegate_take(hotkey) else "decrease_take"
        self._backend.submit(call, wallet.coldkey, hotkey=hotkey, take=value)
        return self.get_delegate_take(hotkey)

    # -- a neuron's work ----------------------------------------------------------------------
    def set_weights(
        self,
        wallet: Any,
        netuid: int,
        uids: Sequence[int],
        weights: Sequence[float],
        version_key: int = 0,
    ) -> bool:
        """A validator's verdict: how much each UID deserves. Floats are max-scaled to u16 as the SDK does."""
        dests, values = self._weights_for_emit(uids, weights)
        self._backend.submit(
            "set_weights", wallet.hotkey, netuid=netuid, dests=dests, weights=values, version_key=version_key
        )
        return True

    def set_mechanism_weights(self, wallet: Any, netuid: int, mecid: int, uids: Sequence[int],
                              weights: Sequence[float], version_key: int = 0) -> bool:
        """``set_mechanism_weights``: weights for one of the subnet's mechanisms (here each subnet has one, 0)."""
        dests, values = self._weights_for_emit(uids, weights)
        self._backend.submit("set_mechanism_weights", wallet.hotkey, netuid=netuid, mecid=mecid, dests=dests,
                             weights=values, version_key=version_key)
        return True

    def commit_weights(self, wallet: Any, netuid: int, salt: Sequence[int], uids: Sequence[int],
                       weights: Sequence[float], version_key: int = 0) -> str:
        """Commit-reveal, step 1: put only a hash of the weights on chain; returns the hash.

        Keep ``salt`` (a few random u16s) secret until you reveal; the same uids, weights,
        salt and version key must be revealed ``reveal_period`` epochs later.
        """
        dests, values = self._weights_for_emit(uids, weights)
        digest = commit_hash(wallet.hotkey.ss58_address, netuid, dests, values, list(salt), version_key)
        self._backend.submit("commit_weights", wallet.hotkey, netuid=netuid, commit_hash=digest)
        return digest

    def reveal_weights(self, wallet: Any, netuid: int, uids: Sequence[int], weights: Sequence[float],
                       salt: Sequence[int], version_key: int = 0) -> bool:
        """Commit-reveal, step 2: show the committed weights in their reveal epoch; they then count."""
        dests, values = self._weights_for_emit(uids, weights)
        self._backend.submit("reveal_weights", wallet.hotkey, netuid=netuid, uids=dests, values=values,
                             salt=list(salt), version_key=version_key)
        return True

    @staticmethod
    def _weights_for_emit(uids: Sequence[int], weights: Sequence[float]) -> tuple[list[int], list[int]]:
        # tensors become lists; NumPy arrays go as they are (the conversion reads them directly)
        if hasattr(uids, "tolist") and not hasattr(uids, "__array_interface__"):
            uids = uids.tolist()
        if hasattr(weights, "tolist") and not hasattr(weights, "__array_interface__"):
            weights = weights.tolist()
        return convert_weights_and_uids_for_emit(uids, weights)

    def serve_axon(self, wallet: Any, netuid: int, ip: str, port: int, protocol: int = 4, version: int = 0) -> bool:
        """Announce where the neuron's axon answers requests (ip and port go on chain)."""
        try:
            addr = ipaddress.ip_address(ip)
        except ValueError as exc:
            raise BittensorLiteError(f"not an IP address: {ip!r}") from exc
        self._backend.submit(
            "serve_axon",
            wallet.hotkey,
            netuid=netuid,
            version=version,
            ip=int(addr),
            port=port,
            ip_type=addr.version,
            protocol=protocol,
            placeholder1=0,
            placeholder2=0,
        )
        return True

    # -- reading a subnet -------------------------------------------------------------------------
    def metagraph(self, netuid: int, lite: bool = False, block: int | None = None) -> Any:
        """The subnet's :class:`~bittensor_lite.Metagraph` (stake, incentive, weights …) at ``block``."""
        from bittensor_lite.metagraph import Metagraph

        mg = Metagraph(netuid, self, lite=lite, sync=False)
        return mg.sync(block=block)

    def subnet_snapshot(self, netuid: int, block: int | None = None) -> dict[str, Any]:
        """The subnet's neurons as plain lists by UID, all read at one block: what a Metagraph loads."""
        return self._backend.subnet_snapshot(netuid, block=block)

    def neurons(self, netuid: int) -> list[dict[str, Any]]:
        """Every neuron on ``netuid`` as a dict of its chain fields, by UID."""
        snap = self._backend.subnet_snapshot(netuid)
        keys = [k for k, v in snap.items() if isinstance(v, list) and len(v) == len(snap["hotkeys"])]
        return [{"uid": uid, **{k: snap[k][uid] for k in keys}} for uid in range(len(snap["hotkeys"]))]
