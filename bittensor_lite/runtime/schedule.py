"""When each subnet runs its epoch: node-subtensor's staggered schedule, written once.

Subnets do not all run Yuma in the same block: subnet ``netuid`` fires when
``(block + netuid + 1) % (tempo + 1) == 0``, so their epochs are spread over time.
"""

from __future__ import annotations


def is_epoch_block(netuid: int, tempo: int, block: int) -> bool:
    """Whether subnet ``netuid`` runs its epoch at ``block``."""
    return tempo > 0 and (block + netuid + 1) % (tempo + 1) == 0


def blocks_until_next_epoch(netuid: int, tempo: int, block: int) -> int:
    """How many blocks after ``block`` subnet ``netuid`` next runs its epoch (at least 1)."""
    return (-(block + netuid + 1)) % (tempo + 1) or (tempo + 1)


def blocks_since_last_step(block: int, last_epoch_block: int) -> int:
    """``BlocksSinceLastStep``: blocks since the subnet's last epoch (the coinbase counts up, an epoch resets it)."""
    return max(block - last_epoch_block, 0)
