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

DEFAULT_BLOCK_EMISSION = 10**9  # rao per block before any halving (1 TAO)
ROOT = "<root>"  # the origin of a call dispatched by Sudo.sudo (Substrate's Root origin)

@dataclass(frozen=True)
class Column:
    """One per-neuron storage item: our name for it, the chain's, its SCALE type and a new neuron's value."""

    name: str
    storage: str  # SubtensorModule storage item
    scale: str  # SCALE type of one neuron's entry
    default: Any
    per_uid: bool = False  # a (netuid, uid) map on chain; otherwise one Vec per subnet, indexed by UID


# The neurons' columns, one entry per UID, in the order a subnet snapshot lists them.
NEURON_COLUMNS: tuple[Column, ...] = (
    Column("hotkeys", "Keys", "AccountId32", "", per_uid=True),
    Column("rank", "Rank", "u16", 0),  # legacy
    Column("trust", "Trust", "u16", 0),  # legacy
    Column("consensus", "Consensus", "u16", 0),
    Column("incentive", "Incentive", "u16", 0),
    Column("dividends", "Dividends", "u16", 0),
    Column("validator_trust", "ValidatorTrust", "u16", 0),
    Column("emission", "Emission", "u64", 0),  # alpha paid at the last epoch
    Column("active", "Active", "bool", True),
    Column("validator_permit", "ValidatorPermit", "bool", False),
    Column("last_update", "LastUpdate", "u64", 0),
    Column("block_at_registration", "BlockAtRegistration", "u64", 0, per_uid=True),
    Column("pruning_score", "PruningScores", "u16", 0),  # here: the last epoch's emission share
    Column("weights", "Weights", "Vec<(u16, u16)>", None, per_uid=True),  # [(uid, u16), …]; absent when empty
    Column("bonds", "Bonds", "Vec<(u16, u16)>", None, per_uid=True),
)


