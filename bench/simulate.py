"""Benchmark: 100 tempos of a 1024-neuron subnet with 64 validators through the mock backend.

Prints wall time, time per tempo, and peak RSS, plus a ratio against a reference measured in
the same run: the bare Yuma epochs alone (``yuma_epoch_rows`` on the same V×n rows, no runtime, no
set_weights), so the ratio is the cost of running the whole chain's rules around consensus.

    python bench/simulate.py [--neurons 1024] [--validators 64] [--tempos 100] [--dtao-blocks 7200]

Targets (issue 17): the run at most 3x the bare Yuma epochs (the runtime around consensus costs
about what consensus costs), under 1 GB peak RSS. Where the ratio misses, the bench profiles a
few more tempos and prints where the time goes, so the miss comes with its reason.

Then a Dynamic TAO scenario (spec 425) on the bare Runtime: four mature subnets (1000 τ pools
priced 0.2, 0.1, 0.05 and 0.02 τ/α, their moving prices settled there), eight stakers who
keep moving TAO between them (add_stake / remove_stake) — into a favourite subnet, out of a
shunned one, the rest at random — run twice from the same seed, once with each rule for
splitting the block's TAO between subnets: the moving price EMA (spec 425, the default) and
the TAO flow EMA (``ChainState.flow_emission``, Nov 2025 – Jun 2026). It prints each
subnet's price, TAO in its pool and emission share at checkpoints (``--dtao-blocks 0`` skips it).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import time

import torch


def main() -> None:
    parser = argparse.ArgumentParser(description="simulate many tempos of a big subnet on the mock backend")
    parser.add_argument("--neurons", type=int, default=1024)
    parser.add_argument("--validators", type=int, default=64)
    parser.add_argument("--tempos", type=int, default=100)
    parser.add_argument("--tempo", type=int, default=100, help="blocks per tempo (>= validators: each call is a block)")
    parser.add_argument("--dtao-blocks", type=int, default=7200, help="blocks of the Dynamic TAO scenario (0: skip)")
    parser.add_argument("--profile-tempos", type=int, default=3, help="tempos profiled after the run (0: none)")
    args = parser.parse_args()

    from bittensor_lite import sim
    from bittensor_lite.consensus import yuma_epoch_rows

    rng = random.Random(0)
    miners = args.neurons - args.validators
    quality = [rng.random() for _ in range(miners)]
    validators = [sim.Honest(stake=rng.uniform(100, 10_000), noise=0.05) for _ in range(args.validators)]

    # Under Dynamic TAO stake is bought through the subnet's pool: 64 validators staking ~320k τ
    # into the default 100 τ pool would drive the price to the swap's MAX_PRICE (1e6 τ/α), where
    # the next buy pays out nothing (ReservesTooLow). A deep pool (the owner's 1M τ as the lock)
    # keeps the stake ratios near the validators' TAO ratios.
    from bittensor_lite.runtime.genesis import Genesis
    from bittensor_lite.subtensor import connect

    runtime = Genesis().build()
    runtime.state.network_lock_cost = 1_000_000 * TAO
    t0 = time.perf_counter()
    net = sim.Network(miner_quality=quality, validators=validators, tempo=args.tempo, seed=0,
                      hyperparameters={"max_allowed_validators": args.validators},
                      subtensor=connect("mock", runtime=runtime))
    setup_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    net.run(epochs=args.tempos, progress=False)
    run_s = time.perf_counter() - t1
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # reference: the same number of bare Yuma epochs on same-sized inputs (the validators' V×n rows,
    # the subnet's hyperparameters), consensus alone: no storage, no payout, no set_weights
    n = args.neurons
    params = runtime.state.subnets[net.netuid].hyper.yuma_params()
    w = torch.rand(args.validators, n, dtype=torch.float64)
    s = torch.zeros(n, dtype=torch.float64)
    s[: args.validators] = torch.rand(args.validators, dtype=torch.float64) + 0.1
    t2 = time.perf_counter()
    bonds = None
    for _ in range(args.tempos):
        bonds = yuma_epoch_rows(w, s, bond_rows=bonds, params=params).bond_rows
    yuma_s = time.perf_counter() - t2

    mg = net.metagraph(lite=True)
    best = max(net.miner_uids, key=lambda u: float(mg.I[u]))
    print(f"{args.tempos} tempos of a {n}-neuron subnet ({args.validators} validators, tempo {args.tempo}), mock backend")
    print(f"  setup (keys, {n} registrations, stake): {setup_s:7.2f} s")
    print(f"  run  ({args.tempos} tempos, {args.tempos * args.validators} set_weights, {net.sub.block} blocks): {run_s:7.2f} s "
          f"= {run_s / args.tempos * 1000:.1f} ms per tempo")
    print(f"  reference: {args.tempos} bare Yuma epochs (yuma_epoch_rows, {args.validators}×{n}): {yuma_s:7.2f} s "
          f"= {yuma_s / args.tempos * 1000:.1f} ms per epoch; torch threads {torch.get_num_threads()}")
    ratio = run_s / yuma_s
    print(f"  load average {os.getloadavg()[0]:.1f}: on a loaded machine torch's threads wait for each other, the bare "
          f"epochs slow most and the ratio flatters (see bench/yuma.py's 1-thread column)")
    print(f"  ratio run / bare Yuma: {ratio:.1f}x  (the cost of the runtime around consensus; target <= 3x: "
          f"{'met' if ratio <= 3 else f'MISSED by {ratio / 3:.1f}x'})")
    print(f"  peak RSS: {peak_mib:.0f} MiB")
    print(f"  sanity: the best miner (uid {best}) has quality {quality[net.miner_uids.index(best)]:.3f} "
          f"(max quality {max(quality):.3f})")
    print(f"targets: run / bare Yuma <= 3x: {'met' if ratio <= 3 else 'MISSED'}; "
          f"peak < 1024 MiB: {'met' if peak_mib < 1024 else 'MISSED'}")
    if args.profile_tempos > 0:
        print_profile(net, args.profile_tempos)
    if args.dtao_blocks > 0:
        print_dtao(args.dtao_blocks)


# Where a tempo's time goes: (label, file suffix, function) in the profile, cumulative seconds.
PROFILE_PARTS = (
    ("validators' set_weights, whole call", "subtensor.py", "set_weights"),
    ("  SDK side: float → u16 (weight_utils)", "weight_utils.py", "convert_weights_and_uids_for_emit"),
    ("  chain side: checks and write", "runtime/weights.py", "apply_weights"),
    ("  the validators' own scoring (sim)", "sim.py", "weight_arrays"),
    ("blocks: coinbase (integer ratios, per block)", "runtime/coinbase.py", "emit_to_subnets"),
    ("  of it the chain buy (one swap power)", "runtime/coinbase.py", "_chain_buy"),
    ("epoch: run_epoch, whole", "runtime/epoch.py", "run_epoch"),
    ("  of it consensus (yuma_epoch_rows)", "consensus.py", "yuma_epoch_rows"),
    ("  of it payout (_pay)", "runtime/epoch.py", "_pay"),
    ("  of it bonds → u16 arrays", "runtime/epoch.py", "_stored_bond_rows"),
    ("rows stored as (uid, u16) lists (weights + bonds)", "runtime/rows.py", "put_row"),
    ("metagraph read per tempo (lite)", "subtensor.py", "metagraph"),
)


def print_profile(net, tempos: int) -> None:
    """Profile ``tempos`` more tempos and print each part's cumulative time per tempo, and the garbage collector's."""
    import cProfile
    import gc
    import pstats

    gc_s = [0.0, 0.0]  # total, start of the running collection

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            gc_s[1] = time.perf_counter()
        else:
            gc_s[0] += time.perf_counter() - gc_s[1]

    gc.callbacks.append(on_gc)
    prof = cProfile.Profile()
    prof.enable()
    net.run(epochs=tempos, progress=False)
    prof.disable()
    gc.callbacks.remove(on_gc)
    stats = pstats.Stats(prof).stats  # {(file, line, func): (cc, nc, tt, ct, callers)}
    total = sum(tt for (_, _, tt, _, _) in stats.values())
    print(f"  profile of {tempos} more tempos (cProfile, per tempo; its overhead inflates Python-heavy parts):")
    for label, suffix, func in PROFILE_PARTS:
        ct = sum(v[3] for (file, _, name), v in stats.items() if file.endswith(suffix) and name == func)
        print(f"    {label:48s} {ct / tempos * 1000:8.1f} ms  {ct / total:6.1%}")
    print(f"    {'garbage collector (inside the parts above)':48s} {gc_s[0] / tempos * 1000:8.1f} ms  "
          f"{gc_s[0] / total:6.1%}  (it walks the ~120k new (uid, u16) tuples once)")


# -- Dynamic TAO: stakers moving TAO between subnets, under both emission rules ----------------------------
TAO = 10**9
SUBNETS = (1, 2, 3, 4)
START_PRICES = (0.2, 0.1, 0.05, 0.02)  # τ per α: mature subnets trade well below 1 τ
AGE = 4 * 201_600  # blocks: the subnets are 16 weeks old, so their price EMAs move at full speed
FAVOURITE, SHUNNED = 3, 1  # most stakers move TAO into subnet 3 and out of subnet 1


def dtao_scenario(blocks: int, flow: bool, every: int = 1200, seed: int = 0) -> tuple[list[dict], float]:
    """Run the scenario; returns a row per checkpoint: {block, netuid: (price, TAO in pool, share)}, and seconds."""
    from bittensor_lite.errors import ChainError
    from bittensor_lite.runtime import Runtime

    rng = random.Random(seed)
    stakers = [f"staker{i}" for i in range(8)]
    rt = Runtime(balances={"owner": 5_000 * TAO, "root": 20_000 * TAO, **{s: 2_000 * TAO for s in stakers}},
                 flow_emission=flow, network_lock_cost=1_000 * TAO)
    for i, p0 in zip(SUBNETS, START_PRICES, strict=True):
        rt.dispatch("register_network", "owner", hotkey=f"oh{i}")
        net = rt.state.subnets[i]  # make it a mature subnet: its pool at p0, its moving price settled
        net.alpha_in = int(net.tao_reserve / p0)
        net.moving_price = int(p0 * 2**32)
        net.network_registered_at = -AGE
    rt.dispatch("add_stake", "root", hotkey="oh1", netuid=0, amount_staked=10_000 * TAO)  # root weighs in the cap
    for s in stakers:  # everyone starts spread over all four subnets
        for i in SUBNETS:
            rt.dispatch("add_stake", s, hotkey=f"oh{i}", netuid=i, amount_staked=50 * TAO)

    def move(s: str) -> None:
        src = SHUNNED if rng.random() < 0.6 else rng.choice(SUBNETS)
        dst = FAVOURITE if rng.random() < 0.6 else rng.choice(SUBNETS)
        have = rt.stake_of(f"oh{src}", s, src)
        if src == dst or have == 0:
            return
        try:
            tao = rt.dispatch("remove_stake", s, hotkey=f"oh{src}", netuid=src, amount_unstaked=have // 5)
            rt.dispatch("add_stake", s, hotkey=f"oh{dst}", netuid=dst, amount_staked=tao)
        except ChainError:  # too little to move: skip
            pass

    rows, window = [], dict.fromkeys(SUBNETS, 0)
    t0 = time.perf_counter()
    for b in range(1, blocks + 1):
        if b % 5 == 0:
            move(rng.choice(stakers))
        before = {i: rt.state.subnets[i].tao_reserve for i in SUBNETS}
        rt.step(1)  # a block moves TAO into pools only by emission: injection or chain buy
        for i in SUBNETS:
            window[i] += rt.state.subnets[i].tao_reserve - before[i]
        if b % every == 0 or b == blocks:
            total = sum(window.values()) or 1
            row = {"block": rt.block}
            for i in SUBNETS:
                pool = rt.pool(i)
                row[i] = (pool["price"], pool["tao_in"] / TAO, window[i] / total)
            rows.append(row)
            window = dict.fromkeys(SUBNETS, 0)
    return rows, time.perf_counter() - t0


def print_dtao(blocks: int) -> None:
    runs = {flow: dtao_scenario(blocks, flow) for flow in (False, True)}
    print()
    print(f"Dynamic TAO: {len(SUBNETS)} subnets, 8 stakers moving TAO (into {FAVOURITE}, out of {SHUNNED}), "
          f"{blocks} blocks; per subnet: price τ/α, TAO in pool, share of the window's emission "
          f"(started at prices {', '.join(map(str, START_PRICES))})")
    head = "  ".join(f"sn{i}: price   pool τ  share" for i in SUBNETS)
    for flow, label in ((False, "price EMA (spec 425)"), (True, "TAO flow EMA")):
        rows, secs = runs[flow]
        print(f"  rule: {label}  ({secs:.2f} s)")
        print(f"    block  {head}")
        for row in rows:
            cells = "  ".join(f"{row[i][0]:9.5f} {row[i][1]:8.1f} {row[i][2]:6.1%}" for i in SUBNETS)
            print(f"    {row['block']:5d}  {cells}")


if __name__ == "__main__":
    main()
