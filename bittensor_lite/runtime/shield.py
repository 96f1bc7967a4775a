"""``MevShield`` (node-subtensor's ``pallet_shield``): the runtime's side of an encrypted submission.

The runtime never sees the plaintext: the block author decrypts ``submit_encrypted``'s
ciphertext and includes the inner extrinsic right after it as an ordinary extrinsic (see
:mod:`bittensor_lite.chain.shield`). The carrier itself only announces that it was accepted.
"""

from __future__ import annotations

from bittensor_lite.errors import BadOrigin
from bittensor_lite.runtime.events import emit
from bittensor_lite.runtime.state import ROOT, ChainState
from bittensor_lite.scale import account_bytes, blake2_256, encode_compact


def submit_encrypted(state: ChainState, origin: str, ciphertext: bytes) -> None:
    """``MevShield.submit_encrypted``: emit ``EncryptedSubmitted { id, who }``, id = blake2_256((who, ciphertext))."""
    if origin == ROOT:
        raise BadOrigin("submit_encrypted needs a signed origin (ensure_signed)")
    data = bytes(ciphertext)
    wrapper_id = blake2_256(account_bytes(origin) + encode_compact(len(data)) + data)
    emit(state, "MevShield", "EncryptedSubmitted", id="0x" + wrapper_id.hex(), who=origin)
