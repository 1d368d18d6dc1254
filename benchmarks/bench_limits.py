"""Time and peak memory of the heaviest plan the limits allow (imt_roi/limits.py), and of files over them.

    .venv/bin/python benchmarks/bench_limits.py

Each task runs in its own process so its peak memory (max RSS) is its own. The
plan at the limits: 30 employers (the most allowed) in 2 cohorts, the default
term and horizon, an offset and a monthly custom line: about 36,000 cash-flow
rows (40,000 allowed); "pack-20-firms" is 20 employers in 3 cohorts.
Prints one line per task: seconds and MB. The limits are set so that each stays
under about 10 s and 2 GB on a 2-core machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TASKS = ["evaluate", "uncertainty", "uncertainty-max-draws", "export", "pack", "pack-20-firms",
         "many-cohorts-uncertainty-max-draws", "many-cohorts-export",
         "refuse-big-list", "refuse-big-mapping"]


def heaviest_plan(firms: int = 30, cohorts: int = 2):
    """The largest plan the limits allow: ``firms`` employers in each of ``cohorts`` cohorts, the default 18-month
    term and 60 months after it, one monthly custom line and one offset: 600 cash-flow rows per employer place
    by :func:`imt_roi.limits.flow_rows` (36,000 for 30 firms in 2 cohorts or 20 in 3, under the 40,000 allowed)."""
    from imt_roi import preset

    return preset("imt-partnership", {
        "cohorts": [{"name": f"Cohort {k + 1}", "start_month": 1 + 3 * k,
                     "members": [{"employer": f"Firm {i + 1}", "apprentices": 1 + i % 3} for i in range(firms)]}
                    for k in range(cohorts)],
        "offsets": [{"name": "Grant", "amount_per_apprentice": 500}],
        "custom_lines": [{"name": "Supplies", "amount": 10, "frequency": "monthly"}]})


def most_cohorts():
    """100 one-firm cohorts (the most allowed) starting a month apart, with 40 months counted after completion:
    the longest plan (157 months) at about 39,000 cash-flow rows."""
    from imt_roi import preset

    return preset("imt-default", {"horizon": {"months_after_completion": 40},
                                  "cohorts": [{"name": f"Cohort {k + 1}", "start_month": 1 + k} for k in range(100)]})


def run(task: str) -> None:
    """Run one task in this process (the child)."""
    from imt_roi import evaluate
    from imt_roi.errors import ScenarioError
    from imt_roi.limits import MAX_DRAWS
    from imt_roi.reading import parse_text

    if task.startswith("refuse"):
        text = ("cohorts: [" + ",".join(["1"] * 990_000) + "]\n" if task == "refuse-big-list"
                else "{" + ",".join(f"k{i}: 1" for i in range(190_000)) + "}")
        try:
            parse_text(text)
        except ScenarioError:
            return
        raise SystemExit(f"{task}: not refused")
    scenario = heaviest_plan(20, 3) if task == "pack-20-firms" else heaviest_plan()
    if task.startswith("many-cohorts"):
        scenario, task = most_cohorts(), task.removeprefix("many-cohorts-")
    if task == "evaluate":
        evaluate(scenario).by_employer()
    elif task.startswith("uncertainty"):
        from imt_roi.uncertainty import DEFAULT_DRAWS, simulate

        simulate(scenario, MAX_DRAWS if task.endswith("max-draws") else DEFAULT_DRAWS, 1)
    elif task == "export":
        from imt_roi.export import summary_html, workbook_bytes

        result = evaluate(scenario)
        workbook_bytes(result)
        summary_html(result)
    elif task.startswith("pack"):
        from imt_roi.pack import write_pack

        with tempfile.TemporaryDirectory() as folder:
            write_pack(evaluate(scenario), Path(folder) / "pack")


def main() -> None:
    if len(sys.argv) > 1:  # the child: run, then report its own time and peak memory
        import resource

        started = time.perf_counter()
        run(sys.argv[1])
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"seconds": time.perf_counter() - started, "rss_mb": rss_mb}))
        return
    from imt_roi import limits

    print(f"limits: {limits.MAX_COHORTS} cohorts, {limits.MAX_EMPLOYERS} employers, {limits.MAX_MEMBERSHIPS} "
          f"employer places, {limits.MAX_OFFSETS} offsets, {limits.MAX_CUSTOM_LINES} custom lines, "
          f"{limits.MAX_DRAWS:,} draws")
    for task in TASKS:
        out = subprocess.run([sys.executable, __file__, task], capture_output=True, text=True, check=True)
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{task:<24} {figures['seconds']:6.1f} s   {figures['rss_mb']:6.0f} MB peak")


if __name__ == "__main__":
    main()
