"""The MEV shield, node side: the block author's ML-KEM-768 key and the unshielding of ``submit_encrypted``.

node-subtensor's ``pallet_shield`` (``MevShield``, index 30) lets a signer keep a transaction
encrypted until the block that includes it. The client reads ``MevShield.NextKey`` (an
ML-KEM-768 encapsulation key, 1184 bytes), signs its real extrinsic (the *inner* one, usually at
its next nonce + 1), and submits ``MevShield.submit_encrypted(ciphertext)`` signed at its next
nonce, with a mortal era of at most 8 blocks. The ciphertext is::

    key_hash (16: twox128 of the key) || kem_len (u16 LE) || kem_ct (ML-KEM-768) || nonce (24) || aead_ct

where ``aead_ct`` is the inner extrinsic sealed with XChaCha20-Poly1305 (no associated data)
under the ML-KEM shared secret. The block author decapsulates with its secret key, opens the
AEAD box, and puts the inner extrinsic in the same block right after the carrier.

This node is one author, like node-subtensor's single-validator dev node (its
``DevShieldKeystore``): one key pair, fixed for the chain's life, so ``CurrentKey``,
``PendingKey`` and ``NextKey`` all read as the same key at every block (from genesis on, as if
genesis had announced it) and a ciphertext made for it stays valid until its carrier's era ends.
The secret seed lives in the chain's state folder (0600), so a restarted chain keeps its key.

Unlike a real author, which admits a well-formed carrier to its pool and only skips it (or
drops its inner extrinsic) at block building, this node unshields at submission: a carrier is
admitted with its inner extrinsic or not at all, with the reason — nothing changes on chain
for a refused one. The cryptography is the ``cryptography`` package's ML-KEM-768 (OpenSSL)
and libsodium's XChaCha20-Poly1305 through PyNaCl.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from bittensor_lite.errors import InvalidTransaction

SEED_FILE = "shield-mlkem768.seed"
MLKEM768_ENC_KEY_LEN = 1184  # stp_shield::MLKEM768_ENC_KEY_LEN
MLKEM768_CT_LEN = 1088
MAX_CIPHERTEXT = 8192  # submit_encrypted's BoundedVec<u8, ConstU32<8192>>
MAX_SHIELD_ERA_PERIOD = 8  # the runtime's CheckMortality: longer or immortal carriers are Stale
KEY_HASH_LEN, NONCE_LEN = 16, 24
# node-subtensor's CustomTransactionError codes (InvalidTransaction::Custom)
FAILED_SHIELDED_TX_PARSING = 23
INVALID_SHIELDED_TX_PUB_KEY_HASH = 24


def key_hash(enc_key: bytes) -> bytes:
    """The 16-byte tag a ciphertext starts with: twox128 of the encapsulation key it was made for."""
    from substrateinterface.utils.hasher import xxh128

    return bytes(xxh128(bytes(enc_key)))


def refused(code: int, detail: str) -> InvalidTransaction:
    """The pool's refusal of a carrier as Substrate reports ``InvalidTransaction::Custom(code)`` (1010, data
    ``Custom error: 23``), followed by the custom error's name and why."""
    names = {FAILED_SHIELDED_TX_PARSING: "FailedShieldedTxParsing",
             INVALID_SHIELDED_TX_PUB_KEY_HASH: "InvalidShieldedTxPubKeyHash"}
    return InvalidTransaction("Custom error", f"{code} ({names[code]}): {detail}")


@dataclass(frozen=True)
class ShieldedTransaction:
    """A ``submit_encrypted`` ciphertext split into its parts."""

    key_hash: bytes
    kem_ct: bytes
    nonce: bytes
    aead_ct: bytes

    @classmethod
    def parse(cls, ciphertext: bytes) -> ShieldedTransaction:
        """Split ``ciphertext``; refuse it (FailedShieldedTxParsing) when the layout does not hold."""
        data = bytes(ciphertext)
        head = KEY_HASH_LEN + 2
        if len(data) < head:
            raise refused(FAILED_SHIELDED_TX_PARSING, f"{len(data)} bytes: too short for key_hash and kem_len")
        kem_len = int.from_bytes(data[KEY_HASH_LEN:head], "little")
        if len(data) < head + kem_len + NONCE_LEN:
            raise refused(FAILED_SHIELDED_TX_PARSING,
                          f"kem_len says {kem_len} bytes, but {len(data) - head} follow (nonce needs {NONCE_LEN} more)")
        kem_ct = data[head:head + kem_len]
        nonce = data[head + kem_len:head + kem_len + NONCE_LEN]
        return cls(data[:KEY_HASH_LEN], kem_ct, nonce, data[head + kem_len + NONCE_LEN:])


class ShieldKeystore:
    """The author's ML-KEM-768 key pair, from a 64-byte seed kept in the state folder."""

    def __init__(self, state_dir: str | Path):
        from cryptography.hazmat.primitives.asymmetric.mlkem import MLKEM768PrivateKey

        path = Path(state_dir) / SEED_FILE
        if path.exists():
            seed = bytes.fromhex(path.read_text().strip())
        else:
            seed = secrets.token_bytes(64)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(seed.hex())
        self._secret = MLKEM768PrivateKey.from_seed_bytes(seed)
        self.enc_key = self._secret.public_key().public_bytes_raw()  # what NextKey holds
        self.key_hash = key_hash(self.enc_key)

    def unshield(self, ciphertext: bytes) -> bytes:
        """The inner extrinsic's bytes; InvalidTransaction (and no change anywhere) if it cannot be opened."""
        from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_decrypt
        from nacl.exceptions import CryptoError

        if len(ciphertext) > MAX_CIPHERTEXT:
            raise refused(FAILED_SHIELDED_TX_PARSING, f"{len(ciphertext)} bytes exceed the {MAX_CIPHERTEXT}-byte bound")
        tx = ShieldedTransaction.parse(ciphertext)
        if tx.key_hash != self.key_hash:
            raise refused(INVALID_SHIELDED_TX_PUB_KEY_HASH,
                          f"made for the key with hash 0x{tx.key_hash.hex()}, but this author's key "
                          f"(MevShield.NextKey) hashes to 0x{self.key_hash.hex()}: a stale or foreign key")
        if len(tx.kem_ct) != MLKEM768_CT_LEN:
            raise refused(FAILED_SHIELDED_TX_PARSING,
                          f"kem_ct is {len(tx.kem_ct)} bytes; an ML-KEM-768 ciphertext is {MLKEM768_CT_LEN}")
        try:
            shared = self._secret.decapsulate(tx.kem_ct)
            plaintext = crypto_aead_xchacha20poly1305_ietf_decrypt(tx.aead_ct, None, tx.nonce, shared)
        except (CryptoError, ValueError) as exc:
            raise refused(FAILED_SHIELDED_TX_PARSING,
                          "the XChaCha20-Poly1305 box does not open under the ML-KEM-768 shared secret "
                          f"(forged or corrupted ciphertext: {type(exc).__name__})") from None
        if not plaintext:
            raise refused(FAILED_SHIELDED_TX_PARSING, "the decrypted inner extrinsic is empty")
        return plaintext


def era_period(era: bytes) -> int | None:
    """A mortal era's period in blocks (None: immortal), from its two-byte encoding."""
    if era == b"\x00":
        return None
    encoded = int.from_bytes(era[:2], "little")
    return 2 << (encoded % 16)
