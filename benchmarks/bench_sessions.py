"""Many visitors: ``.venv/bin/python benchmarks/bench_sessions.py [--sessions 20]``.

Starts ``imt-roi serve`` with its default kernel pools, opens N sponsor-planner
sessions in Chromium one after another and keeps them all open; then each
session changes its starting wage to a value of its own and must show its own
figure. Prints each load's time to headline (median, worst), errors (pages
that failed or showed another session's figure), the memory of the kernels
(resident set, from /proc) per session, and how many kernels are left after
every tab is closed (closed tabs free their kernels; the pools refill).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, free_port, stop, wait_for_http  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from imt_roi import evaluate, preset, with_value  # noqa: E402
from imt_roi.report import format_value  # noqa: E402
from imt_roi.serve import voila_command  # noqa: E402

HEADLINE = '.imt-headline[data-metric="benefit_cost_ratio"]'
WAGE = ".imt-form-A .imt-input-wages-starting_wage input"


def kernels() -> list[int]:
    """PIDs of running IPython kernels."""
    out = subprocess.run(["pgrep", "-f", "ipykernel_launcher"], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    args = parser.parse_args(argv)
    port = free_port()
    log = Path(tempfile.mkdtemp()) / "voila.log"
    with open(log, "w") as handle:
        server = subprocess.Popen(voila_command(port), stdout=handle, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    errors = 0
    try:
        wait_for_http(base + "/voila/render/index.ipynb", timeout=120)
        time.sleep(20)  # let the pools fill, as on a server that has been up a while
        idle = len(kernels())
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            pages, loads = [], []
            for _ in range(args.sessions):
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                page = context.new_page()
                started = time.perf_counter()
                try:
                    page.goto(f"{base}/voila/render/sponsor_planner.ipynb", timeout=120_000)
                    page.wait_for_selector(HEADLINE, state="visible", timeout=120_000)
                    loads.append(time.perf_counter() - started)
                except Exception as exc:  # a page that does not come up is an error, not a crash
                    errors += 1
                    print(f"load failed: {exc}")
                pages.append((context, page))
            running = kernels()
            memory = rss_mb(running)
            base_scenario = preset("imt-default")
            for i, (_, page) in enumerate(pages):
                page.locator(WAGE).first.fill(f"{15 + 0.5 * i:.2f}")
                page.locator(WAGE).first.press("Enter")
            for i, (_, page) in enumerate(pages):
                expected = format_value(evaluate(with_value(base_scenario, "wages.starting_wage",
                                                            15 + 0.5 * i)).benefit_cost_ratio, "ratio")
                try:
                    page.wait_for_function("([s, t]) => document.querySelector(s).textContent.trim() === t",
                                           arg=[HEADLINE, expected], timeout=60_000)
                except Exception:
                    errors += 1
                    print(f"session {i}: did not show its own figure {expected}")
            for context, page in pages:
                page.close(run_before_unload=True)
                context.close()
            browser.close()
        time.sleep(5)
        left = len(kernels())
        print(f"{args.sessions} planner sessions held open on one server ({idle} preheated kernels when idle)")
        print(f"load to headline: median {statistics.median(loads):.2f} s, worst {max(loads):.2f} s, "
              f"first {loads[0]:.2f} s (n={len(loads)})")
        print(f"errors: {errors}")
        print(f"kernels while open: {len(running)}, resident memory {memory:,.0f} MB in all, "
              f"{memory / max(len(running), 1):,.0f} MB per kernel")
        print(f"kernels 5 s after every tab closed: {left} (the preheated pools)")
    finally:
        stop(server)
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
