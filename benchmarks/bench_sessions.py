"""Many visitors: ``.venv/bin/python benchmarks/bench_sessions.py [--sessions 20] [--rounds 3]``.

Starts ``imt-roi serve`` with its default kernel pools and runs rounds (3 by
default): each opens N sponsor-planner sessions in Chromium one after another
and keeps them all open; then each session changes its starting wage to a
value of its own and must show its own figure; then every tab closes. Prints,
per round, the pages that showed a headline and their own figure, the time to
the headline and until the starting-wage box takes a keystroke (median,
worst), the kernels' memory (resident set, from /proc), and at the end how
many kernels are left after every tab is closed (the preheated pools).
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

from serving import CHROMIUM, CHROMIUM_ARGS, voila_running  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from imt_roi import evaluate, preset, with_value  # noqa: E402
from imt_roi.report import format_value  # noqa: E402

#: The B/C figure a visitor sees first: the static first view's or the live app's, whichever is visible (the
#: first view sits first in the page and is hidden once the live app is up, so "the first match" can be a
#: hidden copy: a wait for it alone would never end).
SHOWN = '.imt-headline[data-metric="benefit_cost_ratio"] >> visible=true'
#: The live app's B/C figure, the one an input change updates.
HEADLINE = '.imt-app .imt-headline[data-metric="benefit_cost_ratio"]'
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


def open_session(browser, base: str) -> tuple[object, object, float | None, float | None]:
    """A new visitor's planner tab: (context, page, seconds to the headline, seconds until the starting-wage box
    takes a keystroke); a time is None when it did not come within two minutes."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    started = time.perf_counter()
    headline = ready = None
    try:
        page.goto(f"{base}/voila/render/sponsor_planner.ipynb", timeout=120_000)
        page.wait_for_selector(SHOWN, timeout=120_000)
        headline = time.perf_counter() - started
        box = page.locator(WAGE).first
        box.wait_for(state="visible", timeout=120_000)
        box.press("End", timeout=120_000)  # the box takes a keystroke: the live app is ready
        ready = time.perf_counter() - started
    except Exception as exc:  # a page that does not come up is an error, not a crash
        state = page.evaluate("() => ({html: document.documentElement.outerHTML.length, "
                              "preview: document.querySelectorAll('.imt-preview').length, "
                              "app: document.querySelectorAll('.imt-app').length, "
                              "spinner: !!document.querySelector('#loading, .voila-spinner')})")
        print(f"  load failed after {time.perf_counter() - started:.0f} s: {str(exc).splitlines()[0][:120]}; "
              f"page: {state}")
    return context, page, headline, ready


def one_round(browser, base: str, sessions: int, number: int) -> dict:
    """Open ``sessions`` planner tabs one after another, keep them open, give each its own wage, check each
    shows its own figure, close them all. Returns the counts and times of the round."""
    pages, headlines, readies = [], [], []
    for _ in range(sessions):
        context, page, headline, ready = open_session(browser, base)
        pages.append((context, page))
        if headline is not None:
            headlines.append(headline)
        if ready is not None:
            readies.append(ready)
    running = kernels()
    memory = rss_mb(running)
    base_scenario = preset("imt-default")
    own = 0
    for i, (_, page) in enumerate(pages):
        try:
            page.locator(WAGE).first.fill(f"{15 + 0.5 * i:.2f}", timeout=30_000)
            page.locator(WAGE).first.press("Enter", timeout=30_000)
        except Exception:
            print(f"  session {i}: could not type its wage")
    for i, (_, page) in enumerate(pages):
        expected = format_value(evaluate(with_value(base_scenario, "wages.starting_wage",
                                                    15 + 0.5 * i)).benefit_cost_ratio, "ratio")
        try:
            page.wait_for_function("([s, t]) => document.querySelector(s).textContent.trim() === t",
                                   arg=[HEADLINE, expected], timeout=60_000)
            own += 1
        except Exception:
            print(f"  session {i}: did not show its own figure {expected}")
    for context, page in pages:
        page.close(run_before_unload=True)
        context.close()
    print(f"round {number}: {len(headlines)} of {sessions} pages with a headline, {own} of {sessions} with their "
          f"own figure after an input change; kernels while open {len(running)}, {memory:,.0f} MB resident")
    if headlines:
        print(f"  load to headline: median {statistics.median(headlines):.2f} s, worst {max(headlines):.2f} s")
    if readies:
        print(f"  load to ready for input (the wage box takes a keystroke): median {statistics.median(readies):.2f} s,"
              f" worst {max(readies):.2f} s")
    return {"headlines": len(headlines), "own": own, "sessions": sessions}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    log = Path(tempfile.mkdtemp()) / "voila.log"
    rounds = []
    with voila_running(log, ready="/voila/render/index.ipynb", timeout=120) as server:
        time.sleep(20)  # let the pools fill, as on a server that has been up a while
        idle = len(kernels())
        print(f"{args.rounds} rounds of {args.sessions} planner sessions held open on one server "
              f"({idle} preheated kernels when idle)")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for number in range(1, args.rounds + 1):
                rounds.append(one_round(browser, server.url, args.sessions, number))
                time.sleep(10)  # the closed tabs free their kernels; the pools refill
            browser.close()
        time.sleep(5)
        print(f"kernels 5 s after every tab closed: {len(kernels())} (the preheated pools)")
        tracebacks = server.log_text().count("Traceback")
    pages = sum(r["headlines"] for r in rounds)
    own = sum(r["own"] for r in rounds)
    total = sum(r["sessions"] for r in rounds)
    print(f"in all: {pages} of {total} pages with a headline, {own} of {total} with their own figure; "
          f"tracebacks in the server log: {tracebacks}")
    return 0 if pages == own == total else 1


if __name__ == "__main__":
    sys.exit(main())
