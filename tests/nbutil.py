"""Helpers for the notebook tests: read lessons, splice in solutions, execute with nbclient."""

from __future__ import annotations

import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SOLUTIONS = ROOT / "course" / "solutions"
EXERCISE_TAG = re.compile(r"^exercise:([A-Za-z0-9_]+)$")
SOLUTION_MARK = re.compile(r"^# %% exercise:([A-Za-z0-9_]+)\s*$", re.M)
# A lesson's budget on Binder: one CPU core, ~2 GB of RAM (COURSE.md). Tests check the memory;
# seconds are printed here and checked by bench/lessons.py, since tests never assert wall-clock time.
LESSON_SECONDS = 90
LESSON_MEMORY_MIB = 1536
COURSE_SECONDS = 15 * 60


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


def one_core() -> int:
    """The core a lesson's kernel is pinned to: the first one this process may use (Binder gives ~1)."""
    try:
        return min(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux: no pinning
        return -1


def _pinned_kernel_manager(core: int) -> type:
    """A kernel manager whose kernel starts under ``taskset -c CORE``: the lesson gets one CPU core."""
    from jupyter_client.manager import AsyncKernelManager

    class OneCoreKernelManager(AsyncKernelManager):
        def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
            cmd = super().format_kernel_cmd(extra_arguments)
            return ["taskset", "-c", str(core), *cmd] if core >= 0 and shutil.which("taskset") else cmd

    return OneCoreKernelManager


def _peak_rss_mib(pid: int) -> float:
    """The kernel's peak resident memory so far (``VmHWM``), in MiB; NaN where /proc is missing."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


@dataclass
class Run:
    """One lesson executed: the notebook with outputs, seconds, the kernel's peak RSS and its core."""

    nb: nbformat.NotebookNode
    seconds: float
    peak_rss_mib: float
    core: int


def execute(nb: nbformat.NotebookNode, *, timeout: int, strict: bool, cwd: Path,
            core: int | None = None) -> Run:
    """Run every cell top to bottom in a fresh kernel pinned to one core, offline; raise on the first error.

    The budget is one CPU core (``taskset``), so the seconds are what a Binder learner waits and
    the peak RSS (read from the kernel before it shuts down) is what the lesson needs of memory.
    """
    from jupyter_client.utils import run_sync
    from nbclient import NotebookClient

    core = one_core() if core is None else core
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
    km = _pinned_kernel_manager(core)(kernel_name="python3")
    try:
        client = NotebookClient(nb, km=km, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(cwd)}})
        t0 = time.perf_counter()
        client.execute(cwd=str(cwd))
        seconds = time.perf_counter() - t0
        peak = _peak_rss_mib(km.provisioner.process.pid)
    finally:
        if km.has_kernel:
            run_sync(km.shutdown_kernel)(now=True)
        os.environ.clear()
        os.environ.update(env_before)
    return Run(nb, seconds, peak, core)
