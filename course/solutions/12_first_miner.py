"""Solutions for lesson 12 (Your first miner). Each section replaces the exercise cell of the same name."""

# %% exercise:forward
from bittensor_lite.learn import sample


def forward(synapse: TextPrompt) -> TextPrompt:  # noqa: F821 - TextPrompt comes from the lesson
    text = sample(model, tok, synapse.prompt, n=synapse.max_new_tokens, temperature=1.0)  # noqa: F821
    synapse.completion = text[len(synapse.prompt):]
    return synapse

# %% exercise:failure_status
status = 500

# %% exercise:better_miner
def better_forward(synapse: TextPrompt) -> TextPrompt:  # noqa: F821
    # temperature 0 = always the most likely next character: what a match-the-text validator rewards
    text = sample(model, tok, synapse.prompt, n=synapse.max_new_tokens, temperature=0.0)  # noqa: F821
    synapse.completion = text[len(synapse.prompt):]
    return synapse
