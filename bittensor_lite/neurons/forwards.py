"""Ready-made miner forwards for the arithmetic task ("17+25="): a good, a sloppy and a guessing miner."""

from __future__ import annotations

import random

from bittensor_lite.synapse import TextPrompt


def _operands(synapse: TextPrompt) -> tuple[int, int]:
    a, b = synapse.prompt.rstrip("=").split("+")
    return int(a), int(b)


def adder(synapse: TextPrompt) -> TextPrompt:
    """Answers "a+b=" exactly."""
    a, b = _operands(synapse)
    synapse.completion = str(a + b)
    return synapse


def sloppy(synapse: TextPrompt) -> TextPrompt:
    """Answers "a+b=" a little wrong, often."""
    a, b = _operands(synapse)
    synapse.completion = str(a + b + random.choice([-3, -1, 0, 1, 2]))
    return synapse


def guesser(synapse: TextPrompt) -> TextPrompt:
    """Answers a random number."""
    synapse.completion = str(random.randint(0, 198))
    return synapse


BUILTIN_FORWARDS = {"adder": adder, "sloppy": sloppy, "guesser": guesser}  # `miner run --forward NAME`
