"""The swap pallet's balancer pool (runtime/swap.py) against the formulas, computed independently.

The reference here is the exact real formula evaluated with :mod:`mpmath` at 80 digits
(``balancer.rs``: buying pays ``x · (1 − (y/(y+∆y))^(w2/w1))`` alpha, selling pays
``y · (1 − (x/(x+∆x))^(w1/w2))`` TAO), not the runtime's own decimal/U64F64 code path.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest

from bittensor_lite.errors import ChainError
from bittensor_lite.runtime import Runtime, swap
from bittensor_lite.runtime.state import SubnetState

mpmath.mp.dps = 80
TAO = 10**9
E18 = 10**18


def _pool(tao: int, alpha: int, quote_weight: int = swap.HALF) -> SubnetState:
    return SubnetState(netuid=1, owner_coldkey="o", owner_hotkey="oh", tao_reserve=tao, alpha_in=alpha,
                       quote_weight=quote_weight)


def _exact_out(reserve_out: int, reserve_in: int, delta_in: int, e_num: int, e_den: int) -> mpmath.mpf:
    r = mpmath.mpf(reserve_in) / (mpmath.mpf(reserve_in) + delta_in)
    return mpmath.mpf(reserve_out) * (1 - r ** (mpmath.mpf(e_num) / e_den))


# (TAO reserve, alpha reserve, quote weight w2 in parts of 10^18)
POOLS = [
    (100 * TAO, 100 * TAO, swap.HALF),  # a new subnet
    (1_000 * TAO, 50_000 * TAO, swap.HALF),  # price 0.02
    (7 * TAO, 3 * TAO, swap.HALF),
    (2_000_000 * TAO, 5_000_000 * TAO, 300_000_000_000_000_000),  # w2 = 0.3: weights moved by injection
    (500 * TAO, 120 * TAO, 700_000_000_000_000_000),  # w2 = 0.7
    (10**6 * TAO, 10**6 * TAO, 510_000_000_000_000_123),  # odd parts
    (3 * TAO, 900 * TAO, swap.MIN_WEIGHT),  # the weights' floor: w2 = 0.01
    (900 * TAO, 3 * TAO, swap.ACCURACY - swap.MIN_WEIGHT),  # w2 = 0.99
    (10**8 * TAO, 10**8 * TAO, 499_999_999_999_999_999),  # a large pool (10^17 rao each side)
    (1_000_001, 1_000_003, swap.HALF),  # just above the minimum reserve
]
# input as a multiple of the input-side reserve: from a rao to the 1000× input limit
AMOUNTS = [Fraction(1, 10**18), Fraction(1, 10**12), Fraction(1, 10**6), Fraction(1, 1000), Fraction(1, 10),
           Fraction(1), Fraction(17, 3), Fraction(100), Fraction(999)]
CASES = [(t, a, w, m) for t, a, w in POOLS for m in AMOUNTS]


@pytest.mark.parametrize(("tao", "alpha", "w2", "mult"), CASES)
def test_payouts_match_the_exact_formula_within_one_rao(tao, alpha, w2, mult):
    """Buy and sell payouts are within 1 rao of the exact formula.

    Tolerance: |payout − exact| ≤ 1 rao. The runtime floors (−1 at most) and truncates the
    power to 18 decimals as the chain's ``pow_ratio_scaled`` does (+reserve·10⁻¹⁸ at most,
    under a rao for every reserve in this table, all ≤ 10^17 rao).
    """
    net = _pool(tao, alpha, w2)
    w1 = swap.ACCURACY - w2
    dy = max(int(tao * mult), 1)
    dx = max(int(alpha * mult), 1)
    buy = swap.alpha_for_tao(net, dy)
    sell = swap.tao_for_alpha(net, dx)
    exact_buy = _exact_out(alpha, tao, dy, w2, w1)
    exact_sell = _exact_out(tao, alpha, dx, w1, w2)
    assert abs(buy - exact_buy) <= 1, (buy, exact_buy)
    assert abs(sell - exact_sell) <= 1, (sell, exact_sell)
    # The payout never exceeds the reserve, but can equal it: selling 1× the alpha reserve into a
    # w2 = 0.01 pool has (1/2)^99 ≈ 1.6e-30, which the 18-decimal power truncates to 0, so the whole
    # TAO reserve is paid (exact: reserve − 1.6e-30·reserve). The chain does the same: it checks the
    # output reserve (SwapMinimumReserve) before a swap, not after.
    assert buy <= alpha and sell <= tao


def test_payout_at_the_u64_scale_is_within_the_chains_truncation():
    """At reserves near u64::MAX the 18-decimal power truncation costs up to reserve·10⁻¹⁸ (≈ 18 rao) — as on chain."""
    big = 18 * 10**18
    net = _pool(big, big)
    for d in (10**9, 10**15, 10**18):
        out = swap.alpha_for_tao(net, d)
        exact = _exact_out(big, big, d, 1, 1)
        assert -1 <= out - exact <= 1 + big / 10**18


def test_a_swap_both_ways_on_a_half_half_pool_is_constant_product():
    """x · y = k by hand: 100 τ / 100 α, buy with 10 τ, then sell what was bought."""
    rt = Runtime(balances={"alice": 1_000 * TAO, "bob": 20 * TAO})
    netuid = rt.dispatch("register_network", "alice", hotkey="alice-hot")
    net = rt.state.subnets[netuid]
    assert (net.tao_reserve, net.alpha_in, net.quote_weight) == (100 * TAO, 100 * TAO, swap.HALF)

    # fee: 10 τ · 33/65535 = 5_035_477.22… rao, floored
    fee = 5_035_477
    dy = 10 * TAO - fee  # 9_994_964_523 rao reach the pool
    # constant product: x' = k / (y + ∆y), so ∆x = x·∆y / (y + ∆y) = 10^11 · 9_994_964_523 / 109_994_964_523
    dx = 100 * TAO * dy // (100 * TAO + dy)
    assert dx == 9_086_747_349
    got = rt.dispatch("add_stake", "bob", hotkey="alice-hot", netuid=netuid, amount_staked=10 * TAO)
    assert abs(got - dx) <= 1
    assert net.tao_reserve == 100 * TAO + dy
    assert net.alpha_in == 100 * TAO - got
    assert rt.free_balance("bob") == 10 * TAO
    assert rt.stake_of("alice-hot", "bob", netuid) == got

    # sell it all back: fee 9_086_747_349 · 33/65535 = 4_575_550.2…; the pool pays y·∆x / (x + ∆x)
    x, y = net.alpha_in, net.tao_reserve
    sell_fee = got * 33 // 65535
    sold = got - sell_fee
    tao_back = y * sold // (x + sold)
    paid = rt.dispatch("remove_stake", "bob", hotkey="alice-hot", netuid=netuid, amount_unstaked=got)
    assert abs(paid - tao_back) <= 1
    assert rt.free_balance("bob") == 10 * TAO + paid
    # a round trip loses the two fees and nothing else: the TAO fee, and the alpha fee at the
    # price the pool returns to (≈ 1 τ/α): 5_035_477 + 4_575_550 ≈ 9.61 mτ
    assert abs(20 * TAO - rt.free_balance("bob") - (fee + sell_fee)) < 20_000
    assert rt.stake_of("alice-hot", "bob", netuid) == 0


def test_the_fee_is_33_of_65535():
    """FeeRate 33 of u16::MAX; as on chain the rate is a U64F64 (floor(33·2^64/65535)), so the fee
    is floor(amount · rate), which can be a rao under amount·33/65535 (65535 rao pays 32)."""
    net = _pool(100 * TAO, 100 * TAO)
    assert net.fee_rate == 33
    rate = 33 * 2**64 // 65535
    for amount in (65_535, 10**6, 65_535 * 10**6, 10 * TAO, 123_456_789_012):
        assert swap.fee_for(net, amount) == amount * rate >> 64
        assert 0 <= amount * 33 // 65535 - swap.fee_for(net, amount) <= 1
    assert swap.fee_for(net, 65_535) == 32
    assert swap.fee_for(net, 1_000) == 0  # 0.5 rao, floored
    assert swap.fee_for(net, 10**9, drop_fees=True) == 0
    result = swap.simulate(net, 10 * TAO, buy=True)
    assert result.fee == 5_035_477 and result.paid_in == 10 * TAO - result.fee


@pytest.mark.parametrize(("tao", "alpha", "w2"), POOLS[:9])
@pytest.mark.parametrize("ratio", [Fraction(1001, 1000), Fraction(3, 2), Fraction(4)])
def test_tao_to_reach_brings_the_price_to_the_limit(tao, alpha, w2, ratio):
    """Buying ``tao_to_reach`` moves the price to the limit within 10⁻⁹ relative (and selling
    ``alpha_to_reach`` moves it down to a limit as well)."""
    net = _pool(tao, alpha, w2)
    p0 = swap.price(net)
    up = int(p0 * ratio * swap.RAO)  # limit in rao per alpha
    dy = swap.tao_to_reach(net, up)
    after = _pool(tao + dy, alpha - swap.alpha_for_tao(net, dy), w2)
    assert float(swap.price(after) / Fraction(up, swap.RAO)) == pytest.approx(1, rel=1e-9)

    down = int(p0 / ratio * swap.RAO)
    if down >= swap.MIN_PRICE:
        dx = swap.alpha_to_reach(net, down)
        after = _pool(tao - swap.tao_for_alpha(net, dx), alpha + dx, w2)
        assert float(swap.price(after) / Fraction(down, swap.RAO)) == pytest.approx(1, rel=1e-9)


def test_a_limit_order_fills_up_to_the_limit_and_no_further():
    net = _pool(100 * TAO, 100 * TAO)
    limit = 1_210_000_000  # 1.21 τ/α: with x·y = k the price is y²/k, so ∆y = 10 τ reaches it
    reach = swap.tao_to_reach(net, limit)
    assert abs(reach - 10 * TAO) <= 2
    res = swap.simulate(net, 50 * TAO, buy=True, limit_price=limit)
    assert res.paid_in == reach
    assert res.fee == reach * 33 // (65535 - 33)  # the fee recomputed on what reached the pool
    assert swap.max_tao_in(net, limit) == res.paid_in + res.fee
    small = swap.simulate(net, 1 * TAO, buy=True, limit_price=limit)  # within the limit: all of it
    assert small.paid_in + small.fee == 1 * TAO


def test_past_the_limit_is_price_limit_exceeded():
    net = _pool(100 * TAO, 100 * TAO)  # price exactly 1 τ
    with pytest.raises(ChainError) as exc:
        swap.simulate(net, TAO, buy=True, limit_price=999_999_999)
    assert exc.value.name == "PriceLimitExceeded"
    with pytest.raises(ChainError) as exc:
        swap.simulate(net, TAO, buy=False, limit_price=1_000_000_001)
    assert exc.value.name == "PriceLimitExceeded"
    # at the limit exactly there is nothing to fill
    assert swap.tao_to_reach(net, swap.RAO) == 0 and swap.alpha_to_reach(net, swap.RAO) == 0


def test_swap_errors():
    net = _pool(100 * TAO, 100 * TAO)
    with pytest.raises(ChainError) as exc:
        swap.simulate(net, 100 * TAO * 1_001 + 10**9, buy=True)
    assert exc.value.name == "SwapInputTooLarge"
    with pytest.raises(ChainError) as exc:
        swap.simulate(_pool(100 * TAO, 999_999), TAO, buy=True)
    assert exc.value.name == "ReservesTooLow"


@pytest.mark.parametrize(("tao", "alpha", "w2"), POOLS[:9])
@pytest.mark.parametrize(("d_tao", "d_alpha_factor"), [(TAO, Fraction(1)), (10 * TAO, Fraction(9, 10)),
                                                         (123_456_789, Fraction(11, 10)), (10**6, Fraction(0))])
def test_inject_keeps_the_price(tao, alpha, w2, d_tao, d_alpha_factor):
    """Emission injected in any proportion moves the weights, not the price (within 10⁻¹² relative)."""
    net = _pool(tao, alpha, w2)
    p0 = swap.price(net)
    d_alpha = int(d_tao / p0 * d_alpha_factor)
    got_tao, got_alpha = swap.inject(net, d_tao, d_alpha)
    if (got_tao, got_alpha) == (0, 0):  # a weight would leave [0.01, 0.99]: nothing injected
        assert net.quote_weight == w2
        return
    net.tao_reserve += got_tao
    net.alpha_in += got_alpha
    assert abs(float(swap.price(net) / p0) - 1) < 1e-12


@pytest.mark.parametrize(("tao", "alpha", "w2", "d_tao", "d_alpha"), [
    (1_000 * TAO, 50_000 * TAO, swap.HALF, 10 * TAO, 500 * TAO),
    (2_000_000 * TAO, 5_000_000 * TAO, 300_000_000_000_000_000, 2 * TAO, 5 * TAO),
    (500 * TAO, 120 * TAO, 700_000_000_000_000_000, 25 * TAO, 6 * TAO),
])
def test_inject_in_reserve_proportion_keeps_the_weights(tao, alpha, w2, d_tao, d_alpha):
    net = _pool(tao, alpha, w2)
    assert swap.inject(net, d_tao, d_alpha) == (d_tao, d_alpha)
    assert abs(net.quote_weight - w2) <= 1


def test_inject_refuses_to_push_a_weight_past_the_floor():
    net = _pool(3 * TAO, 900 * TAO, swap.MIN_WEIGHT)
    assert swap.inject(net, 0, 900 * TAO) == (0, 0)
    assert net.quote_weight == swap.MIN_WEIGHT
