"""Lesson 13 helpers: a local chain for the lesson, a subnet with a validator and rivals, checks.

The lesson starts its own chain in a background process (or, in workshop mode, joins the
instructor's: set ``BITTENSOR_LITE_NETWORK=ws://INSTRUCTOR:9944``) and talks to it only over
the real wire: signed extrinsics, storage reads, blocks and events.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field
from typing import Any

from bittensor_lite.learn.feedback import CheckResult, failed, is_placeholder, not_attempted, passed
from bittensor_lite.neurons.forwards import (
    adder as adder_forward,  # the rivals are the CLI's built-in miners
)
from bittensor_lite.neurons.forwards import sloppy as sloppy_forward

__all__ = [
    "LessonChain",
    "free_port",
    "start_lesson_chain",
    "adder_forward",
    "sloppy_forward",
    "check_registered",
    "check_uid_from_events",
    "check_error_name",
]

WORKSHOP_ENV = "BITTENSOR_LITE_NETWORK"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now (for an axon)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LessonChain:
    """The lesson's chain connection, the subnet, and what runs on it (stopped by :meth:`stop`)."""

    sub: Any
    netuid: int
    url: str
    process: Any = None  # the chain process we started (None in workshop mode)
    validator: Any = None
    rivals: list[Any] = field(default_factory=list)

    @property
    def workshop(self) -> bool:
        return self.process is None

    def fund(self, address: str, tao: float = 5) -> None:
        """Get TAO for ``address``: a transfer from ``//Alice`` on our own chain, the instructor's faucet in a workshop."""
        import bittensor_lite as bl

        if self.workshop:
            self.sub.dev.faucet(address)
        else:
            self.sub.transfer(bl.dev_wallet("Alice"), address, tao)

    def next_epoch(self, rounds: int = 10) -> int:
        """Let the validator play ``rounds`` rounds (weights every 5), then move to the next epoch.

        Alone, blocks are produced on demand (``dev_newBlock``); in a workshop the instructor's
        chain makes blocks on its own clock, so we wait for them.
        """
        import time

        if self.validator is not None:
            self.validator.run(rounds=rounds, weights_every=5)
            return self.sub.wait_for_epoch(self.netuid)
        target = self.sub.block + self.sub.blocks_until_next_epoch(self.netuid)
        while self.sub.block < target:
            time.sleep(1.0)
        return self.sub.block

    def stop(self) -> None:
        """Stop the rival miners and, if the lesson started it, the chain."""
        for miner in self.rivals:
            miner.stop()
        self.rivals = []
        self.sub.close()
        if self.process is not None:
            self.process.stop()


def start_lesson_chain(tempo: int = 20, rivals: bool = True, task: Any = None,
                       rival_forwards: tuple[Any, ...] | None = None) -> LessonChain:
    """Start (or join) a chain and set up subnet 1 the way an instructor would.

    Alone: starts ``bittensor-lite chain start`` on a free port; ``//Alice`` (sudo) creates a subnet
    with a short tempo; ``//Bob`` registers and stakes as its validator, scoring ``task`` (default:
    the arithmetic task); rival miners serve ``rival_forwards`` (default: the CLI's adder and sloppy).
    Workshop: joins ``$BITTENSOR_LITE_NETWORK`` where the instructor did all that already.
    """
    import bittensor_lite as bl
    from bittensor_lite.chain import start_local_chain
    from bittensor_lite.neurons import Miner, Validator
    from bittensor_lite.neurons.tasks import ArithmeticTask

    url = os.environ.get(WORKSHOP_ENV)
    if url:
        sub = bl.connect(url)
        return LessonChain(sub=sub, netuid=int(os.environ.get("BITTENSOR_LITE_NETUID", "1")), url=url)
    process = start_local_chain(port=free_port())
    sub = bl.connect(process.url)
    alice, bob = bl.dev_wallet("Alice"), bl.dev_wallet("Bob")
    netuid = sub.register_network(alice)
    sub.dev.sudo_set(netuid, "tempo", tempo)
    sub.dev.sudo_set(netuid, "weights_rate_limit", 5)
    sub.burned_register(bob, netuid)
    sub.add_stake(bob, 1000, netuid=netuid)  # 1000 TAO buys the subnet's alpha
    chain = LessonChain(sub=sub, netuid=netuid, url=process.url, process=process)
    if rivals:
        for i, forward in enumerate(rival_forwards or (adder_forward, sloppy_forward)):
            w = bl.dev_wallet(f"rival{i}")
            sub.transfer(alice, w.coldkey.ss58_address, 10)
            sub.burned_register(w, netuid)
            chain.rivals.append(Miner(w, sub, netuid, forward, port=free_port(), inprocess=False).start())
    sub.wait_for_epoch(netuid)  # the validator's permit arrives with the first epoch
    chain.validator = Validator(bob, sub, netuid, task if task is not None else ArithmeticTask(seed=13), alpha=0.3)
    return chain


def check_registered(uid: Any, sub: Any, wallet: Any, netuid: int) -> CheckResult:
    """Exercise: the learner's hotkey holds a UID on the subnet (asked of the chain itself)."""
    name = "register"
    if is_placeholder(uid):
        return not_attempted(name)
    hotkey = wallet.hotkey.ss58_address
    if sub.get_uid_for_hotkey_on_subnet(hotkey, netuid) is None:
        free = sub.get_balance(wallet.coldkeypub.ss58_address)
        if free.rao == 0:
            return failed(name, "Your coldkey has no TAO yet: transfer some from the faucet (//Alice) first.")
        return failed(name, f"Your coldkey holds {free} but the hotkey has no UID on subnet {netuid}: "
                            "call sub.burned_register(wallet, netuid).")
    if uid != sub.get_uid_for_hotkey_on_subnet(hotkey, netuid):
        return failed(name, "You are registered, but `uid` is not your UID: keep what burned_register returns.")
    return passed(name, f"The chain says: hotkey {hotkey[:8]}… is UID {uid} on subnet {netuid}.")


def check_uid_from_events(uid: Any, sub: Any, wallet: Any, netuid: int) -> CheckResult:
    """Exercise: the UID read out of the registration block's NeuronRegistered event."""
    name = "events"
    if is_placeholder(uid):
        return not_attempted(name)
    truth = sub.get_uid_for_hotkey_on_subnet(wallet.hotkey.ss58_address, netuid)
    if isinstance(uid, bool) or not isinstance(uid, int):
        return failed(name, "Give the UID as an int: the event's attributes are (netuid, uid, hotkey).")
    if uid == truth:
        return passed(name, f"UID {uid}, straight from the event — the same as storage's Uids[{netuid}][hotkey].")
    if uid == netuid:
        return failed(name, "That is the netuid, the event's first attribute; the UID comes next.")
    return failed(name, "Find the event whose event_id is 'NeuronRegistered' and read its attributes.")


def check_error_name(prediction: Any, actual: str | None) -> CheckResult:
    """Exercise: predict the chain's error for setting weights twice in a row."""
    name = "error_name"
    if is_placeholder(prediction):
        return not_attempted(name)
    if actual is None:
        return failed(name, "The second set_weights did not fail; run the cell above again.")
    if str(prediction).strip() == actual:
        return passed(name, f"Right: {actual} — the subnet's weights rate limit protects the chain from spam.")
    return failed(name, f"Not {prediction!r}. Look at the hyperparameter named weights_rate_limit.")
