"""Lesson 12: an arena on the mock network — your miner against built-in rivals, one validator."""

from __future__ import annotations

import inspect
import json
import random
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
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
    "LessonMiner",
    "save_miner",
    "load_miner",
    "check_validator_round",
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


def _corpus() -> str:
    from bittensor_lite.learn.corpus import shakespeare_text

    return shakespeare_text(max_chars=400_000)


def _held_out(text: str) -> str:
    return text[int(len(text) * 0.9):]  # lesson 04 trained on the first 90 %


def held_out_text() -> str:
    """The Shakespeare no lesson trained on (the corpus's last 10 %): what validators draw tasks from."""
    return _held_out(_corpus())


def tiny_gpt_for_mining(progress: bool = False) -> tuple[Any, Any, str]:
    """Lesson 04's saved tiny GPT if it exists, else a fresh one trained now (~15 s).

    Returns ``(model, tokenizer, held_out_text)``: the validator draws its tasks from text the
    model never trained on.
    """
    import torch

    from bittensor_lite.errors import BittensorLiteError
    from bittensor_lite.learn.corpus import CharTokenizer, train_val_split
    from bittensor_lite.learn.tinygpt import load_tiny_gpt, make_tiny_gpt, train_lm

    text = _corpus()
    held_out = _held_out(text)
    try:
        model, tok = load_tiny_gpt()
    except BittensorLiteError:
        tok = CharTokenizer(text)
        train, val = train_val_split(torch.tensor(tok.encode(text)))
        model = make_tiny_gpt(tok.vocab_size, n_layer=2, n_embd=64, n_head=2, block_size=64, seed=0)
        train_lm(model, train, val, steps=500, eval_every=500, progress=progress)
    model.eval()
    return model, tok, held_out


def _miner_dir() -> Path:
    """Where lesson 12 keeps its improved miner for lessons 13 and 14 (beside lesson 04's model)."""
    from bittensor_lite.learn.tinygpt import DEFAULT_MODEL_DIR

    return DEFAULT_MODEL_DIR.parent / "lesson12_miner"


def save_miner(model: Any, tok: Any, forward: Callable[[TextPrompt], TextPrompt] | None = None,
               path: str | Path | None = None) -> Path:
    """Keep lesson 12's miner: the tiny GPT it serves and the *source* of your improved ``forward``.

    Lessons 13 and 14 load it with :func:`load_miner` and serve the same miner on a chain. A
    forward whose source cannot be read (a closure, a lambda) is kept as "greedy decoding".
    """
    from bittensor_lite.learn.tinygpt import save_tiny_gpt

    path = save_tiny_gpt(model, tok, path or _miner_dir())
    source = None
    if forward is not None and getattr(forward, "__name__", "<lambda>") != "<lambda>":
        try:
            source = textwrap.dedent(inspect.getsource(forward))
        except (OSError, TypeError):
            source = None
    name = forward.__name__ if source else None
    (path / "miner.json").write_text(json.dumps({"forward_name": name, "forward_source": source}))
    return path


@dataclass
class LessonMiner:
    """A miner ready to serve: its ``forward``, the model behind it, held-out text, and where it came from."""

    forward: Callable[[TextPrompt], TextPrompt]
    model: Any
    tok: Any
    held_out: str
    origin: str


def _forward_from_source(source: str, name: str, model: Any, tok: Any) -> Callable[[TextPrompt], TextPrompt]:
    from bittensor_lite.learn.tinygpt import sample

    namespace: dict[str, Any] = {"TextPrompt": TextPrompt, "sample": sample, "model": model, "tok": tok}
    exec(compile(source, f"<lesson 12: {name}>", "exec"), namespace)  # your own code, saved by lesson 12
    forward = namespace[name]
    probe = forward(TextPrompt(prompt="ROMEO: But soft, what light ", max_new_tokens=2))
    if not isinstance(probe, TextPrompt) or not isinstance(probe.completion, str):
        raise TypeError(f"{name} did not return a filled-in TextPrompt")
    return forward


