"""The subnet runtime: node-subtensor's rules as plain Python, no I/O, deterministic.

:class:`Runtime` is the "pallet": calls take the signer (origin) first, like extrinsics, and
either succeed or raise the pallet's error having changed nothing. The mock backend calls it
directly; the local chain runs the very same object behind signed extrinsics and blocks.

>>> rt = Runtime(balances={"alice": 1_000 * 10**9}, sudo="alice")
>>> netuid = rt.dispatch("register_network", "alice", hotkey="alice-hot")
>>> rt.step(1)
"""

from __future__ import annotations

import copy
from typing import Any

from bittensor_lite.errors import ChainError, NotSupportedError
from bittensor_lite.runtime import balances, delegation, registration, staking
from bittensor_lite.runtime.calls import call_table, run
from bittensor_lite.runtime.epoch import step_block
from bittensor_lite.runtime.hyperparams import SubnetHyperparameters, setter_call
from bittensor_lite.runtime.serving import axon_endpoint
from bittensor_lite.runtime.state import NEURON_COLUMNS, ChainState, SubnetState
from bittensor_lite.runtime.views import pool_view, stake_columns

__all__ = ["ChainState", "Runtime", "SubnetHyperparameters", "SubnetState"]


class Runtime:
    """Chain state plus the calls that change it."""

    def __init__(self, balances: dict[str, int] | None = None, sudo: str | None = None, **settings: Any):
        self.state = ChainState(sudo=sudo, **settings)
        for account, amount in (balances or {}).items():
            self.dev_set_balance(account, amount)

    # -- time and calls ---------------------------------------------------------------------
    @property
    def block(self) -> int:
        """The current block number."""
        return self.state.block

    @property
    def sudo(self) -> str | None:
        """The sudo account (``//Alice`` on dev chains)."""
        return self.state.sudo

    def step(self, blocks: int = 1) -> None:
        """Produce ``blocks`` blocks: emission accrues and epochs run when they fall due."""
        for _ in range(blocks):
            step_block(self.state)

    def dispatch(self, call: str, origin: str, /, **args: Any) -> Any:
        """Run pallet call ``call`` signed by ``origin``; all-or-nothing.

        Every rule validates before it writes; calls that write several items get a second
        guard: a failure restores the state exactly as it was.
        """
        spec = call_table().get(call)
        if spec is None:
            raise NotSupportedError(f"call {call!r} is not supported here; supported: {', '.join(sorted(call_table()))}")
        backup = copy.deepcopy(self.state) if spec.guarded else None
        try:
            return run(spec, self.state, origin, args)
        except ChainError:
            if backup is not None:
                self.state = backup
            raise

    # -- dev and sudo -------------------------------------------------------------------------
    def dev_set_balance(self, account: str, amount: int) -> None:
        """Set a free balance outright (dev chains' faucet)."""
        balances.set_balance(self.state, account, int(amount))

    def sudo_set_hyperparameter(self, origin: str | None, netuid: int, name: str, value: Any) -> None:
        """Set a subnet hyperparameter: the sudo key goes through ``Sudo.sudo`` (as Root), anyone else
        calls the ``AdminUtils`` setter directly (allowed for the subnet owner on owner knobs)."""
        call, args = setter_call(name, netuid, value, self.hyperparameters(netuid))
        if origin is not None and origin == self.sudo:
            error = self.dispatch("sudo", origin, call=(call, args))
            if error is not None:
                raise error
        else:
            self.dispatch(call, origin or "", **args)

    # -- reads ------------------------------------------------------------------------------------
    def free_balance(self, account: str) -> int:
        """Free balance in rao."""
        return balances.free_balance(self.state, account)

    def stake_of(self, hotkey: str, coldkey: str | None = None, netuid: int | None = None) -> int:
        """Alpha staked on a hotkey on ``netuid`` (one coldkey's, or in total); no netuid: summed over subnets."""
        return staking.stake_of(self.state, hotkey, coldkey, netuid)

    def pool(self, netuid: int) -> dict[str, Any]:
        """Subnet ``netuid``'s pool as the metagraph and ``get_dynamic_info`` show it."""
        return pool_view(self.state, registration.subnet(self.state, netuid))

    def netuids(self) -> list[int]:
        """Existing subnets."""
        return sorted(self.state.subnets)

    def hyperparameters(self, netuid: int) -> dict[str, Any]:
        """A subnet's hyperparameters by name (including the current ``burn``)."""
        return registration.subnet(self.state, netuid).hyper.to_dict()

    def subnetwork_n(self, netuid: int) -> int:
        """SubnetworkN: how many UIDs are taken on ``netuid``."""
        return registration.subnet(self.state, netuid).n

    def subnet_owner_hotkey(self, netuid: int) -> str:
        """SubnetOwnerHotkey: the hotkey ``netuid`` was registered with."""
        return registration.subnet(self.state, netuid).owner_hotkey

    def last_epoch_block(self, netuid: int) -> int:
        """LastMechansimStepBlock: the block of ``netuid``'s last epoch."""
        return registration.subnet(self.state, netuid).last_epoch_block

    def delegate_take(self, hotkey: str) -> int:
        """Delegates[hotkey]: a hotkey's take (u16 fraction)."""
        staking.owner_of(self.state, hotkey)
        return delegation.take_of(self.state, hotkey)

    def uid_of(self, netuid: int, hotkey: str) -> int | None:
        """The UID of ``hotkey`` on ``netuid`` (None if not registered)."""
        return registration.subnet(self.state, netuid).uid_of(hotkey)

    def subnet_snapshot(self, netuid: int) -> dict[str, Any]:
        """The subnet's neurons as plain lists by UID: what a Metagraph is built from."""
        net = registration.subnet(self.state, netuid)
        hotkeys = list(net.neurons["hotkeys"])
        coldkeys = [self.state.owner.get(hk, "") for hk in hotkeys]
        columns = {c.name: list(map(list, net.neurons[c.name])) if c.default is None else list(net.neurons[c.name])
                   for c in NEURON_COLUMNS if c.name != "hotkeys"}  # copies, C-level: rows as fresh lists
        return {
            "netuid": netuid,
            "block": self.state.block,
            "hotkeys": hotkeys,
            "coldkeys": coldkeys,
            **stake_columns(self.state, net),
            "pool": pool_view(self.state, net),
            **columns,
            "axons": [axon_endpoint(hk, ck, net.axons.get(hk)) for hk, ck in zip(hotkeys, coldkeys, strict=True)],
        }
