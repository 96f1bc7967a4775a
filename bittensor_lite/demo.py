"""``bittensor-lite demo``: a mock subnet end to end in a few seconds.

A validator scores miners of different quality, sets weights, the chain runs Yuma consensus
every tempo and pays emission; we print the metagraph and save a plot of who earned what.
"""

from __future__ import annotations

from pathlib import Path


def run_demo(miners: int = 5, epochs: int = 6, tempo: int = 10, seed: int = 0, out_dir: str | Path = "bittensor_lite_demo") -> Path:
    """Run the demo and return the path of the saved plot."""
    import matplotlib

    matplotlib.use("Agg")  # a file, not a window: works on servers and in CI
    from bittensor_lite import sim
    from bittensor_lite.viz import plot_history

    if miners < 1 or epochs < 1 or tempo < 1:
        from bittensor_lite.errors import BittensorLiteError

        raise BittensorLiteError("--miners, --epochs and --tempo must each be at least 1")
    quality = [round(0.95 - 0.8 * k / max(1, miners - 1), 2) for k in range(miners)]
    print(
        f"A mock subnet: an honest validator (1000 τ stake), a lazy one that weights everyone equally "
        f"(500 τ), and {miners} miners of quality {quality}; tempo {tempo} blocks."
    )
    validators = [sim.Honest(stake=1000.0), sim.Lazy(stake=500.0)]
    net = sim.Network(miner_quality=quality, validators=validators, tempo=tempo, seed=seed)
    history = net.run(epochs=epochs, progress=True)
    mg = net.metagraph()
    print()
    print(mg.table())
    last = history[-1]
    best = max(net.miner_uids, key=lambda u: last.incentive[u])
    print(f"\nAfter {epochs} epochs the best miner (uid {best}, {net.labels()[best]}) earns "
          f"{last.incentive[best]:.1%} of the miners' emission. The honest validator earns "
          f"{last.dividends[net.validator_uids[0]]:.1%} of the validators' share, the lazy one "
          f"{last.dividends[net.validator_uids[1]]:.1%}: its weights on weak miners were clipped.")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    fig = plot_history(history, net.labels(), title=f"Mock subnet {net.netuid}: {miners} miners, an honest and a lazy validator")
    path = out / "demo_incentive.png"
    fig.savefig(path, dpi=110)
    print(f"Plot saved to {path}")
    return path
