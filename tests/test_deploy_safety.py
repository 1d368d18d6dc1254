"""Putting the dashboards online safely: each visitor's work is bounded (a cap on kernels, a plain "busy" page
beyond it), the server answers only to its own host names (no DNS rebinding), binding another address warns,
and an upload too large or of another type is named in the page instead of failing silently."""

from __future__ import annotations

import asyncio
import http.client
import json
import re
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from dashboard_helpers import LOAD_TIMEOUT, UPDATE_TIMEOUT, assert_no_error_text, open_dashboard, status_kind, type_into
from serving import voila_running
from imt_roi import serve
from imt_roi.serve import BUSY_RETRY_AFTER, HostCheck, exposure_warning, fit_pools, upload_message_size
from imt_roi.ui.upload import limit_bytes, reported_refusal, size_text

PLANNER = "/voila/render/sponsor_planner.ipynb"
LANDING = "/voila/render/index.ipynb"
STATIC = "/voila/static/voila.js"


def visit(url: str, host: str | None = None) -> tuple[int, str, dict]:
    """GET ``url`` (with ``host`` as its Host header): status, body, headers."""
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read().decode("utf-8", "replace"), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace"), dict(exc.headers)


def leave(base: str, page: str) -> None:
    """Shut down the kernel a page was given (as the page does when its tab closes)."""
    kernel = re.search(r'"kernelId": *"([0-9a-f-]+)"', page)
    if kernel:
        request = urllib.request.Request(f"{base}/voila/api/shutdown/{kernel.group(1)}", data=b"", method="POST")
        urllib.request.urlopen(request, timeout=30).close()