@dataclass
class SubnetState:
    """One subnet: owner, hyperparameters, neurons by UID and bookkeeping counters."""

    netuid: int
    owner_coldkey: str
    owner_hotkey: str
    hyper: SubnetHyperparameters = field(default_factory=SubnetHyperparameters)
    network_registered_at: int = 0
    neurons: dict[str, list[Any]] = field(default_factory=lambda: {c.name: [] for c in NEURON_COLUMNS})
    axons: dict[str, dict[str, int]] = field(default_factory=dict)  # Axons[netuid][hotkey]
    prometheus: dict[str, dict[str, int]] = field(default_factory=dict)  # Prometheus[netuid][hotkey]
    # Dynamic TAO: the subnet's pool (see runtime/swap.py) and its alpha
    mechanism: int = 1  # SubnetMechanism: 1 dynamic (a pool), 0 stable (root: 1 TAO = 1 alpha)
    token_symbol: str = ""  # TokenSymbol
    tao_reserve: int = 0  # SubnetTAO: rao in the pool
    alpha_in: int = 0  # SubnetAlphaIn: alpha in the pool
    alpha_out: int = 0  # SubnetAlphaOut: alpha outside the pool (stake, pending emission, protocol alpha)
    quote_weight: int = 500_000_000_000_000_000  # SwapBalancer: the pool's TAO weight, parts of 10^18
    fee_rate: int = 33  # FeeRate (swap pallet): u16 fraction of each swap's input
    moving_price: int = 0  # SubnetMovingPrice: EMA of the price, I96F32 bits
    locked: int = 0  # SubnetLocked: the TAO the owner locked to create the subnet
    protocol_alpha: int = 0  # SubnetProtocolAlpha: alpha the chain bought with emission it could not inject
    tao_flow: int = 0  # SubnetTaoFlow: this block's stake in − stake out, rao
    ema_tao_flow: int = 0  # SubnetEmaTaoFlow: EMA of the flow, I64F64 bits
    ema_tao_flow_block: int | None = None  # SubnetEmaTaoFlow: the block that EMA was last advanced (None: never)
    protocol_flow: int = 0  # SubnetProtocolFlow: this block's protocol injections, rao
    ema_protocol_flow: int = 0  # SubnetEmaProtocolFlow: their EMA, I64F64 bits
    ema_protocol_flow_block: int | None = None  # SubnetEmaProtocolFlow: the block it was last advanced (None: never)
    tao_in_emission: int = 0  # SubnetTaoInEmission: TAO injected into the pool at the last block
    alpha_in_emission: int = 0  # SubnetAlphaInEmission: alpha injected into the pool at the last block
    alpha_out_emission: int = 0  # SubnetAlphaOutEmission: alpha emitted to participants at the last block
    pending_server: int = 0  # PendingServerEmission: miners' alpha since the last epoch
    pending_validator: int = 0  # PendingValidatorEmission: validators' alpha since the last epoch
    pending_owner_cut: int = 0  # PendingOwnerCut: the owner's alpha since the last epoch
    # stake: alpha per (hotkey, coldkey) as shares of the hotkey's alpha on this subnet
    total_hotkey_alpha: dict[str, int] = field(default_factory=dict)  # TotalHotkeyAlpha[hotkey][netuid]
    total_hotkey_shares: dict[str, int] = field(default_factory=dict)  # TotalHotkeyShares[hotkey][netuid]
    alpha: dict[str, dict[str, int]] = field(default_factory=dict)  # Alpha[(hotkey, coldkey, netuid)]: shares
    regs_this_block: int = 0
    regs_this_interval: int = 0
    last_adjustment_block: int = 0
    last_epoch_block: int = 0
    epoch_index: int = 0  # how many epochs this subnet has run (commit-reveal counts in epochs)
    weight_commits: dict[str, list[list[Any]]] = field(default_factory=dict)  # WeightCommits[netuid][hotkey]

    @property
    def n(self) -> int:
        """SubnetworkN: how many UIDs are taken."""
        return len(self.neurons["hotkeys"])

    def uid_of(self, hotkey: str) -> int | None:
        """Uids[netuid][hotkey]: a map lookup, as on chain (not a scan of the hotkeys)."""
        return self._uid_index().get(hotkey)

    def _uid_index(self) -> dict[str, int]:
        """The Uids map, kept beside the ``hotkeys`` column (rebuilt if that list was replaced).

        :meth:`put_neuron` is the one writer of the column and keeps the map in step; it is not
        a dataclass field, so it is never saved, compared or shown.
        """
        hotkeys = self.neurons["hotkeys"]
        cached = self.__dict__.get("_uids")
        if cached is None or cached[0] is not hotkeys or len(cached[1]) != len(hotkeys):
            index: dict[str, int] = {}
            for uid, hk in enumerate(hotkeys):
                index.setdefault(hk, uid)
            cached = (hotkeys, index)
            self.__dict__["_uids"] = cached
        return cached[1]

    def put_neuron(self, uid: int, hotkey: str, block: int) -> None:
        """Write a fresh neuron into slot ``uid`` (appending a new UID or replacing a pruned one)."""
        index = self._uid_index()
        if uid == self.n:
            for col in NEURON_COLUMNS:
                self.neurons[col.name].append(None)
        else:
            old = self.neurons["hotkeys"][uid]
            if index.get(old) == uid:
                del index[old]
        for col in NEURON_COLUMNS:
            self.neurons[col.name][uid] = [] if col.default is None else col.default
        self.neurons["hotkeys"][uid] = hotkey
        index.setdefault(hotkey, uid)
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


@dataclass(frozen=True)
class PoolColumn:
    """A storage item keyed by netuid alone that holds one :class:`SubnetState` field as it is."""

    storage: str  # the chain's item name
    scale: str  # its SCALE value type
    attr: str  # the SubnetState field
    pallet: str = "SubtensorModule"
    hasher: str = "Identity"
    default: Any = 0  # the chain's value for a netuid with no entry


