"""Each lesson's cost as a learner meets it on Binder: wall time and peak memory on ONE CPU core.

Every notebook runs top to bottom in a fresh kernel pinned to one core (``taskset``, the way
``tests/nbutil.py`` runs them), the learner's version with exercises untouched. Peak RSS is read
from the kernel itself. The reference row is an empty notebook (kernel start-up), so "ratio" is
each lesson's time over a bare kernel's.

    python bench/lessons.py [NN ...]      # all lessons, or only those whose number is given

Budgets (COURSE.md): each lesson under 90 s and 1.5 GB, the whole course under 15 minutes;
the script exits with status 1 when any is broken.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.nbutil import COURSE_SECONDS, LESSON_MEMORY_MIB, LESSON_SECONDS, Run, execute  # noqa: E402


def run(nb: nbformat.NotebookNode) -> Run:
    """Execute one notebook as a learner would, pinned to one core, in a scratch folder."""
    with tempfile.TemporaryDirectory() as tmp:
        return execute(nb, timeout=600, strict=False, cwd=Path(tmp))


def main() -> int:
    wanted = set(sys.argv[1:])
    lessons = [p for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")) if not wanted or p.name[:2] in wanted]
    base = run(nbformat.v4.new_notebook())
    print(f"one core (core {base.core}); budgets: {LESSON_SECONDS} s and {LESSON_MEMORY_MIB} MiB a lesson, "
          f"{COURSE_SECONDS / 60:.0f} min the course")
    print(f"{'lesson':32s} {'seconds':>8s} {'ratio':>6s} {'peak MiB':>9s}")
    print(f"{'(empty notebook: reference)':32s} {base.seconds:8.1f} {1.0:6.1f} {base.peak_rss_mib:9.0f}")
    rows, over = [], False
    for p in lessons:
        r = run(nbformat.read(p, as_version=4))
        rows.append({"lesson": p.stem, "seconds": round(r.seconds, 1), "peak_mib": round(r.peak_rss_mib)})
        bad = r.seconds > LESSON_SECONDS or r.peak_rss_mib > LESSON_MEMORY_MIB
        over |= bad
        print(f"{p.stem:32s} {r.seconds:8.1f} {r.seconds / base.seconds:6.1f} {r.peak_rss_mib:9.0f}"
              f"{'  OVER BUDGET' if bad else ''}")
    total = sum(row["seconds"] for row in rows)
    whole = len(lessons) == len(list((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")))
    print(f"{'total':32s} {total:8.1f}" + ("  OVER THE 15-MINUTE COURSE BUDGET" if whole and total > COURSE_SECONDS else ""))
    over |= whole and total > COURSE_SECONDS
    print(json.dumps(rows))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
