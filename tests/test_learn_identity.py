"""Lesson 09: burn dynamics, pruning, and the checks both ways."""

import bittensor_lite as bl
from bittensor_lite.learn import (
    burn_over_time,
    check_next_burn,
    check_pruned_uid,
    check_signature,
    crowded_subnet,
)


def test_the_burn_rises_with_each_registration_and_halves_each_half_life():
    burns = burn_over_time([3, 0, 0], quiet_blocks=360)  # three registrations, then two quiet half-lives
    assert abs(burns[0] - 1.26**3 / 2) < 1e-5
    assert abs(burns[1] - 1.26**3 / 4) < 1e-5 and abs(burns[2] - 1.26**3 / 8) < 1e-5
    busy, quiet = burn_over_time([6, 6]), burn_over_time([0, 0])
    assert busy[1] > busy[0] > 1.0 > quiet[0] > quiet[1]  # demand makes joining dearer; quiet cheaper


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
    assert check_next_burn(1.26**3 / 2).ok and check_next_burn(bl.Balance.from_tao(1.000188)).ok
    for wrong, hint in ((1.26**3, "decay"), (0.5, "multiplies"), (0.89, "compound"), (3.0, "per 360")):
        result = check_next_burn(wrong)
        assert not result.ok and hint in result.message, (wrong, result.message)
    assert check_pruned_uid(3).ok
    assert not check_pruned_uid(1).ok and not check_pruned_uid(2).ok
    assert not check_pruned_uid(...).attempted
