"""Benchmark: one Yuma epoch, ours (torch, validator rows only) vs a plain NumPy transcription.

Both run in this process on the same random subnet: V validators with stake and dense weight
rows over all n UIDs; the other n − V UIDs are miners with no weights. The reference is the
chain's steps written out directly on the full n×n matrices, as a first transcription would be.

    python bench/yuma.py [--validators 64] [--sizes 256 1024 4096] [--repeat 7]

Target for the record: n = 4096 with 64 validators under 20 ms on a 2-core machine.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import torch

from bittensor_lite.consensus import YumaParams, yuma_epoch


def reference_epoch(W: np.ndarray, S: np.ndarray, B: np.ndarray, kappa: float, alpha: float):
    """A direct dense NumPy transcription of the Yuma 3 epoch (β = 1, no liquid alpha)."""
    n = len(S)
    permit = S > 0
    s = S / S.sum()
    s_a = s * permit
    s_a = s_a / s_a.sum()
    W = W * permit[:, None]
    np.fill_diagonal(W, 0.0)
    rs = W.sum(axis=1, keepdims=True)
    W = np.divide(W, rs, out=np.zeros_like(W), where=rs > 0)
    C = np.zeros(n)
    for j in range(n):  # stake-weighted κ-quantile of column j
        order = np.argsort(-W[:, j], kind="stable")
        cum = np.cumsum(s_a[order])
        k = int(np.argmax(cum >= kappa - 1e-12))
        C[j] = W[order[k], j]
    Wc = np.minimum(W, C[None, :])
    R = s_a @ Wc
    inc = R / R.sum() if R.sum() > 0 else R
    Bn = alpha * Wc + (1 - alpha) * B
    cs = Bn.sum(axis=0, keepdims=True)
    share = np.divide(Bn, cs, out=np.zeros_like(Bn), where=cs > 0)
    D = s_a * (share @ inc)
    D = D / D.sum() if D.sum() > 0 else D
    return C, inc, D, Bn


def subnet(n: int, v: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    W = np.zeros((n, n))
    W[:v] = rng.random((v, n)) ** 4
    S = np.zeros(n)
    S[:v] = rng.random(v) * 1000 + 1
    B = np.zeros((n, n))
    B[:v] = rng.random((v, n)) * 0.1
    return W, S, B


def median_ms(fn, repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description="one Yuma epoch: ours vs a NumPy transcription")
    parser.add_argument("--validators", type=int, default=64)
    parser.add_argument("--sizes", type=int, nargs="+", default=[256, 1024, 4096])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    p = YumaParams()
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; V = {args.validators} validators, dense rows")
    print(f"{'n':>6} {'ours ms':>9} {'numpy ms':>9} {'ratio':>7} {'max |diff|':>11}")
    for n in args.sizes:
        W, S, B = subnet(n, args.validators)
        Wt, St, Bt = (torch.from_numpy(x) for x in (W, S, B))
        ours = median_ms(lambda Wt=Wt, St=St, Bt=Bt: yuma_epoch(Wt, St, Bt, p), args.repeat)
        ref = median_ms(
            lambda W=W, S=S, B=B: reference_epoch(W.copy(), S, B, p.kappa, 1 - p.bonds_moving_average),
            max(1, args.repeat // 3),
        )
        out = yuma_epoch(Wt, St, Bt, p)
        C, inc, D, Bn = reference_epoch(W.copy(), S, B, p.kappa, 1 - p.bonds_moving_average)
        diff = max(
            float(np.abs(out.consensus.numpy() - C).max()),
            float(np.abs(out.incentive.numpy() - inc).max()),
            float(np.abs(out.dividends.numpy() - D).max()),
            float(np.abs(out.bond_rows.numpy() - Bn[: args.validators]).max()),
        )
        print(f"{n:>6} {ours:>9.2f} {ref:>9.1f} {ours / ref:>7.3f} {diff:>11.2e}")
    print("ratio = ours / reference (lower is better); the target is n=4096 under 20 ms")


if __name__ == "__main__":
    main()
