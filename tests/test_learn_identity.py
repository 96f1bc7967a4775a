"""Lesson 09: burn dynamics, pruning, and the checks both ways."""

import bittensor_lite as bl
from bittensor_lite.learn import (
    burn_over_time,
    check_next_burn,
    check_pruned_uid,
    check_signature,
    crowded_subnet,
)


def test_burn_doubles_under_demand_and_halves_when_quiet():
    assert burn_over_time([6, 6, 0, 0]) == [2.0, 4.0, 2.0, 1.0]
    assert burn_over_time([2, 2]) == [1.0, 1.0]  # at target: unchanged


def test_newcomers_push_out_the_weakest():
    final, events = crowded_subnet(slots=6, newcomers=3, immunity=20)
    assert events[0]["replaced"].startswith("M4")  # the weakest original miner goes first
    assert all(e["uid"] != 0 for e in events)  # the staked validator is never the weakest
    assert sum(name.startswith("N") for name in final) >= 2


def test_checks_both_ways():
    w = bl.dev_wallet("alice", "miner1")
    msg = b"hello"
    assert check_signature(w.hotkey.sign(msg), msg, w.hotkey.ss58_address).ok
    assert check_signature("0x" + w.hotkey.sign(msg).hex(), msg, w.hotkey.ss58_address).ok
    assert not check_signature(w.coldkey.sign(msg), msg, w.hotkey.ss58_address).ok  # wrong key
    assert not check_signature(w.hotkey.sign(b"other"), msg, w.hotkey.ss58_address).ok
    assert not check_signature(..., msg, w.hotkey.ss58_address).attempted
    assert check_next_burn(2.0).ok and check_next_burn(bl.Balance.from_tao(2)).ok
    assert not check_next_burn(3.0).ok and not check_next_burn(1.0).ok
    assert check_pruned_uid(3).ok
    assert not check_pruned_uid(1).ok and not check_pruned_uid(2).ok
    assert not check_pruned_uid(...).attempted
