"""Lesson 10: two subnets on one chain — text and images — and a miner that serves both."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import torch

from bittensor_lite.learn.feedback import (
    CheckResult,
    failed,
    is_placeholder,
    not_attempted,
    numeric_answer,
    passed,
    run_check,
)
from bittensor_lite.synapse import DigitImage, TextPrompt

__all__ = ["DigitTask", "train_digit_model", "digit_forward", "describe_digit_forward", "TwoSubnets",
           "check_subnet_share", "check_digit_forward", "check_total_earned"]

WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


class DigitTask:
    """An image subnet's task: a held-out 8×8 digit; reward = the probability the miner gave the true class."""

    def __init__(self, seed: int = 0):
        from bittensor_lite.learn.data import digits_tensors

        _, self.X, _, self.y = digits_tensors()
        self.rng = random.Random(seed)

    def make(self) -> tuple[DigitImage, int]:
        i = self.rng.randrange(len(self.X))
        return DigitImage(pixels=(self.X[i] * 16).tolist()), int(self.y[i])

    @staticmethod
    def reward(label: int, answer: DigitImage) -> float:
        if not answer.is_success or not answer.probabilities or len(answer.probabilities) != 10:
            return 0.0
        return max(0.0, min(1.0, float(answer.probabilities[label])))


class DescribeTask:
    """A bridging task on the text subnet: "Which digit is this?" with the pixels in the prompt; reward = right word."""

    def __init__(self, seed: int = 0):
        self.images = DigitTask(seed)

    def make(self) -> tuple[TextPrompt, str]:
        img, label = self.images.make()
        return TextPrompt(prompt="Which digit is this? " + " ".join(str(int(p)) for p in img.pixels),
                          max_new_tokens=8), WORDS[label]

    @staticmethod
    def reward(word: str, answer: TextPrompt) -> float:
        return float(answer.is_success and (answer.completion or "").strip().lower() == word)


def train_digit_model(hidden: int = 32, epochs: int = 15, seed: int = 0) -> Any:
    """An MLP digit classifier (lesson 02's), trained on the training split in a few seconds."""
    from bittensor_lite.learn.data import digits_tensors
    from bittensor_lite.learn.mlp import MLP, train_classifier

    X, _, y, _ = digits_tensors()
    torch.manual_seed(seed)
    model = MLP(64, hidden, 10)
    train_classifier(model, X, y, epochs=epochs, progress=False, seed=seed)
    return model.eval()


def digit_forward(model: Any) -> Callable[[DigitImage], DigitImage]:
    """An image miner: the model's class probabilities for the 8×8 image."""

    def forward(synapse: DigitImage) -> DigitImage:
        with torch.no_grad():
            x = torch.tensor(synapse.pixels, dtype=torch.float32).unsqueeze(0) / 16.0
            synapse.probabilities = torch.softmax(model(x), dim=-1)[0].tolist()
        return synapse

    return forward


def describe_digit_forward(model: Any) -> Callable[[TextPrompt], TextPrompt]:
    """The bridge: a text miner that reads the pixels in a prompt and answers the digit in words."""

    def forward(synapse: TextPrompt) -> TextPrompt:
        pixels = [float(t) for t in synapse.prompt.split("?", 1)[-1].split()][:64]
        if len(pixels) != 64:
            synapse.completion = ""
            return synapse
        with torch.no_grad():
            label = int(model(torch.tensor(pixels).unsqueeze(0) / 16.0).argmax())
        synapse.completion = WORDS[label]
        return synapse

    return forward


