"""Exercise feedback: every ``check_…()`` in the course returns a :class:`CheckResult`.

A check never crashes a lesson: an exercise left as ``...`` or raising ``NotImplementedError``
is reported as "not attempted yet". When the environment variable
``BITTENSOR_LITE_STRICT_CHECKS=1`` is set (the test suite does, when it runs a lesson with
its solutions filled in), a check that is not passed raises :class:`ExerciseNotPassed`.
"""

from __future__ import annotations

import html
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bittensor_lite.errors import ExerciseNotPassed

__all__ = [
    "CheckResult",
    "ExerciseNotPassed",
    "passed",
    "failed",
    "not_attempted",
    "run_check",
    "is_placeholder",
    "numeric_answer",
    "lesson_setup",
    "yours_or_reference",
]

STRICT_ENV = "BITTENSOR_LITE_STRICT_CHECKS"


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one exercise check: ``ok`` and a message (a hint when not ok)."""

    exercise: str
    ok: bool
    message: str
    attempted: bool = True

    @property
    def icon(self) -> str:
        return "\u2705" if self.ok else ("\u270f\ufe0f" if not self.attempted else "\u274c")

    def __str__(self) -> str:
        return f"{self.icon} {self.exercise}: {self.message}"

    def __bool__(self) -> bool:
        return self.ok

    def _repr_html_(self) -> str:
        colour = "#1b7f3b" if self.ok else ("#8a6d00" if not self.attempted else "#b3261e")
        return (
            f'<div style="border-left:4px solid {colour};padding:4px 10px;margin:4px 0">'
            f"{self.icon} <b>{html.escape(self.exercise)}</b>: {html.escape(self.message)}</div>"
        )


def _finish(result: CheckResult) -> CheckResult:
    if not result.ok and os.environ.get(STRICT_ENV) == "1":
        raise ExerciseNotPassed(str(result))
    return result


def passed(exercise: str, message: str = "Correct!") -> CheckResult:
    """A solved exercise."""
    return _finish(CheckResult(exercise, True, message))


def failed(exercise: str, hint: str) -> CheckResult:
    """An attempted but wrong answer, with a hint that helps without giving it away."""
    return _finish(CheckResult(exercise, False, f"Not yet. {hint}"))


def not_attempted(exercise: str, what: str = "Replace the `...` in the exercise cell") -> CheckResult:
    """An exercise still holding its placeholder."""
    return _finish(CheckResult(exercise, False, f"Not attempted yet: {what}, then run this cell again.", attempted=False))


def is_placeholder(value: Any) -> bool:
    """True for the values an untouched exercise cell leaves behind (``...`` or ``None``)."""
    return value is Ellipsis or value is None


def numeric_answer(exercise: str, value: Any, hint: str) -> float | CheckResult:
    """The learner's answer as a float, or the result to return at once: "not attempted" for a
    placeholder, a failure with ``hint`` for something that is not a number."""
    if is_placeholder(value):
        return not_attempted(exercise)
    try:
        return float(value)
    except (TypeError, ValueError):
        return failed(exercise, hint)


def run_check(exercise: str, body: Callable[[], CheckResult]) -> CheckResult:
    """Run a check's body; turn a learner's ``NotImplementedError`` into "not attempted"."""
    try:
        return body()
    except NotImplementedError:
        return not_attempted(exercise, "the function still raises NotImplementedError; fill it in")
    except ExerciseNotPassed:
        raise
    except Exception as exc:  # a learner's bug is feedback, not a crash
        return failed(exercise, f"your code raised {type(exc).__name__}: {exc}")


def yours_or_reference(result: CheckResult, yours: Any, reference: Any) -> Any:
    """The learner's function once they have attempted its exercise (right or wrong, so a mistake shows
    in the lesson's results); the library's reference while the exercise is untouched, so later cells run."""
    if result.attempted:
        return yours
    print(f"({result.exercise} not attempted yet: the next cells use the library's reference version.)")
    return reference


def lesson_setup(seed: int = 0) -> None:
    """Make a lesson reproducible and offline: seed Python, NumPy and torch; no hub downloads."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    random.seed(seed)
    try:
        import numpy as np

        np.random.seed(seed)
    except ImportError:  # pragma: no cover - numpy is a core dependency
        pass
    import torch

    from bittensor_lite.cores import use_available_cores

    torch.manual_seed(seed)
    use_available_cores()
