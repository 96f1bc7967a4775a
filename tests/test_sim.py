"""The simulation helper: quality shows in incentive, behaviours show in dividends."""

from bittensor_lite import sim


def test_better_miners_earn_more():
    net = sim.Network(miner_quality=[0.9, 0.5, 0.1], validators=[sim.Honest(stake=1000)], tempo=5, seed=1)
    history = net.run(epochs=3, progress=False)
    assert len(history) == 3 and history[-1].block > history[0].block
    inc = history[-1].incentive
    m = net.miner_uids
    assert inc[m[0]] > inc[m[1]] > inc[m[2]]
    assert abs(sum(inc) - 1.0) < 1e-3
    assert history[-1].dividends[net.validator_uids[0]] > 0.99


def test_same_seed_same_history():
    a = sim.Network(miner_quality=[0.8, 0.4], validators=[sim.Honest(noise=0.2)], tempo=4, seed=7)
    b = sim.Network(miner_quality=[0.8, 0.4], validators=[sim.Honest(noise=0.2)], tempo=4, seed=7)
    assert [h.incentive for h in a.run(2, progress=False)] == [h.incentive for h in b.run(2, progress=False)]


def test_self_weighting_validator_earns_no_dividends():
    net = sim.Network(
        miner_quality=[0.9, 0.3],
        validators=[sim.Honest(stake=600), sim.SelfWeighting(stake=400)],
        tempo=5,
        seed=0,
    )
    last = net.run(epochs=3, progress=False)[-1]
    honest, selfish = net.validator_uids
    assert last.dividends[honest] > 0.9
    assert last.dividends[selfish] < 0.05


def test_minority_cabal_cannot_lift_its_miner():
    net = sim.Network(
        miner_quality=[0.9, 0.6, 0.05],
        validators=[sim.Honest(stake=700), sim.Colluding(stake=300, targets=[2])],
        tempo=5,
        seed=0,
    )
    last = net.run(epochs=3, progress=False)[-1]
    assert last.incentive[net.miner_uids[2]] < 0.01  # clipped: 30% of stake is no consensus


def test_labels_name_every_uid():
    net = sim.Network(miner_quality=[0.5], validators=[sim.Lazy()], tempo=3)
    assert net.labels() == ["V0 lazy", "M0 q=0.50"]
