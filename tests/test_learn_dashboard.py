"""Lesson 11: the dashboard draws, metrics parse, and the checks pass and fail as they should."""

import matplotlib

from bittensor_lite import sim
from bittensor_lite.learn import (
    check_find_lazy,
    check_read_metric,
    check_split_epoch,
    drill_down,
    epoch_accounts,
    live_dashboard,
    metric_value,
    plot_dashboard,
    scrape_series,
)

matplotlib.use("Agg")

TEXT = 'bittensor_lite_requests_total{status="ok"} 12.0\nbittensor_lite_requests_total{status="500"} 3.0\nbittensor_lite_incentive 0.5\n'


def test_metric_value_reads_prometheus_text():
    assert metric_value(TEXT, "bittensor_lite_requests_total", 'status="ok"') == 12.0
    assert metric_value(TEXT, "bittensor_lite_requests_total", 'status="500"') == 3.0
    assert metric_value(TEXT, "bittensor_lite_incentive") == 0.5
    assert metric_value(TEXT, "missing") is None
    assert scrape_series([TEXT, TEXT.replace("12.0", "15.0")], "bittensor_lite_requests_total", 'status="ok"') == [12.0, 15.0]


def test_dashboard_and_checks():
    net = sim.Network(miner_quality=[0.9, 0.2], validators=[sim.Honest(stake=500)], tempo=5, seed=0)
    net.run(2, progress=False)
    mg = net.metagraph()
    assert len(plot_dashboard(mg, net.labels()).axes) >= 4
    assert len(live_dashboard(net).children) == 2 and len(net.history) == 3  # the widget ran one epoch
    dd = drill_down(net)
    dd.children[0].value = 1  # pick another neuron: the plot redraws without error
    assert len(dd.children) == 2


def _lowest_trust(W, Tv):
    return min((u for u in range(W.shape[0]) if float(W[u].sum()) > 0), key=lambda u: float(Tv[u]))


def _flattest(W, Tv):
    return min((u for u in range(W.shape[0]) if float(W[u].sum()) > 0), key=lambda u: float(W[u][W[u] > 0].std()))


def test_the_learners_lazy_finder_is_what_names_the_validator():
    net = sim.Network(miner_quality=[0.95, 0.6, 0.2, 0.0],
                      validators=[sim.Honest(stake=500), sim.Lazy(stake=300), sim.Honest(stake=400, noise=0.1)],
                      tempo=5, seed=1)
    net.run(3, progress=False)
    mg, labels = net.metagraph(), net.labels()
    assert check_find_lazy(_lowest_trust, mg, labels).ok and check_find_lazy(_flattest, mg, labels).ok
    assert "lazy" in labels[_lowest_trust(mg.W, mg.Tv)]
    most_trusted = check_find_lazy(lambda W, Tv: int(Tv.argmax()), mg, labels)  # a wrong rule names someone else
    assert not most_trusted.ok and "flat row" in most_trusted.message
    assert not check_find_lazy(lambda W, Tv: 1, mg, labels).ok  # right here, by position only: fails elsewhere
    assert not check_find_lazy(lambda W, Tv: ..., mg, labels).attempted


def _split(alpha, cut):
    owner = alpha * cut
    return {"owner": owner, "miners": (alpha - owner) / 2, "validators": (alpha - owner) / 2}


def test_split_epoch_predicts_the_miners_half_of_the_chain():
    assert check_split_epoch(_split).ok
    no_cut = check_split_epoch(lambda a, c: {"owner": a * c, "miners": a / 2, "validators": a / 2 - a * c})
    assert not no_cut.ok and "comes off first" in no_cut.message
    assert not check_split_epoch(lambda a, c: ...).attempted
    net = sim.Network(miner_quality=[0.9, 0.3], validators=[sim.Honest(stake=500)], tempo=5, seed=0)
    net.run(3, progress=False)
    acct = epoch_accounts(net)
    assert abs(_split(acct["emitted"], acct["owner_cut"])["miners"] - acct["miners"]) < 1e-3
    # validators share their half with root stakers: what they get is (1 − root proportion) of it
    half = _split(acct["emitted"], acct["owner_cut"])["validators"]
    assert 0 < acct["root_proportion"] < 1 and abs(acct["validators"] - half * (1 - acct["root_proportion"])) < 0.05 * half


def _read(text, name, labels=""):
    key = f"{name}{{{labels}}}" if labels else name
    for line in text.splitlines():
        sample, _, value = line.rpartition(" ")
        if not line.startswith("#") and sample == key:
            return float(value)
    return None


def test_read_metric_checked_both_ways():
    assert check_read_metric(_read).ok
    assert _read(TEXT, "bittensor_lite_requests_total", 'status="ok"') == 12.0
    ignores_labels = check_read_metric(lambda t, n, la="": _read(t, n, 'status="ok"') if la else _read(t, n))
    assert not ignores_labels.ok and "408" in ignores_labels.message
    assert not check_read_metric(lambda t, n, la="": 0.0).ok
    assert not check_read_metric(lambda t, n, la="": ...).attempted
