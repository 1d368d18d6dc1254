"""Shared fixtures: a Voila server on a free loopback port and a Playwright-driven Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from serving import CHROMIUM, CHROMIUM_ARGS, voila_running


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory):
    """``imt-roi serve`` on a free loopback port: the project's serving settings, one preheated kernel per
    dashboard (fewer than the default, for a 2-core machine that also runs the browser)."""
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    pools = {"index.ipynb": 1, "sponsor_planner.ipynb": 1, "intermediary_pitch.ipynb": 1}
    with voila_running(log, cwd=tmp_path_factory.mktemp("elsewhere"), pools=pools) as server:
        yield server


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
