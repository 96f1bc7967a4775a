"""The swap pallet: a subnet's pool, where TAO becomes alpha and back (spec 425, a balancer pool).

Each dynamic subnet holds a TAO reserve ``y`` (``SubnetTAO``) and an alpha reserve ``x``
(``SubnetAlphaIn``) with weights ``w1`` (alpha, "base") and ``w2`` (TAO, "quote"),
``w1 + w2 = 1`` (``SwapBalancer`` stores ``w2`` in parts of 10^18; it starts at 0.5). Then:

* price ``p = (w1 · y) / (w2 · x)`` TAO per alpha;
* buying alpha with ``∆y`` TAO pays out ``∆x = x · (1 − (y / (y + ∆y)) ^ (w2 / w1))``;
* selling ``∆x`` alpha pays out ``∆y = y · (1 − (x / (x + ∆x)) ^ (w1 / w2))``;
* the input that moves the price exactly to a limit ``p'``: buying ``∆y = y · ((p'/p) ^ w1 − 1)``,
  selling ``∆x = x · ((p/p') ^ w2 − 1)``;
* the protocol's own injections (emission) move the weights so that the price stays put.

With both weights at 0.5 this is Uniswap v2's constant product. Each swap first takes a fee
(``FeeRate``, 33/65535 ≈ 0.05 %) from the input. The chain pays the fee to the block author;
our chains have no author account, so the fee is burned — which is what the chain itself
does when it finds no author.

How close this is to the chain: the powers are computed with Python's :mod:`decimal` at 40
digits, then truncated to 18 decimals as the chain's ``pow_ratio_scaled`` result is, and
applied in U64F64 fixed point as the chain does; ``tests/test_swap.py`` holds a table of cases
where the payout agrees with the exact formula to within 1 rao. One difference is left: for a limit
price beyond about 340× the current one the chain's power saturates (at u64::MAX / 10^18), so a
limit order there fills at most ≈17.4× the reserve on chain; here it fills what the formula says.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from fractions import Fraction

from bittensor_lite.runtime.errors import fail
from bittensor_lite.runtime.state import SubnetState
from bittensor_lite.scale import U16_MAX

ACCURACY = 10**18  # Perquintill: weights and powers in parts of 10^18
HALF = ACCURACY // 2  # the default quote weight
MIN_WEIGHT = ACCURACY // 100  # neither weight may drop below 0.01
ONE_F64 = 1 << 64  # U64F64 fixed point: 1.0
MINIMUM_RESERVE = 1_000_000  # SwapMinimumReserve: a swap needs this much of what it pays out
MAX_INPUT_MULTIPLIER = 1_000  # a swap's input may be at most 1000× the input-side reserve
MIN_PRICE = 1_000  # rao per alpha: the lowest limit price (sells with no limit use it)
MAX_PRICE = 10**15  # rao per alpha: the highest limit price (buys with no limit use it)
RAO = 10**9  # limit prices are written in rao per one alpha
_CTX = decimal.Context(prec=40, rounding=decimal.ROUND_FLOOR)


@dataclass(frozen=True)
class SwapResult:
    """What one swap did: input used (after the fee), output paid, and the fee, all in the smallest unit."""

    paid_in: int
    paid_out: int
    fee: int


def weights(net: SubnetState) -> tuple[int, int]:
    """``(w1, w2)`` in parts of 10^18: the alpha (base) and TAO (quote) weights."""
    return ACCURACY - net.quote_weight, net.quote_weight


def price_ratio(net: SubnetState) -> tuple[int, int]:
    """The spot price as integers ``(num, den)``, ``den > 0``: ``(w1 · y, w2 · x)`` (1/1 on root, 0/1 on an empty pool)."""
    if net.mechanism == 0:
        return 1, 1
    if net.alpha_in == 0:
        return 0, 1
    w1, w2 = weights(net)
    num, den = w1 * net.tao_reserve, w2 * net.alpha_in
    if den == 0:
        raise ZeroDivisionError(f"subnet {net.netuid}'s pool has no TAO weight")
    return (num, den) if den > 0 else (-num, -den)


def price(net: SubnetState) -> Fraction:
    """The spot price in TAO per alpha, exactly: ``(w1 · y) / (w2 · x)`` (1 on root, 0 on an empty pool)."""
    return Fraction(*price_ratio(net))


def price_bits(net: SubnetState) -> int:
    """The spot price as the chain's U64F64 bits (``current_alpha_price``)."""
    num, den = price_ratio(net)
    return num * ONE_F64 // den


