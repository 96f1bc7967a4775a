"""The metagraph: one subnet's state at a block, as tensors.

Every neuron (a miner or a validator) has a UID on the subnet. The metagraph lines their
state up by UID, with the real SDK's one-letter names:

======  =================  =====================================================
field   name               meaning
======  =================  =====================================================
``S``   stake              total stake: alpha + TaoWeight × root TAO (what a validator's vote weighs)
``AS``  alpha stake        the subnet's alpha staked on each hotkey
``TS``  TAO stake          TAO staked on each hotkey on root (netuid 0)
``R``   rank               stake-weighted, consensus-clipped support for each miner
``T``   trust              legacy: rank / pre-clipping rank
``C``   consensus          the stake-weighted κ-quantile of weights on each miner
``I``   incentive          each miner's share of the miners' half of emission
``D``   dividends          each validator's share of the validators' half
``E``   emission           alpha earned in the last epoch
``Tv``  validator trust    how much of a validator's weight survived clipping
``W``   weights            row i = how uid i weighted every uid (rows sum to 1)
``B``   bonds              row i = validator i's bonds in each miner
======  =================  =====================================================
"""

from __future__ import annotations

import functools
import html
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bittensor_lite.scale import U16_MAX

if TYPE_CHECKING:
    import torch



@dataclass(frozen=True)
class AxonInfo:
    """Where a neuron serves requests (what ``serve_axon`` put on chain)."""

    ip: str = "0.0.0.0"
    port: int = 0
    ip_type: int = 4
    protocol: int = 4
    version: int = 0
    hotkey: str = ""
    coldkey: str = ""

    @property
    def is_serving(self) -> bool:
        """True once the neuron has announced an address."""
        return self.port != 0 and self.ip != "0.0.0.0"

    def __str__(self) -> str:
        return f"{self.ip}:{self.port}" if self.is_serving else "-"


@functools.lru_cache(maxsize=1 << 16)
def _axon_info(**fields: Any) -> AxonInfo:
    """An :class:`AxonInfo`, shared between metagraphs while nothing in it changes (it is frozen): a
    metagraph of 1,024 neurons reads 1,024 axons each sync, nearly always the same ones."""
    return AxonInfo(**fields)


