"""The subnet runtime: each call's happy path, each failure named as the chain names it and
changing nothing, the burn that follows demand, pruning with immunity, and books that balance."""

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bittensor_lite.errors import (
    BittensorLiteError,
    ChainError,
    HyperparameterError,
    NotEnoughBalanceToStake,
    NotSupportedError,
    error_by_name,
)
from bittensor_lite.runtime import ChainState, Runtime, swap
from bittensor_lite.runtime.schedule import is_epoch_block

TAO = 10**9


def new_runtime(**hyper):
    rt = Runtime(balances={"alice": 10_000 * TAO, "bob": 1_000 * TAO, "carol": 50 * TAO}, sudo="alice")
    netuid = rt.dispatch("register_network", "alice", hotkey="alice-hot")
    settings_ = {"tempo": 9, "max_regs_per_block": 10, "target_regs_per_interval": 10, "weights_rate_limit": 0, **hyper}
    for name, value in settings_.items():
        rt.sudo_set_hyperparameter("alice", netuid, name, value)
    return rt, netuid


def books_balance(rt):
    s = rt.state
    tao_ok = sum(s.balances.values()) + sum(net.tao_reserve for net in s.subnets.values()) == s.total_issuance
    alpha_ok = all(net.alpha_out == sum(net.total_hotkey_alpha.values()) + net.pending_server + net.pending_validator
                   + net.pending_owner_cut + net.protocol_alpha for net in s.subnets.values())
    return tao_ok and alpha_ok


def fails_cleanly(rt, name, call, origin, **args):
    before = copy.deepcopy(rt.state)
    with pytest.raises(ChainError) as exc:
        rt.dispatch(call, origin, **args)
    assert exc.value.name == name, str(exc.value)
    assert rt.state == before, "a failed call changed the state"


def test_transfer_and_its_failures():
    rt = Runtime(balances={"a": 5 * TAO}, sudo="a")
    rt.dispatch("transfer_allow_death", "a", dest="b", value=2 * TAO)
    assert rt.free_balance("a") == 3 * TAO and rt.free_balance("b") == 2 * TAO
    fails_cleanly(rt, "InsufficientBalance", "transfer_allow_death", "b", dest="a", value=3 * TAO)
    fails_cleanly(rt, "InsufficientBalance", "transfer_keep_alive", "b", dest="a", value=0)
    assert books_balance(rt)


def test_register_network_locks_the_cost_and_makes_a_subnet():
    rt = Runtime(balances={"alice": 1000 * TAO, "poor": TAO}, sudo="alice")
    netuid = rt.dispatch("register_network", "alice", hotkey="h")
    assert netuid == 1 and rt.netuids() == [0, 1]  # root (netuid 0) exists from genesis, as on chain
    assert rt.free_balance("alice") == 1000 * TAO - rt.state.network_lock_cost
    net = rt.state.subnets[1]  # the lock seeds the pool at the median price (1 when it is the first)
    assert net.tao_reserve == net.locked == net.alpha_in == rt.state.network_lock_cost and net.alpha_out == 0
    assert rt.pool(1)["price"] == 1.0 and rt.pool(1)["symbol"] == "α"
    assert rt.hyperparameters(1)["tempo"] == 360 and rt.hyperparameters(1)["yuma3_enabled"] is True
    # ↑ spec 425's init_new_network (subnets/subnet.rs) turns Yuma 3 on for every new subnet
    fails_cleanly(rt, "NotEnoughBalanceToStake", "register_network", "poor", hotkey="p")
    assert books_balance(rt)


