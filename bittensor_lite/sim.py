"""Simulate a subnet quickly: many miners of chosen quality, validators with chosen behaviour.

The simulation runs on the mock backend, so every rule is the chain's rule (registration,
stake, ``set_weights`` validation, Yuma, emission); only the *work* is imagined: a miner's
answer has a hidden ``quality`` in [0, 1], and a validator sees it through noise.

>>> from bittensor_lite import sim
>>> net = sim.Network(miner_quality=[0.9, 0.5, 0.1], validators=[sim.Honest(stake=1000)], tempo=10)
>>> history = net.run(epochs=3, progress=False)
>>> net.metagraph().I          # the best miner earns the largest incentive

Validator behaviours (each a :class:`ValidatorBehaviour`): :class:`Honest`, :class:`Lazy`
(stale, uniform weights), :class:`SelfWeighting` (all weight on itself, which the chain masks),
:class:`Copying` (sets last epoch's consensus, late), :class:`Colluding` (all weight on a chosen
set of miners), :class:`WeightCopying` (this epoch's weights of the others, read from the chain).
:class:`CommitRevealNetwork` is a :class:`Network` whose validators commit and reveal their weights.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bittensor_lite.balance import Balance
from bittensor_lite.dev_wallets import DevWallet, dev_wallet


# -- validator behaviours ---------------------------------------------------------------------
@dataclass
class ValidatorBehaviour:
    """How a simulated validator behaves: its stake (its starting weight ``mg.S`` on the subnet; the
    network buys it as TAO on root) and how it turns observed miner quality into weights. Not a neuron (that is :class:`bittensor_lite.neurons.Validator`):
    subclass it and override :meth:`weights` for a new behaviour."""

    stake: float = 1000.0
    noise: float = 0.05  # std-dev of the validator's measurement of each miner's quality

    def weights(self, net: Network, me: int, rng: random.Random) -> dict[int, float]:
        """Weights over miner UIDs for this epoch (the chain normalises them)."""
        raise NotImplementedError

    def weight_arrays(self, net: Network, me: int, rng: random.Random) -> tuple[Sequence[int], Sequence[float]]:
        """:meth:`weights` as UIDs (ascending) and their weights: what the network sends to ``set_weights``."""
        return _by_uid(self.weights(net, me, rng))


@dataclass
class Honest(ValidatorBehaviour):
    """Scores every miner by its observed quality (quality + noise), sharpened by ``power``."""

    power: float = 4.0  # >1 rewards the best miners more than proportionally

    def weights(self, net: Network, me: int, rng: random.Random) -> dict[int, float]:
        seen = net.observed_quality(rng)
        return dict(zip(seen, self._scores(np.fromiter(seen.values(), dtype=float), rng).tolist(), strict=True))

    def _scores(self, quality: np.ndarray, rng: random.Random) -> np.ndarray:
        """``max(quality + noise, 0) ^ power`` for each miner, with this validator's noise drawn from ``rng``."""
        noise = np.random.default_rng(rng.getrandbits(64)).normal(0.0, self.noise, len(quality))
        return np.clip(quality + noise, 0.0, None) ** self.power

    def weight_arrays(self, net: Network, me: int, rng: random.Random) -> tuple[Sequence[int], Sequence[float]]:
        """The same weights as :meth:`weights`, as NumPy arrays, without building a dict per validator.

        Only when nothing is overridden (a subclass's or an instance's ``weights``, the network's
        ``observed_quality``): then it is :meth:`weights`, to the bit.
        """
        arrays = net._quality_arrays()
        if arrays is None or "weights" in self.__dict__ or type(self).weights is not Honest.weights:
            return super().weight_arrays(net, me, rng)
        uids, quality, order = arrays
        scores = self._scores(quality, rng)
        return (uids, scores) if order is None else (uids[order], scores[order])


@dataclass
class Lazy(ValidatorBehaviour):
    """Never evaluates anything: gives every miner the same weight."""

    def weights(self, net: Network, me: int, rng: random.Random) -> dict[int, float]:
        return {uid: 1.0 for uid in net.miner_uids}


@dataclass
class SelfWeighting(ValidatorBehaviour):
    """Puts all its weight on its own UID; the chain masks self-weights, so it earns no bonds."""

    def weights(self, net: Network, me: int, rng: random.Random) -> dict[int, float]:
        return {me: 1.0}


@dataclass
class Copying(ValidatorBehaviour):
    """Does no work: copies the consensus of the last epoch from the chain, one epoch late."""

    def weights(self, net: Network, me: int, rng: random.Random) -> dict[int, float]:
        mg = net.last_metagraph
        if mg is None or float(mg.C.sum()) == 0.0:
            return {uid: 1.0 for uid in net.miner_uids}
        return {uid: float(mg.C[uid]) for uid in net.miner_uids}


