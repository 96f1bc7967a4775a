"""A miner and a validator on the mock network: the better miner ends with the higher incentive."""

import random
import urllib.request

import pytest

import bittensor_lite as bl
from bittensor_lite.cli import main
from bittensor_lite.errors import BittensorLiteError
from bittensor_lite.learn.mining import held_out_text
from bittensor_lite.neurons import ArithmeticTask, Miner, Validator
from bittensor_lite.neurons.tasks import make_task
from bittensor_lite.synapse import TextPrompt


def exact(s: TextPrompt) -> TextPrompt:
    a, b = s.prompt.rstrip("=").split("+")
    s.completion = str(int(a) + int(b))
    return s


def sloppy(s: TextPrompt) -> TextPrompt:
    a, b = s.prompt.rstrip("=").split("+")
    s.completion = str(int(a) + int(b) + random.Random(s.prompt).choice([-3, -1, 1, 3]))
    return s


def silent(s: TextPrompt) -> TextPrompt:
    return s  # never answers: completion stays None


def crash(s: TextPrompt) -> TextPrompt:
    raise ValueError("this miner is broken")


def room(prefix: str, forwards: list, port: int) -> tuple:
    """A mock subnet with one staked validator (permit given) and a serving miner per forward."""
    sub = bl.connect("mock")
    netuid = sub.register_network(bl.dev_wallet("Alice"))
    for name, value in {"tempo": 20, "weights_rate_limit": 5, "max_regs_per_block": 10}.items():
        sub.dev.sudo_set(netuid, name, value)
    vali_w = bl.dev_wallet(f"{prefix}-validator")
    sub.dev.set_balance(vali_w.coldkey.ss58_address, 10**13)
    sub.burned_register(vali_w, netuid)
    sub.add_stake(vali_w, 1000)
    miners = []
    for k, fn in enumerate(forwards):
        w = bl.dev_wallet(f"{prefix}-miner-{k}")
        sub.dev.set_balance(w.coldkey.ss58_address, 10**10)
        sub.burned_register(w, netuid)
        miners.append(Miner(w, sub, netuid, fn, port=port + k).start())
    sub.wait_for_epoch(netuid)  # validator permits
    for m in miners:
        m.refresh()  # the axon learns the validator is registered
    return sub, netuid, vali_w, miners


def test_validator_ranks_miners_by_quality_on_chain():
    sub, netuid, vali_w, miners = room("n", [exact, sloppy, silent, crash], 9100)
    validator = Validator(vali_w, sub, netuid, ArithmeticTask(seed=1))
    try:
        validator.run(rounds=10, weights_every=5)
        sub.wait_for_epoch(netuid)
        sub.wait_for_epoch(netuid)
        mg = sub.metagraph(netuid)
        uids = [m.uid for m in miners]
        inc = [float(mg.I[u]) for u in uids]
        assert inc[0] > inc[1] > inc[2] == inc[3] == 0.0
        assert validator.scores[uids[0]] > 0.9 and validator.scores[uids[2]] == 0
        for m in miners:
            m.refresh()
        assert miners[0].metrics.registry.get_sample_value("bittensor_lite_incentive") == inc[0]
        text = miners[0].metrics.text()
        assert 'bittensor_lite_requests_total{status="ok"} 10.0' in text
        assert 'bittensor_lite_requests_total{status="error"} 10.0' in miners[3].metrics.text()
        assert 'status="500"' in validator.metrics.text()
    finally:
        for m in miners:
            m.stop()


def test_metrics_are_scrapable_over_http(free_port):
    port = free_port()
    sub = bl.connect("mock")
    w = bl.dev_wallet("metrics-validator")
    validator = Validator(w, sub, 0, ArithmeticTask(), metrics_port=port)
    try:
        validator.metrics.score.labels(uid="3").set(0.5)
        body = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
        assert 'bittensor_lite_score{uid="3"} 0.5' in body
    finally:
        validator.metrics.stop()


def test_the_next_chars_task_scores_a_text_miner_and_not_an_arithmetic_one():
    """`validator run --task next-chars`: what lesson 13's GPT miners answer in a workshop room."""
    held_out = held_out_text()

    def oracle(s: TextPrompt) -> TextPrompt:  # knows the held-out text: continues it exactly
        i = held_out.index(s.prompt) + len(s.prompt)
        s.completion = held_out[i:i + s.max_new_tokens]
        return s

    sub, netuid, vali_w, miners = room("t", [oracle, exact], 9120)
    validator = Validator(vali_w, sub, netuid, make_task("next-chars", seed=3))
    try:
        raw = validator.step()
        assert raw[miners[0].uid] == 1.0 and raw[miners[1].uid] == 0.0, raw
    finally:
        for m in miners:
            m.stop()


def test_an_unknown_task_is_a_clear_error_before_any_network(capsys):
    with pytest.raises(BittensorLiteError, match="arithmetic, next-chars"):
        make_task("poetry")
    assert main(["validator", "run", "--task", "poetry", "--dev", "Alice", "--netuid", "1",
                 "--network", "ws://127.0.0.1:1"]) == 1  # nothing listens there
    err = capsys.readouterr().err
    assert "poetry" in err and "cannot reach" not in err, err