def test_burned_register_and_its_failures():
    rt, netuid = new_runtime(max_regs_per_block=1)
    burn = rt.hyperparameters(netuid)["burn"]
    issuance, net = rt.state.total_issuance, rt.state.subnets[netuid]
    tao_in, alpha_in, alpha_out = net.tao_reserve, net.alpha_in, net.alpha_out
    bought = swap.simulate(net, burn, buy=True)
    uid = rt.dispatch("burned_register", "bob", netuid=netuid, hotkey="bob-hot")
    assert uid == 0 and rt.uid_of(netuid, "bob-hot") == 0
    assert rt.free_balance("bob") == 1000 * TAO - burn
    # spec 425 (registration.rs): the burn is swapped into the pool and the alpha it bought is burned
    assert bought.paid_out > 0 and net.tao_reserve == tao_in + bought.paid_in
    assert (net.alpha_in, net.alpha_out) == (alpha_in - bought.paid_out, alpha_out)
    assert rt.state.total_issuance == issuance - bought.fee  # the TAO stays, in the pool; only the fee is burned
    assert rt.state.events[-1] == ("SubtensorModule", "NeuronRegistered", (netuid, 0, "bob-hot"))
    # spec 425: subnets no longer cap registrations per block or interval (only root does)
    assert rt.dispatch("burned_register", "carol", netuid=netuid, hotkey="c") == 1
    rt.step(1)
    fails_cleanly(rt, "HotKeyAlreadyRegisteredInSubNet", "burned_register", "bob", netuid=netuid, hotkey="bob-hot")
    fails_cleanly(rt, "NonAssociatedColdKey", "burned_register", "carol", netuid=netuid, hotkey="alice-hot")
    fails_cleanly(rt, "SubnetNotExists", "burned_register", "bob", netuid=42, hotkey="x")
    fails_cleanly(rt, "NotEnoughBalanceToStake", "burned_register", "nobody", netuid=netuid, hotkey="n")
    # the chain checks the balance (step 5) before the hotkey's owner (step 6): a poor coldkey on someone
    # else's hotkey hears it cannot afford the burn
    fails_cleanly(rt, "NotEnoughBalanceToStake", "burned_register", "nobody", netuid=netuid, hotkey="alice-hot")
    rt.sudo_set_hyperparameter("alice", netuid, "registration_allowed", False)
    fails_cleanly(rt, "SubNetRegistrationDisabled", "burned_register", "carol", netuid=netuid, hotkey="c")
    assert books_balance(rt)


def test_the_burn_bumps_per_registration_and_decays_with_a_half_life():
    """spec 425: ×BurnIncreaseMult (1.26) per registration, halving every BurnHalfLife (360) blocks."""
    from bittensor_lite.runtime.registration import Q32, decay_factor_q32, pow_q32

    rt, netuid = new_runtime()
    rt.step(2)  # the chain decays from block 2 on
    h = rt.hyperparameters(netuid)
    assert h["burn"] < 10**9 and (h["burn_half_life"], round(h["burn_increase_mult"] / 2**64, 6)) == (360, 1.26)
    rt.dispatch("transfer_allow_death", "alice", dest="rich", value=1000 * TAO)
    burn = h["burn"]
    for k in range(3):  # three registrations in one block: each pays the price, then bumps it
        assert rt.hyperparameters(netuid)["burn"] == burn
        rt.dispatch("burned_register", "rich", netuid=netuid, hotkey=f"h{k}")
        burn = burn * h["burn_increase_mult"] >> 64
    assert abs(burn / h["burn"] - 1.26**3) < 1e-6
    f = decay_factor_q32(360)
    assert pow_q32(f, 360) <= Q32 // 2 < pow_q32(f + 1, 360)  # the largest factor whose 360th power is ≤ ½
    rt.step(360)
    assert abs(rt.hyperparameters(netuid)["burn"] / burn - 0.5) < 1e-6  # one half-life later: half
    rt.step(20 * 360)
    assert rt.hyperparameters(netuid)["burn"] == h["min_burn"]  # never below min_burn
    rt.sudo_set_hyperparameter("alice", netuid, "max_burn", 2 * TAO)
    for k in range(40):
        rt.dispatch("burned_register", "rich", netuid=netuid, hotkey=f"crowd{k}")
    assert rt.hyperparameters(netuid)["burn"] == 2 * TAO  # never above max_burn
    rt.sudo_set_hyperparameter("alice", netuid, "burn_increase_mult", 2**64)  # ×1.0: no bump
    rt.sudo_set_hyperparameter("alice", netuid, "burn_half_life", 0)  # no decay
    rt.step(10)
    rt.dispatch("burned_register", "rich", netuid=netuid, hotkey="steady")
    assert rt.hyperparameters(netuid)["burn"] == 2 * TAO


