"""Serve the dashboards with Voila: ``imt-roi serve [--port N] [--host H]`` (or ``python -m imt_roi.serve``).

One place for the server's settings, used by ``./run.sh serve``, an installed
``imt-roi serve`` and the browser tests. The dashboards ship inside the
package (``imt_roi/dashboards``), so serving works from any folder.

- The root URL (and the base URL) redirects to the landing page.
- Kernels are preheated: each dashboard keeps a pool of kernels that have
  already run it (``--pool-planner``, ``--pool-pitch``, ``--pool-tracker``, ``--pool-index``), so a
  new visitor gets a page without waiting for a kernel to start and import.
- A closed tab shuts its kernel down (Voila's page does it on unload); a
  kernel whose page stopped talking to it is culled after ``--cull-idle``
  seconds (default 1,800: half an hour), and one no page ever connected to (the
  page was fetched by a script, not opened in a browser) after
  ``--cull-unopened`` seconds (default 120).
- Bounded work: at most ``--max-kernels`` kernels in all and ``--max-kernels-per-dashboard`` per dashboard,
  preheated ones counted. A visitor who would need one more gets a plain "busy" page (HTTP 503), not a kernel.
- The Host header is checked on every request (pages, static files, websockets): loopback names, the bound
  address and the names given with ``--allowed-host`` (a reverse proxy's public name); any other name gets a
  403, so a web page elsewhere cannot reach a server on this machine through DNS rebinding.
- Loopback only by default, the lab template, sources stripped, tracebacks off; binding another address
  prints a warning (there is no password: put a proxy with authentication in front, see "Deploying safely"
  in docs/dashboards.md).
"""

from __future__ import annotations

import argparse
import functools
import ipaddress
import sys
import time
from collections import Counter
from pathlib import Path

DASHBOARDS = Path(__file__).resolve().parent / "dashboards"
LANDING = "index.ipynb"
DEFAULT_PORT = 8866
DEFAULT_HOST = "127.0.0.1"
#: Preheated kernels kept ready per dashboard (each holds about 150-200 MB).
DEFAULT_POOLS = {"index.ipynb": 1, "sponsor_planner.ipynb": 2, "intermediary_pitch.ipynb": 2, "track_cohort.ipynb": 1}
#: The ``--pool-KEY`` option of each dashboard.
POOL_OPTIONS = (("index", "index.ipynb"), ("planner", "sponsor_planner.ipynb"), ("pitch", "intermediary_pitch.ipynb"),
                ("tracker", "track_cohort.ipynb"))
#: Seconds after which a kernel with no page talking to it is shut down, and how often to look.
DEFAULT_CULL_IDLE = 1800
CULL_INTERVAL = 60
#: Seconds between a visitor taking a preheated kernel and the pool starting its replacement.
REFILL_DELAY = 2.0
#: Seconds a visitor's kernel may wait for its page to connect to it (a browser does within seconds; a
#: script or a link preview that only fetched the page never does) before it is shut down.
DEFAULT_CULL_UNOPENED = 120
#: Kernels at most, in all and per dashboard, preheated ones counted. A kernel holds about 150 MB (resident)
#: once its page is open and up to about 200 MB after edits and downloads (measured, docs/dashboards.md): 40 hold
#: at most 8 GB, a third of a 24 GB machine, and 20 open sessions already keep 2 cores busy. The per-dashboard
#: cap keeps a flood of one dashboard from taking every place.
DEFAULT_MAX_KERNELS = 40
DEFAULT_MAX_PER_DASHBOARD = 30
#: Seconds a visitor refused for want of a kernel is asked to wait (the busy page's Retry-After).
BUSY_RETRY_AFTER = 120
#: Host names always served: this machine's loopback names.
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
#: Bind addresses that listen on every interface.
WILDCARD_HOSTS = ("0.0.0.0", "::", "")
#: Where the docs say how to put the dashboards online (printed by --help and the start-up warning).
DEPLOYING_DOCS = "docs/dashboards.md"
#: The kernel's environment variable naming the dashboard a preheated kernel is for (counted per dashboard).
DASHBOARD_ENV = "IMT_ROI_DASHBOARD"