class Metagraph:
    """A snapshot of subnet ``netuid`` at ``block``; :meth:`sync` refreshes it from the network.

    Build one with ``subtensor.metagraph(netuid)`` rather than by hand.
    """

    def __init__(self, netuid: int, subtensor: Any = None, *, lite: bool = False, sync: bool = True):
        self.netuid = netuid
        self.subtensor = subtensor
        self.lite = lite  # lite=True skips the n×n W and B matrices, as in the real SDK
        self.block = -1
        self._set_empty()
        if sync and subtensor is not None:
            self.sync()

    # -- loading -----------------------------------------------------------------------
    def _set_empty(self) -> None:
        import torch

        zeros = torch.zeros(0)
        self.n = 0
        self.uids = torch.zeros(0, dtype=torch.int64)
        self.hotkeys: list[str] = []
        self.coldkeys: list[str] = []
        self.axons: list[AxonInfo] = []
        self.S = self.R = self.T = self.C = self.I = self.E = self.Tv = self.D = zeros
        self.active = self.validator_permit = torch.zeros(0, dtype=torch.bool)
        self.last_update = self.block_at_registration = torch.zeros(0, dtype=torch.int64)
        self.W = self.B = torch.zeros(0, 0)

    def sync(self, block: int | None = None, lite: bool | None = None) -> Metagraph:
        """Re-read the subnet from the network (``block=None`` means the latest block)."""
        if self.subtensor is None:
            from bittensor_lite.errors import BittensorLiteError

            raise BittensorLiteError("this metagraph has no subtensor to sync from")
        if lite is not None:
            self.lite = lite
        snapshot = self.subtensor.subnet_snapshot(self.netuid, block=block)
        self.load_snapshot(snapshot)
        return self

    def load_snapshot(self, snap: dict[str, Any]) -> None:
        """Fill the tensors from a backend's plain snapshot (lists indexed by UID)."""
        import torch

        def f(key: str, scale: float = 1.0) -> torch.Tensor:
            return torch.tensor(snap[key], dtype=torch.float32) / scale

        self.block = int(snap["block"])
        self.n = n = len(snap["hotkeys"])
        self.uids = torch.arange(n, dtype=torch.int64)
        self.hotkeys = list(snap["hotkeys"])
        self.coldkeys = list(snap["coldkeys"])
        self.S = f("stake", 1e9)  # smallest unit → whole alpha
        self.AS = f("alpha_stake", 1e9)
        self.TS = f("tao_stake", 1e9)
        self.pool = dict(snap["pool"])  # the subnet's pool: reserves, price, moving price, symbol
        self.E = f("emission", 1e9)
        self.R = f("rank", U16_MAX)
        self.T = f("trust", U16_MAX)
        self.C = f("consensus", U16_MAX)
        self.I = f("incentive", U16_MAX)
        self.D = f("dividends", U16_MAX)
        self.Tv = f("validator_trust", U16_MAX)
        self.active = torch.tensor(snap["active"], dtype=torch.bool)
        self.validator_permit = torch.tensor(snap["validator_permit"], dtype=torch.bool)
        self.last_update = torch.tensor(snap["last_update"], dtype=torch.int64)
        self.block_at_registration = torch.tensor(snap["block_at_registration"], dtype=torch.int64)
        self.axons = [_axon_info(**a) for a in snap["axons"]]
        if self.lite:
            self.W = self.B = torch.zeros(0, 0)
        else:
            from bittensor_lite.weight_utils import rows_to_dense

            w = rows_to_dense(snap["weights"], n).float()
            sums = w.sum(dim=1, keepdim=True)
            self.W = torch.where(sums > 0, w / sums.clamp_min(1e-12), w)  # rows sum to 1, as the SDK shows them
            self.B = rows_to_dense(snap["bonds"], n).float() / U16_MAX

    # -- SDK-style aliases ---------------------------------------------------------------
    @property
    def stake(self) -> torch.Tensor:
        return self.S

    @property
    def alpha_stake(self) -> torch.Tensor:
        return self.AS

    @property
    def tao_stake(self) -> torch.Tensor:
        return self.TS

    @property
    def price(self) -> float:
        """The subnet's alpha price in TAO at this block."""
        return float(self.pool["price"])

    @property
    def incentive(self) -> torch.Tensor:
        return self.I

    @property
    def dividends(self) -> torch.Tensor:
        return self.D

    @property
    def emission(self) -> torch.Tensor:
        return self.E

    @property
    def consensus(self) -> torch.Tensor:
        return self.C

    @property
    def validator_trust(self) -> torch.Tensor:
        return self.Tv

    @property
    def weights(self) -> torch.Tensor:
        return self.W

    @property
    def bonds(self) -> torch.Tensor:
        return self.B

    # -- display -------------------------------------------------------------------------
    _COLUMNS = ("UID", "HOTKEY", "STAKE(τ)", "VPERMIT", "TRUST(Tv)", "CONSENSUS", "INCENTIVE", "DIVIDENDS", "EMISSION(τ)", "AXON")

    def rows(self) -> list[tuple[str, ...]]:
        """One row of display strings per neuron (what the table shows)."""
        out = []
        for uid in range(self.n):
            out.append(
                (
                    str(uid),
                    _short(self.hotkeys[uid]),
                    f"{self.S[uid].item():.3f}",
                    "*" if self.validator_permit[uid] else "",
                    f"{self.Tv[uid].item():.4f}",
                    f"{self.C[uid].item():.4f}",
                    f"{self.I[uid].item():.4f}",
                    f"{self.D[uid].item():.4f}",
                    f"{self.E[uid].item():.6f}",
                    str(self.axons[uid]) if uid < len(self.axons) else "-",
                )
            )
        return out

    def table(self) -> str:
        """The metagraph as a plain-text table (what ``btcli subnets metagraph`` prints)."""
        rows = [self._COLUMNS, *self.rows()]
        widths = [max(len(r[i]) for r in rows) for i in range(len(self._COLUMNS))]
        lines = [f"Metagraph(netuid={self.netuid}, n={self.n}, block={self.block})"]
        for k, r in enumerate(rows):
            lines.append("  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)))
            if k == 0:
                lines.append("  ".join("-" * w for w in widths))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.table()

    def __repr__(self) -> str:
        return f"Metagraph(netuid={self.netuid}, n={self.n}, block={self.block})"

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self._COLUMNS)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in self.rows()
        )
        return (
            f"<b>Metagraph</b> netuid={self.netuid}, n={self.n}, block={self.block}"
            f'<table style="font-family:monospace;font-size:12px"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>"
        )


def _short(address: str) -> str:
    return address if len(address) <= 12 else f"{address[:5]}…{address[-4:]}"
