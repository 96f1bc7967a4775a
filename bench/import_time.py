"""How light is ``import bittensor_lite``, and how fast does ``bittensor-lite --help`` answer?

Each command runs several times in a fresh interpreter; we print the median wall time, the
same for a bare interpreter (``python -c pass``) as the reference, and the ratio. Targets for
the record on the project's 2-core machines: import under 0.3 s, ``--help`` under 0.5 s.

    python bench/import_time.py [--runs 9]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

CASES = {
    "bare interpreter (reference)": [sys.executable, "-c", "pass"],
    "import bittensor_lite": [sys.executable, "-c", "import bittensor_lite"],
    "bittensor-lite --help": [sys.executable, "-m", "bittensor_lite.cli", "--help"],
    "import torch (for scale)": [sys.executable, "-c", "import torch"],
}
HEAVY = ("torch", "transformers", "fastapi", "substrateinterface", "matplotlib", "numpy")


def median_seconds(cmd: list[str], runs: int) -> float:
    """Median wall-clock seconds of ``cmd`` over ``runs`` fresh processes (after one warm-up)."""
    subprocess.run(cmd, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def heavy_modules_loaded(code: str) -> list[str]:
    """Which heavy packages a snippet pulls into sys.modules."""
    probe = f"{code}\nimport sys\nprint('HEAVY:', ' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    return out.stdout.rsplit('HEAVY:', 1)[1].split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()

    results = {name: median_seconds(cmd, args.runs) for name, cmd in CASES.items()}
    base = results["bare interpreter (reference)"]
    print(f"median of {args.runs} runs each, python {sys.version.split()[0]}")
    for name, secs in results.items():
        print(f"  {name:32s} {secs * 1000:8.1f} ms   {secs / base:6.2f}x bare   (+{(secs - base) * 1000:.1f} ms)")
    help_code = "import sys; sys.argv=['bittensor-lite','--help']\nfrom bittensor_lite import cli\ntry:\n cli.main()\nexcept SystemExit: pass"
    print("heavy modules after `import bittensor_lite`:", heavy_modules_loaded("import bittensor_lite") or "none")
    print("heavy modules after `bittensor-lite --help`:", heavy_modules_loaded(help_code) or "none")
    print(
        f"targets: import < 300 ms: {'met' if results['import bittensor_lite'] < 0.3 else 'MISSED'}; "
        f"--help < 500 ms: {'met' if results['bittensor-lite --help'] < 0.5 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
