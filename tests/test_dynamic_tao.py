"""Dynamic TAO (spec 425) on the mock Runtime: conservation under random calls, and hand-worked cases."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bittensor_lite.errors import ChainError
from bittensor_lite.runtime import Runtime, coinbase, swap
from bittensor_lite.runtime.delegation import pay_dividends
from bittensor_lite.runtime.epoch import block_emission_for_issuance
from bittensor_lite.runtime.staking import alpha_of, credit_alpha, grow_hotkey

TAO = 10**9
COLDS = ["c0", "c1", "c2"]
HOTS = ["h0", "h1", "h2", "h3"]  # h{i} belongs to c{i % 3} once it is used


# -- invariants ----------------------------------------------------------------------------------------------
def check_invariants(rt: Runtime) -> None:
    s = rt.state
    # TAO: every rao is a free balance or in a pool (root's "pool" is its staked TAO)
    assert s.total_issuance == sum(s.balances.values()) + sum(n.tao_reserve for n in s.subnets.values())
    for net in s.subnets.values():
        held = (sum(net.total_hotkey_alpha.values()) + net.pending_server + net.pending_validator
                + net.pending_owner_cut + net.protocol_alpha)
        assert net.alpha_out == held, (net.netuid, net.alpha_out - held)
        for hk, per in net.alpha.items():
            assert sum(per.values()) == net.total_hotkey_shares.get(hk, 0)
            assert sum(alpha_of(net, hk, ck) for ck in per) <= net.total_hotkey_alpha.get(hk, 0)
        assert min(net.tao_reserve, net.alpha_in, net.alpha_out) >= 0


def _fresh() -> Runtime:
    rt = Runtime(balances={c: 5_000 * TAO for c in COLDS}, sudo="c0")
    return rt


hot = st.sampled_from(HOTS)
cold = st.sampled_from(COLDS)
netuid = st.integers(0, 3)
tao_amt = st.one_of(st.integers(0, 3 * 10**6), st.integers(10**6, 2_000 * TAO))
limit = st.integers(1, 5 * TAO)
OPS = st.one_of(
    st.tuples(st.just("register_network"), cold, hot),
    st.tuples(st.just("burned_register"), cold, netuid, hot),
    st.tuples(st.just("add_stake"), cold, hot, netuid, tao_amt),
    st.tuples(st.just("remove_stake"), cold, hot, netuid, st.one_of(tao_amt, st.just("all"), st.just("half"),
                                                                           st.just("all_but_dust"))),
    st.tuples(st.just("add_stake_limit"), cold, hot, netuid, tao_amt, limit, st.booleans()),
    st.tuples(st.just("remove_stake_limit"), cold, hot, netuid, st.one_of(tao_amt, st.just("all")), limit,
              st.booleans()),
    st.tuples(st.just("transfer"), cold, cold, tao_amt),
    st.tuples(st.just("set_weights"), hot, netuid, st.lists(st.integers(0, 65535), min_size=1, max_size=4)),
    st.tuples(st.just("step"), st.integers(1, 12)),
    st.tuples(st.just("tempo"), netuid),
)


def _apply(rt: Runtime, op: tuple) -> None:
    name, *a = op
    if name == "step":
        rt.step(a[0])
        return
    if name == "tempo":  # let epochs come round in a short run
        if a[0] in rt.state.subnets and a[0] != 0:
            rt.sudo_set_hyperparameter("c0", a[0], "tempo", 5)
        return
    if name == "register_network":
        rt.dispatch("register_network", a[0], hotkey=a[1])
    elif name == "burned_register":
        rt.dispatch("burned_register", a[0], netuid=a[1], hotkey=a[2])
    elif name == "add_stake":
        rt.dispatch("add_stake", a[0], hotkey=a[1], netuid=a[2], amount_staked=a[3])
    elif name in ("remove_stake", "remove_stake_limit"):
        amount = a[3]
        if amount in ("all", "half", "all_but_dust"):
            have = rt.stake_of(a[1], a[0], a[2]) if a[2] in rt.state.subnets else 0
            amount = {"all": have, "half": have // 2, "all_but_dust": max(have - 1, 1)}[amount]
        if name == "remove_stake":
            rt.dispatch("remove_stake", a[0], hotkey=a[1], netuid=a[2], amount_unstaked=amount)
        else:
            rt.dispatch("remove_stake_limit", a[0], hotkey=a[1], netuid=a[2], amount_unstaked=amount,
                        limit_price=a[4], allow_partial=a[5])
    elif name == "add_stake_limit":
        rt.dispatch("add_stake_limit", a[0], hotkey=a[1], netuid=a[2], amount_staked=a[3], limit_price=a[4],
                    allow_partial=a[5])
    elif name == "transfer":
        rt.dispatch("transfer_allow_death", a[0], dest=a[1], value=a[2])
    elif name == "set_weights":
        n = rt.subnetwork_n(a[1]) if a[1] in rt.state.subnets else 0
        dests = list(range(min(n, len(a[2]))))
        rt.dispatch("set_weights", a[0], netuid=a[1], dests=dests, weights=a[2][: len(dests)], version_key=0)


# A few calls always happen first so most random sequences act on live subnets.
PRELUDE = [("register_network", "c0", "h0"), ("register_network", "c1", "h1"), ("burned_register", "c0", 1, "h0"),
           ("burned_register", "c1", 1, "h1"), ("burned_register", "c2", 2, "h2"), ("tempo", 1), ("tempo", 2)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(OPS, min_size=1, max_size=40))
def test_random_calls_conserve_tao_and_alpha(ops):
    """After any sequence of calls and blocks: TAO issuance = free balances + pools; per subnet,
    alpha outside the pool = stake + pending emission + protocol alpha; shares never overpay;
    and a call that fails with a ChainError changes nothing at all (state.to_dict())."""
    rt = _fresh()
    for op in PRELUDE + ops:
        before = rt.state.to_dict()
        try:
            _apply(rt, op)
        except ChainError:
            assert rt.state.to_dict() == before, op
        check_invariants(rt)


def test_a_long_busy_run_conserves():
    """A deterministic long run with epochs paying validators and miners (nominators included)."""
    rt = _fresh()
    for op in PRELUDE:
        _apply(rt, op)
    rt.dispatch("burned_register", "c2", netuid=1, hotkey="h2")
    rt.dispatch("add_stake", "c2", hotkey="h0", netuid=1, amount_staked=300 * TAO)  # a nominator
    rt.dispatch("add_stake", "c0", hotkey="h0", netuid=1, amount_staked=100 * TAO)
    rt.dispatch("add_stake", "c1", hotkey="h1", netuid=0, amount_staked=50 * TAO)
    for i in range(60):
        for hk in ("h0", "h1"):
            try:
                rt.dispatch("set_weights", hk, netuid=1, dests=[0, 1, 2], weights=[1, 2, 3 + i % 5], version_key=0)
            except ChainError:
                pass
        rt.step(3)
        check_invariants(rt)
    assert rt.state.subnets[1].epoch_index > 10
    assert rt.stake_of("h0", "c2", 1) > 0


# -- hand-worked cases --------------------------------------------------------------------------------------
def test_halving_boundaries():
    """1 τ per block until 10.5M τ exist, then 0.5 τ; 0.25 τ from 15.75M; nothing at 21M."""
    m = 10**6 * TAO
    assert block_emission_for_issuance(0) == TAO
    assert block_emission_for_issuance(10_500_000 * TAO - 1) == TAO
    assert block_emission_for_issuance(10_500_000 * TAO) == TAO // 2
    assert block_emission_for_issuance(15_750_000 * TAO - 1) == TAO // 2
    assert block_emission_for_issuance(15_750_000 * TAO) == TAO // 4
    assert block_emission_for_issuance(18_375_000 * TAO) == TAO // 8
    assert block_emission_for_issuance(19_687_500 * TAO) == TAO // 16
    assert block_emission_for_issuance(21 * m - 1) == 0  # 54 halvings: 10^9 >> 54 rounds to nothing
    assert block_emission_for_issuance(21 * m) == 0


def test_the_chain_halves_at_10_5m():
    rt = Runtime(balances={"a": 10_500_000 * TAO - 2 * TAO})
    rt.step(1)
    assert rt.state.block_emission == TAO
    rt.dev_set_balance("a", 10_500_000 * TAO)
    rt.step(1)
    assert rt.state.block_emission == TAO // 2


def _three_subnets(**settings) -> Runtime:
    rt = Runtime(balances={"o": 10_000 * TAO, "r": 100_000 * TAO}, **settings)
    for i in range(3):
        rt.dispatch("register_network", "o", hotkey=f"oh{i}")
    # plenty of root stake: the injection cap (root proportion × alpha emission) does not bind
    rt.dispatch("add_stake", "r", hotkey="oh0", netuid=0, amount_staked=90_000 * TAO)
    return rt


def _reserves(rt: Runtime) -> list[int]:
    return [rt.state.subnets[k].tao_reserve for k in (1, 2, 3)]


def test_price_share_split_across_three_subnets():
    """Spec 425: each subnet's TAO is block emission × moving price / Σ moving prices.

    Moving prices chosen as 0.1, 0.3 and 0.6 τ/α (I96F32 bits 429_496_729, 1_288_490_188 and
    2_576_980_377, of 4_294_967_294 in all). The chain splits the block by these and only then
    advances the EMA (block_step.rs, "AFTER using them for emissions"): by
    a = 0.000003 · b/(b + 201600) (b blocks since registration) towards min(price, 1) = 1.
    All of a subnet's TAO enters its pool (injected with alpha at the price, or as a chain buy),
    so each pool's TAO grows by exactly its share.
    """
    rt = _three_subnets()
    bits = [429_496_729, 1_288_490_188, 2_576_980_377]
    for k, p in zip((1, 2, 3), bits, strict=True):
        rt.state.subnets[k].moving_price = p
    before = _reserves(rt)
    rt.step(1)
    got = [after - pre for after, pre in zip(_reserves(rt), before, strict=True)]
    assert got == [TAO * p // 4_294_967_294 for p in bits] == [99_999_999, 299_999_999, 600_000_000]
    for k in (1, 2, 3):  # the cap did not bind: everything was injected, no chain buy
        assert rt.state.subnets[k].tao_in_emission == got[k - 1]
        assert rt.state.subnets[k].protocol_alpha == 0
    # then the EMA moved, towards min(price, 1) = 1 (every pool is still at price 1)
    b = rt.block + 1  # registered at block 0
    a = Fraction(round(Fraction(3, 10**6) * 2**32), 2**32) * Fraction(b, b + 201_600)  # SubnetMovingAlpha 0.000003
    assert all(swap.price(rt.state.subnets[k]) == 1 for k in (1, 2, 3))
    assert [rt.state.subnets[k].moving_price for k in (1, 2, 3)] == [
        int(((1 - a) * Fraction(p, 2**32) + a) * 2**32) for p in bits]


def test_flow_share_split_across_three_subnets():
    """The Nov 2025 – Jun 2026 rule (flow_emission=True, NetTaoFlowEnabled off): shares are the
    flow EMAs clipped at 0. EMAs of 1, 3 and −2 τ, with no new flow this block, all decay by the
    same factor (1 − a), so the shares are 1/4, 3/4 and 0."""
    rt = _three_subnets(flow_emission=True, net_tao_flow_enabled=False)
    for k, f in zip((1, 2, 3), (1, 3, -2), strict=True):
        net = rt.state.subnets[k]
        net.ema_tao_flow, net.tao_flow = f * TAO * 2**64, 0
    before = _reserves(rt)
    rt.step(1)
    got = [after - pre for after, pre in zip(_reserves(rt), before, strict=True)]
    assert got == [TAO // 4, TAO * 3 // 4, 0]


def test_flow_share_with_protocol_flow_subtracted():
    """NetTaoFlowEnabled: user flow EMAs 10, 20, 30 τ; protocol EMAs 6, 0, 6 τ. The protocol's are
    scaled by min(Σ user⁺ / Σ protocol⁺, 1) = min(60/12, 1) = 1, so net flows are 4, 20, 24 τ:
    shares 4/48, 20/48, 24/48 (up to a rao of EMA rounding)."""
    rt = _three_subnets(flow_emission=True, net_tao_flow_enabled=True)
    for k, u, p in zip((1, 2, 3), (10, 20, 30), (6, 0, 6), strict=True):
        net = rt.state.subnets[k]
        net.ema_tao_flow, net.tao_flow = u * TAO * 2**64, 0
        net.ema_protocol_flow, net.protocol_flow = p * TAO * 2**64, 0
    before = _reserves(rt)
    rt.step(1)
    got = [after - pre for after, pre in zip(_reserves(rt), before, strict=True)]
    for g, w in zip(got, (4, 20, 24), strict=True):
        assert abs(g - TAO * w // 48) <= 2


def test_nominator_dividends_with_an_18_percent_take():
    """A validator hotkey: its owner holds 300 α (300·10^9 shares), a nominator 100 α. 10 α of
    dividends: the take is floor(10·10^9 · 11796/65535) = 1_799_954_222 rao-α, credited to the
    owner as new shares at 1 share per α (1_799_954_222 shares); the other 8_200_045_778 grow the
    hotkey's alpha, so the pool holds 410 α over 401_799_954_222 shares."""
    rt = Runtime(balances={"own": 1_000 * TAO})
    n = rt.dispatch("register_network", "own", hotkey="val")
    net = rt.state.subnets[n]
    credit_alpha(net, "val", "own", 300 * TAO)
    credit_alpha(net, "val", "nom", 100 * TAO)
    pay_dividends(rt.state, net, "val", 10 * TAO)
    take = 1_799_954_222
    assert 10 * TAO * 11_796 // 65_535 == take
    assert net.alpha["val"] == {"own": 300 * TAO + take, "nom": 100 * TAO}
    assert net.total_hotkey_shares["val"] == 400 * TAO + take
    assert net.total_hotkey_alpha["val"] == 410 * TAO
    total_shares = 401_799_954_222
    nom = 100 * TAO * 410 * TAO // total_shares  # 100 α × 410 / 401.799…
    own = (300 * TAO + take) * 410 * TAO // total_shares
    assert rt.stake_of("val", "nom", n) == nom == 102_040_827_952
    assert rt.stake_of("val", "own", n) == own
    # As on chain (run_coinbase.rs credits the take first, then grows the hotkey), the take's new
    # shares share in the growth: the nominator gets 100/401.8 of the 8.2 α, not 100/400 of it.
    assert nom - 100 * TAO == (10 * TAO - take) * 100 * TAO // total_shares == 2_040_827_952
    assert own + nom <= 410 * TAO and 410 * TAO - own - nom <= 1