@dataclass
class Colluding(ValidatorBehaviour):
    """A cabal member: all weight on the miners in ``targets`` (miner indices, not UIDs)."""

    targets: Sequence[int] = (0,)

    def weights(self, net: Network, me: int, rng: random.Random) -> dict[int, float]:
        return {net.miner_uids[t]: 1.0 for t in self.targets}


def _by_uid(weights: dict[int, float]) -> tuple[list[int], list[float]]:
    """A behaviour's weights as two lists in UID order (most behaviours already give them in that order)."""
    uids = sorted(weights)
    if uids == list(weights):
        return uids, list(weights.values())
    return uids, [weights[u] for u in uids]


# -- the network ---------------------------------------------------------------------------
@dataclass
class EpochRecord:
    """What one epoch produced, as plain lists by UID."""

    epoch: int
    block: int
    incentive: list[float]
    dividends: list[float]
    emission: list[float]  # the subnet's alpha
    consensus: list[float]
    validator_trust: list[float]
    stake: list[float]  # mg.S: alpha + TaoWeight × root TAO


@dataclass
class Network:
    """A subnet with validators first (UIDs 0…V-1), then miners, on the mock backend."""

    miner_quality: Sequence[float] = (0.9, 0.6, 0.3)
    validators: Sequence[ValidatorBehaviour] = field(default_factory=lambda: [Honest()])
    tempo: int = 10
    seed: int = 0
    hyperparameters: dict[str, Any] = field(default_factory=dict)
    subtensor: Any = None

    def __post_init__(self) -> None:
        from bittensor_lite.subtensor import connect

        self.rng = random.Random(self.seed)
        self.sub = self.subtensor or connect("mock")
        dev = self.sub.dev
        n = len(self.validators) + len(self.miner_quality)
        self.owner = dev_wallet("sim-owner")
        dev.set_balance(self.owner.coldkey.ss58_address, Balance.from_tao(1_000_000).rao)
        self.netuid = self.sub.register_network(self.owner)
        # Teaching settings: quick epochs, room for everyone, cheap and unthrottled registration.
        settings = {
            "tempo": self.tempo,
            "max_allowed_uids": max(n + 1, 8),
            "max_allowed_validators": max(len(self.validators), 1),
            "weights_rate_limit": 0,
            "max_regs_per_block": n + 1,
            "target_regs_per_interval": n + 1,
            "min_burn": 1,
            "burn": 1,
            "immunity_period": min(10 * self.tempo, 65535),
            "activity_cutoff": min(1000 * self.tempo, 65535),  # a u16 on chain
            **self.hyperparameters,
        }
        for name, value in settings.items():
            dev.sudo_set(self.netuid, name, value)
        self.wallets: list[DevWallet] = []
        self.uids: list[int] = []
        # Validators stake TAO on root (netuid 0): root has no pool, so 1 TAO is 1 root share, and
        # on this subnet each root TAO weighs TaoWeight in the validator's stake (mg.S = alpha +
        # TaoWeight × root TAO, spec 425). Staking stake / TaoWeight TAO makes mg.S start at
        # ``stake``, in the same ratios. (Bought through the subnet's young pool instead, the first
        # validator's TAO would buy far more alpha than the next one's: the price rises with each buy.)
        tao_weight = float(self.sub.subnet_pool(self.netuid)["tao_weight"])
        for i, v in enumerate(self.validators):
            w = dev_wallet(f"sim-validator-{i}")
            root_tao = Balance.from_tao(round(v.stake / tao_weight, 9))
            dev.set_balance(w.coldkey.ss58_address, (root_tao + Balance.from_tao(10)).rao)
            uid = self.sub.burned_register(w, self.netuid)
            self.sub.add_stake(w, root_tao, netuid=0)
            self.wallets.append(w)
            self.uids.append(uid)
        self.validator_uids = list(self.uids)
        self.miner_uids: list[int] = []
        for j, _ in enumerate(self.miner_quality):
            w = dev_wallet(f"sim-miner-{j}")
            dev.set_balance(w.coldkey.ss58_address, Balance.from_tao(10).rao)
            uid = self.sub.burned_register(w, self.netuid)
            self.wallets.append(w)
            self.miner_uids.append(uid)
        self.sub.wait_for_epoch(self.netuid)  # the first epoch hands out validator permits
        self.history: list[EpochRecord] = []
        self.last_metagraph: Any = None

    def observed_quality(self, rng: random.Random) -> dict[int, float]:
        """Each miner's hidden quality by UID (validators add their own noise)."""
        return {uid: float(q) for uid, q in zip(self.miner_uids, self.miner_quality, strict=True)}

    def _quality_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray | None] | None:
        """:meth:`observed_quality` as arrays: UIDs, qualities, and the order that sorts the UIDs (None: sorted).

        None where the arrays would not say the same as the method: it is overridden on this
        network, or two miners share a UID.
        """
        if "observed_quality" in self.__dict__ or type(self).observed_quality is not Network.observed_quality:
            return None
        key = (list(self.miner_uids), list(self.miner_quality))
        known = self.__dict__.get("_quality_arrays_of")
        if known is None or known[0] != key:
            uids = np.array(key[0], dtype=np.int64)
            quality = np.array([float(q) for q in key[1]], dtype=float)
            order = None if bool((uids[1:] > uids[:-1]).all()) else uids.argsort(kind="stable")
            arrays = None if len(set(key[0])) != len(key[0]) else (uids, quality, order)
            known = (key, arrays)
            self.__dict__["_quality_arrays_of"] = known
        return known[1]

    def set_all_weights(self) -> None:
        """Every validator evaluates the miners and submits its weights."""
        for i, (v, uid) in enumerate(zip(self.validators, self.validator_uids, strict=True)):
            uids, values = v.weight_arrays(self, uid, self.rng)
            if len(uids):
                self.sub.set_weights(self.wallets[i], self.netuid, uids, values)

    def run(self, epochs: int = 5, progress: bool = True) -> list[EpochRecord]:
        """Run ``epochs`` tempos: validators set weights, then the chain runs Yuma and pays out."""
        from tqdm.auto import tqdm

        for _ in tqdm(range(epochs), desc="epochs", disable=not progress):
            self.set_all_weights()
            self.sub.wait_for_epoch(self.netuid)
            mg = self.metagraph(lite=True)
            self.last_metagraph = mg
            self.history.append(
                EpochRecord(
                    epoch=len(self.history) + 1,
                    block=mg.block,
                    incentive=mg.I.tolist(),
                    dividends=mg.D.tolist(),
                    emission=mg.E.tolist(),
                    consensus=mg.C.tolist(),
                    validator_trust=mg.Tv.tolist(),
                    stake=mg.S.tolist(),
                )
            )
        return self.history

    def metagraph(self, lite: bool = False) -> Any:
        """The subnet's metagraph now."""
        return self.sub.metagraph(self.netuid, lite=lite)

    def labels(self) -> list[str]:
        """A short name per UID: V0…, M0(q=0.90)…"""
        names = [""] * (len(self.validator_uids) + len(self.miner_uids))
        for i, uid in enumerate(self.validator_uids):
            names[uid] = f"V{i} {type(self.validators[i]).__name__.lower()}"
        for j, uid in enumerate(self.miner_uids):
            names[uid] = f"M{j} q={self.miner_quality[j]:.2f}"
        return names


