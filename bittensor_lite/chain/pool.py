"""The transaction pool: what a node checks before an extrinsic may wait for a block.

Like a Substrate node's pool: the extrinsic must decode, be signed, live in a valid era,
carry a signature over the real signing payload, use the next nonce, not be in the pool
already, and its signer must afford the fee (counting what it has pending). Anything else is
refused with Substrate's reason (``InvalidTransaction``, RPC error 1010) and changes nothing.
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
from bittensor_lite.errors import InvalidTransaction, MalformedError
from bittensor_lite.scale import account_address, account_bytes


class TransactionPool:
    """Extrinsics checked and waiting for the next block, in arrival order."""

    def __init__(self, codec: Codec):
        self.codec = codec
        self.pending: list[Extrinsic] = []

    def validate(self, raw: bytes, *, head: int, block_hash: Callable[[int], str | None], genesis_hash: bytes,
                 chain_nonce: Callable[[str], int], free_balance: Callable[[str], int]) -> Extrinsic:
        """Check a submitted extrinsic against the chain at block ``head``; raise InvalidTransaction/MalformedError."""
        ext = parse_extrinsic(self.codec, raw)
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
        expected = self.next_nonce(origin, chain_nonce(origin))
        if ext.nonce < expected:
            raise InvalidTransaction("Stale", f"nonce {ext.nonce} already used; next is {expected}")
        if ext.nonce > expected:
            raise InvalidTransaction("Future", f"nonce {ext.nonce} is ahead of the next nonce {expected}")
        if any(p.hash == ext.hash for p in self.pending):
            raise InvalidTransaction("AlreadyImported", "this transaction is already in the pool")
        fee = fee_for(ext)
        pending_fees = sum(fee_for(p) for p in self.pending if p.signer == ext.signer)
        if fee and free_balance(origin) < fee + pending_fees:
            raise InvalidTransaction("Payment", "inability to pay some fees (account balance too low)")
        return ext

    def next_nonce(self, address: str, chain_nonce: int) -> int:
        """``system_accountNextIndex``: the account's nonce on chain plus its extrinsics waiting here."""
        try:
            pub = account_bytes(address)
        except MalformedError:
            pub = b""
        return chain_nonce + sum(1 for p in self.pending if p.signer == pub)

    def add(self, ext: Extrinsic) -> None:
        """Queue a validated extrinsic for the next block."""
        self.pending.append(ext)

    def take(self) -> list[Extrinsic]:
        """Everything waiting, for the block being built; the pool is empty afterwards."""
        out, self.pending = self.pending, []
        return out

    def clear(self) -> None:
        """Forget every waiting extrinsic (after a revert)."""
        self.pending = []
