"""Workshop mode end to end: an instructor's chain, faucet, validator and leaderboard; five learners' miners.

Everything runs as separate processes talking over the real wire, as in a room: the chain
(`bittensor-lite chain start` with a faucet and no funded dev accounts), the validator
(`bittensor-lite validator run`) and five miners (`bittensor-lite miner run --faucet --register`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from fastapi.testclient import TestClient

import bittensor_lite as bl
from bittensor_lite.chain.process import chain_answers, stop_processes
from bittensor_lite.chain.rpc import RpcHandler
from bittensor_lite.cli.leaderboard import create_leaderboard_app


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "bittensor_lite.cli", *args]


@pytest.fixture()
def workshop(tmp_path, free_port):
    port = free_port()
    instructor = bl.dev_wallet("Instructor")  # stands in for the instructor's own (secret) wallet
    chain = subprocess.Popen(
        _cli("chain", "start", "--port", str(port), "--state", str(tmp_path / "chain"), "--block-time", "0.5",
             "--no-dev-funds", "--sudo", instructor.coldkey.ss58_address, "--faucet-tao", "5",
             "--faucet-every", "3600"),
        stdout=open(tmp_path / "chain.log", "w"), stderr=subprocess.STDOUT)  # noqa: SIM115
    procs = [chain]
    try:
        deadline = time.monotonic() + 60
        while not chain_answers(port=port, timeout=0.5):
            assert chain.poll() is None and time.monotonic() < deadline, (tmp_path / "chain.log").read_text()
            time.sleep(0.2)
        yield {"url": f"ws://127.0.0.1:{port}", "instructor": instructor, "procs": procs, "tmp": tmp_path}
    finally:
        stop_processes(procs)


@pytest.mark.slow
def test_five_learners_compete_on_the_instructors_chain(workshop, free_port):
    url, instructor, tmp = workshop["url"], workshop["instructor"], workshop["tmp"]
    sub = bl.connect(url)
    # the public dev keys hold nothing on a workshop chain, and only the instructor is sudo
    assert sub.get_balance(bl.dev_wallet("Alice").coldkey.ss58_address).rao == 0
    sub.dev.set_balance(instructor.coldkey.ss58_address, 10_000 * 10**9)  # dev RPC: this machine only
    netuid = sub.register_network(instructor)
    for name, value in (("tempo", 10), ("weights_rate_limit", 2), ("burn_increase_mult", 2**64)):  # as the runbook
        sub.dev.sudo_set(netuid, name, value, sudo=instructor.coldkey)
    with pytest.raises(bl.BittensorLiteError, match="Payment"):  # //Alice is not sudo here, nor can she pay
        sub.dev.sudo_set(netuid, "tempo", 1, sudo=bl.dev_wallet("Alice").coldkey)
    sub.transfer(instructor, bl.dev_wallet("Alice").coldkey.ss58_address, 1)
    with pytest.raises(bl.ChainError, match="RequireSudo"):
        sub.dev.sudo_set(netuid, "tempo", 1, sudo=bl.dev_wallet("Alice").coldkey)
    sub.burned_register(instructor, netuid)
    sub.add_stake(instructor, 1000)

    logs = {}
    validator_log = tmp / "validator.log"
    workshop["procs"].append(subprocess.Popen(
        _cli("validator", "run", "--network", url, "--netuid", str(netuid), "--dev", "Instructor",
             "--interval", "0.3", "--weights-every", "3"),
        stdout=open(validator_log, "w"), stderr=subprocess.STDOUT))  # noqa: SIM115
    forwards = ["adder", "sloppy", "sloppy", "guesser", "guesser"]
    learners = [bl.dev_wallet(f"learner{i}") for i in range(5)]
    for i, forward in enumerate(forwards):
        logs[i] = tmp / f"miner{i}.log"
        workshop["procs"].append(subprocess.Popen(
            _cli("miner", "run", "--network", url, "--netuid", str(netuid), "--dev", f"learner{i}",
                 "--forward", forward, "--port", str(free_port()), "--faucet", "--register", "--refresh", "2"),
            stdout=open(logs[i], "w"), stderr=subprocess.STDOUT))  # noqa: SIM115

    board = TestClient(create_leaderboard_app(sub, netuid))
    hotkeys = {w.hotkey.ss58_address: f for w, f in zip(learners, forwards, strict=True)}
    deadline = time.monotonic() + 150
    rows = []
    while time.monotonic() < deadline:
        rows = board.get("/api").json()["rows"]
        miners = [r for r in rows if r["hotkey"] in hotkeys]
        if len(miners) == 5 and all(r["serving"] for r in miners) and miners[0]["incentive"] > 0:
            top = miners[0]
            if hotkeys[top["hotkey"]] == "adder" and top["incentive"] > max(r["incentive"] for r in miners[1:]):
                break
        time.sleep(1.0)
    else:
        dump = {k: v.read_text()[-1500:] for k, v in logs.items()}
        raise AssertionError(f"no winner yet: {json.dumps(rows, indent=1)}\nvalidator: "
                             f"{validator_log.read_text()[-2000:]}\nminers: {dump}")
    page = board.get("/").text
    assert f"Subnet {netuid}" in page and "fetch('api'" in page  # the page draws /api's rows (tests/test_leaderboard_browser.py)
    # each learner was funded once by the faucet; a second request is refused
    assert all(sub.get_balance(w.coldkey.ss58_address).rao > 0 for w in learners)
    with pytest.raises(bl.BittensorLiteError, match="once every"):
        sub.dev.faucet(learners[0].coldkey)
    sub.close()


@pytest.mark.slow
def test_dev_rpcs_are_refused_to_other_machines():
    from bittensor_lite.chain.node import Node

    node = Node()
    try:
        msg = {"jsonrpc": "2.0", "id": 1, "method": "dev_setBalance", "params": [bl.dev_wallet("Eve").coldkey.ss58_address, 1]}
        away = RpcHandler(node).handle(msg, None, client="10.1.2.3")
        assert away["error"]["code"] == -32601 and "own machine" in away["error"]["message"]
        assert "result" in RpcHandler(node).handle(msg, None, client="127.0.0.1")
        assert "result" in RpcHandler(node, open_dev=True).handle(msg, None, client="10.1.2.3")
        drip = RpcHandler(node).handle({"jsonrpc": "2.0", "id": 2, "method": "faucet_drip", "params": ["5Gx"]}, None)
        assert drip["error"]["code"] == -32010  # this chain has no faucet
    finally:
        node.close()


def test_the_faucet_key_stays_secret_and_private(tmp_path):
    from bittensor_lite.chain.node import Node

    node = Node(tmp_path, faucet_tao=2, faucet_every=60)
    try:
        seed = (tmp_path / "faucet.seed").read_text()
        assert oct(os.stat(tmp_path / "faucet.seed").st_mode & 0o777) == "0o600"
        who = bl.dev_wallet("Eve").coldkey.ss58_address
        before = node.runtime.free_balance(who)
        node.drip(who, now=0.0)
        assert node.runtime.free_balance(who) == before + 2 * 10**9
        with pytest.raises(bl.BittensorLiteError, match="once every"):
            node.drip(who, now=30.0)
        node.drip(who, now=61.0)
        assert seed not in repr(node.faucet_key) and seed not in str(node.__dict__)
    finally:
        node.close()


@pytest.mark.slow
def test_a_chain_killed_mid_workshop_keeps_every_registration_stake_and_weight(tmp_path, free_port):
    port = free_port()
    url = f"ws://127.0.0.1:{port}"

    def start():
        proc = subprocess.Popen(_cli("chain", "start", "--port", str(port), "--state", str(tmp_path / "chain")),
                                stdout=open(tmp_path / "chain.log", "a"), stderr=subprocess.STDOUT)  # noqa: SIM115
        deadline = time.monotonic() + 60
        while not chain_answers(port=port, timeout=0.5):
            assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "chain.log").read_text()
            time.sleep(0.2)
        return proc

    def room(sub, netuid):
        mg = sub.metagraph(netuid)
        return {"block": sub.block, "hotkeys": list(mg.hotkeys), "stake": mg.S.tolist(), "weights": mg.W.tolist(),
                "balances": [sub.get_balance(w.coldkey.ss58_address).rao for w in wallets]}

    owner, validator, *miners = wallets = [bl.dev_wallet(n) for n in ("Alice", "Bob", "learner0", "learner1")]
    proc = start()
    try:
        sub = bl.connect(url)
        for w in miners:
            sub.transfer(owner, w.coldkey.ss58_address, 50)
        netuid = sub.register_network(owner)
        for name, value in (("weights_rate_limit", 0), ("tempo", 3)):
            sub.dev.sudo_set(netuid, name, value, sudo=owner.coldkey)
        uids = [sub.burned_register(w, netuid) for w in (validator, *miners)]
        sub.add_stake(validator, 100, netuid=netuid)
        sub.step(4)  # an epoch: the validator gets its permit
        sub.set_weights(validator, netuid, uids[1:], [0.25, 0.75])
        before = room(sub, netuid)
        sub.close()
    finally:
        proc.send_signal(9)  # kill -9: no checkpoint, no goodbye
        proc.wait()
    assert len(set(before["hotkeys"]) & {w.hotkey.ss58_address for w in wallets[1:]}) == 3
    assert max(before["stake"]) > 0 and any(any(row) for row in before["weights"])
    proc = start()
    try:
        sub = bl.connect(url)
        assert room(sub, netuid) == before
        sub.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_a_room_of_browsers_shares_one_read_and_the_board_reconnects_after_a_failure():
    owner = bl.dev_wallet("Alice")
    subs, reads = [], []

    def connect():
        sub = bl.connect("mock")
        netuid = sub.register_network(owner)
        real = sub.subnet_snapshot

        def counted(n):
            reads.append(len(subs))
            if getattr(sub, "broken", False):
                raise ConnectionError("the chain went away")
            return real(n)

        sub.subnet_snapshot = counted
        subs.append(sub)
        return sub, netuid

    first, netuid = connect()
    board = TestClient(create_leaderboard_app(first, netuid, reconnect=lambda: connect()[0]))
    board.app.state.board.max_age = 3600  # nothing renews during the burst
    replies = [board.get("/api") for _ in range(50)]
    assert {r.status_code for r in replies} == {200} and len(reads) == 1  # fifty browsers, one read
    first.broken = True
    board.app.state.board.read_at = float("-inf")  # due: the next request renews in the background
    assert board.get("/api").status_code == 200  # still the last good rows, at once
    for _ in range(100):
        if board.app.state.board.failed:
            break
        time.sleep(0.02)
    assert board.get("/api").status_code == 200 and len(subs) == 2  # the failure made it reconnect
    assert board.app.state.board.failed is None
    # while the chain stays away, /api says so (the page shows it) instead of serving stale rows forever
    subs[-1].broken = True

    def still_down():
        raise ConnectionError("connection refused")

    board.app.state.board.reconnect = still_down
    board.app.state.board.read_at = float("-inf")
    board.get("/api")
    for _ in range(100):
        if board.app.state.board.failed:
            break
        time.sleep(0.02)
    down = board.get("/api")
    assert down.status_code == 503 and "cannot read subnet" in down.json()["error"]
