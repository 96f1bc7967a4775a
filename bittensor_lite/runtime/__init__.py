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

from bittensor_lite.runtime import admin, balances, registration, serving, staking, weights
from bittensor_lite.runtime.epoch import step_block
from bittensor_lite.runtime.hyperparams import SubnetHyperparameters
from bittensor_lite.runtime.state import ChainState, SubnetState

__all__ = ["ChainState", "Runtime", "SubnetHyperparameters", "SubnetState", "solve_pow"]

# The calls we support, by their chain names (pallet call → function(state, origin, **args)).
CALLS = {
    "transfer_allow_death": balances.transfer,
    "transfer_keep_alive": balances.transfer,
    "register_network": registration.register_network,
    "burned_register": registration.burned_register,
    "register": registration.register,
    "add_stake": staking.add_stake,
    "remove_stake": staking.remove_stake,
    "set_weights": weights.set_weights,
    "serve_axon": serving.serve_axon,
    "serve_prometheus": serving.serve_prometheus,
}


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

    def dispatch(self, call: str, origin: str, **args: Any) -> Any:
        """Run pallet call ``call`` signed by ``origin``; all-or-nothing.

        Every call validates before it writes; as a second guard, a failure restores the
        state exactly as it was.
        """
        fn = CALLS.get(call)
        if fn is None:
            from bittensor_lite.errors import NotSupportedError

            raise NotSupportedError(f"call {call!r} is not supported here; supported: {', '.join(sorted(CALLS))}")
        backup = copy.deepcopy(self.state) if call in _GUARDED else None
        try:
            return fn(self.state, origin, **args)
        except TypeError as exc:
            if backup is not None:
                self.state = backup
            from bittensor_lite.errors import BittensorLiteError

            raise BittensorLiteError(f"bad arguments for {call}: {exc}") from None
        except Exception:
            if backup is not None:
                self.state = backup
            raise

    # -- dev and sudo -------------------------------------------------------------------------
    def dev_set_balance(self, account: str, amount: int) -> None:
        """Set a free balance outright (dev chains' faucet)."""
        balances.set_balance(self.state, account, int(amount))

    def sudo_set_hyperparameter(self, origin: str | None, netuid: int, name: str, value: Any) -> None:
        """``AdminUtils.sudo_set_<name>``: change a subnet hyperparameter (sudo or owner)."""
        admin.sudo_set_hyperparameter(self.state, origin, netuid, name, value)

    # -- reads ------------------------------------------------------------------------------------
    def free_balance(self, account: str) -> int:
        """Free balance in rao."""
        return balances.free_balance(self.state, account)

    def stake_of(self, hotkey: str, coldkey: str | None = None) -> int:
        """Stake on a hotkey in rao (from one coldkey, or in total)."""
        return staking.stake_of(self.state, hotkey, coldkey)

    def netuids(self) -> list[int]:
        """Existing subnets."""
        return sorted(self.state.subnets)

    def hyperparameters(self, netuid: int) -> dict[str, Any]:
        """A subnet's hyperparameters by name (including the current ``burn``)."""
        return registration.subnet(self.state, netuid).hyper.to_dict()

    def subnetwork_n(self, netuid: int) -> int:
        """SubnetworkN: how many UIDs are taken on ``netuid``."""
        return registration.subnet(self.state, netuid).n

    def last_epoch_block(self, netuid: int) -> int:
        """LastMechansimStepBlock: the block of ``netuid``'s last epoch."""
        return registration.subnet(self.state, netuid).last_epoch_block

    def uid_of(self, netuid: int, hotkey: str) -> int | None:
        """The UID of ``hotkey`` on ``netuid`` (None if not registered)."""
        return registration.subnet(self.state, netuid).uid_of(hotkey)

    def subnet_snapshot(self, netuid: int) -> dict[str, Any]:
        """The subnet's neurons as plain lists by UID: what a Metagraph is built from."""
        net = registration.subnet(self.state, netuid)
        col = net.neurons
        hotkeys = list(col["hotkeys"])

        def axon(hk: str) -> dict[str, Any]:
            import ipaddress

            info = net.axons.get(hk)
            base = {"hotkey": hk, "coldkey": self.state.owner.get(hk, "")}
            if not info:
                return base
            ip = str(ipaddress.ip_address(info["ip"])) if info["ip_type"] == 4 else str(ipaddress.IPv6Address(info["ip"]))
            return {**base, "ip": ip, "port": info["port"], "ip_type": info["ip_type"],
                    "protocol": info["protocol"], "version": info["version"]}

        return {
            "netuid": netuid,
            "block": self.state.block,
            "hotkeys": hotkeys,
            "coldkeys": [self.state.owner.get(hk, "") for hk in hotkeys],
            "stake": [self.stake_of(hk) for hk in hotkeys],
            **{k: list(col[k]) for k in ("rank", "trust", "consensus", "incentive", "dividends", "validator_trust",
                                         "emission", "active", "validator_permit", "last_update",
                                         "block_at_registration", "pruning_score")},
            "weights": [list(r) for r in col["weights"]],
            "bonds": [list(r) for r in col["bonds"]],
            "axons": [axon(hk) for hk in hotkeys],
        }


# Calls that validate everything before writing still get a restore-on-failure guard when they
# touch several storage items; cheap single-check calls skip the copy.
_GUARDED = frozenset({"register_network", "burned_register", "register"})


def solve_pow(runtime: Runtime, netuid: int, hotkey: str, max_nonces: int = 10_000_000) -> tuple[int, int, bytes]:
    """Find a proof-of-work seal for ``hotkey`` on ``netuid`` at the current block."""
    return registration.solve_pow(runtime.state, netuid, hotkey, max_nonces=max_nonces)
