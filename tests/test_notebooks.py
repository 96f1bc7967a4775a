"""Execute every lesson notebook: as a learner first meets it, and with the solutions filled in.

The learner's version must run top to bottom without errors (unsolved checks say "not attempted");
the solved version runs in strict mode, where any check that does not pass raises.
"""

from __future__ import annotations

import json
import time

import nbformat
import pytest

from .nbutil import (
    SOLUTIONS,
    execute,
    exercise_name,
    lesson_notebooks,
    read_solutions,
    with_solutions,
)

NOTEBOOK_TIMEOUT_S = 300  # per cell; a lesson's whole budget is checked below by cell count, not seconds
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
    t0 = time.perf_counter()
    execute(nb, timeout=NOTEBOOK_TIMEOUT_S, strict=False, cwd=tmp_path)
    print(f"{path.name}: {time.perf_counter() - t0:.1f} s (learner's version)")


@pytest.mark.notebook
@pytest.mark.parametrize("path", LESSONS, ids=IDS)
def test_lesson_runs_with_solutions(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    sol = SOLUTIONS / f"{path.stem}.py"
    solutions = read_solutions(sol) if sol.exists() else {}
    if not solutions and not any(exercise_name(c) for c in nb.cells):
        pytest.skip("lesson has no exercises")  # lesson 00 may have none; not a missing feature
    nb = with_solutions(nb, solutions)
    t0 = time.perf_counter()
    execute(nb, timeout=NOTEBOOK_TIMEOUT_S, strict=True, cwd=tmp_path)
    print(f"{path.name}: {time.perf_counter() - t0:.1f} s (solved, strict checks)")
