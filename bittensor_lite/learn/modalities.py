"""Lesson 10: two subnets on one chain — text and images — and a miner that serves both."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from typing import Any

import torch

from bittensor_lite.learn.feedback import (
    CheckResult,
    failed,
    is_placeholder,
    not_attempted,
    passed,
    run_check,
)
from bittensor_lite.synapse import DigitImage, TextPrompt

__all__ = ["DigitTask", "train_digit_model", "digit_forward", "describe_digit_forward", "TwoSubnets",
           "halving_curve", "measure_split", "check_emission_shares", "check_digit_forward", "check_alpha_per_epoch",
           "epoch_schedule"]

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
        self.epoch_paid: dict[int, list[float]] = {self.image: [], self.text: []}  # netuid → α paid per epoch
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
                        emission = self.sub.metagraph(netuid, lite=True).E.tolist()
                        self.epoch_paid[netuid].append(sum(emission))
                        for uid, e in enumerate(emission):
                            self.paid[(netuid, uid)] = self.paid.get((netuid, uid), 0.0) + e

    def earned(self, name: str) -> dict[int, float]:
        """Alpha a miner received from each subnet's epochs during :meth:`run`, by netuid (each subnet's own α)."""
        return {netuid: self.paid.get((netuid, uid), 0.0) for (n, netuid), uid in self.uids.items() if n == name}

    def stop(self) -> None:
        for a in self.axons:
            a.stop()


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


def halving_curve(points: int = 200) -> tuple[list[float], list[float]]:
    """Block emission (τ per block) against total issuance (millions of τ), by the chain's halving rule."""
    from bittensor_lite.runtime.epoch import TOTAL_SUPPLY, block_emission_for_issuance

    issued = [TOTAL_SUPPLY * k / points for k in range(points)]
    return [i / 1e9 / 1e6 for i in issued], [block_emission_for_issuance(int(i)) / 1e9 for i in issued]


def epoch_schedule(tempo: int) -> int:
    """Blocks between two epochs of a subnet with this ``tempo`` on our chain (its staggered schedule)."""
    from bittensor_lite.runtime.schedule import blocks_until_next_epoch

    start = next(b for b in range(1, 4 * tempo + 8) if blocks_until_next_epoch(1, tempo, b - 1) == 1)
    return blocks_until_next_epoch(1, tempo, start)


def measure_split(rule: str, flows: Sequence[float], blocks: int = 20) -> dict[str, list[float]]:
    """Three subnets on the runtime; stakers move ``flows`` τ per block into (or out of) each for ``blocks``
    blocks; then one quiet block, whose TAO emission we measure as each pool's TAO growth.

    ``rule="net_flow"``: the chain splits by the EMA of net TAO flow (what ran May–June 2026).
    ``rule="moving_price"``: by ``SubnetMovingPrice`` (spec 425), the three pools starting at one age
    and price. Returns the shares ``measured`` and the ``inputs`` the rule reads: the per-block flows,
    or the moving prices at the measured block.
    """
    from bittensor_lite.runtime import Runtime

    tao = 10**9
    rt = Runtime(balances={"owner": 1_000 * tao, "root": 50_000 * tao, "staker": 50_000 * tao},
                 flow_emission=rule == "net_flow")
    if rule not in ("net_flow", "moving_price"):
        raise ValueError(f"rule is 'net_flow' or 'moving_price', not {rule!r}")
    netuids = [rt.dispatch("register_network", "owner", hotkey=f"owner-{i}") for i in range(3)]
    rt.dispatch("add_stake", "root", hotkey="owner-0", netuid=0, amount_staked=40_000 * tao)  # room to inject
    for k, n in enumerate(netuids):
        rt.dispatch("add_stake", "staker", hotkey=f"owner-{k}", netuid=n, amount_staked=2_000 * tao)
        net = rt.state.subnets[n]
        # These stakers bought in long ago: the flow history has decayed away, the price EMA caught up.
        net.tao_flow = net.ema_tao_flow = net.protocol_flow = net.ema_protocol_flow = 0
        net.moving_price = 2**31  # 0.5 τ/α on every subnet
    for _ in range(blocks):
        for k, (n, f) in enumerate(zip(netuids, flows, strict=True)):
            if f > 0:
                rt.dispatch("add_stake", "staker", hotkey=f"owner-{k}", netuid=n, amount_staked=round(f * tao))
            elif f < 0:
                price = rt.pool(n)["price"]
                rt.dispatch("remove_stake", "staker", hotkey=f"owner-{k}", netuid=n,
                            amount_unstaked=round(-f / price * tao))
        rt.step(1)
    inputs = list(flows) if rule == "net_flow" else [rt.pool(n)["moving_price"] for n in netuids]
    before = [rt.state.subnets[n].tao_reserve for n in netuids]
    rt.step(1)
    grew = [rt.state.subnets[n].tao_reserve - b for n, b in zip(netuids, before, strict=True)]
    total = sum(grew)
    return {"measured": [g / total for g in grew], "inputs": inputs}


