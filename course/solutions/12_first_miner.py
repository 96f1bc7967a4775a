"""Solutions for lesson 12 (Your first miner). Each section replaces the exercise cell of the same name."""

# %% exercise:forward
# sample() returns the prompt *plus* the new text; the validator compares only what comes after the
# prompt, so a miner that echoes the prompt back would be scored on the wrong characters
from bittensor_lite.learn import sample


def forward(synapse: TextPrompt) -> TextPrompt:  # noqa: F821 - TextPrompt comes from the lesson
    text = sample(model, tok, synapse.prompt, n=synapse.max_new_tokens, temperature=1.0)  # noqa: F821
    synapse.completion = text[len(synapse.prompt):]
    return synapse

# %% exercise:failure_status
# the miner answered, but with an error: the Axon turns the exception into HTTP 500 and keeps serving
# (408 is a timeout, 503 an unreachable axon); the validator scores any non-200 answer 0
status = 500

# %% exercise:better_miner
# the reward counts characters that match the real text, so the best single guess is the most likely
# character at each step: temperature 0 (greedy). Sampling at 1 deliberately picks unlikely ones sometimes.
def better_forward(synapse: TextPrompt) -> TextPrompt:  # noqa: F821
    text = sample(model, tok, synapse.prompt, n=synapse.max_new_tokens, temperature=0.0)  # noqa: F821
    synapse.completion = text[len(synapse.prompt):]
    return synapse
