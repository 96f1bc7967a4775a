"""Lesson 00 in a real browser: JupyterLab serves it, chromium runs it, the widget answers.

Headless execution (tests/test_notebooks.py) proves every cell runs; it cannot prove that a
learner's browser renders the widgets and that moving a slider redraws the plot. This test starts
JupyterLab on a free port in a copy of the lessons, drives Debian's chromium through Playwright
(`playwright install` is never needed), runs all cells, moves lesson 00's "quality C" slider
with the keyboard and checks that the chart under it changed, then does the same with the
"power" (reward sharpening) slider. A screenshot is saved to
tests/artifacts/ (git-ignored).

Run it alone with `pytest -m browser`. Chromium must be installed (`scripts/test.sh` installs
Debian's package when apt-get is available); point BITTENSOR_LITE_CHROMIUM at another chromium
or Chrome binary if yours lives elsewhere.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = os.environ.get("BITTENSOR_LITE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LESSON = "00_start_here.ipynb"
SERVER_START_S = 90
KERNEL_S = 90
RUN_ALL_S = 120  # lesson 00 runs in ~5 s headless; a cold kernel on a busy CI machine is slower
SLIDER_S = 60

pytestmark = pytest.mark.browser


@pytest.fixture
def jupyterlab(tmp_path, free_port):
    """A JupyterLab server on a free port, rooted in a scratch copy of notebooks/."""
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    port, token = free_port(), secrets.token_hex(16)
    home = tmp_path / "home"
    env = {
        **os.environ,
        # A clean Jupyter/IPython profile: no user settings, no saved workspace, no pop-ups.
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "IPYTHONDIR": str(home / "ipython"),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        # The kernel imports bittensor_lite from this checkout even without an editable install.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    # Silence the "get notified about Jupyter news?" toast: it would cover the screenshot.
    notify = home / "settings" / "@jupyterlab" / "apputils-extension"
    notify.mkdir(parents=True)
    (notify / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    env.pop("MPLBACKEND", None)  # the lesson's `%matplotlib inline` must win
    log = (tmp_path / "jupyterlab.log").open("w")
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
           "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={tmp_path}", "--ServerApp.port_retries=0",
           # Nothing reaches out to the internet: no news feed, no update check, no PyPI search.
           "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           "--LabApp.extension_manager=readonly"]
    if os.geteuid() == 0:
        cmd.append("--allow-root")  # CI containers run as root; JupyterLab refuses without this
    proc = subprocess.Popen(
        cmd,
        cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited with {proc.returncode}:\n"
                            + (tmp_path / "jupyterlab.log").read_text())
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not answer within {SERVER_START_S} s:\n"
                            + (tmp_path / "jupyterlab.log").read_text())
            time.sleep(0.5)
        yield base, token
    finally:
        # The server and the kernels it started share one process group: end them together.
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        log.close()


def _chart(page) -> str:
    """The src of the plot the interact widget drew (a data: URL that changes with the figure)."""
    img = page.locator(".jp-Notebook .widget-output img, .jp-Notebook .jupyter-widgets-output-area img")
    return img.first.get_attribute("src") or ""


def _move(page, slider, key: str, presses: int, readout: str) -> str:
    """Press ``key`` on the slider's handle until its readout shows ``readout``; wait for the chart to
    redraw and settle (each press queues a redraw), and return the settled chart's src."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    before = _chart(page)
    handle = slider.locator(".noUi-handle")
    handle.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(presses):
        page.keyboard.press(key)
    expect(slider.locator(".widget-readout")).to_have_text(readout, timeout=SLIDER_S * 1000)
    try:
        page.wait_for_function(
            """(before) => {
                const img = document.querySelector('.jp-Notebook .widget-output img, '
                    + '.jp-Notebook .jupyter-widgets-output-area img');
                return img && img.src !== before;
            }""", arg=before, timeout=SLIDER_S * 1000)
    except PlaywrightTimeout:
        pytest.fail(f"the slider moved to {readout} but the chart did not redraw in {SLIDER_S} s")
    after, deadline = _chart(page), time.monotonic() + SLIDER_S
    while time.monotonic() < deadline:
        page.wait_for_timeout(1500)
        idle = page.locator(".jp-StatusBar-Widget", has_text="| Idle").count() > 0
        now = _chart(page)
        if idle and now == after:
            break
        after = now
    slider.scroll_into_view_if_needed()
    return after


def test_lesson_00_widget_moves_in_chromium(jupyterlab):
    assert Path(CHROMIUM).exists(), (
        f"chromium not found at {CHROMIUM}: install it (Debian/Ubuntu: `apt-get install chromium`; "
        "scripts/test.sh does this) or set BITTENSOR_LITE_CHROMIUM to a chromium/Chrome binary"
    )
    from playwright.sync_api import expect, sync_playwright

    base, token = jupyterlab
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "browser_00_start_here.png"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = None
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{base}/lab/tree/notebooks/{LESSON}?token={token}")
            # The notebook is open and its kernel connected (the status bar says so) before we
            # run anything: Run All on a notebook whose kernel is still starting does nothing.
            expect(page.locator(".jp-Notebook .jp-Cell").first).to_be_visible(timeout=60_000)
            expect(page.locator(".jp-StatusBar-Widget", has_text="| Idle").first
                   ).to_be_visible(timeout=KERNEL_S * 1000)

            page.locator(".lm-MenuBar-item", has_text="Run").first.click()
            page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()

            slider = page.locator(".jp-Notebook .widget-slider").first
            expect(slider).to_be_visible(timeout=RUN_ALL_S * 1000)
            expect(slider).to_contain_text("quality C")
            readout = slider.locator(".widget-readout")
            expect(readout).to_have_text("0.30")
            page.wait_for_function(
                "() => !!document.querySelector('.jp-Notebook .widget-output img, "
                ".jp-Notebook .jupyter-widgets-output-area img')", timeout=SLIDER_S * 1000)
            first = _chart(page)
            assert first.startswith("data:image/png"), first[:80]

            moved = _move(page, slider, "ArrowRight", 8, "0.70")  # quality C: 0.30 → 0.70
            assert moved.startswith("data:image/png") and moved != first
            # The second slider, power (reward sharpening): 4.0 → 1.0 makes shares follow quality.
            power = page.locator(".jp-Notebook .widget-slider", has_text="power").first
            expect(power.locator(".widget-readout")).to_have_text("4.00")
            after = _move(page, power, "ArrowLeft", 6, "1.00")
            slider.scroll_into_view_if_needed()
        finally:
            # Passed or failed, the screenshot shows what the learner would have seen.
            if page is not None:
                page.screenshot(path=str(shot), full_page=False)
                print(f"screenshot: {shot}")
            browser.close()
    assert after.startswith("data:image/png") and after != moved, "the power slider did not redraw the chart"