def price_rao(net: SubnetState) -> int:
    """``SwapRuntimeApi::current_alpha_price``: the spot price in rao per alpha (U64F64 × 10^9, truncated)."""
    return price_bits(net) * RAO >> 64


def _pow_truncated(num: int, den: int, e_num: int, e_den: int) -> int:
    """``floor((num/den) ^ (e_num/e_den) · 10^18)``: the chain's ``pow_ratio_scaled``."""
    if num == 0:
        return 0
    ratio = _CTX.divide(decimal.Decimal(num), decimal.Decimal(den))
    exponent = _CTX.divide(decimal.Decimal(e_num), decimal.Decimal(e_den))
    return int(_CTX.multiply(_CTX.power(ratio, exponent), decimal.Decimal(ACCURACY)))


def _payout(reserve_out: int, reserve_in: int, delta_in: int, e_num: int, e_den: int) -> int:
    """``reserve_out · (1 − (reserve_in / (reserve_in + delta_in)) ^ (e_num/e_den))`` in U64F64, floored."""
    e = min(_pow_truncated(reserve_in, reserve_in + delta_in, e_num, e_den), ACCURACY)
    e_f64 = e * ONE_F64 // ACCURACY
    return reserve_out * (ONE_F64 - e_f64) >> 64


def alpha_for_tao(net: SubnetState, tao: int) -> int:
    """Alpha paid out for ``tao`` entering the pool (no fee): ``x · (1 − (y/(y+∆y))^(w2/w1))``."""
    if net.mechanism == 0:
        return tao
    w1, w2 = weights(net)
    return _payout(net.alpha_in, net.tao_reserve, tao, w2, w1)


def tao_for_alpha(net: SubnetState, alpha: int) -> int:
    """TAO paid out for ``alpha`` entering the pool (no fee): ``y · (1 − (x/(x+∆x))^(w1/w2))``."""
    if net.mechanism == 0:
        return alpha
    w1, w2 = weights(net)
    return _payout(net.tao_reserve, net.alpha_in, alpha, w1, w2)


