"""The coinbase in integers against the same rules written with Fractions, block by block, on random pools.

``reference_emit`` is the coinbase as it was written before it moved to integer ratios (every
share, price and proportion a :class:`~fractions.Fraction`, truncated with ``int``), with the
swap's full ``tao_to_reach`` power on every chain buy; the runtime's must leave the very same
state (every rao, every EMA bit) after each block.
"""

from __future__ import annotations

import copy
import random
from fractions import Fraction

import pytest

from bittensor_lite.runtime import coinbase, swap
from bittensor_lite.runtime.epoch import block_emission_for_issuance
from bittensor_lite.runtime.state import ChainState, SubnetState
from bittensor_lite.scale import U16_MAX

Q32 = 1 << 32


def _root_proportion(state, net):
    weighted = Fraction(state.subnets[0].tao_reserve * state.tao_weight, 2**64)
    total = weighted + coinbase.alpha_issuance(net)
    return weighted / total if total else Fraction(0)


def _update_moving_price(state, net):
    b = state.block - net.network_registered_at + 1
    alpha = Fraction(state.moving_alpha, Q32) * Fraction(b, b + state.ema_price_halving_blocks)
    new = alpha * min(swap.price(net), 1) + (1 - alpha) * Fraction(net.moving_price, Q32)
    net.moving_price = int(new * Q32)


def reference_emit(state: ChainState) -> None:
    """One block's coinbase, in Fractions."""
    nets = [state.subnets[k] for k in sorted(state.subnets) if k != 0]
    if not nets:
        return
    by_flow = coinbase.flow_shares(state, nets)  # the shares were Fractions before and still are
    shares = by_flow if state.flow_emission else coinbase.price_shares(nets)
    for net in nets:
        tao_emission = int(state.block_emission * shares[net.netuid])
        alpha_emission = block_emission_for_issuance(coinbase.alpha_issuance(net))
        price = swap.price(net)
        alpha_in = tao_emission / price if price else Fraction(0)
        tao_in = Fraction(tao_emission)
        cap = _root_proportion(state, net) * alpha_emission
        if alpha_in > cap:
            alpha_in, tao_in = cap, cap * price
        tao_in_int, alpha_in_int = swap.inject(net, int(tao_in), int(alpha_in))
        excess = tao_emission - int(tao_in)
        if excess > 0:
            coinbase._chain_buy(state, net, excess)
        net.alpha_in += alpha_in_int
        net.tao_reserve += tao_in_int
        net.protocol_flow += tao_in_int
        state.total_issuance += tao_in_int
        net.tao_in_emission, net.alpha_in_emission = tao_in_int, alpha_in_int
        net.alpha_out_emission = alpha_emission
        net.alpha_out += alpha_emission
        owner_cut = alpha_emission * net.hyper.subnet_owner_cut // U16_MAX
        rest = alpha_emission - owner_cut
        root_alpha = int(_root_proportion(state, net) * rest / 2)
        server = rest // 2
        net.pending_owner_cut += owner_cut
        net.pending_server += server
        net.pending_validator += rest - server - root_alpha
        net.alpha_out -= root_alpha
    for net in nets:
        _update_moving_price(state, net)


def random_chain(rng: random.Random) -> ChainState:
    """A chain with 1–4 subnets whose pools, prices, flows and ages are drawn at random (valid u64 state)."""
    state = ChainState(block=rng.randrange(1, 10**7), flow_emission=rng.random() < 0.5,
                       net_tao_flow_enabled=rng.random() < 0.7,
                       tao_weight=rng.choice([0, rng.randrange(2**64), ChainState.tao_weight]),
                       block_emission=rng.choice([10**9, 5 * 10**8, rng.randrange(10**9)]))
    state.subnets[0].tao_reserve = rng.choice([0, rng.randrange(10**18), rng.randrange(10**12)])
    for netuid in range(1, rng.randrange(2, 6)):
        scale = 10 ** rng.randrange(6, 18)
        net = SubnetState(netuid=netuid, owner_coldkey="o", owner_hotkey="oh")
        net.tao_reserve = rng.randrange(scale // 1000 + 1, scale * 10)
        net.alpha_in = rng.choice([0, rng.randrange(1, 10**6), rng.randrange(scale // 1000 + 1, scale * 100)])
        net.alpha_out = rng.randrange(0, scale * 10)
        net.quote_weight = rng.choice([swap.HALF, rng.randrange(swap.MIN_WEIGHT, swap.ACCURACY - swap.MIN_WEIGHT)])
        net.moving_price = rng.choice([0, rng.randrange(2**33), rng.randrange(2**20)])
        net.network_registered_at = state.block - rng.choice([0, 1, rng.randrange(10**6)])
        net.tao_flow = rng.randrange(-scale, scale)
        net.protocol_flow = rng.randrange(0, scale)
        net.ema_tao_flow = rng.randrange(-scale, scale) << 64
        net.ema_protocol_flow = rng.randrange(0, scale) << 64
        state.subnets[netuid] = net
    return state


@pytest.mark.parametrize("seed", range(300))
def test_integer_coinbase_equals_the_fraction_rules(seed, monkeypatch):
    rng = random.Random(seed)
    ours = random_chain(rng)
    theirs = copy.deepcopy(ours)
    for _ in range(3):  # a few blocks: the second and third start from what the first left
        for state in (ours, theirs):
            state.block += 1
        coinbase.emit_to_subnets(ours)
        with monkeypatch.context() as m:
            m.setattr(swap, "_surely_within", lambda *a: False)  # the power on every chain buy, as before
            reference_emit(theirs)
        assert ours == theirs


def test_the_shortcut_never_allows_more_than_the_power_does():
    """``_surely_within`` only says yes where ``_delta_to_price`` (the power) allows at least as much."""
    rng = random.Random(1)
    said_yes = 0
    for _ in range(3000):
        reserve = rng.randrange(1, 10 ** rng.randrange(1, 19))
        weight = rng.randrange(swap.MIN_WEIGHT, swap.ACCURACY - swap.MIN_WEIGHT)
        den = rng.randrange(1, 2**100)
        num = den * rng.choice([1, 2, 3, 1000, 10**6]) + rng.randrange(-den // 2, den)
        reach_bound = 6 * reserve * weight // (10 * swap.ACCURACY) - 1  # the largest amount it may accept
        amount = max(reach_bound - rng.randrange(0, 3), 0) if rng.random() < 0.7 else rng.randrange(0, reserve + 1)
        if swap._surely_within(reserve, amount, num, den, weight):
            said_yes += 1
            assert amount <= swap._delta_to_price(reserve, num, den, weight)
    assert said_yes > 1000  # the shortcut is taken, often at its very edge
