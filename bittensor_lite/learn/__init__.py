"""What the lessons import: tiny data sets, small models, plots and exercise checks.

Names load lazily, so a lesson only pays for the modules it uses
(``from bittensor_lite.learn import check_perceptron_step`` does not import transformers).
"""

from __future__ import annotations

import importlib
from typing import Any

# Searched in this order for a name that a lesson asks for; each module lists its names in __all__.
_MODULES = (
    "feedback",
    "start",
    "data",
    "perceptron",
    "mlp",
    "cnn",
    "corpus",
    "tinygpt",
    "distill",
    "incentive",
    "mining",
    "attacks",
    "identity",
    "dashboard",
    "modalities",
    "peers",
    "onchain",
    "graduation",
)


def __getattr__(name: str) -> Any:
    for module_name in _MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{module_name}":
                continue  # that lesson's helpers are not written yet
            raise
        if name in getattr(module, "__all__", ()):
            return getattr(module, name)
    raise AttributeError(f"bittensor_lite.learn has no {name!r}")


def __dir__() -> list[str]:
    names: list[str] = []
    for module_name in _MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{module_name}")
        except ModuleNotFoundError:
            continue
        names.extend(getattr(module, "__all__", ()))
    return sorted(names)
