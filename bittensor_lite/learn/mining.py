"""Lesson 12: an arena on the mock network — your miner against built-in rivals, one validator."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from bittensor_lite.learn.feedback import (
    CheckResult,
    failed,
    is_placeholder,
    not_attempted,
    passed,
    run_check,
)
from bittensor_lite.synapse import TextPrompt

__all__ = [
    "NextCharsTask",
    "Arena",
    "tiny_gpt_for_mining",
    "gpt_forward",
    "random_forward",
    "frequency_forward",
    "echo_forward",
    "check_forward",
    "check_better_miner",
    "check_failure_status",
]


class NextCharsTask:
    """A validator's task: continue a passage of Shakespeare the miner has never seen.

    The prompt is ``context`` characters of held-out text; the reference is the next
    ``n_chars``. Reward: the fraction of characters right, position by position.
    """

    def __init__(self, text: str, context: int = 48, n_chars: int = 2, seed: int = 0):
        self.text, self.context, self.n_chars = text, context, n_chars
        self.rng = random.Random(seed)

    def make(self) -> tuple[TextPrompt, str]:
        i = self.rng.randrange(self.context, len(self.text) - self.n_chars)
        return TextPrompt(prompt=self.text[i - self.context:i], max_new_tokens=self.n_chars), self.text[i:i + self.n_chars]

    @staticmethod
    def reward(reference: str, answer: TextPrompt) -> float:
        if not answer.is_success or not answer.completion:
            return 0.0
        return sum(a == b for a, b in zip(answer.completion, reference, strict=False)) / len(reference)


def tiny_gpt_for_mining(progress: bool = False) -> tuple[Any, Any, str]:
    """Lesson 04's saved tiny GPT if it exists, else a fresh one trained now (~15 s).

    Returns ``(model, tokenizer, held_out_text)``: the validator draws its tasks from text the
    model never trained on.
    """
    import torch

    from bittensor_lite.errors import BittensorLiteError
    from bittensor_lite.learn.corpus import CharTokenizer, shakespeare_text, train_val_split
    from bittensor_lite.learn.tinygpt import load_tiny_gpt, make_tiny_gpt, train_lm

    text = shakespeare_text(max_chars=400_000)
    held_out = text[int(len(text) * 0.9):]  # lesson 04 trained on the first 90 %
    try:
        model, tok = load_tiny_gpt()
    except BittensorLiteError:
        tok = CharTokenizer(text)
        train, val = train_val_split(torch.tensor(tok.encode(text)))
        model = make_tiny_gpt(tok.vocab_size, n_layer=2, n_embd=64, n_head=2, block_size=64, seed=0)
        train_lm(model, train, val, steps=500, eval_every=500, progress=progress)
    model.eval()
    return model, tok, held_out


def gpt_forward(model: Any, tok: Any, temperature: float = 1.0, seed: int = 0) -> Callable[[TextPrompt], TextPrompt]:
    """A miner's forward that continues the prompt with the tiny GPT."""
    from bittensor_lite.learn.tinygpt import sample

    def forward(synapse: TextPrompt) -> TextPrompt:
        out = sample(model, tok, synapse.prompt, n=synapse.max_new_tokens, temperature=temperature, seed=seed)
        synapse.completion = out[len(synapse.prompt):]
        return synapse

    return forward


def random_forward(synapse: TextPrompt) -> TextPrompt:
    """A rival that answers random letters."""
    rng = random.Random(synapse.prompt)
    synapse.completion = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(synapse.max_new_tokens))
    return synapse


def frequency_forward(synapse: TextPrompt) -> TextPrompt:
    """A rival that always answers English's most common characters."""
    synapse.completion = (" e t" * 8)[: synapse.max_new_tokens]
    return synapse


def echo_forward(synapse: TextPrompt) -> TextPrompt:
    """A rival that repeats the end of the prompt."""
    synapse.completion = synapse.prompt[-synapse.max_new_tokens:]
    return synapse


