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


def test_free_cores_leave_out_what_other_work_keeps_busy(monkeypatch):
    monkeypatch.setattr(cores, "available_cores", lambda: 4)
    for load, want in ((0.2, 4), (1.0, 4), (2.0, 3), (3.6, 1), (40.0, 1)):
        monkeypatch.setattr(os, "getloadavg", lambda load=load: (load, load, load))
        assert cores.free_cores() == want, load


def test_available_cores_follows_the_affinity_mask():
    if not hasattr(os, "sched_setaffinity"):
        return
    code = "from bittensor_lite.cores import available_cores as a, use_available_cores as u; print(a(), u())"
    # one core allowed: one thread, however idle the machine
    out = subprocess.run(["taskset", "-c", "0", sys.executable, "-c", code],
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == ["1", "1"]
