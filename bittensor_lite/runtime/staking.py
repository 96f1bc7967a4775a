"""Stake under Dynamic TAO (spec 425): TAO swapped into a subnet's alpha, held as shares of a hotkey's alpha.

Staking on subnet ``netuid`` buys that subnet's alpha through its pool (:mod:`.swap`); the
alpha is held by the hotkey (``TotalHotkeyAlpha[hotkey][netuid]``) and each coldkey owns
*shares* of it (``Alpha[(hotkey, coldkey, netuid)]``, out of ``TotalHotkeyShares``). Emission
paid to a hotkey grows its alpha without new shares, so every staker's alpha grows in
proportion — that is how nominators share a validator's dividends. Unstaking sells alpha back
to the pool for TAO. Root (netuid 0) has no pool: one TAO stakes one root alpha, no fee.

Shares are whole numbers here (the chain keeps them as fixed-point numbers); a new stake gets
``alpha · shares / value`` of them, rounded down, and a withdrawal gives up the shares its
alpha is worth, rounded up, so rounding never creates alpha.
"""

from __future__ import annotations

import itertools

from bittensor_lite.errors import ChainError
from bittensor_lite.runtime import balances, swap
from bittensor_lite.runtime.errors import fail
from bittensor_lite.runtime.events import emit
from bittensor_lite.runtime.state import ChainState, SubnetState


def subnet_of(state: ChainState, netuid: int) -> SubnetState:
    """The subnet ``netuid``, or ``SubnetNotExists`` (the staking calls' error)."""
    try:
        return state.subnets[int(netuid)]
    except (KeyError, TypeError, ValueError):
        raise fail("SubnetNotExists", f"no subnet with netuid {netuid!r}") from None


def owner_of(state: ChainState, hotkey: str) -> str:
    """``Owner[hotkey]``: the coldkey that owns a hotkey (HotKeyAccountNotExists if none does yet)."""
    owner = state.owner.get(hotkey)
    if owner is None:
        raise fail("HotKeyAccountNotExists", f"hotkey {hotkey} is not registered anywhere yet")
    return owner


# -- the share pool of one hotkey on one subnet ------------------------------------------------------
def alpha_of(net: SubnetState, hotkey: str, coldkey: str | None = None) -> int:
    """Alpha staked on ``hotkey`` on this subnet: one coldkey's part, or the hotkey's total."""
    total = net.total_hotkey_alpha.get(hotkey, 0)
    if coldkey is None:
        return total
    shares = net.alpha.get(hotkey, {}).get(coldkey, 0)
    all_shares = net.total_hotkey_shares.get(hotkey, 0)
    return shares * total // all_shares if all_shares else 0


def credit_alpha(net: SubnetState, hotkey: str, coldkey: str, amount: int) -> None:
    """Give ``coldkey`` ``amount`` alpha on ``hotkey``: new shares at the current value per share."""
    if amount <= 0:
        return
    value = net.total_hotkey_alpha.get(hotkey, 0)
    shares = net.total_hotkey_shares.get(hotkey, 0)
    if shares == 0 or value == 0:  # an empty (or emptied) pool starts again at one share per alpha;
        net.alpha[hotkey] = {}     # rounding dust left with no shares goes to the newcomer, not lost
        new, shares = amount, 0
    else:
        new = amount * shares // value
    per = net.alpha.setdefault(hotkey, {})
    per[coldkey] = per.get(coldkey, 0) + new
    net.total_hotkey_shares[hotkey] = shares + new
    net.total_hotkey_alpha[hotkey] = value + amount


def grow_hotkey(net: SubnetState, hotkey: str, owner: str, amount: int) -> None:
    """Add ``amount`` alpha to ``hotkey`` for all its stakers at once (a validator's dividends after take).

    A hotkey nobody stakes on yet has no shares to grow; the alpha goes to its owner.
    """
    if amount <= 0:
        return
    if net.total_hotkey_shares.get(hotkey, 0) == 0:
        credit_alpha(net, hotkey, owner, amount)
    else:
        net.total_hotkey_alpha[hotkey] = net.total_hotkey_alpha.get(hotkey, 0) + amount