# -- commit-reveal ------------------------------------------------------------------------------
@dataclass
class WeightCopying(ValidatorBehaviour):
    """Does no work: reads the other validators' weights from the chain *this* epoch and sets their
    stake-weighted average. Put it last in ``validators`` so the others have already set theirs."""

    def weights(self, net: Network, me: int, rng: random.Random) -> dict[int, float]:
        mg = net.metagraph()  # the full metagraph: W is public on chain
        w, s = mg.W.numpy(), mg.S.numpy()
        others = [u for u in net.validator_uids if u != me and w[u].sum() > 0]
        if not others:
            return {uid: 1.0 for uid in net.miner_uids}
        rows = w[others] / w[others].sum(axis=1, keepdims=True)
        mean = (s[others, None] * rows).sum(axis=0)
        return {uid: float(mean[uid]) for uid in net.miner_uids}


@dataclass
class CommitRevealNetwork(Network):
    """A :class:`Network` whose subnet hides weights for a tempo (``CommitRevealWeightsEnabled``).

    Each epoch every validator *commits* a hash of this epoch's weights (``commit_weights``) and
    *reveals* the weights it committed one epoch earlier (``reveal_weights``, reveal period 1,
    spec 425's default). So the weights that count in an epoch were measured a tempo before, and
    what a copier reads from the chain is older still.
    """

    def __post_init__(self) -> None:
        self.hyperparameters = {"commit_reveal_weights_enabled": True, "reveal_period": 1, **self.hyperparameters}
        super().__post_init__()
        self._pending: dict[int, tuple[list[int], list[float], list[int]]] = {}  # validator index → commit

    def set_all_weights(self) -> None:
        """Every validator reveals last epoch's commit, then commits this epoch's weights."""
        for i, (v, uid) in enumerate(zip(self.validators, self.validator_uids, strict=True)):
            if i in self._pending:
                uids, vals, salt = self._pending.pop(i)
                self.sub.reveal_weights(self.wallets[i], self.netuid, uids, vals, salt)
            w = v.weights(self, uid, self.rng)
            if w:
                uids, vals = _by_uid(w)
                salt = [self.rng.randrange(65536) for _ in range(8)]
                self.sub.commit_weights(self.wallets[i], self.netuid, salt, uids, vals)
                self._pending[i] = (uids, vals, salt)
