"""What a visitor of the served dashboards can and cannot do.

Voila renders each notebook with its sources stripped, and its kernel manager
forwards only widget (comm) and kernel-info messages from the browser to the
kernel (``allowed_message_types`` in voila/app.py): an ``execute_request`` sent
over the kernel's websocket is dropped before it reaches the kernel. The test
sends one anyway, bracketed by two ``kernel_info_request`` messages on the same
shell channel: the kernel answers requests in order, so when the second reply
arrives an executed request would already have answered.
"""

from __future__ import annotations

import urllib.request
import uuid
from pathlib import Path

import nbformat
import pytest

from dashboard_helpers import LOAD_TIMEOUT, assert_no_error_text

pytestmark = pytest.mark.browser

DASHBOARDS = Path(__file__).resolve().parent.parent / "dashboards"
NOTEBOOKS = ["index.ipynb", "sponsor_planner.ipynb", "intermediary_pitch.ipynb", "track_cohort.ipynb"]

PROBE = """async ({marker}) => {
  const config = JSON.parse(document.getElementById('jupyter-config-data').textContent);
  const url = `ws://${location.host}/api/kernels/${config.kernelId}/channels?session_id=probe-${Date.now()}`;
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
  const seen = [];
  ws.onmessage = (event) => { if (typeof event.data === 'string') seen.push(JSON.parse(event.data)); };
  const message = (type, content, id) => ({
    header: {msg_id: id, username: 'probe', session: 'probe', msg_type: type, version: '5.3',
             date: new Date().toISOString()},
    parent_header: {}, metadata: {}, content, channel: 'shell', buffers: []});
  ws.send(JSON.stringify(message('kernel_info_request', {}, 'info-before')));
  ws.send(JSON.stringify(message('execute_request', {
    code: `open(${JSON.stringify(marker)}, 'w').write('executed')`, silent: false, store_history: false,
    user_expressions: {}, allow_stdin: false, stop_on_error: true}, 'probe-execute')));
  ws.send(JSON.stringify(message('kernel_info_request', {}, 'info-after')));
  const answered = () => seen.some(m => m.parent_header && m.parent_header.msg_id === 'info-after'
                                       && m.header.msg_type === 'kernel_info_reply');
  const deadline = Date.now() + 30000;
  while (!answered() && Date.now() < deadline) await new Promise(r => setTimeout(r, 50));
  ws.close();
  return seen.map(m => [m.parent_header ? m.parent_header.msg_id || null : null, m.header.msg_type]);
}"""


def cell_sources(notebook: str) -> list[str]:
    nb = nbformat.read(DASHBOARDS / notebook, as_version=4)
    return [line.strip() for cell in nb.cells if cell.cell_type == "code"
            for line in cell.source.splitlines() if line.strip()]


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_the_page_holds_no_notebook_code(voila_url, notebook):
    with urllib.request.urlopen(f"{voila_url}/voila/render/{notebook}", timeout=LOAD_TIMEOUT / 1000) as response:
        page = response.read().decode("utf-8")
    lines = cell_sources(notebook)
    assert lines, "the dashboard notebook has code cells"
    for line in lines:
        assert line not in page, f"notebook source {line!r} is in the page"
    assert "imt_roi.ui" not in page


def test_an_execute_request_over_the_kernel_websocket_is_refused(page, voila_server, tmp_path):
    page.goto(f"{voila_server.url}/voila/render/index.ipynb", timeout=LOAD_TIMEOUT)
    page.wait_for_selector("a.imt-app-link", timeout=LOAD_TIMEOUT)
    marker = tmp_path / f"executed-{uuid.uuid4().hex}"
    replies = page.evaluate(PROBE, {"marker": str(marker)})
    kinds = [tuple(r) for r in replies]
    # the socket works: both kernel_info requests were answered, in order
    assert ("info-before", "kernel_info_reply") in kinds
    assert ("info-after", "kernel_info_reply") in kinds
    # the execute request never reached the kernel: nothing answered it and the code did not run
    assert not [r for r in kinds if r[0] == "probe-execute"], kinds
    assert not marker.exists()
    assert 'Received message of type "execute_request", which is not allowed' in voila_server.log_text()


def test_the_landing_page_links_every_dashboard(page, voila_url):
    page.goto(f"{voila_url}/voila/render/index.ipynb", timeout=LOAD_TIMEOUT)
    links = page.locator("a.imt-app-link")
    links.first.wait_for(timeout=LOAD_TIMEOUT)
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs == ["sponsor_planner.ipynb", "intermediary_pitch.ipynb", "track_cohort.ipynb"]
    assert_no_error_text(page)
    page.locator('a.imt-app-link[data-dashboard="intermediary_pitch.ipynb"]').click()
    page.wait_for_selector('.imt-app.imt-pitch .imt-headline[data-metric="benefit_cost_ratio"]', timeout=LOAD_TIMEOUT)
    assert page.url.endswith("/voila/render/intermediary_pitch.ipynb")
