"""The core count torch is sized to follows the affinity mask and the cgroup quota."""

from __future__ import annotations

import os
import subprocess
import sys

from bittensor_lite import cores


def test_quota_parsing(tmp_path):
    f = tmp_path / "cpu.max"
    f.write_text("150000 100000\n")
    assert cores._cgroup_quota_cores(f) == 2
    f.write_text("max 100000\n")
    assert cores._cgroup_quota_cores(f) is None
    f.write_text("garbage")
    assert cores._cgroup_quota_cores(f) is None
    assert cores._cgroup_quota_cores(tmp_path / "missing") is None


def test_available_cores_follows_the_affinity_mask():
    if not hasattr(os, "sched_setaffinity"):
        return
    code = "from bittensor_lite.cores import available_cores as a, use_available_cores as u; print(a(), u())"
    out = subprocess.run(["taskset", "-c", "0", sys.executable, "-c", code],
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == ["1", "1"]
