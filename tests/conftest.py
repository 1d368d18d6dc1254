"""Shared fixtures: a Voila server on a free loopback port and a Playwright-driven Chromium."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from imt_roi.serve import voila_command

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"Voila did not answer at {url} within {timeout:.0f} s")
        time.sleep(0.25)


def stop(process: subprocess.Popen, timeout: float = 15) -> None:
    """Terminate a server process, killing it if it does not stop in ``timeout`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()


@dataclass(frozen=True)
class VoilaServer:
    url: str
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory):
    """``imt-roi serve`` on a free loopback port: the project's serving settings, one preheated kernel per
    dashboard (fewer than the default, for a 2-core machine that also runs the browser)."""
    port = free_port()
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    pools = {"index.ipynb": 1, "sponsor_planner.ipynb": 1, "intermediary_pitch.ipynb": 1}
    with open(log, "w") as handle:
        process = subprocess.Popen(voila_command(port, pools=pools), stdout=handle, stderr=subprocess.STDOUT,
                                   cwd=tmp_path_factory.mktemp("elsewhere"))
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(url + "/")
        yield VoilaServer(url, log)
    finally:
        stop(process)
        if process.returncode not in (0, -15, None):
            print(log.read_text()[-3000:])


@pytest.fixture(scope="session")
def voila_url(voila_server):
    """Base URL of Voila serving dashboards/ with the project's serving settings."""
    return voila_server.url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (it cannot download its own browser here)."""
    playwright_sync = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (./run.sh test does)")
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    yield page
    page.close(run_before_unload=True)  # lets Voila shut the page's kernel down
    context.close()
