"""Lesson 12: the arena's task and rivals, and the checks both ways (with a cheap stand-in model)."""

from bittensor_lite.learn import (
    NextCharsTask,
    check_better_miner,
    check_failure_status,
    check_forward,
    echo_forward,
    frequency_forward,
    random_forward,
    shakespeare_text,
)
from bittensor_lite.synapse import TextPrompt

TEXT = shakespeare_text(max_chars=20_000)


def oracle_forward(synapse: TextPrompt) -> TextPrompt:
    """Knows the text: continues the prompt exactly (the best possible miner)."""
    i = TEXT.find(synapse.prompt)
    synapse.completion = TEXT[i + len(synapse.prompt): i + len(synapse.prompt) + synapse.max_new_tokens]
    return synapse


def test_task_and_reward():
    task = NextCharsTask(TEXT, seed=0)
    s, ref = task.make()
    assert len(s.prompt) == 48 and len(ref) == 2 and TEXT.find(s.prompt + ref) >= 0
    out = oracle_forward(s.model_copy(deep=True))
    out.dendrite.status_code = 200
    assert NextCharsTask.reward(ref, out) == 1.0
    out.dendrite.status_code = 500
    assert NextCharsTask.reward(ref, out) == 0.0  # a failed call earns nothing


def test_check_forward_both_ways():
    assert check_forward(random_forward).ok
    assert check_forward(frequency_forward).ok

    def whole_text(s: TextPrompt) -> TextPrompt:
        s.completion = s.prompt + "abcd"
        return s

    def returns_str(s: TextPrompt):
        return "abcd"

    def wrong_length(s: TextPrompt) -> TextPrompt:
        s.completion = "a"
        return s

    for bad in (whole_text, returns_str, wrong_length):
        res = check_forward(bad)
        assert not res.ok and res.attempted, bad.__name__

    def unfinished(s: TextPrompt) -> TextPrompt:
        raise NotImplementedError

    assert not check_forward(unfinished).attempted


def test_check_better_miner_both_ways():
    task = NextCharsTask(TEXT)
    assert check_better_miner(oracle_forward, random_forward, task).ok
    assert not check_better_miner(random_forward, oracle_forward, task).ok
    assert not check_better_miner(echo_forward, echo_forward, task).ok  # no better than itself


def test_check_failure_status_both_ways():
    assert check_failure_status(500).ok
    assert not check_failure_status(408).ok and not check_failure_status(404).ok
    assert not check_failure_status(...).attempted