def debit_alpha(net: SubnetState, hotkey: str, coldkey: str, amount: int) -> None:
    """Take ``amount`` alpha of ``coldkey``'s stake on ``hotkey`` (the caller checked it is there)."""
    value = net.total_hotkey_alpha[hotkey]
    shares = net.total_hotkey_shares[hotkey]
    per = net.alpha[hotkey]
    mine = per[coldkey]
    gone = mine if amount >= alpha_of(net, hotkey, coldkey) else min(-(-amount * shares // value), mine)
    per[coldkey] = mine - gone
    if per[coldkey] == 0:
        del per[coldkey]
    net.total_hotkey_shares[hotkey] = shares - gone
    net.total_hotkey_alpha[hotkey] = value - amount


def stake_of(state: ChainState, hotkey: str, coldkey: str | None = None, netuid: int | None = None) -> int:
    """Alpha staked on ``hotkey`` on ``netuid`` (one coldkey's, or all); with no netuid, summed over subnets."""
    nets = [subnet_of(state, netuid)] if netuid is not None else state.subnets.values()
    return sum(alpha_of(net, hotkey, coldkey) for net in nets)


def stake_weight(state: ChainState, net: SubnetState, hotkey: str) -> int:
    """A validator's weight on ``net``: its alpha there plus ``TaoWeight`` × its root stake.

    The chain also counts stake a parent hotkey lends its children (child keys); not modelled here.
    """
    return stake_weights(state, net, [hotkey])[0]


def stake_weights(state: ChainState, net: SubnetState, hotkeys: list[str]) -> list[int]:
    """:func:`stake_weight` of each hotkey, in one pass (an epoch weighs every UID at once)."""
    alpha = list(map(net.total_hotkey_alpha.get, hotkeys, itertools.repeat(0)))
    if net.netuid == 0:
        return alpha
    root, tao_weight = state.subnets[0].total_hotkey_alpha, state.tao_weight
    return [a + r * tao_weight // 2**64 for a, r in zip(alpha, map(root.get, hotkeys, itertools.repeat(0)), strict=True)]


# -- the calls ---------------------------------------------------------------------------------------------
def _min_amount(state: ChainState, net: SubnetState) -> int:
    return state.min_stake + swap.fee_for(net, state.min_stake)


def apply_buy(state: ChainState, net: SubnetState, result: swap.SwapResult) -> None:
    """``swap_tao_for_alpha``'s writes, for TAO already taken from a coldkey: the pool takes the TAO in,
    pays the alpha out (now outstanding), the fee is burned, and the TAO counts as inflow to the subnet."""
    net.tao_reserve += result.paid_in
    state.total_issuance -= result.fee  # no block author to pay: the fee is burned
    if net.mechanism == 1:
        net.alpha_in -= result.paid_out
    net.alpha_out += result.paid_out
    net.tao_flow += result.paid_in


def _buy(state: ChainState, coldkey: str, hotkey: str, net: SubnetState, amount: int, limit_price: int | None,
         allow_partial: bool) -> int:
    """``stake_into_subnet`` after ``validate_add_stake``: check everything, then swap and credit."""
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise fail("AmountTooLow", f"stake a whole number of rao, got {amount!r}")
    if net.mechanism == 1 and amount > net.tao_reserve * swap.MAX_INPUT_MULTIPLIER:
        raise fail("InsufficientLiquidity", f"{amount} rao is more than the pool can take")
    max_amount = swap.max_tao_in(net, limit_price) if limit_price is not None else amount
    if amount < _min_amount(state, net):
        raise fail("AmountTooLow", f"the least stake is {_min_amount(state, net)} rao "
                                   f"(DefaultMinStake plus the swap fee); got {amount}")
    if amount > max_amount and not allow_partial:
        raise fail("SlippageTooHigh", f"only {max_amount} rao can be staked before the price passes the limit")
    amount = min(amount, max_amount)
    if balances.free_balance(state, coldkey) < amount:
        raise fail("NotEnoughBalanceToStake", f"free balance {balances.free_balance(state, coldkey)} rao "
                                              f"< {amount} rao")
    owner_of(state, hotkey)
    result = swap.simulate(net, amount, buy=True, limit_price=limit_price)
    if result.paid_in < state.min_stake:
        raise fail("AmountTooLow", f"only {result.paid_in} rao would be staked; the least is {state.min_stake}")
    if result.paid_out == 0:
        raise fail("InsufficientLiquidity", "the pool would pay out no alpha")
    spent = result.paid_in + result.fee
    balances.withdraw(state, coldkey, spent, error="NotEnoughBalanceToStake")
    apply_buy(state, net, result)
    credit_alpha(net, hotkey, coldkey, result.paid_out)
    emit(state, "SubtensorModule", "StakeAdded", coldkey, hotkey, spent, result.paid_out, net.netuid, result.fee)
    return result.paid_out


def _sell(state: ChainState, coldkey: str, hotkey: str, net: SubnetState, alpha: int, limit_price: int | None,
          allow_partial: bool) -> int:
    """``unstake_from_subnet`` after ``validate_remove_stake``: check everything, then swap and pay out."""
    if not isinstance(alpha, int) or isinstance(alpha, bool) or alpha <= 0:
        raise fail("AmountTooLow", f"unstake a positive whole number of alpha, got {alpha!r}")
    owner_of(state, hotkey)
    have = alpha_of(net, hotkey, coldkey)
    if have < alpha:
        raise fail("NotEnoughStakeToWithdraw", f"stake is {have} alpha, asked for {alpha}")
    max_amount = swap.max_alpha_in(net, limit_price) if limit_price is not None else alpha
    try:
        preview = swap.simulate(net, alpha, buy=False)
    except ChainError:
        raise fail("InsufficientLiquidity", "the pool cannot take this much alpha") from None
    if have > alpha and preview.paid_out < state.min_stake:
        raise fail("AmountTooLow", f"{alpha} alpha is worth {preview.paid_out} rao; unstake at least "
                                   f"{state.min_stake} rao's worth, or all of it")
    if alpha > max_amount and not allow_partial:
        raise fail("SlippageTooHigh", f"only {max_amount} alpha can be sold before the price passes the limit")
    result = swap.simulate(net, alpha, buy=False, limit_price=limit_price)  # a limit hit leaves the rest staked
    used = result.paid_in + result.fee
    debit_alpha(net, hotkey, coldkey, used)
    if net.mechanism == 1:
        net.alpha_in += result.paid_in
    net.alpha_out -= used  # the fee's alpha is burned with the rest leaving circulation
    net.tao_reserve -= result.paid_out
    balances.deposit(state, coldkey, result.paid_out)
    net.tao_flow -= result.paid_out
    emit(state, "SubtensorModule", "StakeRemoved", coldkey, hotkey, result.paid_out, used, net.netuid, result.fee)
    return result.paid_out


def add_stake(state: ChainState, coldkey: str, hotkey: str, netuid: int, amount_staked: int) -> int:
    """``add_stake``: swap ``amount_staked`` rao of free TAO for ``netuid``'s alpha, staked on ``hotkey``.

    Any coldkey may stake on any existing hotkey — its own, or a validator's as a nominator.
    Returns the alpha bought.
    """
    return _buy(state, coldkey, hotkey, subnet_of(state, netuid), amount_staked, None, False)


def add_stake_limit(state: ChainState, coldkey: str, hotkey: str, netuid: int, amount_staked: int,
                    limit_price: int, allow_partial: bool) -> int:
    """``add_stake_limit``: as ``add_stake``, but never buy above ``limit_price`` rao per alpha.

    With ``allow_partial`` it buys what it can up to the limit; without, it refuses
    (``SlippageTooHigh``) unless the whole amount fits.
    """
    return _buy(state, coldkey, hotkey, subnet_of(state, netuid), amount_staked, int(limit_price), bool(allow_partial))


def remove_stake(state: ChainState, coldkey: str, hotkey: str, netuid: int, amount_unstaked: int) -> int:
    """``remove_stake``: sell ``amount_unstaked`` of the coldkey's alpha on ``hotkey`` back to the pool for TAO."""
    return _sell(state, coldkey, hotkey, subnet_of(state, netuid), amount_unstaked, None, False)


def remove_stake_limit(state: ChainState, coldkey: str, hotkey: str, netuid: int, amount_unstaked: int,
                       limit_price: int, allow_partial: bool) -> int:
    """``remove_stake_limit``: as ``remove_stake``, but never sell below ``limit_price`` rao per alpha."""
    return _sell(state, coldkey, hotkey, subnet_of(state, netuid), amount_unstaked, int(limit_price),
                 bool(allow_partial))