def fee_for(net: SubnetState, amount: int, drop_fees: bool = False) -> int:
    """The swap fee taken from an input: ``amount · FeeRate / 65535`` (none on root or when dropped)."""
    if drop_fees or net.mechanism == 0:
        return 0
    return amount * (net.fee_rate * ONE_F64 // U16_MAX) >> 64


def _fee_on_net(net: SubnetState, delta_in: int, drop_fees: bool) -> int:
    """The fee when ``delta_in`` is what reaches the pool: ``∆ · r / (65535 − r)`` (limit orders)."""
    if drop_fees or net.mechanism == 0:
        return 0
    return delta_in * (net.fee_rate * ONE_F64 // (U16_MAX - net.fee_rate)) >> 64


def _limit_bits(limit_price: int) -> int:
    return limit_price * ONE_F64 // RAO


def _delta_to_price(reserve: int, num_bits: int, den_bits: int, weight: int) -> int:
    """``reserve · ((num/den) ^ weight − 1)``: the input that moves the price to a limit."""
    if den_bits == 0 or num_bits <= den_bits:
        return 0
    e = _pow_truncated(num_bits, den_bits, weight, ACCURACY)
    return max(reserve * ((e * ONE_F64 // ACCURACY) - ONE_F64) >> 64, 0)


def _surely_within(reserve: int, amount: int, num_bits: int, den_bits: int, weight: int) -> bool:
    """Whether ``amount <= _delta_to_price(reserve, num_bits, den_bits, weight)`` is certain without the power.

    For ``num/den >= 2``, ``(num/den)^w >= 2^w >= 1 + w·ln 2 > 1 + 0.69·w`` (``e^x >= 1 + x``), and
    the truncations (the 40-digit power, 10^-18, U64F64) take off under ``2·10^-18·reserve + 1`` rao;
    so for ``w >= 10^-12`` the input reaching the limit is over ``0.6·w·reserve − 1``. Most swaps (any
    swap without a limit, every emission chain buy) are that far from their limit.
    """
    return (10**6 <= weight <= ACCURACY and den_bits > 0 and num_bits >= 2 * den_bits
            and 10 * (amount + 1) * ACCURACY <= 6 * reserve * weight)


def tao_to_reach(net: SubnetState, limit_price: int) -> int:
    """TAO (after the fee) that a buy can put in before the price reaches ``limit_price`` rao/alpha."""
    if net.mechanism == 0:
        return 2**64 - 1 if limit_price >= RAO else 0
    w1, _ = weights(net)
    return _delta_to_price(net.tao_reserve, _limit_bits(limit_price), price_bits(net), w1)


def alpha_to_reach(net: SubnetState, limit_price: int) -> int:
    """Alpha (after the fee) that a sell can put in before the price falls to ``limit_price`` rao/alpha."""
    if net.mechanism == 0:
        return 2**64 - 1 if limit_price <= RAO else 0
    _, w2 = weights(net)
    return _delta_to_price(net.alpha_in, price_bits(net), _limit_bits(limit_price), w2)


def max_tao_in(net: SubnetState, limit_price: int) -> int:
    """``get_max_amount_add``: the most TAO (fee included) a buy can spend within ``limit_price``."""
    if net.mechanism == 0:
        return tao_to_reach(net, limit_price)
    delta = tao_to_reach(net, limit_price)
    return delta + _fee_on_net(net, delta, False)


def max_alpha_in(net: SubnetState, limit_price: int) -> int:
    """``get_max_amount_remove``: the most alpha (fee included) a sell can spend within ``limit_price``."""
    if net.mechanism == 0:
        return alpha_to_reach(net, limit_price)
    delta = alpha_to_reach(net, limit_price)
    return delta + _fee_on_net(net, delta, False)


def simulate(net: SubnetState, amount: int, buy: bool, limit_price: int | None = None,
             drop_fees: bool = False) -> SwapResult:
    """What a swap of ``amount`` would do, changing nothing: a buy puts TAO in, a sell puts alpha in.

    Raises the swap pallet's errors: ``SwapInputTooLarge`` (more than 1000× the input reserve),
    ``ReservesTooLow`` (the output reserve is under the minimum; an output that rounds to zero is no error
    here, as on chain: the callers decide, e.g. staking refuses it as ``InsufficientLiquidity``),
    ``PriceLimitExceeded`` (the price is already past the limit).
    """
    if net.mechanism == 0:
        return SwapResult(amount, amount, 0)
    if limit_price is None:
        limit_price = MAX_PRICE if buy else MIN_PRICE
    reserve_in, reserve_out = (net.tao_reserve, net.alpha_in) if buy else (net.alpha_in, net.tao_reserve)
    fee = fee_for(net, amount, drop_fees)
    requested = amount - fee
    if requested > reserve_in * MAX_INPUT_MULTIPLIER:
        raise fail("SwapInputTooLarge", f"{amount} is more than {MAX_INPUT_MULTIPLIER}× the pool's reserve")
    if reserve_out < MINIMUM_RESERVE:
        raise fail("ReservesTooLow", f"the pool holds {reserve_out} of what this swap pays out; "
                                     f"at least {MINIMUM_RESERVE} is needed")
    now = price_bits(net)
    limit = _limit_bits(limit_price)
    if (buy and limit < now) or (not buy and limit > now):
        raise fail("PriceLimitExceeded", f"the price ({now / ONE_F64:.9f} TAO) is already past the limit "
                                         f"({limit_price / RAO:.9f} TAO)")
    w1, w2 = weights(net)
    if (_surely_within(reserve_in, requested, limit, now, w1) if buy
            else _surely_within(reserve_in, requested, now, limit, w2)):
        reach = requested  # far from the limit: less than tao_to_reach / alpha_to_reach, known without the power
    else:
        reach = tao_to_reach(net, limit_price) if buy else alpha_to_reach(net, limit_price)
    if requested <= reach:
        delta_in = requested
    else:  # the limit is hit first: swap only what reaches it
        delta_in, fee = reach, _fee_on_net(net, reach, drop_fees)
    out = alpha_for_tao(net, delta_in) if buy else tao_for_alpha(net, delta_in)
    return SwapResult(delta_in, out, fee)


def inject(net: SubnetState, tao: int, alpha: int) -> tuple[int, int]:
    """``adjust_protocol_liquidity``: emission adds ``tao`` and ``alpha`` to the reserves at the current price.

    The weights move so the price does not: ``w2' = w2·x·(y+∆y) / (w1·y·(x+∆x) + w2·x·(y+∆y))``.
    If that would push a weight under 0.01 the chain injects nothing; so does this. Returns
    what was injected; the caller moves the reserves.
    """
    x, y = net.alpha_in, net.tao_reserve
    w1, w2 = weights(net)
    q1 = (w1 * (y * (x + alpha)) + HALF) // ACCURACY
    q2 = (w2 * (x * (y + tao)) + HALF) // ACCURACY
    new_quote = HALF if q1 + q2 == 0 else (2 * q2 * ACCURACY + q1 + q2) // (2 * (q1 + q2))  # nearest
    if new_quote < MIN_WEIGHT or ACCURACY - new_quote < MIN_WEIGHT:
        return 0, 0
    net.quote_weight = new_quote
    return tao, alpha
