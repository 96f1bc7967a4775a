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


def _round_from_solutions(namespace, wrong=False):
    """Lesson 13's validator_round, from the solutions file (or a wrong one that rewards the worst miner)."""
    from tests.nbutil import SOLUTIONS, read_solutions

    source = read_solutions(SOLUTIONS / "13_real_miner.py")["validator_round"]
    if wrong:  # the classic slip: weights that follow the error, not the score
        source = source.replace("[scores[u] for u in uids]", "[1.0 - scores[u] / len(prompts) for u in uids]")
    exec(source, namespace)
    return namespace["validator_round"]


def test_lesson_13_validator_round_drives_incentive_and_a_wrong_one_changes_it():
    from bittensor_lite.dendrite import Dendrite
    from bittensor_lite.learn import Arena, check_validator_round

    outcomes = {}
    for wrong in (False, True):
        task = NextCharsTask(TEXT, n_chars=4, seed=1)
        arena = Arena(task)
        uids = {name: arena.add_miner(name, fn) for name, fn in
                [("oracle", oracle_forward), ("frequency", frequency_forward), ("echo", echo_forward)]}
        arena.sub.wait_for_epoch(arena.netuid)  # the validator's permit
        ns = {"sub": arena.sub, "netuid": arena.netuid, "validator": arena.validator_wallet,
              "dendrite": Dendrite(arena.validator_wallet), "task": task}
        prompts = [task.make() for _ in range(8)]
        result = check_validator_round(_round_from_solutions(ns, wrong), arena.sub, arena.validator_wallet,
                                       arena.netuid, prompts)
        arena.sub.wait_for_epoch(arena.netuid)
        incentive = arena.sub.metagraph(arena.netuid).I
        outcomes[wrong] = (result, max(uids, key=lambda n: float(incentive[uids[n]])))
        arena.stop()
    assert outcomes[False][0].ok and outcomes[False][1] == "oracle"
    assert not outcomes[True][0].ok and "weights" in outcomes[True][0].message
    assert outcomes[True][1] != "oracle"  # the lesson's result follows the learner's round


def test_check_validator_round_names_the_mistake():
    from bittensor_lite.dendrite import Dendrite
    from bittensor_lite.learn import Arena, check_validator_round

    task = NextCharsTask(TEXT, n_chars=4, seed=2)
    arena = Arena(task)
    for name, fn in [("oracle", oracle_forward), ("echo", echo_forward)]:
        arena.add_miner(name, fn)
    arena.sub.wait_for_epoch(arena.netuid)
    sub, netuid, val = arena.sub, arena.netuid, arena.validator_wallet
    prompts = [task.make() for _ in range(4)]
    me = sub.get_uid_for_hotkey_on_subnet(val.hotkey.ss58_address, netuid)
    ns = {"sub": sub, "netuid": netuid, "validator": val, "dendrite": Dendrite(val), "task": task}
    right = _round_from_solutions(ns)

    def scores_itself(p):
        return {**right(p), me: 1.0}

    def no_weights(p):
        ns2 = {**ns, "sub": type("NoWrite", (), {"metagraph": sub.metagraph,
                                                 "get_uid_for_hotkey_on_subnet": sub.get_uid_for_hotkey_on_subnet,
                                                 "set_weights": lambda *a, **k: None})()}
        return _round_from_solutions(ns2)(p)

    assert "set_weights" in check_validator_round(no_weights, sub, val, netuid, prompts).message
    assert "itself" in check_validator_round(scores_itself, sub, val, netuid, prompts).message
    assert "every miner" in check_validator_round(lambda p: {}, sub, val, netuid, prompts).message
    assert "add task.reward" in check_validator_round(
        lambda p: {u: 0.5 for u in right(p)}, sub, val, netuid, prompts).message.lower()
    assert not check_validator_round(lambda p: ..., sub, val, netuid, prompts).attempted
    assert check_validator_round(right, sub, val, netuid, prompts).ok
    arena.stop()


def test_lesson_12_miner_survives_to_lesson_13(tmp_path):
    """save_miner keeps the model and the learner's own forward's source; load_miner serves that code."""
    from bittensor_lite.learn import CharTokenizer, load_miner, make_tiny_gpt, save_miner

    tok = CharTokenizer(TEXT)
    model = make_tiny_gpt(tok.vocab_size, n_layer=1, n_embd=16, n_head=1, block_size=32, seed=0)

    def better_forward(synapse: TextPrompt) -> TextPrompt:
        synapse.completion = "zz"[: synapse.max_new_tokens] + f"/{type(model).__name__}"  # proves it ran, here
        return synapse

    save_miner(model, tok, better_forward, path=tmp_path / "m")
    got = load_miner(tmp_path / "m")
    out = got.forward(TextPrompt(prompt="ROMEO: ", max_new_tokens=2))
    assert out.completion == "zz/GPT2LMHeadModel" and "your better_forward" in got.origin

    save_miner(model, tok, lambda s: s, path=tmp_path / "l")  # no readable source: served greedy instead
    got = load_miner(tmp_path / "l")
    assert "greedy" in got.origin and len(got.forward(TextPrompt(prompt="ROMEO: ", max_new_tokens=3)).completion) == 3
