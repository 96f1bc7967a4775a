"""A validator: make tasks, query every serving miner, score the answers, set weights.

Each :meth:`Validator.step` is one round of the subnet template's loop:

1. sync the metagraph and find the miners that serve an axon;
2. ``task.make()`` a synapse with a known reference answer and query them all at once;
3. ``task.reward(reference, answer)`` scores each answer in [0, 1];
4. fold the scores into a moving average (``alpha``), so one lucky answer is not enough;
5. when the rate limit allows, ``set_weights`` with the averages.
"""

from __future__ import annotations

from typing import Any

from bittensor_lite.dendrite import Dendrite
from bittensor_lite.neurons.metrics import NeuronMetrics


class Validator:
    """Score the miners of ``netuid`` with ``task`` and set weights as ``wallet``'s hotkey."""

    def __init__(self, wallet: Any, subtensor: Any, netuid: int, task: Any, *, alpha: float = 0.3,
                 timeout: float = 5.0, metrics_port: int | None = None):
        self.wallet, self.subtensor, self.netuid, self.task = wallet, subtensor, netuid, task
        self.alpha, self.timeout = alpha, timeout
        self.dendrite = Dendrite(wallet)
        self.scores: dict[int, float] = {}
        self.metrics = NeuronMetrics("validator", wallet.hotkey.ss58_address)
        if metrics_port is not None:
            self.metrics.serve(metrics_port)
        self.last_weights_block: int | None = None

    @property
    def uid(self) -> int | None:
        return self.subtensor.get_uid_for_hotkey_on_subnet(self.wallet.hotkey.ss58_address, self.netuid)

    def serving_miners(self, mg: Any) -> list[int]:
        """UIDs (other than ours) whose axon is on chain."""
        me = self.uid
        return [uid for uid, axon in enumerate(mg.axons) if axon.is_serving and uid != me]

    def step(self) -> dict[int, float]:
        """One round: query, score, update the moving averages; returns this round's raw scores."""
        mg = self.subtensor.metagraph(self.netuid, lite=True)
        uids = self.serving_miners(mg)
        if not uids:
            return {}
        synapse, reference = self.task.make()
        answers = self.dendrite.query([mg.axons[u] for u in uids], synapse, timeout=self.timeout)
        raw = {}
        for uid, answer in zip(uids, answers, strict=True):
            self.metrics.requests.labels(status=str(answer.dendrite.status_code)).inc()
            if answer.dendrite.process_time is not None:
                self.metrics.latency.observe(answer.dendrite.process_time)
            raw[uid] = float(self.task.reward(reference, answer))
            self.scores[uid] = (1 - self.alpha) * self.scores.get(uid, 0.0) + self.alpha * raw[uid]
            self.metrics.score.labels(uid=str(uid)).set(self.scores[uid])
        return raw

    def can_set_weights(self) -> bool:
        """Whether the subnet's weights rate limit has passed since our last set_weights."""
        if self.last_weights_block is None:
            return True
        limit = int(self.subtensor.get_subnet_hyperparameters(self.netuid)["weights_rate_limit"])
        return self.subtensor.block - self.last_weights_block >= limit

    def set_weights(self) -> bool:
        """Publish the moving-average scores as weights (if there are any and the rate limit allows)."""
        if not self.scores or not any(v > 0 for v in self.scores.values()) or not self.can_set_weights():
            return False
        uids = sorted(self.scores)
        self.subtensor.set_weights(self.wallet, self.netuid, uids, [self.scores[u] for u in uids])
        self.last_weights_block = self.subtensor.block
        return True

    def run(self, rounds: int, weights_every: int = 5, progress: bool = False) -> None:
        """``rounds`` query rounds, setting weights every ``weights_every`` rounds."""
        from tqdm.auto import tqdm

        for r in tqdm(range(1, rounds + 1), desc="validator rounds", disable=not progress):
            self.step()
            if r % weights_every == 0:
                self.set_weights()
