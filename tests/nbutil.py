"""Helpers for the notebook tests: read lessons, splice in solutions, execute with nbclient."""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SOLUTIONS = ROOT / "course" / "solutions"
EXERCISE_TAG = re.compile(r"^exercise:([A-Za-z0-9_]+)$")
SOLUTION_MARK = re.compile(r"^# %% exercise:([A-Za-z0-9_]+)\s*$", re.M)


def lesson_notebooks() -> list[Path]:
    """Every lesson notebook, in course order."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def exercise_name(cell: nbformat.NotebookNode) -> str | None:
    """The exercise a cell holds, from its ``exercise:NAME`` tag (None for other cells)."""
    for tag in cell.get("metadata", {}).get("tags", []):
        m = EXERCISE_TAG.match(tag)
        if m:
            return m.group(1)
    return None


def read_solutions(path: Path) -> dict[str, str]:
    """Parse ``course/solutions/NN_slug.py``: sections start with ``# %% exercise:NAME``."""
    text = path.read_text(encoding="utf-8")
    marks = list(SOLUTION_MARK.finditer(text))
    out: dict[str, str] = {}
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        out[m.group(1)] = text[m.end():end].strip("\n") + "\n"
    return out


def with_solutions(nb: nbformat.NotebookNode, solutions: dict[str, str]) -> nbformat.NotebookNode:
    """A copy of the notebook whose exercise cells hold the solutions' code."""
    nb = nbformat.from_dict(nb)
    missing = []
    for cell in nb.cells:
        name = exercise_name(cell)
        if name is None:
            continue
        if name not in solutions:
            missing.append(name)
            continue
        cell.source = solutions[name]
    if missing:
        raise AssertionError(f"no solution for exercise(s) {missing}")
    return nb


def execute(nb: nbformat.NotebookNode, *, timeout: int, strict: bool, cwd: Path) -> nbformat.NotebookNode:
    """Run every cell top to bottom in a fresh kernel, offline; raise on the first error."""
    from nbclient import NotebookClient

    env_before = dict(os.environ)
    os.environ.update(
        {
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "MPLBACKEND": "Agg",
            "BITTENSOR_LITE_STRICT_CHECKS": "1" if strict else "0",
            "BITTENSOR_LITE_HEADLESS": "1",
            "BITTENSOR_LITE_CACHE": str(cwd / "cache"),  # models a lesson saves stay in the test's folder
        }
    )
    try:
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(cwd)}})
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(env_before)
    return nb
