"""Putting the dashboards online safely: each visitor's work is bounded (a cap on kernels, a plain "busy" page
beyond it), the server answers only to its own host names (no DNS rebinding), and binding another address
warns."""

from __future__ import annotations

import http.client
import re
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from serving import voila_running
from imt_roi import serve
from imt_roi.serve import BUSY_RETRY_AFTER, HostCheck, exposure_warning, fit_pools, upload_message_size
from imt_roi.reading import MAX_FILE_BYTES

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


def test_the_pools_fit_inside_the_kernel_caps():
    assert fit_pools({"a": 2, "b": 2, "c": 1}, 40, 30) == {"a": 2, "b": 2, "c": 1}
    assert fit_pools({"a": 5, "b": 2}, 40, 3) == {"a": 3, "b": 2}
    assert sum(fit_pools({"a": 2, "b": 2, "c": 1}, 3, 30).values()) == 3


def test_the_kernel_websocket_takes_a_file_at_the_reader_s_limit():
    assert upload_message_size() >= 2 * MAX_FILE_BYTES


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
    """At most two kernels, a preheated one counted: two visitors get a page (one through the proxy's name),
    a burst of others and the landing page get the busy page, no kernel beyond two ever starts, and a visitor
    who leaves makes room again."""
    with voila_running(tmp_path / "voila.log", cwd=tmp_path, pools={"sponsor_planner.ipynb": 1}, ready=STATIC,
                       timeout=90, max_kernels=2, allowed_hosts=["imt.example.org"]) as server:
        first = visit(server.url + PLANNER)
        second = visit(server.url + PLANNER, host="imt.example.org:443")
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
