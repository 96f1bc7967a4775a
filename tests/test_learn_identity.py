"""Lesson 09: burn dynamics, pruning, and the checks both ways."""

import bittensor_lite as bl
from bittensor_lite.learn import (
    burn_over_time,
    burn_prediction,
    burn_rule,
    check_alpha_for_tao,
    check_next_burn_rule,
    check_pruned_uid,
    check_signature,
    crowded_subnet,
    delegation_demo,
    stake_and_compare,
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
    assert check_pruned_uid(3).ok
    assert not check_pruned_uid(1).ok and not check_pruned_uid(2).ok
    assert not check_pruned_uid(...).attempted


def _right_burn(burn, regs, blocks):
    rule = burn_rule()
    bumped = min(burn * rule["burn_increase_mult"] ** regs, rule["max_burn"])
    return max(bumped * 0.5 ** (blocks / rule["burn_half_life"]), rule["min_burn"])


WRONG_BURNS = {  # each common mistake, and the words its hint must contain
    "compound": lambda b, r, n: b * (1 + 0.26 * r) * 0.5 ** (n / 360),
    "must decay": lambda b, r, n: b * 1.26**r,
    "exponential": lambda b, r, n: max(b * 1.26**r * (1 - n / 720), 0.0),
    "before": lambda b, r, n: min(b * 1.26**r * 0.5 ** (n / 360), 100.0),
}


def test_next_burn_rule_checked_both_ways():
    assert check_next_burn_rule(_right_burn).ok
    assert not check_next_burn_rule(lambda b, r, n: ...).attempted
    for hint, wrong in WRONG_BURNS.items():
        result = check_next_burn_rule(wrong)
        assert not result.ok and hint in result.message, (hint, result.message)


def test_the_lesson_plots_the_learners_burn_rule():
    """The burst plot draws the learner's rule: a wrong rule draws a different line from the chain's dots."""
    demand = [6, 6, 0, 4, 6]
    mine, chain = burn_prediction(_right_burn, demand)
    assert max(abs(m - c) / c for m, c in zip(mine, chain, strict=True)) < 2e-3
    wrong, chain_again = burn_prediction(WRONG_BURNS["compound"], demand)
    assert chain_again == chain and abs(wrong[-1] - chain[-1]) / chain[-1] > 0.1


def _constant_product(tao, tao_reserve, alpha_reserve):
    return alpha_reserve - tao_reserve * alpha_reserve / (tao_reserve + tao)


def test_alpha_for_tao_checked_both_ways():
    assert check_alpha_for_tao(_constant_product).ok
    assert not check_alpha_for_tao(lambda t, y, x: ...).attempted
    spot = check_alpha_for_tao(lambda t, y, x: t * x / y)
    assert not spot.ok and "spot price" in spot.message
    assert not check_alpha_for_tao(lambda t, y, x: y - y * x / (x + t)).ok  # reserves swapped


def test_stake_prediction_uses_the_learners_swap():
    """The staking cell prints the learner's prediction beside what the chain credits: right matches, wrong does not."""
    sub = bl.connect("mock")
    netuid = sub.register_network(bl.dev_wallet("Alice"))
    sub.dev.sudo_set(netuid, "max_regs_per_block", 10)
    for name, fn in (("v-right", _constant_product), ("v-spot", lambda t, y, x: t * x / y)):
        v = bl.dev_wallet(name)
        sub.dev.set_balance(v.coldkey.ss58_address, bl.Balance.from_tao(300).rao)
        sub.burned_register(v, netuid)
        r = stake_and_compare(sub, v, netuid, 200, fn)
        assert r["price_after"] > r["price_before"]
        close = abs(r["predicted"] - r["got"]) <= 1e-6 * r["got"] + 1e-9
        assert close == (name == "v-right"), r


def test_delegation_take_goes_to_the_owner_first():
    d = delegation_demo(epochs=2)
    assert abs(d["take"] - 0.18) < 1e-3
    assert d["growth"]["owner"] > d["growth"]["nominator"] > 0
    assert d["start"]["nominator"] < d["start"]["owner"]  # the same 100 τ bought less alpha after the price rose
