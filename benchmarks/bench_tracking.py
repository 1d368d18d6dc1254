"""How long ``imt-roi track`` takes on a large sponsor's records: 10,000 apprentices over five years.

    .venv/bin/python benchmarks/bench_tracking.py

The plan: 10 employers in 5 cohorts a year apart, 200 apprentices each (10,000). The records: written from
the plan by :func:`imt_roi.synthetic.records_from_plan` as of five years in, then padded with books-and-supplies
rows, one per apprentice and month, to a ledger of 100,000 rows. Prints the seconds to read the records, to
track them, and the whole command (``imt-roi track DIR --plan FILE``) as a user runs it. Target: under 3 s.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LEDGER_ROWS = 100_000


def large_plan():
    from imt_roi import preset

    return preset("imt-default", {"cohorts": [
        {"name": f"Cohort {k + 1}", "start_month": 1 + 12 * k,
         "members": [{"employer": f"Firm {i + 1}", "apprentices": 200} for i in range(10)]} for k in range(5)]})


def large_records(plan, start: dt.date, as_of: dt.date) -> dict:
    from imt_roi.synthetic import month_end, records_from_plan

    tables = records_from_plan(plan, start, as_of)
    people = tables["apprentices"][1:]
    extra = LEDGER_ROWS - (len(tables["ledger"]) - 1)
    for i in range(extra):
        person = people[i % len(people)]
        month = 1 + (i // len(people)) % 60
        tables["ledger"].append([month_end(start, month).isoformat(), person[1], person[2], person[0],
                                 "books_and_supplies", "", "12.50"])
    return tables


def main() -> None:
    from imt_roi.records import read_records
    from imt_roi.scenario_io import save_scenario
    from imt_roi.synthetic import write_records
    from imt_roi.tracking import track

    start, as_of = dt.date(2026, 1, 1), dt.date(2030, 12, 31)
    plan = large_plan()
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_records(large_records(plan, start, as_of), Path(tmp) / "records")
        plan_file = save_scenario(plan, Path(tmp) / "plan.yaml")
        began = time.perf_counter()
        records = read_records(folder)
        read = time.perf_counter() - began
        began = time.perf_counter()
        tracked = track(records, plan, as_of)
        tracked.metrics()
        tracked.by_line()
        computed = time.perf_counter() - began
        began = time.perf_counter()
        subprocess.run([sys.executable, "-m", "imt_roi.cli", "track", str(folder), "--plan", str(plan_file)],
                       check=True, capture_output=True)
        whole = time.perf_counter() - began
    print(f"records: {len(records.apprentices):,} apprentices, {len(records.ledger):,} ledger rows, "
          f"{len(records.wages):,} wage changes")
    print(f"read the records      {read:6.2f} s")
    print(f"track and tables      {computed:6.2f} s")
    print(f"imt-roi track (whole) {whole:6.2f} s   (target: under 3 s)")


if __name__ == "__main__":
    main()