# Dynamic TAO: each subnet's pool and alpha bookkeeping (spec 425). The swap pallet's items
# default to what a new pool starts with; the chain's TokenSymbol default is 𝜏 (U+1D70F).
POOL_COLUMNS: tuple[PoolColumn, ...] = (
    PoolColumn("SubnetMechanism", "u16", "mechanism"),
    PoolColumn("TokenSymbol", "Vec<u8>", "token_symbol", default="\U0001d70f"),
    PoolColumn("SubnetTAO", "u64", "tao_reserve"),
    PoolColumn("SubnetAlphaIn", "u64", "alpha_in"),
    PoolColumn("SubnetAlphaOut", "u64", "alpha_out"),
    PoolColumn("SubnetMovingPrice", "I96F32", "moving_price"),
    PoolColumn("SubnetLocked", "u64", "locked"),
    PoolColumn("SubnetProtocolAlpha", "u64", "protocol_alpha"),
    PoolColumn("SubnetTaoFlow", "i64", "tao_flow"),
    PoolColumn("SubnetProtocolFlow", "i64", "protocol_flow"),
    PoolColumn("SubnetTaoInEmission", "u64", "tao_in_emission"),
    PoolColumn("SubnetAlphaInEmission", "u64", "alpha_in_emission"),
    PoolColumn("SubnetAlphaOutEmission", "u64", "alpha_out_emission"),
    PoolColumn("PendingServerEmission", "u64", "pending_server"),
    PoolColumn("PendingValidatorEmission", "u64", "pending_validator"),
    PoolColumn("PendingOwnerCut", "u64", "pending_owner_cut"),
    PoolColumn("FeeRate", "u16", "fee_rate", "Swap", "Twox64Concat", SubnetState.__dataclass_fields__["fee_rate"].default),
    PoolColumn("SwapBalancer", "Balancer", "quote_weight", "Swap", "Twox64Concat",
               SubnetState.__dataclass_fields__["quote_weight"].default),
)


def root_subnet() -> SubnetState:
    """Netuid 0, the root subnet: stake on it is TAO (one alpha per TAO, no pool, no fee)."""
    return SubnetState(netuid=0, owner_coldkey="", owner_hotkey="", mechanism=0, token_symbol="Τ")


@dataclass
class ChainState:
    """The whole chain: block, accounts, stake, hotkey ownership, subnets, events."""

    block: int = 0
    balances: dict[str, int] = field(default_factory=dict)  # System.Account free balance, rao
    total_issuance: int = 0  # every rao in existence: free balances + the subnets' pools (SubnetTAO)
    owner: dict[str, str] = field(default_factory=dict)  # Owner[hotkey] = coldkey
    subnets: dict[int, SubnetState] = field(default_factory=lambda: {0: root_subnet()})
    sudo: str | None = None
    block_emission: int = DEFAULT_BLOCK_EMISSION  # BlockEmission: rao minted per block, set from issuance
    network_lock_cost: int = 100_000_000_000  # rao locked by register_network (100 TAO)
    allow_local_ips: bool = True  # a dev chain accepts 127.0.0.1 axons; mainnet does not
    events: list[Any] = field(default_factory=list)  # this block's events: (pallet, name, fields)
    nonces: dict[str, int] = field(default_factory=dict)  # System.Account nonce (signed extrinsics sent)
    delegate_take: dict[str, int] = field(default_factory=dict)  # Delegates[hotkey]: u16 take, if not the default
    last_take_increase: dict[str, int] = field(default_factory=dict)  # LastTxBlockDelegateTake[hotkey]
    default_delegate_take: int = 11_796  # u16: 18 %, every hotkey's take until its owner changes it
    min_delegate_take: int = 0  # MinDelegateTake (u16)
    max_delegate_take: int = 11_796  # MaxDelegateTake (u16: 18 %)
    delegate_take_rate_limit: int = 216_000  # TxDelegateTakeRateLimit: blocks between two take increases
    tao_weight: int = 971_718_665_099_567_868  # TaoWeight: root stake's weight in validators' stake (x / 2^64)
    min_stake: int = 2_000_000  # DefaultMinStake: the least TAO one stake may be worth (0.002 τ)
    network_min_lock_cost: int = 100_000_000_000  # NetworkMinLockCost: a new pool holds at least this much TAO
    moving_alpha: int = 12_885  # SubnetMovingAlpha: 0.000003 as I96F32 bits (from_num rounds to nearest)
    ema_price_halving_blocks: int = 201_600  # EMAPriceHalvingBlocks (4 weeks): how slowly the EMA warms up
    flow_emission: bool = False  # shares by TAO flow (Nov 2025 – Jun 2026) instead of the price EMA (spec 425)
    net_tao_flow_enabled: bool = True  # NetTaoFlowEnabled: subtract the protocol's own injections from flow
    flow_ema_smoothing: int = 29_597_889_189_277  # FlowEmaSmoothingFactor: x / i64::MAX per block (≈1 month)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["subnets"] = {str(k): s.to_dict() for k, s in self.subnets.items()}
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ChainState:
        d = dict(d)
        d["subnets"] = {int(k): SubnetState.from_dict(s) for k, s in d["subnets"].items()}
        return cls(**d)
