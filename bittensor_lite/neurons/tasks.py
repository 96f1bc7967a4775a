"""Validator tasks: make a question with a known answer, and score a miner's reply against it."""

from __future__ import annotations

import random
from typing import Any

from bittensor_lite.errors import BittensorLiteError
from bittensor_lite.synapse import TextPrompt


class ArithmeticTask:
    """"What is 17+25?" — a task any miner can try and a validator can score exactly.

    ``reward`` is 1 for the right number, less the further off it is, 0 for no number.
    """

    def __init__(self, seed: int = 0):
        self.rng = random.Random(seed)

    def make(self) -> tuple[TextPrompt, str]:
        """A new prompt and its reference answer."""
        a, b = self.rng.randint(0, 99), self.rng.randint(0, 99)
        return TextPrompt(prompt=f"{a}+{b}=", max_new_tokens=4), str(a + b)

    @staticmethod
    def reward(reference: str, answer: TextPrompt) -> float:
        """1.0 when exactly right, decaying with the distance; 0 for no answer or a failed call."""
        if not answer.is_success or answer.completion is None:
            return 0.0
        try:
            got = int(answer.completion.strip().split()[0])
        except (ValueError, IndexError):
            return 0.0
        return 1.0 / (1.0 + abs(got - int(reference)))


TASK_NAMES = ("arithmetic", "next-chars")  # `validator run --task NAME`
NEXT_CHARS = 4  # characters a next-chars answer is scored on (lesson 13's validator)


def make_task(name: str, seed: int = 0) -> Any:
    """A validator's task by name: ``arithmetic`` ("17+25=", for the built-in miners) or ``next-chars``
    (continue unseen Shakespeare by four characters: what lesson 12's and 13's GPT miners answer)."""
    if name == "arithmetic":
        return ArithmeticTask(seed=seed)
    if name == "next-chars":
        from bittensor_lite.learn.mining import NextCharsTask, held_out_text

        return NextCharsTask(held_out_text(), n_chars=NEXT_CHARS, seed=seed)
    raise BittensorLiteError(f"unknown task {name!r}; choose one of {', '.join(TASK_NAMES)}")
