"""Weights/Bonds rows: the arrays kept beside the stored lists say what the lists say, always."""

from __future__ import annotations

import copy
import random

import numpy as np

from bittensor_lite import sim
from bittensor_lite.runtime import epoch
from bittensor_lite.runtime.rows import put_row, row_arrays, rows_matrix
from bittensor_lite.runtime.state import ChainState, SubnetState


def _net(n: int) -> SubnetState:
    net = SubnetState(netuid=1, owner_coldkey="o", owner_hotkey="oh")
    for uid in range(n):
        net.put_neuron(uid, f"hk{uid}", 0)
    return net


def _dense(rows, n):
    out = np.zeros((len(rows), n))
    for r, row in enumerate(rows):
        for j, v in row:
            if j < n:
                out[r, j] = v
    return out


def test_arrays_follow_the_stored_list_whoever_writes_it():
    net = _net(6)
    put_row(net, "weights", 0, np.array([1, 3]), np.array([65535, 7]))
    assert net.neurons["weights"][0] == [(1, 65535), (3, 7)]
    assert [a.tolist() for a in row_arrays(net, "weights", 0)] == [[1, 3], [65535, 7]]
    net.neurons["weights"][0] = [(2, 5)]  # another writer replaces the row: the cache must not answer
    assert [a.tolist() for a in row_arrays(net, "weights", 0)] == [[2], [5]]
    net.put_neuron(0, "new", 9)  # a new neuron in the slot: an empty row
    assert [a.tolist() for a in row_arrays(net, "weights", 0)] == [[], []]
    copied = copy.deepcopy(net)  # a snapshot's copy keeps its own, consistent cache
    put_row(net, "weights", 1, np.array([4]), np.array([9]))
    assert copied.neurons["weights"][1] == [] and row_arrays(copied, "weights", 1)[0].tolist() == []


def test_rows_matrix_is_the_dense_matrix_of_the_lists():
    rng = random.Random(0)
    net = _net(40)
    for uid in range(40):
        if rng.random() < 0.7:
            uids = sorted(rng.sample(range(45), rng.randrange(0, 20)))  # some beyond n: dropped
            row = [(j, rng.randrange(1, 65536)) for j in uids]
            if rng.random() < 0.5:
                put_row(net, "bonds", uid, np.array([j for j, _ in row], dtype=np.int64),
                        np.array([v for _, v in row], dtype=np.int64))
            else:
                net.neurons["bonds"][uid] = row
    rows = sorted(rng.sample(range(40), 25))
    assert np.array_equal(rows_matrix(net, "bonds", rows, 40), _dense([net.neurons["bonds"][i] for i in rows], 40))


def test_an_epoch_with_cached_rows_equals_one_read_from_saved_state():
    """The cache changes no outcome: the same epoch on a state reloaded from to_dict (no cache) ends equal."""
    net = sim.Network(miner_quality=[0.9, 0.5, 0.2, 0.7, 0.1], validators=[sim.Honest(stake=900), sim.Honest(stake=400)],
                      tempo=10, seed=3)
    net.run(epochs=3, progress=False)
    net.set_all_weights()
    state = net.sub.backend.runtime.state
    cached, reloaded = copy.deepcopy(state), ChainState.from_dict(state.to_dict())
    assert "_row_arrays" in cached.subnets[net.netuid].__dict__
    assert "_row_arrays" not in reloaded.subnets[net.netuid].__dict__
    for s in (cached, reloaded):
        epoch.run_epoch(s, s.subnets[net.netuid])
    assert cached == reloaded and any(cached.subnets[net.netuid].neurons["bonds"])
