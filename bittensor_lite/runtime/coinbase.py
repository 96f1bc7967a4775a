"""The coinbase: each block's new TAO and alpha, and where they go (spec 425, ``run_coinbase.rs``).

Every block, for each subnet but root:

1. **The TAO share.** The block's TAO emission (halving with total issuance, see
   :func:`~bittensor_lite.runtime.epoch.block_emission_for_issuance`) is split between subnets.
   Spec 425 (June 2026) splits it by each subnet's *moving price* (``SubnetMovingPrice``, an EMA
   of the pool price that takes weeks to follow it; as on chain it is advanced *after* the block's
   emission, so a block is split by the EMA as the previous block left it). From November 2025 to June 2026 the chain
   split it by the EMA of each subnet's *TAO flow* (stake in − stake out; from May 2026 minus the
   protocol's own injections, ``NetTaoFlowEnabled``): set ``ChainState.flow_emission`` to run that rule.
2. **Into the pool.** The subnet's TAO is injected with the alpha that keeps the price
   (``alpha_in = tao / price``), but alpha injection is capped by the subnet's *root proportion*
   of its alpha emission; TAO that cannot be injected buys alpha from the pool instead (the
   protocol's "chain buys", held as ``SubnetProtocolAlpha``).
3. **Alpha out.** The subnet emits alpha (``alpha_out``, halving with the subnet's own alpha
   issuance): the owner's cut (18 %) first, then half for miners and half for validators,
   accrued until the subnet's epoch pays them (:mod:`~bittensor_lite.runtime.epoch`).

Left out, and said so: root dividends (the chain sets aside ``root proportion × half`` of the
validators' alpha for root stakers, who claim it as TAO; here that alpha is recycled, which is
what spec 425 does while the subnets' moving prices sum to at most 1 — always, on a young
chain), the ``MinerBurned`` re-weighting of shares, child keys, ``start_call`` (a subnet here
emits from the block after it is registered) and subnet leases.

The arithmetic is exact: each rule is a ratio of integers, and every place the chain truncates
a product of ratios to rao is one integer division (:func:`_int_of`, what ``int(Fraction)``
gives), so no rounding happens but the chain's; ``tests/test_coinbase.py`` checks a block
against the same rules written with :class:`~fractions.Fraction` on random pools.
"""

from __future__ import annotations

from fractions import Fraction

from bittensor_lite.errors import ChainError
from bittensor_lite.runtime import swap
from bittensor_lite.runtime.state import ChainState, SubnetState
from bittensor_lite.scale import U16_MAX

I64_MAX = 2**63 - 1
Q32 = 1 << 32  # I96F32: 32 fractional bits
Q64 = 1 << 64  # I64F64 / U64F64: 64 fractional bits


def alpha_issuance(net: SubnetState) -> int:
    """All of a subnet's alpha: in the pool plus outside it."""
    return net.alpha_in + net.alpha_out


def _int_of(num: int, den: int) -> int:
    """``int(num / den)`` computed exactly: the ratio truncated toward zero, as ``int(Fraction(num, den))``."""
    q = abs(num) // abs(den)
    return q if (num >= 0) == (den > 0) else -q


def _root_parts(state: ChainState, net: SubnetState) -> tuple[int, int]:
    """:func:`root_proportion` as (numerator, denominator > 0): ``tao_weight · R / (tao_weight · R + 2^64 · A)``."""
    weighted = state.subnets[0].tao_reserve * state.tao_weight  # root TAO × TaoWeight, in 2^-64 units
    total = weighted + alpha_issuance(net) * 2**64
    if total == 0:
        return 0, 1
    return (weighted, total) if total > 0 else (-weighted, -total)


def root_proportion(state: ChainState, net: SubnetState) -> Fraction:
    """``tao_weight · root TAO / (tao_weight · root TAO + alpha issuance)``: root's weight against the subnet's own alpha."""
    return Fraction(*_root_parts(state, net))


def update_moving_price(state: ChainState, net: SubnetState) -> None:
    """``SubnetMovingPrice`` ← α·min(price, 1) + (1−α)·itself, with α = SubnetMovingAlpha · b/(b + halving blocks).

    ``b`` counts blocks since the subnet started, so a young subnet's EMA moves even more
    slowly; stored as I96F32 (32 fractional bits), so it stays 0 for the first blocks.
    """
    b = state.block - net.network_registered_at + 1
    a_num, a_den = state.moving_alpha * b, Q32 * (b + state.ema_price_halving_blocks)  # α = a_num / a_den
    if a_den < 0:
        a_num, a_den = -a_num, -a_den
    p_num, p_den = swap.price_ratio(net)
    if p_num >= p_den:  # min(price, 1)
        p_num = p_den = 1
    # (α·p + (1 − α)·moving/Q32) · Q32 over one common denominator, truncated once
    num = a_num * p_num * Q32 + (a_den - a_num) * net.moving_price * p_den
    net.moving_price = _int_of(num, a_den * p_den)


def _ema(old_bits: int, value: int, smoothing: int) -> int:
    """One step of an I64F64 EMA: ``(1 − a)·old + a·value`` with ``a = smoothing / i64::MAX``."""
    a = smoothing * Q64 // I64_MAX
    return ((Q64 - a) * old_bits + a * (value * Q64)) >> 64