BUSY_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>The dashboards are busy</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto; padding: 0 1em; line-height: 1.5">
<h1>The dashboards are busy</h1>
<p>The dashboards are busy: every place on this server is taken by other visitors.
Please try again in a few minutes.</p>
<p><a href="">Try again</a></p>
</body></html>
"""
WRONG_HOST = "403 Forbidden: this server does not answer to that host name.\n"


class KernelCapReached(RuntimeError):
    """A kernel was asked for while the server holds its most (``--max-kernels``, or per dashboard)."""


def host_name(host: str) -> str:
    """The name in a Host header or a --host/--allowed-host value: lower case, no port, no brackets."""
    name = host.strip().lower()
    if name.startswith("["):  # [::1] or [::1]:8866
        return name[1:].split("]", 1)[0]
    if name.count(":") == 1:  # name:port (an IPv6 address without brackets has several colons)
        name = name.split(":", 1)[0]
    return name.rstrip(".")


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class HostCheck:
    """Which Host headers the server answers: the loopback names, the bound address (on an address of every
    interface, any IP address: a Host that is an address cannot come from DNS rebinding, which needs a name
    that the attacker's DNS server answers) and the ``--allowed-host`` names; ``*`` switches the check off."""

    def __init__(self, bind_host: str = DEFAULT_HOST, allowed: list[str] | tuple[str, ...] = ()):
        self.any = "*" in allowed
        self.wildcard = host_name(bind_host) in WILDCARD_HOSTS
        self.names = {*LOOPBACK_NAMES, *(host_name(a) for a in allowed if a != "*")}
        if not self.wildcard:
            self.names.add(host_name(bind_host))

    def allows(self, host_header: str) -> bool:
        if self.any:
            return True
        name = host_name(host_header)
        if name in self.names:
            return True
        if _is_ip(name):
            return self.wildcard or ipaddress.ip_address(name).is_loopback
        return False


def is_loopback(host: str) -> bool:
    name = host_name(host)
    return name == "localhost" or (_is_ip(name) and ipaddress.ip_address(name).is_loopback)


def exposure_warning(host: str, allowed: list[str] | tuple[str, ...] = ()) -> str | None:
    """The warning printed at start when the dashboards can be reached from other machines, or None."""
    lines = []
    if not is_loopback(host):
        where = "every address of this machine" if host_name(host) in WILDCARD_HOSTS else host
        if [a for a in allowed if a != "*"]:
            lines.append(f"WARNING: listening on {where}: the port can be reached directly, around your reverse "
                         "proxy and its authentication. If the proxy runs on this machine, use --host 127.0.0.1; "
                         "otherwise let only the proxy reach the port (a firewall rule).")
        else:
            lines.append(f"WARNING: listening on {where} with no password: anyone who can reach the port can "
                         "open the dashboards, and every visitor starts a kernel (about 150-200 MB each). To put "
                         "the dashboards online, keep --host 127.0.0.1 and serve them through a reverse proxy "
                         "with authentication and rate limits, passing its public name with --allowed-host NAME.")
    if "*" in allowed:
        lines.append("WARNING: --allowed-host '*': the Host header is not checked, so a web page elsewhere can "
                     "reach this server through DNS rebinding. Name the proxy's host instead.")
    if not lines:
        return None
    return "\n".join(lines + [f"See 'Deploying safely' ({DEPLOYING_DOCS})."])


def voila_argv(port: int = DEFAULT_PORT, host: str = DEFAULT_HOST, base_url: str = "/",
               root: Path = DASHBOARDS) -> list[str]:
    """Voila's own command-line arguments for serving ``root``."""
    return [
        str(root), "--no-browser", f"--port={port}", f"--Voila.ip={host}", f"--Voila.base_url={base_url}",
        "--template=lab", "--strip_sources=True", "--show_tracebacks=False", "--Voila.port_retries=0",
    ]


def upload_message_size() -> int:
    """The kernel websocket's largest message: room for an upload at the reader's limit (and tornado's 10 MiB
    default at least), so a file near the limit reaches the kernel, which names it if it is too large."""
    from .reading import MAX_FILE_BYTES

    return max(10 * 1024 * 1024, 2 * MAX_FILE_BYTES + 1024 * 1024)


def voila_config(pools: dict[str, int] | None = None, cull_idle: int = DEFAULT_CULL_IDLE,
                 max_kernels: int = DEFAULT_MAX_KERNELS, max_per_dashboard: int = DEFAULT_MAX_PER_DASHBOARD,
                 allowed_hosts: list[str] | tuple[str, ...] = (), cull_unopened: int = DEFAULT_CULL_UNOPENED):
    """The traitlets configuration: preheated kernel pools, kernel caps, culling, allowed hosts."""
    from traitlets.config import Config

    pools = DEFAULT_POOLS if pools is None else pools
    config = Config()
    config.VoilaConfiguration.preheat_kernel = any(n > 0 for n in pools.values())
    config.VoilaConfiguration.default_pool_size = 0
    config.VoilaConfiguration.multi_kernel_manager_class = _kernel_manager_class()
    config.VoilaKernelManager.kernel_pools_config = {
        "default": {"pool_size": 0},
        **{name: {"pool_size": int(n), "kernel_env_variables": {DASHBOARD_ENV: name}} for name, n in pools.items()}}
    # Refill a pool some seconds after a visitor took a kernel, not while their page is loading.
    config.VoilaKernelManager.fill_delay = REFILL_DELAY
    config.CappedKernelManager.max_kernels = int(max_kernels)
    config.CappedKernelManager.max_kernels_per_dashboard = int(max_per_dashboard)
    config.CappedKernelManager.cull_unopened = int(cull_unopened)
    config.MappingKernelManager.cull_idle_timeout = int(cull_idle)
    config.MappingKernelManager.cull_interval = CULL_INTERVAL
    config.MappingKernelManager.cull_connected = False  # a page still open keeps its kernel
    config.Voila.tornado_settings = {"websocket_max_message_size": upload_message_size()}
    config.ImtVoila.allowed_hosts = list(allowed_hosts)
    return config


def landing_path(base_url: str = "/") -> str:
    return base_url.rstrip("/") + "/voila/render/" + LANDING


def voila_command(port: int = DEFAULT_PORT, host: str = DEFAULT_HOST, pools: dict[str, int] | None = None,
                  cull_idle: int = DEFAULT_CULL_IDLE, base_url: str = "/", max_kernels: int = DEFAULT_MAX_KERNELS,
                  max_per_dashboard: int = DEFAULT_MAX_PER_DASHBOARD,
                  allowed_hosts: list[str] | tuple[str, ...] = (),
                  cull_unopened: int = DEFAULT_CULL_UNOPENED) -> list[str]:
    """The command line that serves the dashboards (for tests and benchmarks that start a server)."""
    pools = DEFAULT_POOLS if pools is None else pools
    return [sys.executable, "-m", "imt_roi.serve", f"--port={port}", f"--host={host}", f"--base-url={base_url}",
            f"--cull-idle={cull_idle}", *(f"--pool-{key}={pools.get(name, 0)}" for key, name in POOL_OPTIONS),
            f"--max-kernels={max_kernels}",
            f"--max-kernels-per-dashboard={max_per_dashboard}", f"--cull-unopened={cull_unopened}",
            *(f"--allowed-host={h}" for h in allowed_hosts)]


def fit_pools(pools: dict[str, int], max_kernels: int, max_per_dashboard: int) -> dict[str, int]:
    """Pool sizes within the caps: at most ``max_per_dashboard`` each and ``max_kernels`` in all (the larger
    pools give way first), so preheating never takes the place a visitor's kernel needs beyond that."""
    fitted = {name: max(0, min(n, max_per_dashboard)) for name, n in pools.items()}
    while sum(fitted.values()) > max_kernels:
        largest = max(fitted, key=lambda name: fitted[name])
        fitted[largest] -= 1
    return fitted


@functools.cache
def _kernel_manager_class():
    """Jupyter's kernel manager with kernel caps. Voila builds its preheating manager on top of it
    (``VoilaConfiguration.multi_kernel_manager_class``), so every kernel start comes here: a visitor's
    (the request's path names the dashboard) and a pool's (its environment does, DASHBOARD_ENV)."""
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
    from traitlets import Integer
    from voila.utils import ENV_VARIABLE

    class CappedKernelManager(AsyncMappingKernelManager):
        max_kernels = Integer(DEFAULT_MAX_KERNELS, config=True, help="Kernels at most, preheated ones counted.")
        max_kernels_per_dashboard = Integer(DEFAULT_MAX_PER_DASHBOARD, config=True,
                                            help="Kernels at most for one dashboard, preheated ones counted.")
        cull_unopened = Integer(DEFAULT_CULL_UNOPENED, config=True,
                                help="Seconds before a kernel no page ever connected to is shut down (0: never).")

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.dashboard_of: dict[str, str] = {}  # running kernel id -> dashboard
            self.starting: Counter = Counter()  # dashboard -> kernels being started
            self.stopping = False
            self.opened: set[str] = set()  # kernels a page has connected to
            self.unopened_since: dict[str, float] = {}  # a visitor's kernel no page has connected to yet
            self.unopened_culler = None

        def kernels(self, dashboard: str | None = None) -> int:
            """Kernels running or starting (for ``dashboard``, or in all)."""
            for kernel_id in [k for k in self.dashboard_of if k not in self]:
                del self.dashboard_of[kernel_id]  # gone without a shutdown through here
            if dashboard is None:
                return len(self.dashboard_of) + sum(self.starting.values())
            return sum(d == dashboard for d in self.dashboard_of.values()) + self.starting[dashboard]

        def room(self, dashboard: str) -> int:
            return max(0, min(self.max_kernels - self.kernels(), self.max_kernels_per_dashboard
                              - self.kernels(dashboard)))

        async def start_kernel(self, *args, **kwargs):
            env = kwargs.get("env") or {}
            dashboard = env.get(DASHBOARD_ENV) or str(env.get(ENV_VARIABLE.SCRIPT_NAME, "")).split(
                "/voila/render/", 1)[-1] or "(unknown)"
            # Checked and counted before the first await: requests arriving together cannot all pass.
            if not self.room(dashboard):
                self.log.warning("Not starting a kernel for %s: %d kernels running or starting (at most %d, "
                                 "%d per dashboard)", dashboard, self.kernels(), self.max_kernels,
                                 self.max_kernels_per_dashboard)
                raise KernelCapReached(dashboard)
            self.starting[dashboard] += 1
            try:
                kernel_id = await super().start_kernel(*args, **kwargs)
            finally:
                self.starting[dashboard] -= 1
            self.dashboard_of[kernel_id] = dashboard
            self.start_unopened_culler()
            return kernel_id

        def notify_connect(self, kernel_id):
            self.opened.add(kernel_id)
            self.unopened_since.pop(kernel_id, None)
            return super().notify_connect(kernel_id)

        def start_unopened_culler(self) -> None:
            if self.unopened_culler is None and self.cull_unopened > 0:
                from tornado.ioloop import PeriodicCallback

                every = max(1, min(15, self.cull_unopened // 4))
                self.unopened_culler = PeriodicCallback(self.cull_unopened_kernels, 1000 * every)
                self.unopened_culler.start()

        def pooled(self) -> set[str]:
            """Kernels waiting in a pool for a visitor."""
            ids = set()
            for pool in getattr(self, "_pools", {}).values():
                for task in pool:
                    if task.done() and not task.cancelled() and task.exception() is None:
                        ids.add(task.result()["kernel_id"])
            return ids

        async def cull_unopened_kernels(self) -> None:
            """Shut down the visitors' kernels that no page connected to within ``cull_unopened`` seconds of
            their first being seen out of a pool: the page was fetched, not opened in a browser."""
            if self.stopping:
                return
            now, pooled = time.monotonic(), self.pooled()
            for kernel_id in [k for k in self.unopened_since if k not in self.dashboard_of]:
                del self.unopened_since[kernel_id]
            for kernel_id, dashboard in list(self.dashboard_of.items()):
                if kernel_id in self.opened or kernel_id in pooled:
                    self.unopened_since.pop(kernel_id, None)  # a visitor's wait starts when it leaves the pool
                    continue
                since = self.unopened_since.setdefault(kernel_id, now)
                if now - since >= self.cull_unopened and kernel_id in self.dashboard_of:
                    self.log.info("Shutting down kernel %s (%s): no page connected to it in %d s", kernel_id,
                                  dashboard, self.cull_unopened)
                    try:
                        await self.shutdown_kernel(kernel_id)
                    except Exception:  # noqa: BLE001 - gone meanwhile; the next round looks again
                        self.log.debug("could not shut down kernel %s", kernel_id, exc_info=True)

        async def shutdown_kernel(self, kernel_id, *args, **kwargs):
            try:
                return await super().shutdown_kernel(kernel_id, *args, **kwargs)
            finally:
                self.dashboard_of.pop(kernel_id, None)
                self.unopened_since.pop(kernel_id, None)
                self.opened.discard(kernel_id)
                if not self.stopping:
                    self.refill_pools()

        async def shutdown_all(self, *args, **kwargs):
            self.stopping = True
            if self.unopened_culler is not None:
                self.unopened_culler.stop()
            return await super().shutdown_all(*args, **kwargs)

        def drop_failed(self, dashboard: str) -> None:
            """Forget the preheated kernels of ``dashboard`` that could not start (the cap was reached when
            the pool refilled), so a visitor is not handed one."""
            pool = getattr(self, "_pools", {}).get(dashboard, [])
            for task in list(pool):
                if task.done() and (task.cancelled() or task.exception() is not None):
                    pool.remove(task)

        def refill_pools(self) -> None:
            """Top the pools up as far as the caps allow (a kernel was shut down, making room). Voila refills
            a pool only when a visitor takes a kernel from it, so a pool emptied at the cap would stay empty."""
            pools = getattr(self, "_pools", None)
            if pools is None:
                return  # no preheating
            for dashboard, conf in self.kernel_pools_config.items():
                size = conf.get("pool_size", 0)
                if dashboard == "default" or not size:
                    continue
                self.drop_failed(dashboard)
                have = len(pools.get(dashboard, []))
                adding = min(size - have, self.room(dashboard))
                if adding <= 0:
                    continue
                conf["pool_size"] = have + adding  # fill_if_needed fills up to the configured size
                try:
                    self.fill_if_needed(notebook_name=dashboard)
                finally:
                    conf["pool_size"] = size

    return CappedKernelManager


def _app_class():
    import tornado.web
    from tornado.routing import Matcher, Rule
    from traitlets import List, Unicode
    from voila.app import Voila
    from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
    from voila.tornado.handler import TornadoVoilaHandler

    class ShutdownOnClose(VoilaShutdownKernelHandler):
        """The page's shutdown call on closing a tab. Voila's page posts it without an XSRF token, so the
        check would refuse it (403) and leave the kernel running; it only ends the caller's own kernel."""

        def check_xsrf_cookie(self):
            return None

    class BusyWhenFull(TornadoVoilaHandler):
        """A dashboard page, or the plain busy page (503) when no kernel may start for it."""

        async def get(self, path=None):
            if path and hasattr(self.kernel_manager, "drop_failed"):
                self.kernel_manager.drop_failed(path)
            try:
                await super().get(path)
            except KernelCapReached:
                if self._headers_written:
                    raise
                self.clear()
                self.set_status(503)
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.set_header("Retry-After", str(BUSY_RETRY_AFTER))
                self.set_header("Cache-Control", "no-store")
                self.finish(BUSY_PAGE)

    class WrongHost(tornado.web.RequestHandler):
        """Every request whose Host header the server does not answer to: 403, one plain line."""

        SUPPORTED_METHODS = ("GET", "HEAD", "POST", "DELETE", "PATCH", "PUT", "OPTIONS")
        seen: set[str] = set()

        def prepare(self):
            name = host_name(self.request.host)[:100]
            if name not in self.seen and len(self.seen) < 100:  # one log line per name, not per request
                self.seen.add(name)
                tornado.web.app_log.warning("Refusing requests for host %r: not this server's name (allow it "
                                            "with --allowed-host)", name)
            self.set_status(403)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(WRONG_HOST)

    class HostNotAllowed(Matcher):
        def __init__(self, check: HostCheck):
            self.check = check

        def match(self, request):
            return None if self.check.allows(request.host) else {}

    class ImtVoila(Voila):
        """Voila whose root URL is the landing page, whose closed tabs free their kernels, which starts no
        kernel beyond its caps and answers only to its own host names."""

        allowed_hosts = List(Unicode(), config=True, help="Host names served besides loopback and the bound address")

        def init_handlers(self):
            swap = {VoilaShutdownKernelHandler: ShutdownOnClose, TornadoVoilaHandler: BusyWhenFull}
            handlers = [(h[0], swap.get(h[1], h[1]), *h[2:]) if len(h) > 1 else h for h in super().init_handlers()]
            target = landing_path(self.base_url)
            roots = {self.base_url, self.base_url.rstrip("/") or "/"}
            return [(root, tornado.web.RedirectHandler, {"url": target}) for root in roots] + handlers

        def listen(self):
            # The app is built: the first rule of all answers a request for a foreign host name, whatever its
            # path (pages, static files, the kernels' websockets).
            self.app.default_router.rules.insert(0, Rule(HostNotAllowed(HostCheck(self.ip, self.allowed_hosts)),
                                                         WrongHost))
            super().listen()

    return ImtVoila


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="imt-roi serve", description="Serve the imt-roi dashboards with Voila.")
    add_serve_args(parser)
    return parser


def _at_least_one(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def add_serve_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"address to listen on (default {DEFAULT_HOST}: this machine only). Another address "
                             "(0.0.0.0: all) exposes the dashboards, with no password, to every machine that can "
                             f"reach it; see 'Deploying safely' in {DEPLOYING_DOCS}")
    parser.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                        help="a host name the server also answers to, e.g. a reverse proxy's public name "
                             "(repeatable; the port is ignored). Requests naming any other host but loopback "
                             "and the --host address get 403. '*' switches the check off (unsafe: DNS rebinding)")
    parser.add_argument("--base-url", default="/", help="URL prefix behind a reverse proxy, e.g. /imt/ (default /)")
    parser.add_argument("--max-kernels", type=_at_least_one, default=DEFAULT_MAX_KERNELS, metavar="N",
                        help="kernels at most, preheated ones counted (each visitor holds one of about 150-200 MB); "
                             f"a visitor beyond it gets a 'busy' page (default {DEFAULT_MAX_KERNELS})")
    parser.add_argument("--max-kernels-per-dashboard", type=_at_least_one, default=DEFAULT_MAX_PER_DASHBOARD,
                        metavar="N",
                        help=f"kernels at most for one dashboard (default {DEFAULT_MAX_PER_DASHBOARD})")
    parser.add_argument("--cull-idle", type=int, default=DEFAULT_CULL_IDLE,
                        help=f"seconds before a kernel no page talks to is shut down (default {DEFAULT_CULL_IDLE})")
    parser.add_argument("--cull-unopened", type=int, default=DEFAULT_CULL_UNOPENED,
                        help="seconds before a kernel no page ever connected to (the page was fetched by a script, "
                             f"not opened in a browser) is shut down; 0: never (default {DEFAULT_CULL_UNOPENED})")
    for key, name in POOL_OPTIONS:
        parser.add_argument(f"--pool-{key}", type=int, default=DEFAULT_POOLS[name],
                            help=f"preheated kernels kept ready for {name} (default {DEFAULT_POOLS[name]})")


def serve(args: argparse.Namespace) -> None:
    """Start Voila with the dashboards (blocks until stopped)."""
    base_url = "/" + args.base_url.strip("/") + "/" if args.base_url.strip("/") else "/"
    asked = {name: max(getattr(args, f"pool_{key}"), 0) for key, name in POOL_OPTIONS}
    pools = fit_pools(asked, args.max_kernels, args.max_kernels_per_dashboard)
    if pools != asked:
        print(f"Preheated kernels reduced to fit --max-kernels {args.max_kernels} and "
              f"--max-kernels-per-dashboard {args.max_kernels_per_dashboard}: "
              + ", ".join(f"{name} {n}" for name, n in pools.items()), flush=True)
    warning = exposure_warning(args.host, args.allowed_host)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    shown = "127.0.0.1" if host_name(args.host) in WILDCARD_HOSTS else host_name(args.host)
    shown = f"[{shown}]" if ":" in shown else shown
    print(f"Serving the imt-roi dashboards: open http://{shown}:{args.port}{base_url} "
          f"(the landing page, {landing_path(base_url)}); at most {args.max_kernels} kernels, "
          f"{args.max_kernels_per_dashboard} per dashboard", flush=True)
    _app_class().launch_instance(argv=voila_argv(args.port, args.host, base_url),
                                 config=voila_config(pools, args.cull_idle, args.max_kernels,
                                                     args.max_kernels_per_dashboard, args.allowed_host,
                                                     args.cull_unopened))


def main(argv: list[str] | None = None) -> None:
    serve(build_parser().parse_args(argv))


if __name__ == "__main__":
    main()
