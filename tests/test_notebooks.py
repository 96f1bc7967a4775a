"""Execute every lesson notebook: as a learner first meets it, and with the solutions filled in.

The learner's version must run top to bottom without errors (unsolved checks say "not attempted");
the solved version runs in strict mode, where any check that does not pass raises.
"""

from __future__ import annotations

import json
import math
import sys

import nbformat
import pytest

from .nbutil import (
    LESSON_MEMORY_MIB,
    SOLUTIONS,
    Run,
    execute,
    exercise_name,
    lesson_notebooks,
    read_solutions,
    with_solutions,
)

NOTEBOOK_TIMEOUT_S = 300  # per cell: a hung cell fails; the 90 s budget is bench/lessons.py's to check
LESSONS = lesson_notebooks()
IDS = [p.stem for p in LESSONS]


def test_there_are_lessons():
    assert LESSONS, "no notebooks/NN_slug.ipynb found"


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_committed_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert not cell.get("outputs"), f"{path.name}: strip outputs before committing"
            assert cell.get("execution_count") is None, f"{path.name}: execution counts left in"


@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_exercises_have_solutions(path):
    nb = nbformat.read(path, as_version=4)
    names = [n for n in (exercise_name(c) for c in nb.cells) if n]
    if path.stem.startswith("00_"):
        return  # the welcome lesson's exercise is optional
    assert 2 <= len(names) <= 4, f"{path.name}: a lesson has 2-4 exercises, found {names}"
    sol = SOLUTIONS / f"{path.stem}.py"
    assert sol.exists(), f"missing {sol}"
    assert set(names) <= set(read_solutions(sol)), f"{sol.name} lacks solutions for some of {names}"


@pytest.mark.notebook
@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_lesson_runs_as_learner_sees_it(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    run = execute(nb, timeout=NOTEBOOK_TIMEOUT_S, strict=False, cwd=tmp_path)
    _report(path, run, "learner's version")


@pytest.mark.notebook
@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_lesson_runs_with_solutions(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    sol = SOLUTIONS / f"{path.stem}.py"
    solutions = read_solutions(sol) if sol.exists() else {}
    if not solutions and not any(exercise_name(c) for c in nb.cells):
        pytest.skip("lesson has no exercises")  # lesson 00 may have none; not a missing feature
    nb = with_solutions(nb, solutions)
    run = execute(nb, timeout=NOTEBOOK_TIMEOUT_S, strict=True, cwd=tmp_path)
    _report(path, run, "solved, strict checks")


def _report(path, run: Run, version: str) -> None:
    """Print the lesson's cost on one core; fail if its kernel needed more memory than Binder gives a lesson."""
    print(f"{path.name}: {run.seconds:.1f} s, peak {run.peak_rss_mib:.0f} MiB on core {run.core} ({version})")
    if sys.platform.startswith("linux"):  # /proc is where the kernel's peak is read
        assert not math.isnan(run.peak_rss_mib), "the kernel's peak RSS was not measured"
        assert run.peak_rss_mib <= LESSON_MEMORY_MIB, (
            f"{path.name} peaked at {run.peak_rss_mib:.0f} MiB, over the {LESSON_MEMORY_MIB} MiB lesson budget")
