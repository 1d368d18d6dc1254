"""Serve the dashboards with Voila: ``python -m imt_roi.serve [--port N]``.

One place for the server's settings, used by ``./run.sh serve`` and by the
browser tests: loopback only, the lab template, sources stripped, tracebacks off.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DASHBOARDS = Path(__file__).resolve().parent.parent / "dashboards"
DEFAULT_PORT = 8866


def voila_command(port: int = DEFAULT_PORT, root: Path = DASHBOARDS) -> list[str]:
    """The Voila command line that serves ``root`` on 127.0.0.1:``port``."""
    return [
        sys.executable, "-m", "voila", str(root),
        "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
        "--template=lab", "--strip_sources=True", "--show_tracebacks=False",
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args(argv)
    command = voila_command(args.port)
    print(f"Serving the imt-roi dashboards: open http://127.0.0.1:{args.port}/voila/render/index.ipynb", flush=True)
    os.execv(command[0], command)


if __name__ == "__main__":
    main()
