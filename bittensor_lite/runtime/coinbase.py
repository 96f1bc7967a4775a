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


def root_proportion(state: ChainState, net: SubnetState) -> Fraction:
    """``tao_weight · root TAO / (tao_weight · root TAO + alpha issuance)``: root's weight against the subnet's own alpha."""
    weighted = Fraction(state.subnets[0].tao_reserve * state.tao_weight, 2**64)
    total = weighted + alpha_issuance(net)
    return weighted / total if total else Fraction(0)


def update_moving_price(state: ChainState, net: SubnetState) -> None:
    """``SubnetMovingPrice`` ← α·min(price, 1) + (1−α)·itself, with α = SubnetMovingAlpha · b/(b + halving blocks).

    ``b`` counts blocks since the subnet started, so a young subnet's EMA moves even more
    slowly; stored as I96F32 (32 fractional bits), so it stays 0 for the first blocks.
    """
    b = state.block - net.network_registered_at + 1
    alpha = Fraction(state.moving_alpha, Q32) * Fraction(b, b + state.ema_price_halving_blocks)
    new = alpha * min(swap.price(net), 1) + (1 - alpha) * Fraction(net.moving_price, Q32)
    net.moving_price = int(new * Q32)


def _ema(old_bits: int, value: int, smoothing: int) -> int:
    """One step of an I64F64 EMA: ``(1 − a)·old + a·value`` with ``a = smoothing / i64::MAX``."""
    a = smoothing * Q64 // I64_MAX
    return ((Q64 - a) * old_bits + a * (value * Q64)) >> 64


def flow_shares(state: ChainState, nets: list[SubnetState]) -> dict[int, Fraction]:
    """Shares by the EMA of TAO flow (the Nov 2025 – Jun 2026 rule), advancing both flow EMAs one block.

    Net flow subtracts the protocol's injections, scaled so their positive total matches the
    users' positive total; negative EMAs are clipped to zero, the rest normalised (exponent 1).
    """
    emas = []
    for net in nets:
        net.ema_tao_flow = _ema(net.ema_tao_flow, net.tao_flow, state.flow_ema_smoothing)
        net.ema_tao_flow_block = state.block  # SubnetEmaTaoFlow stores (block, ema)
        net.tao_flow = 0
        if state.net_tao_flow_enabled:
            net.ema_protocol_flow = _ema(net.ema_protocol_flow, net.protocol_flow, state.flow_ema_smoothing)
            net.ema_protocol_flow_block = state.block
            net.protocol_flow = 0
        emas.append((net, net.ema_tao_flow, net.ema_protocol_flow))
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
    by_flow = flow_shares(state, nets)  # the flow EMAs advance every block, whichever rule splits the TAO
    shares = by_flow if state.flow_emission else price_shares(nets)
    for net in nets:
        tao_emission = int(state.block_emission * shares[net.netuid])
        alpha_emission = block_emission_for_issuance(alpha_issuance(net))
        price = swap.price(net)
        alpha_in = tao_emission / price if price else Fraction(0)
        tao_in = Fraction(tao_emission)
        cap = root_proportion(state, net) * alpha_emission
        if alpha_in > cap:
            alpha_in, tao_in = cap, cap * price
        tao_in_int, alpha_in_int = swap.inject(net, int(tao_in), int(alpha_in))
        excess = tao_emission - int(tao_in)
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
        root_alpha = int(root_proportion(state, net) * rest / 2)
        server = rest // 2
        net.pending_owner_cut += owner_cut
        net.pending_server += server
        net.pending_validator += rest - server - root_alpha
        net.alpha_out -= root_alpha  # root dividends are not modelled: recycled (see the module docstring)
    for net in nets:  # block_step.rs: "Update moving prices AFTER using them for emissions"
        update_moving_price(state, net)