def load_miner(path: str | Path | None = None, progress: bool = False) -> LessonMiner:
    """Lesson 12's improved miner (its model and your ``better_forward``), or a fresh tiny GPT, greedy.

    The fallback (no artifact from lesson 12) trains lesson 04's tiny GPT now and serves it with
    temperature 0, the improvement lesson 12 teaches; ``origin`` says which one you got.
    """
    from bittensor_lite.errors import BittensorLiteError
    from bittensor_lite.learn.tinygpt import load_tiny_gpt

    path = Path(path or _miner_dir())
    try:
        model, tok = load_tiny_gpt(path)
    except BittensorLiteError:
        model, tok, held_out = tiny_gpt_for_mining(progress=progress)
        return LessonMiner(gpt_forward(model, tok, temperature=0.0), model, tok, held_out,
                           "a tiny GPT trained just now, greedy (lesson 12's miner was not found)")
    model.eval()
    held_out = held_out_text()  # the same held-out text lesson 12's validator used
    meta = json.loads((path / "miner.json").read_text()) if (path / "miner.json").exists() else {}
    if meta.get("forward_source"):
        try:
            forward = _forward_from_source(meta["forward_source"], meta["forward_name"], model, tok)
            return LessonMiner(forward, model, tok, held_out, f"lesson 12's model, serving your {meta['forward_name']}")
        except Exception as exc:  # the saved code needed something lesson 12 had and we do not
            reason = f"your saved {meta['forward_name']} did not run here ({type(exc).__name__}: {exc}); "
    else:
        reason = ""
    return LessonMiner(gpt_forward(model, tok, temperature=0.0), model, tok, held_out,
                       f"lesson 12's model, {reason}greedy decoding")


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


def check_validator_round(validator_round: Callable[[list[tuple[TextPrompt, str]]], Any], sub: Any, validator: Any,
                          netuid: int, prompts: list[tuple[TextPrompt, str]]) -> CheckResult:
    """Exercise: one validator round by hand — query every serving miner, score, ``set_weights``.

    Runs your ``validator_round(prompts)`` (it returns ``{uid: score}``), then asks the chain, not
    your variables: it queries the same miners with the same prompts, scores
    them with :meth:`NextCharsTask.reward`, and compares with your ``scores`` and with the weights
    row the chain now holds for ``validator``'s UID. (The miners here answer deterministically.)
    """
    from bittensor_lite.dendrite import Dendrite

    name = "validator_round"

    def body() -> CheckResult:
        scores = validator_round(prompts)
        if is_placeholder(scores):
            return not_attempted(name)
        if not isinstance(scores, dict):
            return failed(name, "Return a dict {uid: score}, one entry per miner you queried.")
        mg = sub.metagraph(netuid)
        me = sub.get_uid_for_hotkey_on_subnet(validator.hotkey.ss58_address, netuid)
        serving = [u for u, axon in enumerate(mg.axons) if axon.is_serving and u != me]
        if me in scores:
            return failed(name, f"UID {me} is the validator itself: a validator scores the miners, not itself.")
        if set(scores) != set(serving):
            return failed(name, f"Query every miner that serves an axon (UIDs {serving}); you scored {sorted(scores)}. "
                                "A UID serves when mg.axons[uid].is_serving.")
        truth = {u: 0.0 for u in serving}
        dendrite = Dendrite(validator)
        for synapse, reference in prompts:
            answers = dendrite.query([mg.axons[u] for u in serving], synapse.model_copy(deep=True))
            for u, answer in zip(serving, answers, strict=True):
                truth[u] += NextCharsTask.reward(reference, answer)
        for u in serving:
            if abs(float(scores[u]) - truth[u]) > 1e-6:
                return failed(name, f"UID {u}: you gave {float(scores[u]):.2f}, its answers earn {truth[u]:.2f}. "
                                    "Add task.reward(reference, answer) over all the prompts.")
        total = sum(truth.values())
        row = mg.W[me] if me is not None and me < mg.W.shape[0] else None
        if total == 0:
            return failed(name, "Every miner scored 0 on these prompts: make new prompts and run the round again.")
        if row is None or float(row.sum()) == 0 or any(abs(float(row[u]) - truth[u] / total) > 2e-3 for u in serving):
            return failed(name, "Your scores are right, but the chain does not hold them as your weights: end the "
                                "round with sub.set_weights(validator, netuid, uids, [scores[u] for u in uids]).")
        best = max(serving, key=lambda u: truth[u])
        return passed(name, f"The chain now holds your weights; UID {best} gets the most ({truth[best] / total:.0%}).")

    return run_check(name, body)