def test_pruning_replaces_the_weakest_outside_immunity():
    rt, netuid = new_runtime(max_allowed_uids=3, immunity_period=5)
    rt.dispatch("transfer_allow_death", "alice", dest="rich", value=1000 * TAO)
    for k in range(3):
        rt.dispatch("burned_register", "rich", netuid=netuid, hotkey=f"h{k}")
    net = rt.state.subnets[netuid]
    net.neurons["pruning_score"][:] = [500, 100, 300]
    rt.step(6)  # everyone is past immunity: the lowest pruning score goes
    assert rt.dispatch("burned_register", "rich", netuid=netuid, hotkey="new1") == 1
    assert rt.uid_of(netuid, "h1") is None and rt.subnet_snapshot(netuid)["hotkeys"] == ["h0", "new1", "h2"]
    rt.step(1)
    # the newcomer has the lowest score (0) but is immune: the weakest of the rest (uid 2) goes
    net.neurons["pruning_score"][:] = [500, 0, 300]
    assert rt.dispatch("burned_register", "rich", netuid=netuid, hotkey="new2") == 2
    assert rt.uid_of(netuid, "new1") == 1 and rt.uid_of(netuid, "h2") is None


def test_all_immune_still_admits_by_lowest_score():
    rt, netuid = new_runtime(max_allowed_uids=2, immunity_period=100)
    rt.dispatch("transfer_allow_death", "alice", dest="rich", value=1000 * TAO)
    for k in range(2):
        rt.dispatch("burned_register", "rich", netuid=netuid, hotkey=f"h{k}")
    rt.state.subnets[netuid].neurons["pruning_score"][:] = [9, 3]
    rt.step(1)
    assert rt.dispatch("burned_register", "rich", netuid=netuid, hotkey="late") == 1


def test_register_ignores_the_work_and_burns_since_spec_425():
    rt, netuid = new_runtime()
    burn = rt.hyperparameters(netuid)["burn"]
    uid = rt.dispatch("register", "bob", netuid=netuid, block_number=0, nonce=0, work=b"",
                      hotkey="miner-hot", coldkey="bob")
    assert rt.uid_of(netuid, "miner-hot") == uid and rt.free_balance("bob") == 1000 * TAO - burn
    fails_cleanly(rt, "NotEnoughBalanceToStake", "register", "nobody", netuid=netuid, block_number=0, nonce=0,
                  work=bytes(32), hotkey="other", coldkey="nobody")


