"""Each lesson's cost as a learner meets it: wall time and the kernel's peak memory (Binder has ~2 GB).

Every notebook runs top to bottom in a fresh kernel (the learner's version, exercises untouched),
in a fresh process, so the peak RSS is that lesson's alone. The reference row is an empty notebook
(kernel start-up), so "ratio" is each lesson's time over a bare kernel's.

    python bench/lessons.py [NN ...]      # all lessons, or only those whose number is given

Budgets for the record: under ~90 s and ~1.5 GB each.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNNER = r"""
import resource, sys, os, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4) if sys.argv[1] != "-" else nbformat.v4.new_notebook()
os.environ.update({"HF_HUB_OFFLINE": "1", "MPLBACKEND": "Agg", "BITTENSOR_LITE_CACHE": sys.argv[2]})
NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": sys.argv[2]}}).execute()
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def run(path: str) -> tuple[float, float]:
    """Seconds and peak kernel RSS (MiB) to execute one notebook ("-" = an empty one)."""
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", RUNNER, path, tmp], capture_output=True, text=True, check=True)
        return time.perf_counter() - t0, int(out.stdout.split()[-1]) / 1024


def main() -> None:
    wanted = set(sys.argv[1:])
    lessons = [p for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")) if not wanted or p.name[:2] in wanted]
    base_s, base_mib = run("-")
    print(f"{'lesson':32s} {'seconds':>8s} {'ratio':>6s} {'peak MiB':>9s}")
    print(f"{'(empty notebook: reference)':32s} {base_s:8.1f} {1.0:6.1f} {base_mib:9.0f}")
    rows = []
    for p in lessons:
        s, mib = run(str(p))
        rows.append({"lesson": p.stem, "seconds": round(s, 1), "peak_mib": round(mib)})
        flag = "" if s < 90 and mib < 1536 else "  OVER BUDGET"
        print(f"{p.stem:32s} {s:8.1f} {s / base_s:6.1f} {mib:9.0f}{flag}")
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