def websocket_status(base: str, host: str) -> int:
    """The status of a websocket handshake for a kernel's channels, sent with ``host`` as the Host header."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", "/api/kernels/00000000-0000-0000-0000-000000000000/channels", headers={
        "Host": host, "Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="})
    status = connection.getresponse().status
    connection.close()
    return status


def kernel_processes(server) -> int:
    import psutil

    return sum("ipykernel_launcher" in " ".join(child.cmdline())
               for child in psutil.Process(server.process.pid).children(recursive=True))


# -- the rules, without a server ---------------------------------------------------------------------------------

def test_the_host_check_answers_loopback_the_bound_address_and_the_allowed_names_only():
    local = HostCheck("127.0.0.1")
    for host in ("127.0.0.1:8866", "localhost", "LOCALHOST:80", "[::1]:8866", "127.0.0.1"):
        assert local.allows(host), host
    for host in ("attacker.example", "attacker.example:8866", "127.0.0.1.attacker.example", "localhost.evil",
                 "192.168.1.5", ""):
        assert not local.allows(host), host
    proxied = HostCheck("127.0.0.1", ["imt.example.org"])
    assert proxied.allows("imt.example.org:443") and proxied.allows("IMT.example.org.")
    assert not proxied.allows("other.example.org")
    assert HostCheck("192.168.1.5").allows("192.168.1.5:8866")
    # on every address: any address (DNS rebinding needs a name), names only when allowed
    everywhere = HostCheck("0.0.0.0")
    assert everywhere.allows("10.1.2.3:8866") and everywhere.allows("[fe80::1]")
    assert not everywhere.allows("attacker.example")
    assert HostCheck("127.0.0.1", ["*"]).allows("attacker.example")


def test_binding_another_address_warns_at_start_and_says_what_to_do(monkeypatch, capsys):
    launched = []

    class Launcher:
        @staticmethod
        def launch_instance(argv, config):
            launched.append((argv, config))

    monkeypatch.setattr(serve, "_app_class", lambda: Launcher)
    serve.main(["--host", "0.0.0.0", "--port", "8999"])
    warning = capsys.readouterr().err
    assert "WARNING: listening on every address of this machine with no password" in warning
    for advice in ("--host 127.0.0.1", "reverse proxy with authentication", "--allowed-host NAME",
                   "Deploying safely", serve.DEPLOYING_DOCS):
        assert advice in warning
    assert "--Voila.ip=0.0.0.0" in launched[0][0]
    serve.main(["--port", "8999"])
    assert capsys.readouterr().err == ""  # loopback: nothing to warn about
    assert exposure_warning("localhost") is None and exposure_warning("[::1]") is None
    assert "around your reverse proxy" in exposure_warning("0.0.0.0", ["imt.example.org"])
    assert "DNS rebinding" in exposure_warning("127.0.0.1", ["*"])


def test_serve_help_says_another_host_exposes_the_dashboards(capsys):
    with pytest.raises(SystemExit):
        serve.main(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "exposes the dashboards, with no password" in text and "Deploying safely" in text
    for option in ("--max-kernels ", "--max-kernels-per-dashboard", "--allowed-host NAME"):
        assert option in text


def test_the_deploying_recipe_authenticates_limits_and_names_the_proxy():
    """The docs' recipe keeps its authentication, limits and --allowed-host, and its unit's command parses."""
    root = Path(__file__).resolve().parent.parent
    docs = (root / "docs" / "dashboards.md").read_text(encoding="utf-8")
    section = docs[docs.index("## Deploying safely"):]
    for part in ("auth_basic_user_file", "limit_req_zone", "limit_req zone=imt_pages", "limit_conn",
                 "proxy_set_header Host $host", "--allowed-host imt.example.org", "--max-kernels", "MemoryMax="):
        assert part in section, part
    command = re.search(r"^ExecStart=\S+ serve (.*)$", section, re.M).group(1).split()
    options = serve.build_parser().parse_args(command)
    assert options.host == "127.0.0.1" and options.allowed_host == ["imt.example.org"]
    assert exposure_warning(options.host, options.allowed_host) is None
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "## Deploying safely" in readme and "(docs/dashboards.md#deploying-safely)" in readme


def test_the_pools_fit_inside_the_kernel_caps():
    assert fit_pools({"a": 2, "b": 2, "c": 1}, 40, 30) == {"a": 2, "b": 2, "c": 1}
    assert fit_pools({"a": 5, "b": 2}, 40, 3) == {"a": 3, "b": 2}
    assert sum(fit_pools({"a": 2, "b": 2, "c": 1}, 3, 30).values()) == 3


def test_a_visitor_s_wait_for_its_page_starts_when_it_leaves_the_pool(monkeypatch, tmp_path):
    """--cull-unopened counts from a kernel's leaving its pool, not from its start: a preheated kernel that
    waited long in the pool is not shut down the moment a visitor takes it."""
    manager = serve._kernel_manager_class()(cull_unopened=10, root_dir=str(tmp_path))
    shut = []

    async def shutdown(kernel_id, *args, **kwargs):
        shut.append(kernel_id)
        manager.dashboard_of.pop(kernel_id)

    monkeypatch.setattr(manager, "shutdown_kernel", shutdown)
    clock = [1000.0]
    monkeypatch.setattr(serve.time, "monotonic", lambda: clock[0])

    async def rounds():
        manager.dashboard_of["k"] = "sponsor_planner.ipynb"
        await manager.cull_unopened_kernels()  # started, not yet in its pool
        ready = asyncio.get_running_loop().create_future()
        ready.set_result({"kernel_id": "k"})
        manager._pools = {"sponsor_planner.ipynb": [ready]}
        clock[0] += 600
        await manager.cull_unopened_kernels()  # waiting in the pool
        manager._pools["sponsor_planner.ipynb"].clear()  # a visitor takes it
        clock[0] += 5
        await manager.cull_unopened_kernels()
        assert shut == []
        clock[0] += 10
        await manager.cull_unopened_kernels()  # 10 s out of the pool and no page connected
        assert shut == ["k"]
        manager.dashboard_of["opened"] = "index.ipynb"
        manager.notify_connect("opened")
        clock[0] += 600
        await manager.cull_unopened_kernels()
        assert shut == ["k"]

    # In a thread of its own: the session's Playwright browser keeps an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, rounds()).result()


def test_the_kernel_websocket_takes_a_file_at_the_reader_s_limit():
    assert upload_message_size() >= 2 * limit_bytes()


def test_the_kernel_refuses_a_file_too_large_or_of_another_type_and_says_so():
    from imt_roi.ui.planner import SponsorPlanner

    app = SponsorPlanner()
    before = app.results["A"]
    size = limit_bytes() + 1
    app.load_upload([{"name": "plan.yaml", "content": memoryview(b"#" * size)}])
    assert 'data-kind="error"' in app.status.text and "plan.yaml not loaded" in app.status.text
    assert f"the largest file read here is {size_text(limit_bytes())}" in app.status.text
    app.load_upload([{"name": "plan.csv", "content": memoryview(b"name: x\n")}])
    assert "plan.csv</span>: is not a .yaml, .yml or .json file" in app.status.text
    assert app.results["A"] is before
    # the page's report of a file it stopped; anything else from the browser is ignored
    app.status.ok("Ready.")
    for junk in ("", "nonsense", json.dumps({"name": "x.yaml"}), json.dumps({"name": "x.yaml", "size": "big"}),
                 json.dumps({"name": "x.yaml", "size": 10}), "[" * 5000):
        app.file_upload.report.value = junk
        assert 'data-kind="ok"' in app.status.text, junk
    app.file_upload.report.value = json.dumps({"name": "huge.yaml", "size": 50_000_000, "at": 1})
    assert "huge.yaml</span>: is 50 MB; the largest file read here is" in app.status.text
    assert reported_refusal(json.dumps({"name": "<b>x</b>.txt", "size": 3})).field == "<b>x</b>.txt"


# -- a served dashboard ------------------------------------------------------------------------------------------

@pytest.mark.browser
def test_a_foreign_host_name_is_refused_on_every_route(voila_url):
    port = urlsplit(voila_url).port
    for path in ("/", LANDING, STATIC, "/voila/api/shutdown/00000000-0000-0000-0000-000000000000"):
        status, body, headers = visit(voila_url + path, host="attacker.example")
        assert status == 403, path
        assert body.count("\n") == 1 and "Traceback" not in body and headers["Content-Type"].startswith("text/plain")
    assert websocket_status(voila_url, "attacker.example") == 403
    assert websocket_status(voila_url, f"localhost:{port}") != 403
    assert visit(voila_url + STATIC, host=f"localhost:{port}")[0] == 200
    status, page, _ = visit(voila_url + LANDING, host=f"127.0.0.1:{port}")
    assert status == 200
    leave(voila_url, page)


@pytest.mark.browser
def test_a_full_server_turns_new_visitors_away_with_a_busy_page(tmp_path):
    """At most two kernels, a preheated one counted: two visitors get a page (the landing page through the
    proxy's name), a burst of others get the busy page, no kernel beyond two ever starts, and a visitor who
    leaves makes room again."""
    with voila_running(tmp_path / "voila.log", cwd=tmp_path, pools={"sponsor_planner.ipynb": 1}, ready=STATIC,
                       timeout=90, max_kernels=2, allowed_hosts=["imt.example.org"]) as server:
        first = visit(server.url + LANDING, host="imt.example.org:443")  # a kernel of its own
        second = visit(server.url + PLANNER)  # the preheated kernel
        assert first[0] == 200 and second[0] == 200, (first[0], second[0], server.log_text()[-2000:])
        with ThreadPoolExecutor(4) as pool:
            turned_away = list(pool.map(lambda path: visit(server.url + path), [PLANNER, PLANNER, PLANNER, LANDING]))
        for status, body, headers in turned_away:
            assert status == 503
            assert "The dashboards are busy" in body and "try again in a few minutes" in body
            assert "Traceback" not in body and "Error" not in body
            assert headers["Retry-After"] == str(BUSY_RETRY_AFTER)
        assert kernel_processes(server) <= 2
        assert visit(server.url + STATIC, host="attacker.example")[0] == 403
        leave(server.url, first[1])
        status, page, _ = visit(server.url + PLANNER)
        assert status == 200
        assert kernel_processes(server) <= 2
        log = server.log_text()
    assert "Not starting a kernel for sponsor_planner.ipynb" in log
    assert "Traceback" not in log


@pytest.mark.browser
def test_a_kernel_no_page_connects_to_is_shut_down_soon_and_an_opened_one_kept(tmp_path, browser):
    """A page fetched by a script holds its kernel for --cull-unopened seconds, not --cull-idle's half hour; a
    page opened in a browser keeps its kernel."""
    with voila_running(tmp_path / "voila.log", cwd=tmp_path, pools={"index.ipynb": 1}, ready=STATIC, timeout=90,
                       cull_unopened=15) as server:
        fetched = re.search(r'"kernelId": *"([0-9a-f-]+)"', visit(server.url + LANDING)[1]).group(1)
        page = browser.new_page()
        try:
            page.goto(server.url + LANDING, timeout=90_000)
            page.wait_for_selector("a.imt-app-link", timeout=90_000)
            opened = page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent)"
                                   ".kernelId")
            deadline = time.monotonic() + 60
            while f"Shutting down kernel {fetched}" not in server.log_text() and time.monotonic() < deadline:
                time.sleep(0.5)
            log = server.log_text()
            assert f"Shutting down kernel {fetched} (index.ipynb): no page connected to it in 15 s" in log
            assert f"Shutting down kernel {opened}" not in log
            assert page.locator("a.imt-app-link").count() > 0
        finally:
            page.close()


# -- uploads in the browser --------------------------------------------------------------------------------------

def choose(page, button: str, path) -> None:
    with page.expect_file_chooser(timeout=UPDATE_TIMEOUT) as chooser:
        page.locator(button).first.click()
    chooser.value.set_files(str(path))


def oversized(tmp_path) -> list[tuple]:
    """A file just over the reader's limit (3 MB at 2 MB) and one over the websocket's largest message (which
    would close the kernel's socket if it were sent), each with the message the page must show."""
    files = []
    for name, size in (("over-the-limit.yaml", limit_bytes() + 1_000_000),
                       ("far-over.yaml", max(12_000_000, upload_message_size() + 1_000_000))):
        path = tmp_path / name
        path.write_bytes(b"# " + b"x" * (size - 3) + b"\n")
        files.append((path, f"{name}: is {size_text(size)}; the largest file read here is {size_text(limit_bytes())}"))
    return files


@pytest.mark.browser
def test_the_planner_names_a_file_too_large_or_of_another_type_and_stays_usable(page, voila_url, tmp_path):
    open_dashboard(page, voila_url, "sponsor_planner.ipynb")
    error = page.locator('.imt-status .imt-message[data-kind="error"]')
    notes = tmp_path / "notes.txt"
    notes.write_text("name: not a plan\n", encoding="utf-8")
    for path, message in oversized(tmp_path) + [(notes, "notes.txt: is not a .yaml, .yml or .json file")]:
        choose(page, "button.imt-upload", path)
        expect(error).to_contain_text(message, timeout=UPDATE_TIMEOUT)
        expect(error).to_contain_text(f"{path.name} not loaded")
    type_into(page, ".imt-form-A .imt-input-wages-starting_wage", "19")
    expect(page.locator('.imt-status .imt-message[data-kind="ok"]')).to_contain_text("Scenario A updated",
                                                                                    timeout=UPDATE_TIMEOUT)
    assert_no_error_text(page)


@pytest.mark.browser
def test_the_pitch_names_a_benchmarks_file_too_large_and_stays_usable(page, voila_url, tmp_path):
    open_dashboard(page, voila_url, "intermediary_pitch.ipynb")
    for path, message in oversized(tmp_path):
        choose(page, "button.imt-bench-upload", path)
        expect(page.locator('.imt-status .imt-message[data-kind="error"]')).to_contain_text(message,
                                                                                           timeout=UPDATE_TIMEOUT)
    page.locator(".imt-prepare-downloads").first.click()
    expect(page.locator('.imt-status .imt-message[data-kind="ok"]')).to_contain_text("Downloads ready",
                                                                                    timeout=UPDATE_TIMEOUT)
    assert status_kind(page) == "ok"


@pytest.mark.browser
def test_the_tracker_names_records_too_large_or_of_another_type_and_stays_usable(page, voila_url, tmp_path):
    """The records button (several files, CSV or workbook) is stopped in the page by its own limit and types."""
    from imt_roi.ui.tracker import records_limit

    page.goto(f"{voila_url}/voila/render/track_cohort.ipynb", timeout=LOAD_TIMEOUT)
    page.locator(".imt-app.imt-tracker button.imt-try-example").wait_for(timeout=LOAD_TIMEOUT)
    error = page.locator('.imt-status .imt-message[data-kind="error"]')
    big = tmp_path / "big.csv"
    size = records_limit() + 1_000_000
    big.write_bytes(b"id\n" + b"x" * (size - 4) + b"\n")
    notes = tmp_path / "notes.txt"
    notes.write_text("id\n", encoding="utf-8")
    for path, message in ((big, f"big.csv: is {size_text(size)}; records of at most {size_text(records_limit())}"),
                          (notes, "notes.txt: is not a CSV file or an .xlsx workbook")):
        choose(page, "button.imt-records-upload", path)
        expect(error).to_contain_text(message, timeout=UPDATE_TIMEOUT)
        expect(error).to_contain_text("Records not loaded")
    page.locator("button.imt-try-example").first.click()
    expect(page.locator('.imt-status .imt-message[data-kind="ok"]')).to_contain_text("SYNTHETIC example loaded",
                                                                                    timeout=UPDATE_TIMEOUT)
    assert_no_error_text(page)
