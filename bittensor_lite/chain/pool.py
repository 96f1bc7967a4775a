"""The transaction pool: what a node checks before an extrinsic may wait for a block.

Like a Substrate node's pool: the extrinsic must decode, be signed, live in a valid era,
carry a signature over the real signing payload, use the next nonce, not be in the pool
already, and its signer must afford the fee (counting what it has pending). Anything else is
refused with Substrate's reason (``InvalidTransaction``, RPC error 1010) and changes nothing.
A MEV-shield carrier (``MevShield.submit_encrypted``) is decrypted here and admitted together
with its inner extrinsic, which runs right after it in the same block, or refused whole
(:mod:`~bittensor_lite.chain.shield`).
"""

from __future__ import annotations

from collections.abc import Callable

from bittensor_lite.chain.codec import (
    Codec,
    Extrinsic,
    era_birth,
    parse_extrinsic,
    signing_payload,
    verify_signature,
)
from bittensor_lite.chain.execution import fee_for
from bittensor_lite.chain.shield import (
    FAILED_SHIELDED_TX_PARSING,
    MAX_SHIELD_ERA_PERIOD,
    era_period,
    refused,
)
from bittensor_lite.errors import InvalidTransaction, MalformedError
from bittensor_lite.scale import account_address, account_bytes, decode_compact


def _is_carrier(ext: Extrinsic) -> bool:
    return (ext.call.get("pallet"), ext.call.get("function")) == ("MevShield", "submit_encrypted")


def _ciphertext(ext: Extrinsic) -> bytes:
    """``submit_encrypted``'s argument as sent: read from the call's SCALE bytes (pallet, call, Vec<u8>)."""
    length, off = decode_compact(ext.call_bytes, 2)
    return ext.call_bytes[off:off + length]


class TransactionPool:
    """Extrinsics checked and waiting for the next block, in arrival order."""

    def __init__(self, codec: Codec):
        self.codec = codec
        self.pending: list[Extrinsic] = []

    def validate(self, raw: bytes, *, head: int, block_hash: Callable[[int], str | None], genesis_hash: bytes,
                 chain_nonce: Callable[[str], int], free_balance: Callable[[str], int],
                 unshield: Callable[[bytes], bytes] | None = None) -> Extrinsic:
        """Check a submitted extrinsic against the chain at block ``head``; raise InvalidTransaction/MalformedError.

        A ``MevShield.submit_encrypted`` carrier is opened with ``unshield`` (the author's key) and its
        inner extrinsic checked as if the carrier were already waiting: the carrier comes back with
        ``inner`` set, or is refused with the carrier's or the inner extrinsic's reason.
        """
        ext = parse_extrinsic(self.codec, raw)
        self._check(ext, head, block_hash, genesis_hash, chain_nonce, free_balance, ())
        if _is_carrier(ext):
            period = era_period(ext.era)
            if period is None or period > MAX_SHIELD_ERA_PERIOD:
                raise InvalidTransaction("Stale", f"submit_encrypted needs a mortal era of at most "
                                                  f"{MAX_SHIELD_ERA_PERIOD} blocks (got {period or 'immortal'})")
            if unshield is None:
                raise InvalidTransaction("Call", "this node holds no MEV-shield key")
            plaintext = unshield(_ciphertext(ext))
            try:
                inner = parse_extrinsic(self.codec, plaintext)
            except (MalformedError, InvalidTransaction) as exc:
                raise refused(FAILED_SHIELDED_TX_PARSING,
                              f"the decrypted bytes are not an extrinsic of this chain ({exc})") from None
            if _is_carrier(inner):
                raise refused(FAILED_SHIELDED_TX_PARSING, "the inner extrinsic is itself a submit_encrypted")
            try:
                self._check(inner, head, block_hash, genesis_hash, chain_nonce, free_balance, (ext,))
            except InvalidTransaction as exc:
                raise InvalidTransaction(exc.reason, f"inner extrinsic: {exc.detail}") from None
            ext.inner = inner
        return ext

    def _check(self, ext: Extrinsic, head: int, block_hash: Callable[[int], str | None], genesis_hash: bytes,
               chain_nonce: Callable[[str], int], free_balance: Callable[[str], int],
               ahead: tuple[Extrinsic, ...]) -> None:
        """Signature, era, nonce, uniqueness and fee of ``ext``, counting ``ahead`` as already pending."""
        if not ext.signed:
            raise InvalidTransaction("NoUnsignedValidator", "unsigned transactions are not accepted")
        era_hash = genesis_hash
        mortal = era_birth(self.codec, ext.era, head)
        if mortal is not None:
            birth, death = mortal
            bh = block_hash(birth)
            if bh is None or birth > head:
                raise InvalidTransaction("AncientBirthBlock", f"era born at block {birth}, head is {head}")
            if head >= death:
                raise InvalidTransaction("Stale", f"the transaction's era ended at block {death}")
            era_hash = bytes.fromhex(bh[2:])
        if not verify_signature(ext, signing_payload(ext, genesis_hash, era_hash, self.codec.metadata.spec_version)):
            raise InvalidTransaction("BadProof", "the signature does not match the signer, genesis, spec and era")
        origin = account_address(ext.signer)
        waiting = [*self.waiting(), *ahead]
        expected = chain_nonce(origin) + sum(1 for p in waiting if p.signer == ext.signer)
        if ext.nonce < expected:
            raise InvalidTransaction("Stale", f"nonce {ext.nonce} already used; next is {expected}")
        if ext.nonce > expected:
            raise InvalidTransaction("Future", f"nonce {ext.nonce} is ahead of the next nonce {expected}")
        if any(p.hash == ext.hash for p in waiting):
            raise InvalidTransaction("AlreadyImported", "this transaction is already in the pool")
        fee = fee_for(ext)
        pending_fees = sum(fee_for(p) for p in waiting if p.signer == ext.signer)
        if fee and free_balance(origin) < fee + pending_fees:
            raise InvalidTransaction("Payment", "inability to pay some fees (account balance too low)")

    def waiting(self) -> list[Extrinsic]:
        """Every extrinsic the next block will run, in order: each carrier followed by its inner extrinsic."""
        out = []
        for p in self.pending:
            out.append(p)
            if p.inner is not None:
                out.append(p.inner)
        return out

    def next_nonce(self, address: str, chain_nonce: int) -> int:
        """``system_accountNextIndex``: the account's nonce on chain plus its extrinsics waiting here."""
        try:
            pub = account_bytes(address)
        except MalformedError:
            pub = b""
        return chain_nonce + sum(1 for p in self.waiting() if p.signer == pub)

    def add(self, ext: Extrinsic) -> None:
        """Queue a validated extrinsic for the next block."""
        self.pending.append(ext)

    def take(self) -> list[Extrinsic]:
        """Everything waiting, for the block being built (a carrier's inner extrinsic right after it);
        the pool is empty afterwards."""
        out = self.waiting()
        self.pending = []
        return out

    def clear(self) -> None:
        """Forget every waiting extrinsic (after a revert)."""
        self.pending = []