class TwoSubnets:
    """One mock chain, an image subnet and a text subnet, each with a validator and its own hyperparameters."""

    def __init__(self, image_tempo: int = 10, text_tempo: int = 20):
        import bittensor_lite as bl
        from bittensor_lite.neurons import Validator

        self.sub = bl.connect("mock")
        self.owner = bl.dev_wallet("Alice")
        self.image = self.sub.register_network(self.owner)
        self.text = self.sub.register_network(self.owner)
        for netuid, tempo in ((self.image, image_tempo), (self.text, text_tempo)):
            for name, value in {"tempo": tempo, "weights_rate_limit": 1, "max_regs_per_block": 16}.items():
                self.sub.dev.sudo_set(netuid, name, value)
        self.validators = {}
        for netuid, task, name in ((self.image, DigitTask(1), "image"), (self.text, DescribeTask(2), "text")):
            w = bl.dev_wallet(f"{name}-validator")
            self.sub.dev.set_balance(w.coldkey.ss58_address, 10**13)
            self.sub.burned_register(w, netuid)
            self.sub.add_stake(w, 500, netuid=netuid)
            self.validators[netuid] = Validator(w, self.sub, netuid, task, alpha=0.2)
        self.axons: list[Any] = []
        self.uids: dict[tuple[str, int], int] = {}
        self.paid: dict[tuple[int, int], float] = {}  # (netuid, uid) → alpha received from that subnet's epochs
        self._port = 9500

    def add_miner(self, name: str, forwards: dict[int, Callable[[Any], Any]]) -> None:
        """One hotkey, registered on each subnet in ``forwards`` (netuid → forward), one axon serving all."""
        import bittensor_lite as bl
        from bittensor_lite.axon import Axon

        wallet = bl.dev_wallet(f"modal-{name}")
        self.sub.dev.set_balance(wallet.coldkey.ss58_address, 10**11)
        self._port += 1
        axon = Axon(wallet, port=self._port)
        for netuid, fwd in forwards.items():
            self.uids[(name, netuid)] = self.sub.burned_register(wallet, netuid)
            axon.attach(fwd)
        axon.start(inprocess=True)
        for netuid in forwards:
            axon.serve(netuid, self.sub)
        self.axons.append(axon)

    def run(self, blocks: int = 120, rounds_every: int = 5) -> None:
        """Let time pass: every few blocks each validator plays a round and (rate limit allowing) sets weights."""
        for netuid in (self.image, self.text):
            self.sub.wait_for_epoch(netuid)  # validator permits
        for axon in self.axons:
            axon.metagraph = None
        seen = {n: self.sub.last_epoch_block(n) for n in (self.image, self.text)}
        for _ in range(blocks // rounds_every):
            for v in self.validators.values():
                v.step()
                v.set_weights()
            for _ in range(rounds_every):
                self.sub.step(1)
                for netuid in (self.image, self.text):
                    last = self.sub.last_epoch_block(netuid)
                    if last != seen[netuid]:  # an epoch just paid out
                        seen[netuid] = last
                        for uid, e in enumerate(self.sub.metagraph(netuid, lite=True).E.tolist()):
                            self.paid[(netuid, uid)] = self.paid.get((netuid, uid), 0.0) + e

    def earned(self, name: str) -> dict[int, float]:
        """TAO a miner received from each subnet's epochs during :meth:`run`, by netuid."""
        return {netuid: self.paid.get((netuid, uid), 0.0) for (n, netuid), uid in self.uids.items() if n == name}

    def stop(self) -> None:
        for a in self.axons:
            a.stop()


def check_subnet_share(share: Any) -> CheckResult:
    """Exercise: the fraction of each block's emission one of two subnets receives here."""
    name = "subnet_share"
    s = numeric_answer(name, share, "Give a fraction.")
    if isinstance(s, CheckResult):
        return s
    if abs(s - 0.5) < 1e-9:
        return passed(name, "Right: equal prices make equal moving prices, so equal shares (the subnet created a "
                            "block earlier is a little ahead at first). Stake into one and its price rises; its moving price "
                            "follows slowly — weeks on the real chain — and its share with it.")
    return failed(name, "The split follows the subnets' moving prices, and both pools start at the same price.")


def check_digit_forward(forward: Callable[[DigitImage], DigitImage]) -> CheckResult:
    """Exercise: an image miner's forward that fills ten class probabilities."""
    name = "digit_forward"

    def body() -> CheckResult:
        task = DigitTask(seed=9)
        total = 0.0
        for _ in range(30):
            s, label = task.make()
            out = forward(s.model_copy(deep=True))
            if is_placeholder(out):
                return not_attempted(name, "forward still returns ...")
            if not isinstance(out, DigitImage) or out.probabilities is None:
                return failed(name, "Fill synapse.probabilities and return the synapse.")
            p = out.probabilities
            if len(p) != 10 or abs(sum(p) - 1) > 1e-3 or min(p) < 0:
                return failed(name, "Ten probabilities that sum to 1: apply a softmax to the model's outputs.")
            out.dendrite.status_code = 200
            total += DigitTask.reward(label, out)
        if total / 30 < 0.5:
            return failed(name, "The probabilities don't follow the image: scale pixels to [0, 1] (÷16) as in training.")
        return passed(name, f"Your image miner gives the true digit {total / 30:.0%} probability on average.")

    return run_check(name, body)


def check_total_earned(total: Any, earned: dict[int, float]) -> CheckResult:
    """Exercise: what the multimodal miner earned across both subnets (TAO)."""
    name = "total_earned"
    target = sum(earned.values())
    t = numeric_answer(name, total, "Give an amount in TAO.")
    if isinstance(t, CheckResult):
        return t
    if abs(t - target) <= 1e-6 + 1e-4 * target:
        return passed(name, f"Right: τ{target:.3f} in all, from two subnets with one hotkey.")
    return failed(name, "Add up what it earned on each subnet (the dict's values).")
