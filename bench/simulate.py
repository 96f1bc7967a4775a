"""Benchmark: 100 tempos of a 1024-neuron subnet with 64 validators through the mock backend.

Prints wall time, time per tempo, and peak RSS, plus a ratio against a reference measured in
the same run: the bare Yuma epochs alone (``yuma_epoch`` on the same sizes, no runtime, no
set_weights), so the ratio is the cost of running the whole chain's rules around consensus.

    python bench/simulate.py [--neurons 1024] [--validators 64] [--tempos 100]

Targets for the record: under 30 s and under 1 GB peak RSS.
"""

from __future__ import annotations

import argparse
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
    args = parser.parse_args()

    from bittensor_lite import sim
    from bittensor_lite.consensus import yuma_epoch

    rng = random.Random(0)
    miners = args.neurons - args.validators
    quality = [rng.random() for _ in range(miners)]
    validators = [sim.Honest(stake=rng.uniform(100, 10_000), noise=0.05) for _ in range(args.validators)]

    t0 = time.perf_counter()
    net = sim.Network(miner_quality=quality, validators=validators, tempo=args.tempo, seed=0,
                      hyperparameters={"max_allowed_validators": args.validators})
    setup_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    net.run(epochs=args.tempos, progress=False)
    run_s = time.perf_counter() - t1
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # reference: the same number of bare Yuma epochs on same-sized inputs
    n = args.neurons
    w = torch.zeros(n, n, dtype=torch.float64)
    w[: args.validators] = torch.rand(args.validators, n, dtype=torch.float64)
    s = torch.zeros(n, dtype=torch.float64)
    s[: args.validators] = torch.rand(args.validators, dtype=torch.float64) + 0.1
    t2 = time.perf_counter()
    bonds = None
    for _ in range(args.tempos):
        bonds = yuma_epoch(w, s, bonds=bonds).bonds
    yuma_s = time.perf_counter() - t2

    mg = net.metagraph(lite=True)
    best = max(net.miner_uids, key=lambda u: float(mg.I[u]))
    print(f"{args.tempos} tempos of a {n}-neuron subnet ({args.validators} validators, tempo {args.tempo}), mock backend")
    print(f"  setup (keys, {n} registrations, stake): {setup_s:7.2f} s")
    print(f"  run  ({args.tempos} tempos, {args.tempos * args.validators} set_weights, {net.sub.block} blocks): {run_s:7.2f} s "
          f"= {run_s / args.tempos * 1000:.1f} ms per tempo")
    print(f"  reference: {args.tempos} bare yuma_epoch calls at n={n}: {yuma_s:7.2f} s")
    print(f"  ratio run / bare Yuma: {run_s / yuma_s:.1f}x  (the cost of the runtime around consensus)")
    print(f"  peak RSS: {peak_mib:.0f} MiB")
    print(f"  sanity: the best miner (uid {best}) has quality {quality[net.miner_uids.index(best)]:.3f} "
          f"(max quality {max(quality):.3f})")
    print(f"targets: run < 30 s: {'met' if run_s < 30 else 'MISSED'}; peak < 1024 MiB: {'met' if peak_mib < 1024 else 'MISSED'}")


if __name__ == "__main__":
    main()
