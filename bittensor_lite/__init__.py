"""bittensor_lite — learn Bittensor by building it: a small SDK and a notebook course.

>>> import bittensor_lite as bl
>>> sub = bl.connect("mock")          # an in-process subnet, no chain, no accounts
>>> bl.Balance.from_tao(1)
Balance(τ1.000000000)

Importing this package is cheap and does no network I/O: torch, transformers, FastAPI and
substrate-interface load only when a feature that needs them is first used.
"""

from __future__ import annotations

import importlib
from typing import Any

from bittensor_lite import errors as _errors
from bittensor_lite.balance import Balance, rao, tao
from bittensor_lite.errors import BittensorLiteError, ChainError, NotSupportedError

__version__ = "0.1.0"

# Public names that live in heavier modules: loaded on first use (PEP 562).
_LAZY: dict[str, str] = {
    "connect": "bittensor_lite.subtensor",
    "Subtensor": "bittensor_lite.subtensor",
    "Metagraph": "bittensor_lite.metagraph",
    "MockBackend": "bittensor_lite.backends.mock",
    "dev_wallet": "bittensor_lite.dev_wallets",
    "DevWallet": "bittensor_lite.dev_wallets",
    "Wallet": "bittensor_lite.wallet",
    "AxonInfo": "bittensor_lite.metagraph",
    "Axon": "bittensor_lite.axon",
    "Dendrite": "bittensor_lite.dendrite",
    "Synapse": "bittensor_lite.synapse",
    "TextPrompt": "bittensor_lite.synapse",
    "btauth": "bittensor_lite.btauth",
    "neurons": "bittensor_lite.neurons",
    "sim": "bittensor_lite.sim",
    "consensus": "bittensor_lite.consensus",
    "runtime": "bittensor_lite.runtime",
    "learn": "bittensor_lite.learn",
}

__all__ = [
    "Balance",
    "BittensorLiteError",
    "ChainError",
    "NotSupportedError",
    "__version__",
    "rao",
    "tao",
    *_LAZY,
]

_ERROR_NAMES = [n for n, v in vars(_errors).items() if isinstance(v, type) and issubclass(v, Exception)]


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        error = getattr(_errors, name, None)  # every exception class: bl.NotEnoughBalanceToStake, bl.WalletError …
        if isinstance(error, type) and issubclass(error, Exception):
            return error
        raise AttributeError(f"module 'bittensor_lite' has no attribute {name!r}")
    module = importlib.import_module(module_name)
    value = module if module_name.endswith("." + name) else getattr(module, name)
    globals()[name] = value  # cache: the next access is a plain attribute lookup
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | set(_ERROR_NAMES))
