"""Derived views of chain state that both transports show the same way: a subnet's pool, its neurons' stake."""

from __future__ import annotations

import itertools
from typing import Any

from bittensor_lite.runtime import swap
from bittensor_lite.runtime.staking import stake_weights
from bittensor_lite.runtime.state import ChainState, SubnetState


def pool_view(state: ChainState, net: SubnetState) -> dict[str, Any]:
    """A subnet's pool: reserves and alpha outstanding (smallest units), prices in TAO per alpha, symbol."""
    return {
        "netuid": net.netuid,
        "symbol": net.token_symbol,
        "mechanism": net.mechanism,
        "tao_in": net.tao_reserve,
        "alpha_in": net.alpha_in,
        "alpha_out": net.alpha_out,
        "price": float(swap.price(net)),
        "moving_price": net.moving_price / 2**32,
        "tao_in_emission": net.tao_in_emission,
        "alpha_in_emission": net.alpha_in_emission,
        "alpha_out_emission": net.alpha_out_emission,
        "tao_weight": state.tao_weight / 2**64,
    }


def stake_columns(state: ChainState, net: SubnetState) -> dict[str, list[int]]:
    """Per UID: ``alpha_stake`` on this subnet, ``tao_stake`` on root, and ``stake`` = alpha + TaoWeight × TAO.

    All in the smallest unit (rao-sized alpha); ``stake`` is what a validator's vote weighs.
    """
    hotkeys = net.neurons["hotkeys"]
    root = state.subnets[0]
    return {
        "stake": stake_weights(state, net, hotkeys),
        "alpha_stake": list(map(net.total_hotkey_alpha.get, hotkeys, itertools.repeat(0))),
        "tao_stake": list(map(root.total_hotkey_alpha.get, hotkeys, itertools.repeat(0))),
    }