def test_staking_and_its_failures():
    rt, netuid = new_runtime()
    rt.dispatch("burned_register", "bob", netuid=netuid, hotkey="bob-hot")
    net = rt.state.subnets[netuid]
    free, pool_tao, pool_alpha = rt.free_balance("bob"), net.tao_reserve, net.alpha_in
    alpha = rt.dispatch("add_stake", "bob", hotkey="bob-hot", netuid=netuid, amount_staked=100 * TAO)
    fee = 100 * TAO * 33 // 65535
    assert rt.free_balance("bob") == free - 100 * TAO
    assert net.tao_reserve == pool_tao + 100 * TAO - fee and net.alpha_in == pool_alpha - alpha
    # a 100 τ pool at price 1 sells 100·99.95/(100+99.95) ≈ 49.99 alpha for 100 τ: the price moved
    assert abs(alpha - pool_alpha * (100 * TAO - fee) // (pool_tao + 100 * TAO - fee)) <= 1
    assert rt.stake_of("bob-hot", netuid=netuid) == alpha == rt.stake_of("bob-hot", "bob", netuid)
    tao_back = rt.dispatch("remove_stake", "bob", hotkey="bob-hot", netuid=netuid, amount_unstaked=alpha // 2)
    assert rt.stake_of("bob-hot", "bob", netuid) == alpha - alpha // 2
    sold = alpha // 2 - (alpha // 2) * 33 // 65535  # the fee is taken from the alpha put in
    # y·∆x/(x+∆x) with y and x as they were before the sale
    assert tao_back > 0 and abs(tao_back - (net.tao_reserve + tao_back) * sold // net.alpha_in) <= 1
    fails_cleanly(rt, "NotEnoughBalanceToStake", "add_stake", "bob", hotkey="bob-hot", netuid=netuid,
                  amount_staked=10**4 * TAO)
    fails_cleanly(rt, "NotEnoughStakeToWithdraw", "remove_stake", "bob", hotkey="bob-hot", netuid=netuid,
                  amount_unstaked=alpha)
    fails_cleanly(rt, "AmountTooLow", "remove_stake", "bob", hotkey="bob-hot", netuid=netuid, amount_unstaked=0)
    fails_cleanly(rt, "AmountTooLow", "add_stake", "bob", hotkey="bob-hot", netuid=netuid, amount_staked=10**6)
    fails_cleanly(rt, "HotKeyAccountNotExists", "add_stake", "bob", hotkey="ghost", netuid=netuid, amount_staked=TAO)
    fails_cleanly(rt, "SubnetNotExists", "add_stake", "bob", hotkey="bob-hot", netuid=7, amount_staked=TAO)
    rt.dispatch("add_stake", "carol", hotkey="bob-hot", netuid=netuid, amount_staked=TAO)  # a nominator
    assert rt.stake_of("bob-hot", "carol", netuid) > 0
    assert books_balance(rt)


def test_root_stake_is_tao_one_to_one_and_counts_with_tao_weight():
    rt, netuid = new_runtime()
    rt.dispatch("burned_register", "bob", netuid=netuid, hotkey="bob-hot")
    assert rt.dispatch("add_stake", "bob", hotkey="bob-hot", netuid=0, amount_staked=100 * TAO) == 100 * TAO
    snap = rt.subnet_snapshot(netuid)
    uid = rt.uid_of(netuid, "bob-hot")
    assert snap["tao_stake"][uid] == 100 * TAO and snap["alpha_stake"][uid] == 0
    assert snap["stake"][uid] == 100 * TAO * rt.state.tao_weight // 2**64  # TaoWeight ≈ 5.27 %
    assert rt.dispatch("remove_stake", "bob", hotkey="bob-hot", netuid=0, amount_unstaked=30 * TAO) == 30 * TAO
    assert books_balance(rt)


def setup_validator_and_miners(rt, netuid, miners=3):
    rt.dispatch("burned_register", "bob", netuid=netuid, hotkey="val")
    rt.dispatch("add_stake", "bob", hotkey="val", netuid=netuid, amount_staked=500 * TAO)
    for k in range(miners):
        rt.dispatch("burned_register", "carol", netuid=netuid, hotkey=f"m{k}")
    while not is_epoch_block(netuid, rt.hyperparameters(netuid)["tempo"], rt.block):
        rt.step(1)  # first epoch: permits
    assert rt.state.subnets[netuid].neurons["validator_permit"][0]


def test_set_weights_checks_like_the_chain():
    rt, netuid = new_runtime(min_allowed_weights=2, max_weights_limit=45000)
    setup_validator_and_miners(rt, netuid)
    fails_cleanly(rt, "WeightVecNotEqualSize", "set_weights", "val", netuid=netuid, dests=[1, 2], weights=[1], version_key=0)
    fails_cleanly(rt, "HotKeyNotRegisteredInSubNet", "set_weights", "ghost", netuid=netuid, dests=[1], weights=[1], version_key=0)
    fails_cleanly(rt, "UidVecContainInvalidOne", "set_weights", "val", netuid=netuid, dests=[1, 9], weights=[1, 1], version_key=0)
    fails_cleanly(rt, "DuplicateUids", "set_weights", "val", netuid=netuid, dests=[1, 1], weights=[1, 1], version_key=0)
    fails_cleanly(rt, "WeightVecLengthIsLow", "set_weights", "val", netuid=netuid, dests=[1], weights=[1], version_key=0)
    fails_cleanly(rt, "MaxWeightExceeded", "set_weights", "val", netuid=netuid, dests=[1, 2], weights=[9, 1], version_key=0)
    fails_cleanly(rt, "NeuronNoValidatorPermit", "set_weights", "m0", netuid=netuid, dests=[0, 2], weights=[1, 1], version_key=0)
    rt.sudo_set_hyperparameter("alice", netuid, "weights_version", 3)
    fails_cleanly(rt, "IncorrectWeightVersionKey", "set_weights", "val", netuid=netuid, dests=[1, 2], weights=[1, 1], version_key=2)
    rt.dispatch("set_weights", "val", netuid=netuid, dests=[1, 2, 3], weights=[100, 50, 1], version_key=3)
    stored = rt.state.subnets[netuid].neurons["weights"][0]
    assert stored == [(1, 65535), (2, 32768), (3, 655)]  # max-upscaled, half away from zero
    rt.sudo_set_hyperparameter("alice", netuid, "weights_rate_limit", 5)
    fails_cleanly(rt, "SettingWeightsTooFast", "set_weights", "val", netuid=netuid, dests=[1, 2], weights=[1, 1], version_key=3)
    rt.step(5)
    rt.dispatch("set_weights", "val", netuid=netuid, dests=[1, 2], weights=[1, 1], version_key=3)
    # a neuron may always weight only itself, permit or not
    rt.dispatch("set_weights", "m1", netuid=netuid, dests=[2], weights=[1], version_key=3)


def test_serving_checks():
    rt, netuid = new_runtime(serving_rate_limit=3)
    rt.dispatch("burned_register", "bob", netuid=netuid, hotkey="val")
    args = {"netuid": netuid, "version": 1, "ip": 0x7F000001, "port": 8091, "ip_type": 4, "protocol": 4,
            "placeholder1": 0, "placeholder2": 0}
    rt.dispatch("serve_axon", "val", **args)
    snap = rt.subnet_snapshot(netuid)
    assert snap["axons"][0]["ip"] == "127.0.0.1" and snap["axons"][0]["port"] == 8091
    fails_cleanly(rt, "ServingRateLimitExceeded", "serve_axon", "val", **args)
    rt.step(3)
    fails_cleanly(rt, "InvalidIpType", "serve_axon", "val", **{**args, "ip_type": 5})
    fails_cleanly(rt, "InvalidIpAddress", "serve_axon", "val", **{**args, "ip": 0})
    fails_cleanly(rt, "InvalidPort", "serve_axon", "val", **{**args, "port": 0})
    fails_cleanly(rt, "HotKeyNotRegisteredInNetwork", "serve_axon", "ghost", **args)
    rt.state.allow_local_ips = False  # as on mainnet
    fails_cleanly(rt, "InvalidIpAddress", "serve_axon", "val", **args)
    rt.dispatch("serve_prometheus", "val", netuid=netuid, version=1, ip=0x0A000001, port=7000, ip_type=4)


def test_a_full_epoch_pays_the_better_miner_more():
    rt, netuid = new_runtime()
    setup_validator_and_miners(rt, netuid)
    issuance = rt.state.total_issuance
    rt.dispatch("set_weights", "val", netuid=netuid, dests=[1, 2, 3], weights=[60000, 20000, 0], version_key=0)
    rt.step(1)
    while not is_epoch_block(netuid, 9, rt.block):
        rt.step(1)
    net = rt.state.subnets[netuid]
    inc = net.neurons["incentive"]
    assert inc[1] > inc[2] > inc[3] == 0
    assert net.neurons["dividends"][0] == 65535
    assert rt.stake_of("m0", netuid=netuid) > rt.stake_of("m1", netuid=netuid) > 0 == rt.stake_of("m2", netuid=netuid)
    assert net.neurons["bonds"][0] and all(v > 0 for _, v in net.neurons["bonds"][0])
    assert rt.state.total_issuance > issuance and books_balance(rt)
    # miners receive about half of the alpha emitted, less the owner's 18% cut
    paid_to_miners = sum(net.neurons["emission"][1:])
    paid_to_validator = net.neurons["emission"][0]
    assert abs(paid_to_miners - paid_to_validator) <= 2


def test_hyperparameter_setters_check_origin_and_values():
    rt, netuid = new_runtime()
    with pytest.raises(ChainError) as exc:
        rt.sudo_set_hyperparameter("bob", netuid, "tempo", 5)
    assert exc.value.name == "BadOrigin"
    with pytest.raises(HyperparameterError):
        rt.sudo_set_hyperparameter("alice", netuid, "tempo", -1)
    with pytest.raises(HyperparameterError):
        rt.sudo_set_hyperparameter("alice", netuid, "max_allowed_uids", 5000)
    with pytest.raises(HyperparameterError):
        rt.sudo_set_hyperparameter("alice", netuid, "no_such_knob", 1)
    rt.sudo_set_hyperparameter("alice", netuid, "max_allowed_uids", 4096)  # the 2022 cap, for teaching


def test_unknown_calls_and_bad_arguments_are_clear():
    rt, _ = new_runtime()
    with pytest.raises(NotSupportedError, match="supported"):
        rt.dispatch("swap_hotkey", "alice")
    with pytest.raises(BittensorLiteError, match=r"takes \(hotkey, netuid, amount_staked\); missing amount_staked"):
        rt.dispatch("add_stake", "alice", hotkey="x", netuid=1)
    with pytest.raises(BittensorLiteError, match="unknown amount"):
        rt.dispatch("add_stake", "alice", hotkey="x", amount=1)


def test_a_bug_inside_a_rule_is_not_turned_into_a_chain_error(monkeypatch):
    """Only the SDK's own errors are handled: a programming error in a rule surfaces as itself."""
    from bittensor_lite.runtime import staking

    def broken(state, coldkey, hotkey, netuid, amount_staked):
        raise TypeError("a bug in the rule")

    monkeypatch.setattr(staking, "add_stake", broken)
    from bittensor_lite.runtime import calls

    monkeypatch.setattr(calls, "_FIXED_CALLS", tuple(
        calls.Call(c.pallet, c.index, c.name, c.args, broken) if c.name == "add_stake" else c
        for c in calls._FIXED_CALLS))
    calls._table.cache_clear()
    try:
        rt, _ = new_runtime()
        with pytest.raises(TypeError, match="a bug in the rule"):
            rt.dispatch("add_stake", "alice", hotkey="x", netuid=1, amount_staked=1)
    finally:
        monkeypatch.undo()
        calls._table.cache_clear()


def test_error_lookup_by_chain_name():
    assert error_by_name("NotEnoughBalanceToStake") is NotEnoughBalanceToStake
    assert error_by_name("BadOrigin")().pallet == "System"
    with pytest.raises(KeyError):
        error_by_name("NoSuchError")


def test_state_round_trips_through_plain_data():
    rt, netuid = new_runtime()
    setup_validator_and_miners(rt, netuid)
    rt.dispatch("set_weights", "val", netuid=netuid, dests=[1, 2], weights=[3, 1], version_key=0)
    rt.step(12)
    import json

    data = json.loads(json.dumps(rt.state.to_dict()))
    assert ChainState.from_dict(data) == rt.state


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["transfer", "stake", "unstake", "register", "weights", "step"]),
                          st.integers(0, 3), st.integers(1, 400)), max_size=30))
