"""The leaderboard on the projector, in a real browser: Debian's chromium through Playwright, as
lesson 00 is driven (tests/test_browser.py).

A chain runs as its own process (so it can be killed), a subnet with a validator and three
miners; the leaderboard page is served by ``create_leaderboard_app`` with a one-second refresh.
The page must show every neuron, move a miner to the top when the validator's weights move
incentive to it, say so when the chain is killed, and come back by itself when the chain restarts
on the same state. A screenshot is saved to tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import bittensor_lite as bl
from bittensor_lite.chain.process import chain_answers
from bittensor_lite.cli.leaderboard import create_leaderboard_app
from tests.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser
WAIT_MS = 60_000


def _start_chain(port: int, state: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "bittensor_lite.chain", "start", "--port", str(port),
                             "--state", str(state)],
                            stdout=open(state.parent / "chain.log", "a"), stderr=subprocess.STDOUT)  # noqa: SIM115
    deadline = time.monotonic() + 60
    while not chain_answers(port=port, timeout=0.5):
        assert proc.poll() is None and time.monotonic() < deadline, (state.parent / "chain.log").read_text()
        time.sleep(0.2)
    return proc


class _Board:
    """The leaderboard app on a uvicorn thread."""

    def __init__(self, app, port: int):
        import uvicorn

        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline and self.thread.is_alive(), "the leaderboard did not start"
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{port}/"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def _top_hotkey(page) -> str:
    return page.locator("#rows tr").first.get_attribute("data-hotkey") or ""


def test_the_leaderboard_renders_every_miner_follows_incentive_and_survives_a_chain_restart(tmp_path, free_port):
    assert Path(CHROMIUM).exists(), f"chromium not found at {CHROMIUM} (apt-get install chromium)"
    from playwright.sync_api import expect, sync_playwright

    port = free_port()
    url = f"ws://127.0.0.1:{port}"
    state = tmp_path / "chain"
    chain = _start_chain(port, state)
    board = None
    owner, validator, *miners = [bl.dev_wallet(n) for n in ("Alice", "Bob", "learner0", "learner1", "learner2")]
    sub = bl.connect(url)
    try:
        for w in miners:
            sub.transfer(owner, w.coldkey.ss58_address, 50)
        netuid = sub.register_network(owner)
        for name, value in (("weights_rate_limit", 0), ("tempo", 3), ("commit_reveal_weights_enabled", False)):
            sub.dev.sudo_set(netuid, name, value, sudo=owner.coldkey)
        uids = [sub.burned_register(w, netuid) for w in (validator, *miners)]
        sub.add_stake(validator, 100, netuid=netuid)
        sub.step(4)  # an epoch: the validator gets its permit
        sub.set_weights(validator, netuid, uids[1:], [1.0, 0.0, 0.0])
        sub.step(4)
        board = _Board(create_leaderboard_app(bl.connect(url), netuid, reconnect=lambda: bl.connect(url),
                                              refresh_s=1), free_port())
        ARTIFACTS.mkdir(exist_ok=True)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1200, "height": 700})
            try:
                page.goto(board.url)
                rows = page.locator("#rows tr")
                expect(rows).to_have_count(4, timeout=WAIT_MS)  # the validator and the three miners
                shown = {rows.nth(i).get_attribute("data-hotkey") for i in range(4)}
                assert shown == {w.hotkey.ss58_address for w in (validator, *miners)}
                page.wait_for_function("(hk) => document.querySelector('#rows tr').dataset.hotkey === hk",
                                       arg=miners[0].hotkey.ss58_address, timeout=WAIT_MS)

                # the validator changes its mind: incentive moves to the third miner, and so does the top row
                sub.set_weights(validator, netuid, uids[1:], [0.0, 0.0, 1.0])
                sub.step(8)
                page.wait_for_function("(hk) => document.querySelector('#rows tr').dataset.hotkey === hk",
                                       arg=miners[2].hotkey.ss58_address, timeout=WAIT_MS)
                block_before = int(page.locator("#block").inner_text())

                # the chain dies: the page says so and keeps the last rows
                chain.kill()
                chain.wait()
                expect(page.locator("#status.down")).to_be_visible(timeout=WAIT_MS)
                expect(rows).to_have_count(4)

                # …and comes back by itself once the chain is restarted on the same state
                chain = _start_chain(port, state)
                expect(page.locator("#status.up")).to_be_visible(timeout=WAIT_MS)
                expect(rows).to_have_count(4)
                assert _top_hotkey(page) == miners[2].hotkey.ss58_address
                assert int(page.locator("#block").inner_text()) >= block_before
            finally:
                page.screenshot(path=str(ARTIFACTS / "browser_leaderboard.png"))
                browser.close()
    finally:
        sub.close()
        if board is not None:
            board.stop()
        if chain.poll() is None:
            chain.terminate()
            chain.wait(timeout=20)
