"""How many CPU cores this process may really use, and torch's thread pool sized to match.

On a shared machine (Binder, a workshop laptop, CI) ``os.cpu_count()`` reports the host's cores,
not the ones this process is allowed: a CPU affinity mask (``taskset``) or a cgroup CPU quota
(``cpu.max``, what Binder and containers set) limits it further. Torch with more threads than
free cores slows down badly, so lessons and the consensus engine size torch's pool with this.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

CGROUP_CPU_MAX = Path("/sys/fs/cgroup/cpu.max")


def _cgroup_quota_cores(path: Path = CGROUP_CPU_MAX) -> int | None:
    """Cores allowed by a cgroup v2 quota ("200000 100000" → 2), or None when unlimited/unknown."""
    try:
        quota, period = path.read_text().split()[:2]
    except (OSError, ValueError):
        return None
    if quota == "max":
        return None
    try:
        return max(1, math.ceil(int(quota) / int(period)))
    except (ValueError, ZeroDivisionError):
        return None


def available_cores() -> int:
    """The cores this process may run on: the affinity mask, capped by any cgroup CPU quota."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        cores = os.cpu_count() or 1
    quota = _cgroup_quota_cores()
    if quota is not None:
        cores = min(cores, quota)
    return max(1, cores)


def free_cores() -> int:
    """The available cores less those other work keeps busy (the 1-minute load average beyond our own one).

    On a loaded shared machine torch's parallel operations wait for their slowest thread: an epoch that takes
    15 ms on one thread took 100 ms on two busy cores. Counting only free cores avoids that."""
    cores = available_cores()
    try:
        busy = os.getloadavg()[0] - 1.0  # our own runnable thread is in the load too
    except (AttributeError, OSError):
        return cores
    return max(1, min(cores, math.floor(cores - max(busy, 0.0) + 0.5)))


def use_available_cores(limit: int | None = None) -> int:
    """Size torch's intra-op thread pool to the free cores (at most ``limit``); returns it."""
    import torch

    threads = free_cores() if limit is None else max(1, min(limit, free_cores()))
    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)
    return threads
