"""One way to run ``imt-roi serve`` for the tests and the benchmarks: a free loopback port, a log file, a wait
until it answers, and a stop that always happens."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

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
    process: subprocess.Popen

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def voila_running(log: Path, cwd: Path | None = None, pools: dict[str, int] | None = None,
                  ready: str = "/", timeout: float = 180.0, env: dict | None = None,
                  **options) -> Iterator[VoilaServer]:
    """``imt-roi serve``'s Voila on a free port, logging to ``log``; yields once ``ready`` answers, stops it
    on the way out (printing the log's tail if it died). ``env``: the server's environment (default ours);
    ``options``: more of :func:`imt_roi.serve.voila_command`'s arguments (``max_kernels``, ``allowed_hosts``)."""
    port = free_port()
    with open(log, "w") as handle:
        process = subprocess.Popen(voila_command(port, pools=pools, **options), stdout=handle,
                                   stderr=subprocess.STDOUT, cwd=cwd, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(url + ready, timeout=timeout)
        yield VoilaServer(url, log, process)
    finally:
        stop(process)
        if process.returncode not in (0, -15, None):
            print(log.read_text(errors="replace")[-3000:])