def check_emission_shares(emission_shares: Callable[[Sequence[float]], Sequence[float]]) -> CheckResult:
    """Exercise: subnet shares from the values a rule reads — clip negatives at 0, then normalise."""
    name = "emission_shares"

    def body() -> CheckResult:
        from fractions import Fraction

        from bittensor_lite.runtime.coinbase import price_shares
        from bittensor_lite.runtime.state import SubnetState

        cases = [[3.0, 1.0, 0.0], [3.0, 1.0, -2.0], [0.2, 0.2, 0.6], [-1.0, 5.0, 5.0]]
        for values in cases:
            out = emission_shares(values)
            if is_placeholder(out):
                return not_attempted(name, "emission_shares still returns ...")
            try:
                got = [float(x) for x in out]
            except (TypeError, ValueError):
                return failed(name, "Return one share per subnet, a list of numbers.")
            if len(got) != len(values):
                return failed(name, "One share per subnet, in the same order as the values.")
            nets = []
            for k, v in enumerate(values):  # the runtime's own normaliser, on the values clipped at zero
                net = SubnetState(netuid=k + 1, owner_coldkey="o", owner_hotkey="o")
                net.moving_price = int(Fraction(max(v, 0.0)) * 2**32)
                nets.append(net)
            right = [float(x) for x in price_shares(nets).values()]
            if not all(math.isclose(g, r, abs_tol=1e-6) for g, r in zip(got, right, strict=True)):
                if any(g < -1e-9 for g in got):
                    return failed(name, "A subnet that loses stake gets nothing, not a negative share: "
                                        "clip each value at 0 first.")
                if not math.isclose(sum(got), 1.0, abs_tol=1e-6):
                    return failed(name, "The shares of one block must add up to 1: divide by the total.")
                return failed(name, "Clip each value at 0, then divide each by the clipped total.")
        return passed(name, "Right: max(v, 0) / Σ max(v, 0). Under net flow a subnet that stakers leave earns "
                            "nothing until they come back; under spec 425's moving price every subnet with a "
                            "price earns, in proportion.")

    return run_check(name, body)


def check_alpha_per_epoch(answer: Any, tempos: dict[int, int], epoch_paid: dict[int, list[float]]) -> CheckResult:
    """Exercise: the alpha each subnet pays its neurons per epoch, predicted from its tempo and the owner's cut."""
    name = "alpha_per_epoch"
    if is_placeholder(answer):
        return not_attempted(name)
    if not isinstance(answer, dict) or set(answer) != set(tempos):
        return failed(name, f"A dict with one number per netuid: {sorted(tempos)}.")
    if any(is_placeholder(v) for v in answer.values()):
        return not_attempted(name)
    from bittensor_lite.runtime.hyperparams import knob
    from bittensor_lite.scale import U16_MAX

    cut = knob("subnet_owner_cut").default / U16_MAX
    measured = {n: epoch_paid[n][-1] for n in tempos}  # a full epoch (the first one is partly before the run)
    try:
        got = {n: float(answer[n]) for n in tempos}
    except (TypeError, ValueError):
        return failed(name, "Give an amount of alpha per subnet.")
    if all(math.isclose(got[n], measured[n], rel_tol=0.01) for n in tempos):
        ratio = measured[max(tempos, key=tempos.get)] / measured[min(tempos, key=tempos.get)]
        return passed(name, f"Right, and the chain agrees: {', '.join(f'{measured[n]:.2f} α' for n in tempos)}. "
                            f"The slower subnet pays {ratio:.2f}× as much per epoch, but the same per block: "
                            "tempo changes how often you are paid, not how much.")
    if all(math.isclose(got[n], tempos[n] * (1 - cut), rel_tol=0.005) for n in tempos):
        return failed(name, "Close: count the blocks between two epochs on our chain — epoch_schedule(tempo).")
    if all(math.isclose(got[n], epoch_schedule(tempos[n]), rel_tol=0.005) for n in tempos):
        return failed(name, "The owner's 18 % cut comes off first: only the rest reaches miners and validators.")
    return failed(name, "blocks per epoch × 1 α per block × (1 − owner cut), per subnet.")