class Arena:
    """A mock subnet with one validator and named miners; :meth:`run` plays epochs and records incentive."""

    def __init__(self, task: NextCharsTask, tempo: int = 20, seed: int = 0):
        import bittensor_lite as bl
        from bittensor_lite.neurons import Validator

        self.sub = bl.connect("mock")
        owner = bl.dev_wallet("Alice")
        self.netuid = self.sub.register_network(owner)
        for name, value in {"tempo": tempo, "weights_rate_limit": 1, "max_regs_per_block": 64,
                            "target_regs_per_interval": 64}.items():
            self.sub.dev.sudo_set(self.netuid, name, value)
        self.validator_wallet = bl.dev_wallet("arena-validator")
        self.sub.dev.set_balance(self.validator_wallet.coldkey.ss58_address, 10**13)
        self.sub.burned_register(self.validator_wallet, self.netuid)
        self.sub.add_stake(self.validator_wallet, 1000, netuid=self.netuid)
        self.validator = Validator(self.validator_wallet, self.sub, self.netuid, task, alpha=0.05)
        self.miners: dict[str, Any] = {}
        self.history: list[dict[str, float]] = []
        self._port = 9000 + seed * 100

    def add_miner(self, name: str, forward: Callable[[TextPrompt], TextPrompt]) -> int:
        """Register a miner called ``name`` serving ``forward``; returns its UID."""
        import bittensor_lite as bl
        from bittensor_lite.neurons import Miner

        wallet = bl.dev_wallet(f"arena-miner-{name}")
        self.sub.dev.set_balance(wallet.coldkey.ss58_address, 10**10)
        self.sub.burned_register(wallet, self.netuid)
        self._port += 1
        self.miners[name] = Miner(wallet, self.sub, self.netuid, forward, port=self._port).start()
        return self.miners[name].uid

    def run(self, epochs: int = 4, rounds: int = 48, progress: bool = True) -> list[dict[str, float]]:
        """Each epoch: the validator plays ``rounds`` rounds, sets weights, and the chain pays out."""
        from tqdm.auto import tqdm

        if not self.history:
            self.sub.wait_for_epoch(self.netuid)  # the first epoch hands the validator its permit
        for m in self.miners.values():
            m.refresh()
        for _ in tqdm(range(epochs), desc="epochs", disable=not progress):
            self.validator.run(rounds=rounds, weights_every=rounds)
            self.sub.wait_for_epoch(self.netuid)
            mg = self.sub.metagraph(self.netuid, lite=True)
            self.history.append({name: float(mg.I[m.uid]) for name, m in self.miners.items()})
        return self.history

    def plot(self) -> Any:
        """Incentive of each miner, epoch by epoch."""
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6.5, 3.4))
        for name in self.miners:  # a miner that joined later starts its line later
            epochs = [e for e, h in enumerate(self.history, start=1) if name in h]
            ax.plot(epochs, [self.history[e - 1][name] for e in epochs], marker="o", label=name)
        ax.set(title="Incentive per epoch", xlabel="epoch", ylabel="incentive (share of miner emission)", ylim=(0, 1))
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
        return fig

    def stop(self) -> None:
        for m in self.miners.values():
            m.stop()


def check_forward(forward: Callable[[TextPrompt], TextPrompt]) -> CheckResult:
    """Exercise: a forward that fills ``completion`` with ``max_new_tokens`` characters."""
    name = "forward"

    def body() -> CheckResult:
        s = TextPrompt(prompt="ROMEO: What light through yonder wind", max_new_tokens=4)
        out = forward(s)
        if is_placeholder(out):
            return not_attempted(name, "forward still returns ...")
        if not isinstance(out, TextPrompt):
            return failed(name, "Return the synapse you were given (filled in), not a string.")
        if not isinstance(out.completion, str):
            return failed(name, "Set synapse.completion to the generated text.")
        if out.completion.startswith(s.prompt[:10]):
            return failed(name, "Send back only the continuation: cut the prompt off the front of the sample.")
        if len(out.completion) != 4:
            return failed(name, f"Generate exactly synapse.max_new_tokens (4) characters, got {len(out.completion)}.")
        return passed(name, "Your miner answers TextPrompt synapses.")

    return run_check(name, body)


def check_better_miner(better: Callable[[TextPrompt], TextPrompt], baseline: Callable[[TextPrompt], TextPrompt],
                       task: NextCharsTask) -> CheckResult:
    """Exercise: a forward that scores higher than the baseline on the validator's own task."""
    name = "better_miner"

    def body() -> CheckResult:
        def score(fn: Callable[[TextPrompt], TextPrompt]) -> float:
            t = NextCharsTask(task.text, task.context, task.n_chars, seed=123)
            total = 0.0
            for _ in range(100):
                s, ref = t.make()
                out = fn(s.model_copy(deep=True))
                if is_placeholder(out):
                    raise NotImplementedError
                out.dendrite.status_code = 200
                total += NextCharsTask.reward(ref, out)
            return total / 100

        mine, base = score(better), score(baseline)
        if mine > base + 0.02:
            return passed(name, f"Your miner scores {mine:.2f} vs the baseline's {base:.2f}: expect more incentive.")
        return failed(name, f"{mine:.2f} vs the baseline's {base:.2f}. Hint: the validator rewards the single most "
                            "likely continuation. What temperature picks it?")

    return run_check(name, body)


def check_failure_status(status: Any) -> CheckResult:
    """Exercise: the status a validator sees when the miner's forward raises."""
    name = "failure_status"
    if is_placeholder(status):
        return not_attempted(name)
    if status == 500:
        return passed(name, "Right: 500, and the axon keeps serving; the validator scores the answer 0.")
    if status in (408, 503):
        return failed(name, f"{status} is for a miner that is too slow ({408}) or unreachable ({503}); "
                            "this one answered, with an error.")
    return failed(name, "Try it: attach a forward that raises and look at answer.dendrite.status_code.")
