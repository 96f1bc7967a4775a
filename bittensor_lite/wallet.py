"""Wallets: a coldkey (owns TAO, encrypted at rest) and hotkeys (a neuron's identity), on disk.

Built on ``bittensor-wallet``, the Bittensor team's own keyfile library, so the files are
btcli's files: ``~/.bittensor/wallets/<name>/coldkey`` (encrypted), ``coldkeypub.txt``,
``hotkeys/<hotkey>`` and ``hotkeys/<hotkey>pub.txt``, all written 0600. A wallet made here opens
with btcli and the real SDK, and the other way round.

The coldkey's password comes from the ``password=`` argument, else the environment variable
``BITTENSOR_LITE_PASSWORD`` (for scripts and tests), else a prompt. Keys and mnemonics never
appear in a repr, a log line or an error message; a new mnemonic is handed back once, wrapped
in a :class:`Mnemonic` that only shows its words when you call ``reveal()``.
"""

from __future__ import annotations

import contextlib
import getpass
import io
import os
from pathlib import Path
from typing import Any

from bittensor_lite.errors import WalletError, WalletPasswordError

PASSWORD_ENV = "BITTENSOR_LITE_PASSWORD"
DEFAULT_PATH = "~/.bittensor/wallets"


class Mnemonic:
    """A freshly made recovery phrase. Write it down; it is never shown again unless revealed."""

    def __init__(self, words: str):
        self._words = words

    def reveal(self) -> str:
        """The words themselves. Anyone who has them owns the key."""
        return self._words

    def __repr__(self) -> str:
        return f"Mnemonic({len(self._words.split())} words, hidden: call .reveal() to write them down)"

    __str__ = __repr__


def _quiet(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Call a bittensor-wallet function without its console chatter."""
    with contextlib.redirect_stdout(io.StringIO()):
        return fn(*args, **kwargs)


class Wallet:
    """``bl.Wallet(name, hotkey, path)``: the same layout and files as ``btcli wallet``."""

    def __init__(self, name: str = "default", hotkey: str = "default", path: str | os.PathLike[str] = DEFAULT_PATH):
        from bittensor_wallet import Wallet as _KeyfileWallet

        self.name = name
        self.hotkey_str = hotkey
        self.path = Path(path).expanduser()
        self._w = _KeyfileWallet(name=name, hotkey=hotkey, path=str(self.path))
        self._coldkey: Any = None

    def __repr__(self) -> str:  # names and public addresses only
        pub = self.coldkeypub.ss58_address if self.coldkeypub_file.exists() else "not created"
        return f"Wallet(name={self.name!r}, hotkey={self.hotkey_str!r}, path={str(self.path)!r}, coldkey={pub})"

    # -- files --------------------------------------------------------------------------------
    @property
    def coldkey_file(self) -> Path:
        return self.path / self.name / "coldkey"

    @property
    def coldkeypub_file(self) -> Path:
        return self.path / self.name / "coldkeypub.txt"

    @property
    def hotkey_file(self) -> Path:
        return self.path / self.name / "hotkeys" / self.hotkey_str

    def exists(self) -> bool:
        """Whether the coldkey (public half) and this hotkey are on disk."""
        return self.coldkeypub_file.exists() and self.hotkey_file.exists()

    # -- creating -------------------------------------------------------------------------------
    def create(self, password: str | None = None, n_words: int = 12, overwrite: bool = False) -> tuple[Mnemonic, Mnemonic]:
        """Make a new coldkey (encrypted with ``password``) and hotkey; returns both mnemonics, once."""
        from bittensor_wallet import Keypair

        cold = Keypair.generate_mnemonic(n_words)
        hot = Keypair.generate_mnemonic(n_words)
        self.regenerate_coldkey(cold, password=password, overwrite=overwrite)
        self.regenerate_hotkey(hot, overwrite=overwrite)
        return Mnemonic(cold), Mnemonic(hot)

    def regenerate_coldkey(self, mnemonic: str | Mnemonic, password: str | None = None, overwrite: bool = False) -> None:
        """Recreate the coldkey from its mnemonic (encrypted at rest with ``password``)."""
        self._refuse_overwrite(self.coldkey_file, overwrite)
        words = mnemonic.reveal() if isinstance(mnemonic, Mnemonic) else mnemonic
        pw = self._password(password, confirm=True)
        try:
            _quiet(self._w.regenerate_coldkey, mnemonic=words, use_password=True, overwrite=True, suppress=True,
                   coldkey_password=pw)
        except Exception as exc:
            raise WalletError(f"could not make the coldkey: {type(exc).__name__} (is the mnemonic valid?)") from None
        self._coldkey = None

    def regenerate_hotkey(self, mnemonic: str | Mnemonic, overwrite: bool = False) -> None:
        """Recreate this hotkey from its mnemonic (hotkeys are stored unencrypted, as btcli does)."""
        self._refuse_overwrite(self.hotkey_file, overwrite)
        words = mnemonic.reveal() if isinstance(mnemonic, Mnemonic) else mnemonic
        try:
            _quiet(self._w.regenerate_hotkey, mnemonic=words, use_password=False, overwrite=True, suppress=True)
        except Exception as exc:
            raise WalletError(f"could not make the hotkey: {type(exc).__name__} (is the mnemonic valid?)") from None

    def _refuse_overwrite(self, file: Path, overwrite: bool) -> None:
        if file.exists() and not overwrite:
            raise WalletError(f"{file} already exists; pass overwrite=True (CLI: --overwrite) to replace it")

    # -- keys ---------------------------------------------------------------------------------
    @property
    def coldkeypub(self) -> Any:
        """The coldkey's public half (``.ss58_address``): readable without the password."""
        if not self.coldkeypub_file.exists():
            raise WalletError(f"no coldkey for wallet {self.name!r} in {self.path}; create it first")
        return self._w.coldkeypub

    @property
    def hotkey(self) -> Any:
        """The hotkey keypair: signs weights and axon requests."""
        if not self.hotkey_file.exists():
            raise WalletError(f"no hotkey {self.hotkey_str!r} in wallet {self.name!r}; create it first")
        return self._w.hotkey

    @property
    def coldkey(self) -> Any:
        """The coldkey keypair, decrypted on first use (password from argument, environment or prompt)."""
        if self._coldkey is None:
            self.unlock()
        return self._coldkey

    def unlock(self, password: str | None = None) -> None:
        """Decrypt the coldkey now. A wrong password raises :class:`WalletPasswordError`."""
        if not self.coldkey_file.exists():
            raise WalletError(f"no coldkey for wallet {self.name!r} in {self.path}; create it first")
        pw = self._password(password)
        try:
            self._coldkey = _quiet(self._w.get_coldkey, password=pw)
        except Exception:
            raise WalletPasswordError(f"wrong password for the coldkey of wallet {self.name!r}") from None

    @staticmethod
    def _password(password: str | None, confirm: bool = False) -> str:
        if password is None:
            password = os.environ.get(PASSWORD_ENV)
        if password is None:
            password = getpass.getpass("Coldkey password: ")
            if confirm and getpass.getpass("Repeat the password: ") != password:
                raise WalletPasswordError("the two passwords differ")
        if len(password) < 1:
            raise WalletPasswordError("the password is empty")
        return password
