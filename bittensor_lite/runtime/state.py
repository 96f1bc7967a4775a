"""Chain state as plain data: what node-subtensor keeps in storage, per subnet and per account.

Everything here is ints, strings, bools, lists and dicts, so the state can be copied
(snapshots), compared, and saved (``to_dict``/``from_dict``), e.g. by the local chain's store.
Neurons are stored column-wise, one list per storage item, indexed by UID, like the chain's
``Rank[netuid][uid]`` maps.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from bittensor_lite.runtime.hyperparams import SubnetHyperparameters

# One entry per UID in each of these lists (the chain's per-neuron storage items).
NEURON_COLUMNS: dict[str, Any] = {
    "hotkeys": "",  # Keys
    "block_at_registration": 0,  # BlockAtRegistration
    "last_update": 0,  # LastUpdate
    "rank": 0,  # Rank (u16, legacy)
    "trust": 0,  # Trust (u16, legacy)
    "consensus": 0,  # Consensus (u16)
    "incentive": 0,  # Incentive (u16)
    "dividends": 0,  # Dividends (u16)
    "validator_trust": 0,  # ValidatorTrust (u16)
    "emission": 0,  # Emission (rao, last epoch)
    "pruning_score": 0,  # PruningScores (u16 … here: emission)
    "validator_permit": False,  # ValidatorPermit
    "active": True,  # Active
    "weights": None,  # Weights: [(uid, u16), …]
    "bonds": None,  # Bonds: [(uid, u16), …]
}


@dataclass
class SubnetState:
    """One subnet: owner, hyperparameters, neurons by UID and bookkeeping counters."""

    netuid: int
    owner_coldkey: str
    owner_hotkey: str
    hyper: SubnetHyperparameters = field(default_factory=SubnetHyperparameters)
    network_registered_at: int = 0
    neurons: dict[str, list[Any]] = field(default_factory=lambda: {k: [] for k in NEURON_COLUMNS})
    axons: dict[str, dict[str, int]] = field(default_factory=dict)  # Axons[netuid][hotkey]
    prometheus: dict[str, dict[str, int]] = field(default_factory=dict)  # Prometheus[netuid][hotkey]
    pending_emission: int = 0  # rao accrued since the last epoch
    regs_this_block: int = 0
    regs_this_interval: int = 0
    last_adjustment_block: int = 0
    last_epoch_block: int = 0

    @property
    def n(self) -> int:
        """SubnetworkN: how many UIDs are taken."""
        return len(self.neurons["hotkeys"])

    def uid_of(self, hotkey: str) -> int | None:
        """Uids[netuid][hotkey]."""
        try:
            return self.neurons["hotkeys"].index(hotkey)
        except ValueError:
            return None

    def put_neuron(self, uid: int, hotkey: str, block: int) -> None:
        """Write a fresh neuron into slot ``uid`` (appending a new UID or replacing a pruned one)."""
        if uid == self.n:
            for col in NEURON_COLUMNS:
                self.neurons[col].append(None)
        for col, default in NEURON_COLUMNS.items():
            self.neurons[col][uid] = [] if default is None else default
        self.neurons["hotkeys"][uid] = hotkey
        self.neurons["block_at_registration"][uid] = block
        self.neurons["last_update"][uid] = block
        # Weights on and bonds to the slot's previous owner are masked by the epoch (see epoch.py).

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["hyper"] = self.hyper.to_dict()
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SubnetState:
        d = dict(d)
        d["hyper"] = SubnetHyperparameters(**d["hyper"])
        neurons = {k: list(v) for k, v in d["neurons"].items()}
        for col in ("weights", "bonds"):
            neurons[col] = [[(int(j), int(v)) for j, v in row] for row in neurons[col]]
        d["neurons"] = neurons
        return cls(**d)


@dataclass
class ChainState:
    """The whole chain: block, accounts, stake, hotkey ownership, subnets, events."""

    block: int = 0
    balances: dict[str, int] = field(default_factory=dict)  # System.Account free balance, rao
    total_issuance: int = 0  # every rao in existence: free + staked
    stake: dict[str, dict[str, int]] = field(default_factory=dict)  # Stake[hotkey][coldkey]
    owner: dict[str, str] = field(default_factory=dict)  # Owner[hotkey] = coldkey
    subnets: dict[int, SubnetState] = field(default_factory=dict)
    sudo: str | None = None
    block_emission: int = 1_000_000_000  # rao minted per block across all subnets (1 TAO)
    network_lock_cost: int = 100_000_000_000  # rao locked by register_network (100 TAO)
    allow_local_ips: bool = True  # a dev chain accepts 127.0.0.1 axons; mainnet does not
    events: list[dict[str, Any]] = field(default_factory=list)  # events of the last block
    nonces: dict[str, int] = field(default_factory=dict)  # System.Account nonce (signed extrinsics sent)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["subnets"] = {str(k): s.to_dict() for k, s in self.subnets.items()}
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ChainState:
        d = dict(d)
        d["subnets"] = {int(k): SubnetState.from_dict(s) for k, s in d["subnets"].items()}
        return cls(**d)
