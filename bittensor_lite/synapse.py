"""Synapses: the messages validators send miners, as typed pydantic models.

A synapse class declares the request fields a validator fills in and the response fields a
miner fills in. ``class TextPrompt(Synapse)`` is served at ``POST /TextPrompt``: the request
body is the synapse's JSON, the response body is the same synapse, filled in.

``synapse.dendrite`` (not sent over the wire) tells the validator how the call went:
status code, message, process time, and which axon answered.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class TerminalInfo(BaseModel):
    """How one request went, seen from the caller: HTTP status, a message, seconds taken."""

    status_code: int | None = None
    status_message: str | None = None
    process_time: float | None = None
    axon_hotkey: str | None = None
    caller_hotkey: str | None = None

    @property
    def is_success(self) -> bool:
        return self.status_code == 200


class Synapse(BaseModel):
    """Base class of every request/response a subnet defines."""

    model_config = ConfigDict(validate_assignment=True)
    dendrite: TerminalInfo = Field(default_factory=TerminalInfo, exclude=True)

    @classmethod
    def route(cls) -> str:
        """The HTTP path this synapse is served at (``/ClassName``)."""
        return f"/{cls.__name__}"

    def body(self) -> bytes:
        """The exact bytes sent over the wire (and signed)."""
        return self.model_dump_json().encode()

    @property
    def is_success(self) -> bool:
        """True when the miner answered with 200 and a well-formed synapse."""
        return self.dendrite.is_success


class Echo(Synapse):
    """The simplest protocol: the miner sends the text back (for tests and benchmarks)."""

    text: str = ""
    echoed: str | None = None


class TextPrompt(Synapse):
    """A text subnet's protocol: the validator sends ``prompt``, the miner fills ``completion``."""

    prompt: str
    max_new_tokens: int = Field(default=32, ge=1, le=512)
    completion: str | None = None


class Logits(Synapse):
    """Distillation's protocol: for a ``context``, the miner returns its top-k next-token probabilities."""

    context: str
    top_k: int = Field(default=5, ge=1, le=100)
    tokens: list[str] | None = None
    probabilities: list[float] | None = None


class DigitImage(Synapse):
    """An image subnet's protocol: an 8×8 digit (64 grey levels 0–16) in, class probabilities out."""

    pixels: list[float] = Field(min_length=64, max_length=64)
    probabilities: list[float] | None = None
