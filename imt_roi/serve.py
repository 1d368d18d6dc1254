"""Serve the dashboards with Voila: ``imt-roi serve [--port N] [--host H]`` (or ``python -m imt_roi.serve``).

One place for the server's settings, used by ``./run.sh serve``, an installed
``imt-roi serve`` and the browser tests. The dashboards ship inside the
package (``imt_roi/dashboards``), so serving works from any folder.

- The root URL (and the base URL) redirects to the landing page.
- Kernels are preheated: each dashboard keeps a pool of kernels that have
  already run it (``--pool-planner``, ``--pool-pitch``, ``--pool-index``), so a
  new visitor gets a page without waiting for a kernel to start and import.
- A closed tab shuts its kernel down (Voila's page does it on unload); a
  kernel whose page stopped talking to it is culled after ``--cull-idle``
  seconds (default 1,800: half an hour).
- Loopback only by default, the lab template, sources stripped, tracebacks off.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DASHBOARDS = Path(__file__).resolve().parent / "dashboards"
LANDING = "index.ipynb"
DEFAULT_PORT = 8866
DEFAULT_HOST = "127.0.0.1"
#: Preheated kernels kept ready per dashboard (each holds about 150-200 MB).
DEFAULT_POOLS = {"index.ipynb": 1, "sponsor_planner.ipynb": 2, "intermediary_pitch.ipynb": 2}
#: Seconds after which a kernel with no page talking to it is shut down, and how often to look.
DEFAULT_CULL_IDLE = 1800
CULL_INTERVAL = 60
#: Seconds between a visitor taking a preheated kernel and the pool starting its replacement.
REFILL_DELAY = 2.0


def voila_argv(port: int = DEFAULT_PORT, host: str = DEFAULT_HOST, base_url: str = "/",
               root: Path = DASHBOARDS) -> list[str]:
    """Voila's own command-line arguments for serving ``root``."""
    return [
        str(root), "--no-browser", f"--port={port}", f"--Voila.ip={host}", f"--Voila.base_url={base_url}",
        "--template=lab", "--strip_sources=True", "--show_tracebacks=False", "--Voila.port_retries=0",
    ]


def voila_config(pools: dict[str, int] | None = None, cull_idle: int = DEFAULT_CULL_IDLE):
    """The traitlets configuration: preheated kernel pools and idle-kernel culling."""
    from traitlets.config import Config

    pools = DEFAULT_POOLS if pools is None else pools
    config = Config()
    config.VoilaConfiguration.preheat_kernel = any(n > 0 for n in pools.values())
    config.VoilaConfiguration.default_pool_size = 0
    config.VoilaKernelManager.kernel_pools_config = {
        "default": {"pool_size": 0}, **{name: {"pool_size": int(n)} for name, n in pools.items()}}
    # Refill a pool some seconds after a visitor took a kernel, not while their page is loading.
    config.VoilaKernelManager.fill_delay = REFILL_DELAY
    config.MappingKernelManager.cull_idle_timeout = int(cull_idle)
    config.MappingKernelManager.cull_interval = CULL_INTERVAL
    config.MappingKernelManager.cull_connected = False  # a page still open keeps its kernel
    return config


def landing_path(base_url: str = "/") -> str:
    return base_url.rstrip("/") + "/voila/render/" + LANDING


def voila_command(port: int = DEFAULT_PORT, host: str = DEFAULT_HOST, pools: dict[str, int] | None = None,
                  cull_idle: int = DEFAULT_CULL_IDLE, base_url: str = "/") -> list[str]:
    """The command line that serves the dashboards (for tests and benchmarks that start a server)."""
    pools = DEFAULT_POOLS if pools is None else pools
    return [sys.executable, "-m", "imt_roi.serve", f"--port={port}", f"--host={host}", f"--base-url={base_url}",
            f"--cull-idle={cull_idle}", f"--pool-index={pools.get('index.ipynb', 0)}",
            f"--pool-planner={pools.get('sponsor_planner.ipynb', 0)}",
            f"--pool-pitch={pools.get('intermediary_pitch.ipynb', 0)}"]


def _app_class():
    import tornado.web
    from voila.app import Voila
    from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler

    class ShutdownOnClose(VoilaShutdownKernelHandler):
        """The page's shutdown call on closing a tab. Voila's page posts it without an XSRF token, so the
        check would refuse it (403) and leave the kernel running; it only ends the caller's own kernel."""

        def check_xsrf_cookie(self):
            return None

    class ImtVoila(Voila):
        """Voila whose root URL is the landing page, and whose closed tabs free their kernels."""

        def init_handlers(self):
            handlers = [(h[0], ShutdownOnClose, *h[2:]) if len(h) > 1 and h[1] is VoilaShutdownKernelHandler
                        else h for h in super().init_handlers()]
            target = landing_path(self.base_url)
            roots = {self.base_url, self.base_url.rstrip("/") or "/"}
            return [(root, tornado.web.RedirectHandler, {"url": target}) for root in roots] + handlers

    return ImtVoila


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="imt-roi serve", description="Serve the imt-roi dashboards with Voila.")
    add_serve_args(parser)
    return parser


def add_serve_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"address to listen on (default {DEFAULT_HOST}: this machine only; 0.0.0.0 for all)")
    parser.add_argument("--base-url", default="/", help="URL prefix behind a reverse proxy, e.g. /imt/ (default /)")
    parser.add_argument("--cull-idle", type=int, default=DEFAULT_CULL_IDLE,
                        help=f"seconds before a kernel no page talks to is shut down (default {DEFAULT_CULL_IDLE})")
    for key, name in (("index", "index.ipynb"), ("planner", "sponsor_planner.ipynb"),
                      ("pitch", "intermediary_pitch.ipynb")):
        parser.add_argument(f"--pool-{key}", type=int, default=DEFAULT_POOLS[name],
                            help=f"preheated kernels kept ready for {name} (default {DEFAULT_POOLS[name]})")


def serve(args: argparse.Namespace) -> None:
    """Start Voila with the dashboards (blocks until stopped)."""
    base_url = "/" + args.base_url.strip("/") + "/" if args.base_url.strip("/") else "/"
    pools = {"index.ipynb": max(args.pool_index, 0), "sponsor_planner.ipynb": max(args.pool_planner, 0),
             "intermediary_pitch.ipynb": max(args.pool_pitch, 0)}
    shown = "127.0.0.1" if args.host in ("0.0.0.0", "") else args.host
    print(f"Serving the imt-roi dashboards: open http://{shown}:{args.port}{base_url} "
          f"(the landing page, {landing_path(base_url)})", flush=True)
    _app_class().launch_instance(argv=voila_argv(args.port, args.host, base_url),
                                 config=voila_config(pools, args.cull_idle))


def main(argv: list[str] | None = None) -> None:
    serve(build_parser().parse_args(argv))


if __name__ == "__main__":
    main()
