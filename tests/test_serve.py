"""Serving: the dashboards ship inside the package, the root URL is the landing page, a closed tab frees its
kernel, and an installed wheel serves from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

from serving import voila_running
from imt_roi.serve import DASHBOARDS

ROOT = Path(__file__).resolve().parent.parent


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _status(url: str, method: str = "GET") -> tuple[int, str]:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, method=method, data=b"" if method == "POST" else None),
                         timeout=30) as response:
            return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Location", "")


def test_the_dashboards_are_package_data():
    names = sorted(p.name for p in DASHBOARDS.glob("*.ipynb"))
    assert names == ["index.ipynb", "intermediary_pitch.ipynb", "sponsor_planner.ipynb", "track_cohort.ipynb"]
    assert DASHBOARDS.parent.name == "imt_roi"


@pytest.mark.browser
def test_root_url_redirects_to_the_landing_page_and_a_closed_tab_can_free_its_kernel(voila_url):
    status, location = _status(voila_url + "/")
    assert status in (301, 302) and location.endswith("/voila/render/index.ipynb")
    assert _status(voila_url + "/voila/render/index.ipynb")[0] == 200
    # the page posts this on unload without an XSRF token: it must not be refused (a 403 left kernels running)
    assert _status(voila_url + "/voila/api/shutdown/00000000-0000-0000-0000-000000000000", "POST")[0] != 403


@pytest.mark.browser
def test_an_installed_wheel_serves_from_any_folder(tmp_path):
    """Build the wheel, install it into a folder of its own and serve from elsewhere: no dashboards/ around."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(wheels), str(ROOT)], check=True, timeout=600)
    wheel = next(wheels.glob("imt_roi-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        shipped = set(zf.namelist())
    assert {"imt_roi/dashboards/index.ipynb", "imt_roi/dashboards/sponsor_planner.ipynb",
            "imt_roi/dashboards/intermediary_pitch.ipynb", "imt_roi/presets/imt-default.yaml"} <= shipped
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, timeout=600)
    env = {**os.environ, "PYTHONPATH": str(target)}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with voila_running(tmp_path / "voila.log", cwd=elsewhere, pools={"index.ipynb": 0},
                       ready="/voila/render/index.ipynb", timeout=90, env=env) as server:
        status, location = _status(f"{server.url}/")
        assert status in (301, 302) and location.endswith("/voila/render/index.ipynb")
        assert _status(f"{server.url}/voila/render/sponsor_planner.ipynb")[0] == 200
    served_from = subprocess.run([sys.executable, "-c", "import imt_roi.serve as s; print(s.DASHBOARDS)"],
                                 cwd=elsewhere, env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert served_from.startswith(str(target))


def test_serve_help_names_its_options():
    out = subprocess.run([sys.executable, "-m", "imt_roi.cli", "serve", "--help"], capture_output=True, text=True,
                         check=True).stdout
    for option in ("--port", "--host", "--base-url", "--cull-idle", "--pool-planner", "--max-kernels",
                   "--max-kernels-per-dashboard", "--allowed-host"):
        assert option in out
