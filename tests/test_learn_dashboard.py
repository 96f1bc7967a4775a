"""Lesson 11: the dashboard draws, metrics parse, and the checks pass and fail as they should."""

import matplotlib

from bittensor_lite import sim
from bittensor_lite.learn import (
    check_best_uid,
    check_requests_served,
    check_total_emission,
    drill_down,
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
    mg = net.metagraph()
    best = int(mg.I.argmax())
    assert best == net.miner_uids[0]
    assert check_best_uid(best, mg).ok
    assert not check_best_uid(int(mg.S.argmax()), mg).ok
    assert check_total_emission(float(mg.E.sum()), mg).ok
    assert not check_total_emission(1.0, mg).ok
    assert check_requests_served(12, TEXT).ok and not check_requests_served(15, TEXT).ok
    for check, args in ((check_best_uid, (mg,)), (check_total_emission, (mg,)), (check_requests_served, (TEXT,))):
        assert not check(..., *args).attempted