@pytest.fixture
def subnet_rt() -> tuple[Runtime, int]:
    rt = Runtime(balances={"own": 1_000 * TAO, "bob": 1_000 * TAO})
    n = rt.dispatch("register_network", "own", hotkey="val")
    return rt, n


def _err(fn, *a, **kw) -> str:
    with pytest.raises(ChainError) as exc:
        fn(*a, **kw)
    return exc.value.name


def test_min_stake_is_amount_too_low(subnet_rt):
    """DefaultMinStake 0.002 τ plus the fee on it (2_000_000 · 33/65535 → 1_007 rao)."""
    rt, n = subnet_rt
    least = 2_000_000 + swap.fee_for(rt.state.subnets[n], 2_000_000)
    assert least == 2_001_007
    before = rt.state.to_dict()
    assert _err(rt.dispatch, "add_stake", "bob", hotkey="val", netuid=n, amount_staked=least - 1) == "AmountTooLow"
    assert rt.state.to_dict() == before
    assert rt.dispatch("add_stake", "bob", hotkey="val", netuid=n, amount_staked=least) > 0
    have = rt.stake_of("val", "bob", n)
    # unstaking part of a stake worth under the minimum is refused; all of it is allowed
    assert _err(rt.dispatch, "remove_stake", "bob", hotkey="val", netuid=n, amount_unstaked=have // 2) == "AmountTooLow"
    assert rt.dispatch("remove_stake", "bob", hotkey="val", netuid=n, amount_unstaked=have) > 0


def test_not_enough_stake_to_withdraw(subnet_rt):
    rt, n = subnet_rt
    got = rt.dispatch("add_stake", "bob", hotkey="val", netuid=n, amount_staked=5 * TAO)
    before = rt.state.to_dict()
    assert _err(rt.dispatch, "remove_stake", "bob", hotkey="val", netuid=n,
                amount_unstaked=got + 1) == "NotEnoughStakeToWithdraw"
    assert _err(rt.dispatch, "remove_stake", "own", hotkey="val", netuid=n,
                amount_unstaked=1 * TAO) == "NotEnoughStakeToWithdraw"
    assert rt.state.to_dict() == before


def test_slippage_too_high_and_a_partial_fill(subnet_rt):
    """100 τ / 100 α at 0.5/0.5: with limit 1.21 τ/α only ≈10 τ (plus fee) can go in before the price
    reaches the limit (y' = √(1.21)·100 = 110). allow_partial=False refuses 50 τ; True fills ≈10 τ."""
    rt, n = subnet_rt
    net = rt.state.subnets[n]
    limit = 1_210_000_000
    before = rt.state.to_dict()
    assert _err(rt.dispatch, "add_stake_limit", "bob", hotkey="val", netuid=n, amount_staked=50 * TAO,
                limit_price=limit, allow_partial=False) == "SlippageTooHigh"
    assert rt.state.to_dict() == before
    rt.dispatch("add_stake_limit", "bob", hotkey="val", netuid=n, amount_staked=50 * TAO, limit_price=limit,
                allow_partial=True)
    spent = 1_000 * TAO - rt.free_balance("bob")
    assert abs(spent - (10 * TAO + 10 * TAO * 33 // 65_502)) <= 3  # ∆y + its fee, ∆y·33/(65535−33)
    assert abs(net.tao_reserve - 110 * TAO) <= 2
    assert float(swap.price(net)) == pytest.approx(1.21, rel=1e-9)
    # within the limit, a small order fills whole either way
    rt2_before = rt.free_balance("bob")
    rt.dispatch("add_stake_limit", "bob", hotkey="val", netuid=n, amount_staked=TAO, limit_price=2 * TAO,
                allow_partial=False)
    assert rt2_before - rt.free_balance("bob") == TAO

    # selling: from ≈1.232 τ/α down to a limit of 1.1 τ/α, which ≈5.25 α of the ≈9.9 α reach;
    # refuse the whole, or fill partially down to the limit
    have = rt.stake_of("val", "bob", n)
    before = rt.state.to_dict()
    assert _err(rt.dispatch, "remove_stake_limit", "bob", hotkey="val", netuid=n, amount_unstaked=have,
                limit_price=1_100_000_000, allow_partial=False) == "SlippageTooHigh"
    assert rt.state.to_dict() == before
    reach = swap.max_alpha_in(net, 1_100_000_000)
    rt.dispatch("remove_stake_limit", "bob", hotkey="val", netuid=n, amount_unstaked=have,
                limit_price=1_100_000_000, allow_partial=True)
    assert float(swap.price(net)) == pytest.approx(1.1, rel=1e-9)
    assert abs(rt.stake_of("val", "bob", n) - (have - reach)) <= 1
    assert 0 < rt.stake_of("val", "bob", n) < have  # the rest stays staked
    check_invariants(rt)


def test_root_proportion_caps_injection_and_the_rest_is_a_chain_buy():
    """With no root stake the root proportion is 0: no alpha may be injected, so all of the
    subnet's TAO buys alpha for the protocol (SubnetProtocolAlpha) — and the price climbs."""
    rt = Runtime(balances={"o": 1_000 * TAO})
    n = rt.dispatch("register_network", "o", hotkey="oh")
    net = rt.state.subnets[n]
    net.moving_price = 2**31  # a price share of 1 (the only subnet)
    assert coinbase.root_proportion(rt.state, net) == 0
    rt.step(1)
    assert net.alpha_in_emission == 0 and net.tao_in_emission == 0
    assert net.tao_reserve == 101 * TAO
    assert net.protocol_alpha == 100 * TAO - net.alpha_in > 0
    check_invariants(rt)


def test_unstaking_all_but_dust_from_a_grown_hotkey_conserves_alpha():
    """A leak this test found, now closed: once a hotkey's alpha per share exceeds 1 (dividends
    grew it), its only staker unstaking ``have − 1`` gives up ceil((have−1)·S/V) = all its shares
    while only ``have − 1`` alpha leaves the hotkey: TotalHotkeyAlpha keeps 1 alpha with 0 shares.
    The next stake on that hotkey must keep that alpha (it goes to the newcomer), not reset it."""
    rt = Runtime(balances={"own": 1_000 * TAO, "bob": 1_000 * TAO})
    n = rt.dispatch("register_network", "own", hotkey="val")
    net = rt.state.subnets[n]
    rt.dispatch("add_stake", "bob", hotkey="val", netuid=n, amount_staked=10 * TAO)
    grown = 2 * net.total_hotkey_alpha["val"]  # dividends, as an epoch pays them: 3 alpha per share
    grow_hotkey(net, "val", "own", grown)
    net.alpha_out += grown
    check_invariants(rt)
    have = rt.stake_of("val", "bob", n)
    rt.dispatch("remove_stake", "bob", hotkey="val", netuid=n, amount_unstaked=have - 1)
    assert net.total_hotkey_shares["val"] == 0 and net.total_hotkey_alpha["val"] == 1  # orphaned alpha
    rt.dispatch("add_stake", "own", hotkey="val", netuid=n, amount_staked=TAO)
    check_invariants(rt)  # alpha_out still equals what is held


def test_the_dust_leak_through_calls_and_epochs_only():
    """The same leak reached by calls and epochs alone. h1 earns dividends on subnet 1 (its weight is its root stake × TaoWeight); its owner c1
    is its only staker, at ≈26 alpha per share after 20 tempos. c1 unstakes all but 1 rao: the
    shares are gone, 1 alpha stays on h1; the next dividend to h1 resets TotalHotkeyAlpha."""
    rt = _fresh()
    for op in PRELUDE:
        _apply(rt, op)
    rt.dispatch("burned_register", "c2", netuid=1, hotkey="h2")
    rt.dispatch("add_stake", "c1", hotkey="h1", netuid=0, amount_staked=50 * TAO)

    def run(tempos: int) -> None:
        for _ in range(tempos):
            for hk in ("h0", "h1"):
                try:
                    rt.dispatch("set_weights", hk, netuid=1, dests=[0, 1, 2], weights=[1, 2, 3], version_key=0)
                except ChainError:
                    pass
            rt.step(3)
            check_invariants(rt)

    run(20)
    net = rt.state.subnets[1]
    assert net.total_hotkey_alpha["h1"] > 10 * net.total_hotkey_shares["h1"] and list(net.alpha["h1"]) == ["c1"]
    have = rt.stake_of("h1", "c1", 1)
    rt.dispatch("remove_stake", "c1", hotkey="h1", netuid=1, amount_unstaked=have - 1)
    run(5)  # h1's next dividends land on the orphaned rao: alpha_out still equals what is held