def advance_flow_emas(state: ChainState, nets: list[SubnetState]) -> None:
    """Advance every subnet's TAO flow EMA (and the protocol flow's) one block, and start the block's flows at 0."""
    for net in nets:
        net.ema_tao_flow = _ema(net.ema_tao_flow, net.tao_flow, state.flow_ema_smoothing)
        net.ema_tao_flow_block = state.block  # SubnetEmaTaoFlow stores (block, ema)
        net.tao_flow = 0
        if state.net_tao_flow_enabled:
            net.ema_protocol_flow = _ema(net.ema_protocol_flow, net.protocol_flow, state.flow_ema_smoothing)
            net.ema_protocol_flow_block = state.block
            net.protocol_flow = 0


def flow_shares(state: ChainState, nets: list[SubnetState]) -> dict[int, Fraction]:
    """Shares by the EMA of TAO flow (the Nov 2025 – Jun 2026 rule), advancing both flow EMAs one block.

    Net flow subtracts the protocol's injections, scaled so their positive total matches the
    users' positive total; negative EMAs are clipped to zero, the rest normalised (exponent 1).
    """
    advance_flow_emas(state, nets)
    emas = [(net, net.ema_tao_flow, net.ema_protocol_flow) for net in nets]
    if state.net_tao_flow_enabled:
        users = sum(max(u, 0) for _, u, _ in emas)
        protocol = sum(max(p, 0) for _, _, p in emas)
        norm = min(Fraction(users, protocol), 1) if protocol > 0 else Fraction(0)
        flows = {net.netuid: u - (norm * p if p > 0 else p) for net, u, p in emas}
    else:
        flows = {net.netuid: Fraction(u) for net, u, _ in emas}
    clipped = {k: max(v, Fraction(0)) for k, v in flows.items()}
    total = sum(clipped.values())
    return {k: (v / total if total else Fraction(0)) for k, v in clipped.items()}


def price_shares(nets: list[SubnetState]) -> dict[int, Fraction]:
    """Shares by moving price: ``SubnetMovingPrice_i / Σ SubnetMovingPrice`` (spec 425)."""
    total = sum(net.moving_price for net in nets)
    return {net.netuid: Fraction(net.moving_price, total) if total else Fraction(0) for net in nets}


def _tao_emissions(state: ChainState, nets: list[SubnetState]) -> dict[int, int]:
    """Each subnet's rao of this block's TAO, ``int(block emission × share)``; advances the flow EMAs."""
    if state.flow_emission:
        shares = flow_shares(state, nets)
    else:
        advance_flow_emas(state, nets)  # the flow EMAs advance every block, whichever rule splits the TAO
        shares = price_shares(nets)
    return {k: int(state.block_emission * share) for k, share in shares.items()}


def _chain_buy(state: ChainState, net: SubnetState, tao: int) -> None:
    """Emission TAO that could not be injected buys alpha from the pool, fee-free, for the protocol."""
    try:
        result = swap.simulate(net, tao, buy=True, drop_fees=True)
    except ChainError:  # the pool cannot take it (reserves too low): the TAO is not minted
        return
    net.tao_reserve += result.paid_in
    net.alpha_in -= result.paid_out
    net.alpha_out += result.paid_out
    net.protocol_alpha += result.paid_out
    net.protocol_flow += result.paid_in
    state.total_issuance += result.paid_in


def emit_to_subnets(state: ChainState) -> None:
    """One block's coinbase: TAO into each subnet's pool, alpha emitted and accrued for its epoch."""
    from bittensor_lite.runtime.epoch import block_emission_for_issuance

    nets = [state.subnets[k] for k in sorted(state.subnets) if k != 0]
    if not nets:
        return
    emissions = _tao_emissions(state, nets)
    for net in nets:
        tao_emission = emissions[net.netuid]
        alpha_emission = block_emission_for_issuance(alpha_issuance(net))
        # alpha_in = tao / price, capped at root proportion × alpha emission (then tao_in = cap × price)
        p_num, p_den = swap.price_ratio(net)
        in_num, in_den = (tao_emission * p_den, p_num) if p_num > 0 else (-tao_emission * p_den, -p_num) if p_num else (0, 1)
        r_num, r_den = _root_parts(state, net)
        cap_num = r_num * alpha_emission  # cap = cap_num / r_den
        if in_num * r_den > cap_num * in_den:
            alpha_in, tao_in = _int_of(cap_num, r_den), _int_of(cap_num * p_num, r_den * p_den)
        else:
            alpha_in, tao_in = _int_of(in_num, in_den), tao_emission
        tao_in_int, alpha_in_int = swap.inject(net, tao_in, alpha_in)
        excess = tao_emission - tao_in
        if excess > 0:
            _chain_buy(state, net, excess)
        net.alpha_in += alpha_in_int
        net.tao_reserve += tao_in_int
        net.protocol_flow += tao_in_int
        state.total_issuance += tao_in_int
        net.tao_in_emission, net.alpha_in_emission = tao_in_int, alpha_in_int

        net.alpha_out_emission = alpha_emission
        net.alpha_out += alpha_emission
        owner_cut = alpha_emission * net.hyper.subnet_owner_cut // U16_MAX
        rest = alpha_emission - owner_cut
        r_num, r_den = _root_parts(state, net)  # the pool moved: root's proportion now
        root_alpha = _int_of(r_num * rest, 2 * r_den)
        server = rest // 2
        net.pending_owner_cut += owner_cut
        net.pending_server += server
        net.pending_validator += rest - server - root_alpha
        net.alpha_out -= root_alpha  # root dividends are not modelled: recycled (see the module docstring)
    for net in nets:  # block_step.rs: "Update moving prices AFTER using them for emissions"
        update_moving_price(state, net)
