"""Development keys: throw-away wallets for the mock network, tests and lessons.

A Bittensor wallet holds two sr25519 keys: the **coldkey** owns the money (TAO balance,
stake) and should stay offline; the **hotkey** is the neuron's identity on a subnet and signs
its day-to-day work (weights, axon requests). A :class:`DevWallet` derives both from a public
"dev URI" (``//Alice``, ``//Alice/default``), exactly like Substrate's well-known dev accounts,
so anyone can recompute its secret: it is for the mock network and the local chain only.
Real, password-protected wallets are :class:`bittensor_lite.Wallet` (built on bittensor-wallet).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class DevWallet:
    """A deterministic coldkey/hotkey pair named like a btcli wallet (``name``, ``hotkey``)."""

    name: str
    hotkey_name: str = "default"
    _keys: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def _keypair(self, role: str) -> Any:
        if role not in self._keys:
            from substrateinterface import Keypair  # lazy: substrate-interface is not light

            uri = f"//{self.name}" if role == "coldkey" else f"//{self.name}/{self.hotkey_name}"
            self._keys[role] = Keypair.create_from_uri(uri)
        return self._keys[role]

    @property
    def coldkey(self) -> Any:
        """The key that owns balance and stake (a substrate-interface ``Keypair``)."""
        return self._keypair("coldkey")

    @property
    def coldkeypub(self) -> Any:
        """The coldkey's public half; ``.ss58_address`` is the account that holds TAO."""
        return self._keypair("coldkey")

    @property
    def hotkey(self) -> Any:
        """The neuron's key on a subnet; ``.ss58_address`` is its hotkey address."""
        return self._keypair("hotkey")

    def __repr__(self) -> str:  # addresses only: never secrets
        return (
            f"DevWallet(name={self.name!r}, hotkey={self.hotkey_name!r}, "
            f"coldkey={self.coldkeypub.ss58_address}, hotkey_address={self.hotkey.ss58_address})"
        )


def dev_wallet(name: str, hotkey: str = "default") -> DevWallet:
    """A throw-away wallet whose keys derive from ``//name`` and ``//name/hotkey`` (mock/local only)."""
    return DevWallet(name, hotkey)