def test_books_always_balance(ops):
    rt, netuid = new_runtime()
    setup_validator_and_miners(rt, netuid, miners=2)
    people = ["alice", "bob", "carol", "dave"]
    for op, who, amount in ops:
        origin = people[who]
        try:
            if op == "transfer":
                rt.dispatch("transfer_allow_death", origin, dest=people[(who + 1) % 4], value=amount * TAO)
            elif op == "stake":
                rt.dispatch("add_stake", origin, hotkey="val", netuid=netuid, amount_staked=amount * TAO)
            elif op == "unstake":
                rt.dispatch("remove_stake", origin, hotkey="val", netuid=netuid, amount_unstaked=amount * TAO // 3)
            elif op == "register":
                rt.dispatch("burned_register", origin, netuid=netuid, hotkey=f"{origin}-{amount}")
            elif op == "weights":
                rt.dispatch("set_weights", "val", netuid=netuid, dests=[1, 2], weights=[amount, 7], version_key=0)
            else:
                rt.step(amount % 25)
        except ChainError:
            pass
        assert books_balance(rt)


def test_block_emission_halves_as_issuance_crosses_each_halfway_point():
    """spec 425: 1 τ per block, 0.5 τ from 10.5M issued (the December 2025 halving), 0.25 τ from 15.75M, … 0 at 21M."""
    from bittensor_lite.runtime.epoch import TOTAL_SUPPLY, block_emission_for_issuance

    million = 10**6 * TAO
    assert block_emission_for_issuance(0) == block_emission_for_issuance(10_500_000 * TAO - 1) == TAO
    assert block_emission_for_issuance(10_500_000 * TAO) == TAO // 2
    assert block_emission_for_issuance(15_750_000 * TAO - 1) == TAO // 2
    assert block_emission_for_issuance(15_750_000 * TAO) == TAO // 4
    assert block_emission_for_issuance(TOTAL_SUPPLY - TAO) == TAO >> 24  # 1 τ left: 2^24 ≤ 21M < 2^25
    assert block_emission_for_issuance(TOTAL_SUPPLY) == 0
    rt = Runtime(balances={"whale": 11 * million}, sudo="whale")  # past the first halving
    rt.dispatch("register_network", "whale", hotkey="whale-hot")
    rt.step(20)  # the moving price needs ~16 blocks to leave 0 (I96F32), then this subnet's share is 1
    assert rt.state.block_emission == TAO // 2
    before = rt.state.total_issuance
    rt.step(1)
    assert rt.state.total_issuance - before == TAO // 2  # the whole block's TAO went into the pool


def test_mechanism_weights_are_set_weights_on_mechanism_zero():
    rt, netuid = new_runtime()
    setup_validator_and_miners(rt, netuid)
    rt.dispatch("set_mechanism_weights", "val", netuid=netuid, mecid=0, dests=[1, 2], weights=[3, 1], version_key=0)
    assert rt.state.subnets[netuid].neurons["weights"][0] == [(1, 65535), (2, 21845)]
    fails_cleanly(rt, "MechanismDoesNotExist", "set_mechanism_weights", "val", netuid=netuid, mecid=1,
                  dests=[1], weights=[1], version_key=0)
    rt.sudo_set_hyperparameter("alice", netuid, "commit_reveal_weights_enabled", True)
    fails_cleanly(rt, "CommitRevealEnabled", "set_mechanism_weights", "val", netuid=netuid, mecid=0,
                  dests=[1, 2], weights=[3, 1], version_key=0)


def test_register_limit_registers_only_within_the_limit_price():
    """``register_limit`` (spec 425, call 134): burned_register with a ceiling on the burn."""
    rt, netuid = new_runtime()
    burn = rt.hyperparameters(netuid)["burn"]
    assert burn > 0
    fails_cleanly(rt, "RegistrationPriceLimitExceeded", "register_limit", "bob", netuid=netuid, hotkey="bob-hot",
                  limit_price=burn - 1)
    fails_cleanly(rt, "RegistrationNotPermittedOnRootSubnet", "register_limit", "bob", netuid=0, hotkey="bob-hot",
                  limit_price=burn)
    fails_cleanly(rt, "SubnetNotExists", "register_limit", "bob", netuid=42, hotkey="bob-hot", limit_price=burn)
    before = rt.free_balance("bob")
    uid = rt.dispatch("register_limit", "bob", netuid=netuid, hotkey="bob-hot", limit_price=burn)
    assert rt.uid_of(netuid, "bob-hot") == uid
    assert rt.free_balance("bob") == before - burn  # the burn, not the limit
    # the next registration costs more (BurnIncreaseMult): the same limit no longer suffices
    assert rt.hyperparameters(netuid)["burn"] > burn
    fails_cleanly(rt, "RegistrationPriceLimitExceeded", "register_limit", "carol", netuid=netuid, hotkey="c",
                  limit_price=burn)
    # the shared registration checks still apply behind the limit
    fails_cleanly(rt, "HotKeyAlreadyRegisteredInSubNet", "register_limit", "bob", netuid=netuid, hotkey="bob-hot",
                  limit_price=10**15)
    assert books_balance(rt)


def test_the_flow_emas_remember_the_block_they_were_advanced_at():
    """SubnetEmaTaoFlow / SubnetEmaProtocolFlow hold (block, EMA): set by the coinbase, absent before it runs."""
    rt, netuid = new_runtime()
    net, root = rt.state.subnets[netuid], rt.state.subnets[0]
    assert net.ema_tao_flow_block is None and net.ema_protocol_flow_block is None  # not advanced yet
    rt.dispatch("add_stake", "bob", hotkey="alice-hot", netuid=netuid, amount_staked=5 * TAO)
    rt.step(1)
    assert net.ema_tao_flow_block == net.ema_protocol_flow_block == rt.state.block
    assert net.ema_tao_flow > 0  # the stake flowed in during that block
    rt.step(3)
    assert net.ema_tao_flow_block == rt.state.block
    assert root.ema_tao_flow_block is None and root.ema_protocol_flow_block is None  # root is never emitted to
