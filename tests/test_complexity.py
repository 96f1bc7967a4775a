"""How the work grows with the subnet, checked by counting (rows read, copies made, ops run), never by seconds.

A registration is O(1) work on a subnet that is not full; an epoch works on the V×n block of
validator rows with the same number of tensor operations whatever n is.
"""

from __future__ import annotations

import copy
import subprocess
import sys

import pytest
import torch
from torch.overrides import TorchFunctionMode

from bittensor_lite import consensus
from bittensor_lite.runtime import Runtime, epoch
from bittensor_lite.runtime.state import NEURON_COLUMNS

TAO = 10**9


class CountingList(list):
    """A neuron column that counts how many of its entries are scanned (iterated, searched, sliced)."""

    scanned = 0

    def __iter__(self):
        CountingList.scanned += len(self)
        return super().__iter__()

    def index(self, *args):
        CountingList.scanned += len(self)
        return super().index(*args)

    def __contains__(self, item):
        CountingList.scanned += len(self)
        return super().__contains__(item)

    def __getitem__(self, key):
        if isinstance(key, slice):
            CountingList.scanned += len(range(*key.indices(len(self))))
        return super().__getitem__(key)


def subnet_with(n: int) -> tuple[Runtime, int]:
    """A runtime with one subnet of ``n`` registered neurons, room for more, and no epoch due soon."""
    rt = Runtime(balances={"owner": 10**6 * TAO, "payer": 10**6 * TAO}, sudo="owner")
    netuid = rt.dispatch("register_network", "owner", hotkey="owner-hot")
    net = rt.state.subnets[netuid]
    h = net.hyper
    h.max_allowed_uids, h.max_regs_per_block, h.target_regs_per_interval = 10_000, 10_000, 10_000
    h.tempo, h.burn, h.min_burn = 60_000, 1, 1
    for i in range(n):
        rt.dispatch("burned_register", "payer", netuid=netuid, hotkey=f"hot{i}")
    return rt, netuid


def register_more(rt: Runtime, netuid: int, k: int, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """Register ``k`` more neurons (a block each); returns (column entries scanned, state copies made)."""
    net = rt.state.subnets[netuid]
    for col in NEURON_COLUMNS:
        net.neurons[col.name] = CountingList(net.neurons[col.name])
    net.uid_of("warm-up")  # the Uids map is (re)built once for the new column object
    copies = []
    real_deepcopy = copy.deepcopy
    monkeypatch.setattr(copy, "deepcopy", lambda x, *a: copies.append(type(x)) or real_deepcopy(x, *a))
    CountingList.scanned = 0
    for i in range(k):
        rt.dispatch("burned_register", "payer", netuid=netuid, hotkey=f"new{i}")
        rt.step(1)
    monkeypatch.setattr(copy, "deepcopy", real_deepcopy)
    assert net.n == len(net.neurons["hotkeys"]) and net.uid_of(f"new{k - 1}") == net.n - 1
    return CountingList.scanned, len(copies)


def test_a_registration_reads_no_column_and_copies_no_state(monkeypatch):
    small, small_copies = register_more(*subnet_with(16), 20, monkeypatch)
    large, large_copies = register_more(*subnet_with(400), 20, monkeypatch)
    assert small == large == 0  # no whole-column scan: the hotkey → UID map answers "already registered?"
    assert small_copies == large_copies == 0  # validate-then-write: no backup of the whole state


def test_the_uid_map_follows_registration_and_replacement():
    rt, netuid = subnet_with(3)
    net = rt.state.subnets[netuid]
    net.hyper.max_allowed_uids, net.hyper.immunity_period = 3, 0
    net.neurons["pruning_score"][:] = [5, 1, 9]
    rt.dispatch("burned_register", "payer", netuid=netuid, hotkey="newcomer")
    assert net.uid_of("newcomer") == 1 and net.uid_of("hot1") is None
    assert [net.uid_of(f"hot{i}") for i in (0, 2)] == [0, 2]
    snap = copy.deepcopy(net)  # a copy keeps a map of its own column
    snap.put_neuron(0, "in-copy", rt.block)
    assert snap.uid_of("in-copy") == 0 and net.uid_of("in-copy") is None and net.uid_of("hot0") == 0


class OpCounter(TorchFunctionMode):
    """Counts torch operations and remembers the largest tensor any of them produced."""

    def __init__(self):
        super().__init__()
        self.ops, self.largest = 0, 0

    def __torch_function__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        self.ops += 1
        for t in out if isinstance(out, tuple) else (out,):
            if isinstance(t, torch.Tensor):
                self.largest = max(self.largest, t.numel())
        return out


def epoch_ops(n: int, v: int = 8) -> OpCounter:
    g = torch.Generator().manual_seed(n)
    rows = torch.rand(v, n, dtype=torch.float64, generator=g)
    stake = torch.zeros(n, dtype=torch.float64)
    stake[:v] = torch.rand(v, dtype=torch.float64, generator=g) + 0.1
    bonds = torch.rand(v, n, dtype=torch.float64, generator=g)
    counter = OpCounter()
    with counter:
        consensus.yuma_epoch_rows(rows, stake, bonds, consensus.YumaParams(liquid_alpha=True))
    return counter


def test_yuma_works_on_validator_rows_with_as_many_ops_whatever_n():
    small, large = epoch_ops(64), epoch_ops(1024)
    assert small.ops == large.ops  # no Python loop over UIDs
    assert large.largest <= 8 * 1024  # nothing bigger than the V×n block: no n×n intermediate


def test_the_runtime_epoch_hands_consensus_only_validator_rows(monkeypatch):
    rt, netuid = subnet_with(40)
    net = rt.state.subnets[netuid]
    net.neurons["validator_permit"][:] = [i < 4 for i in range(40)]
    seen = []
    real = consensus.yuma_epoch_rows

    def spy(weight_rows, stake, bond_rows=None, **kw):
        seen.append((tuple(weight_rows.shape), tuple(bond_rows.shape)))
        return real(weight_rows, stake, bond_rows, **kw)

    monkeypatch.setattr(consensus, "yuma_epoch_rows", spy)
    epoch.run_epoch(rt.state, net)
    assert seen == [((4, 40), (4, 40))]


EPOCH_FAULTS = """
import resource, sys
import numpy as np, torch
from bittensor_lite import allocator, consensus
if sys.argv[1] == "default":
    allocator._kept = 0  # as if already decided: glibc's default allocator settings stay
n, v = 2048, 64
w = torch.from_numpy(np.random.default_rng(0).random((v, n)))
s = torch.zeros(n, dtype=torch.float64)
s[:v] = 1.0
consensus.yuma_epoch_rows(w, s, None)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(10):
    consensus.yuma_epoch_rows(w, s, w * 0.1)
print((resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / 10)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="mallopt and minor-fault counts are glibc/Linux")
def test_epochs_reuse_freed_memory_instead_of_faulting_in_new_pages():
    def faults_per_epoch(mode: str) -> float:
        out = subprocess.run([sys.executable, "-c", EPOCH_FAULTS, mode], capture_output=True, text=True, check=True)
        return float(out.stdout.split()[-1])

    kept, default = faults_per_epoch("kept"), faults_per_epoch("default")
    # a V×n temporary is 1 MiB = 256 pages; the default settings fault in ~1,200 pages an epoch
    assert default > 256, default
    assert kept < default / 5, (kept, default)
