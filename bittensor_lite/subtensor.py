"""``Subtensor``: your handle on a Bittensor network, with the real SDK's method names.

``bl.connect("mock")`` gives a Subtensor over an in-process subnet runtime; later backends
reach a local chain or any Substrate node with the same calls. Methods that change the chain
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

from bittensor_lite.balance import Balance
from bittensor_lite.errors import BittensorLiteError, NotSupportedError
from bittensor_lite.weight_utils import convert_weights_and_uids_for_emit


def connect(network: str = "mock", **options: Any) -> Subtensor:
    """Open a network: ``"mock"`` (in-process), ``"local"`` or ``"ws://host:port"``.

    ``"local"`` joins the local chain on 127.0.0.1:9944 if one answers, otherwise starts one in
    a background process (stopped when Python exits, or by ``sub.close()``). ``"ws://…"`` reaches
    any Substrate node with a ``SubtensorModule`` pallet, e.g. a subtensor localnet.
    """
    if network == "mock":
        from bittensor_lite.backends.mock import MockBackend

        return Subtensor(MockBackend(**options))
    if network == "local":
        from bittensor_lite.backends.live import LiveBackend
        from bittensor_lite.chain.process import chain_answers, start_local_chain

        port = int(options.pop("port", 9944))
        process = None if chain_answers(port=port) else start_local_chain(port=port, **options)
        return Subtensor(LiveBackend(f"ws://127.0.0.1:{port}", name="local", process=process))
    if network.startswith(("ws://", "wss://")):
        from bittensor_lite.backends.live import LiveBackend

        return Subtensor(LiveBackend(network, **options))
    raise NotSupportedError(f"unknown network {network!r}: use 'mock', 'local' or 'ws://host:port'")


def _address(key_or_address: Any) -> str:
    return key_or_address if isinstance(key_or_address, str) else key_or_address.ss58_address


def _amount(amount: Balance | float | int) -> Balance:
    """A Balance, or a number of TAO (as the SDK accepts)."""
    return amount if isinstance(amount, Balance) else Balance.from_tao(amount)


class Subtensor:
    """A network connection; wraps a :class:`~bittensor_lite.backends.Backend`."""

    def __init__(self, backend: Any):
        self.backend = backend
        self.network = backend.name

    def __repr__(self) -> str:
        return f"Subtensor(network={self.network!r}, block={self.block})"

    def close(self) -> None:
        """Close the connection (a local chain started by ``connect("local")`` stops too)."""
        close = getattr(self.backend, "close", None)
        if close is not None:
            close()

    # -- time ---------------------------------------------------------------------------
    @property
    def block(self) -> int:
        """The current block number."""
        return self.backend.block()

    def get_current_block(self) -> int:
        """The current block number (the SDK's spelling)."""
        return self.backend.block()

    def step(self, blocks: int = 1) -> int:
        """Produce ``blocks`` blocks now, running any epochs that fall due; returns the block."""
        return self.backend.step(blocks)

    def blocks_until_next_epoch(self, netuid: int) -> int:
        """How many blocks until subnet ``netuid`` runs its next epoch (Yuma + emission)."""
        tempo = int(self.backend.hyperparameters(netuid)["tempo"])
        block = self.block
        # the chain fires an epoch for netuid when (block + netuid + 1) % (tempo + 1) == 0
        return (-(block + netuid + 1)) % (tempo + 1) or (tempo + 1)

    def wait_for_epoch(self, netuid: int) -> int:
        """Step to the block right after subnet ``netuid``'s next epoch has run."""
        return self.step(self.blocks_until_next_epoch(netuid))

    # -- accounts and balances ------------------------------------------------------------
    def get_balance(self, address: Any) -> Balance:
        """Free TAO of an account (a coldkey's ss58 address, or a keypair)."""
        return Balance.from_rao(self.backend.balance(_address(address)))

    def transfer(self, wallet: Any, dest: Any, amount: Balance | float) -> Balance:
        """Send TAO from ``wallet``'s coldkey to ``dest``; returns the sender's new balance."""
        self.backend.submit("transfer_allow_death", wallet.coldkey, dest=_address(dest), value=_amount(amount).rao)
        return self.get_balance(wallet.coldkey)

    # -- subnets and registration -----------------------------------------------------------
    def get_all_subnets_netuid(self) -> list[int]:
        """Every subnet's netuid."""
        return self.backend.subnets()

    def subnet_exists(self, netuid: int) -> bool:
        """Whether subnet ``netuid`` exists."""
        return netuid in self.backend.subnets()

    def register_network(self, wallet: Any) -> int:
        """Create a new subnet owned by ``wallet``'s coldkey (the lock cost is burned); returns its netuid."""
        return int(self.backend.submit("register_network", wallet.coldkey, hotkey=wallet.hotkey.ss58_address))

    def recycle(self, netuid: int) -> Balance:
        """The current burn cost of registering on ``netuid`` (it adapts to demand)."""
        return Balance.from_rao(int(self.backend.hyperparameters(netuid)["burn"]))

    def burned_register(self, wallet: Any, netuid: int) -> int:
        """Register ``wallet``'s hotkey on ``netuid`` by burning the current cost; returns its UID."""
        return int(self.backend.submit("burned_register", wallet.coldkey, netuid=netuid, hotkey=wallet.hotkey.ss58_address))

    def register(self, wallet: Any, netuid: int, **pow_options: Any) -> int:
        """Register by proof of work (a tiny difficulty on the mock network); returns the UID."""
        return int(self.backend.register_pow(wallet, netuid, **pow_options))

    def is_hotkey_registered(self, hotkey_ss58: str, netuid: int) -> bool:
        """Whether a hotkey holds a UID on ``netuid``."""
        return self.backend.uid_for_hotkey(netuid, hotkey_ss58) is not None

    def get_uid_for_hotkey_on_subnet(self, hotkey_ss58: str, netuid: int) -> int | None:
        """The UID of a hotkey on ``netuid``, or None if it is not registered."""
        return self.backend.uid_for_hotkey(netuid, hotkey_ss58)

    def get_subnet_hyperparameters(self, netuid: int) -> dict[str, Any]:
        """The subnet's hyperparameters (tempo, kappa, immunity_period, …) by their chain names."""
        return self.backend.hyperparameters(netuid)

    # -- stake ------------------------------------------------------------------------------
    def get_stake(self, hotkey_ss58: str, coldkey_ss58: str | None = None) -> Balance:
        """Stake on a hotkey, from one coldkey or in total."""
        return Balance.from_rao(self.backend.stake(hotkey_ss58, coldkey_ss58))

    def add_stake(self, wallet: Any, amount: Balance | float, hotkey_ss58: str | None = None) -> Balance:
        """Move free TAO from ``wallet``'s coldkey onto a hotkey (its own by default); returns the new stake."""
        hotkey = hotkey_ss58 or wallet.hotkey.ss58_address
        self.backend.submit("add_stake", wallet.coldkey, hotkey=hotkey, amount_staked=_amount(amount).rao)
        return self.get_stake(hotkey, wallet.coldkey.ss58_address)

    def remove_stake(self, wallet: Any, amount: Balance | float, hotkey_ss58: str | None = None) -> Balance:
        """Move stake from a hotkey back to ``wallet``'s coldkey as free TAO; returns the remaining stake."""
        hotkey = hotkey_ss58 or wallet.hotkey.ss58_address
        self.backend.submit("remove_stake", wallet.coldkey, hotkey=hotkey, amount_unstaked=_amount(amount).rao)
        return self.get_stake(hotkey, wallet.coldkey.ss58_address)

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
        if hasattr(uids, "tolist"):
            uids = uids.tolist()
        if hasattr(weights, "tolist"):
            weights = weights.tolist()
        dests, values = convert_weights_and_uids_for_emit(uids, weights)
        self.backend.submit(
            "set_weights", wallet.hotkey, netuid=netuid, dests=dests, weights=values, version_key=version_key
        )
        return True

    def serve_axon(self, wallet: Any, netuid: int, ip: str, port: int, protocol: int = 4, version: int = 0) -> bool:
        """Announce where the neuron's axon answers requests (ip and port go on chain)."""
        try:
            addr = ipaddress.ip_address(ip)
        except ValueError as exc:
            raise BittensorLiteError(f"not an IP address: {ip!r}") from exc
        self.backend.submit(
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

    def neurons(self, netuid: int) -> list[dict[str, Any]]:
        """Every neuron on ``netuid`` as a dict of its chain fields, by UID."""
        snap = self.backend.subnet_snapshot(netuid)
        keys = [k for k, v in snap.items() if isinstance(v, list) and len(v) == len(snap["hotkeys"])]
        return [{"uid": uid, **{k: snap[k][uid] for k in keys}} for uid in range(len(snap["hotkeys"]))]
