"""A miner and a validator, built from Axon, Dendrite, Synapse and Subtensor.

Structured like the real subnet template: a *protocol* (the Synapse), a miner's *forward*, and
a validator's *forward* (make a task, query miners) and *reward* (score their answers).
"""

from bittensor_lite.neurons.miner import Miner
from bittensor_lite.neurons.tasks import ArithmeticTask
from bittensor_lite.neurons.validator import Validator

__all__ = ["ArithmeticTask", "Miner", "Validator"]
