"""Benchmark of the batched engine: run ``.venv/bin/python benchmarks/bench_uncertainty.py``.

10,000 draws of the default scenario's ranges evaluated in one batched pass
(:func:`imt_roi.batch.evaluate_batch`, with the draws themselves): target 0.2 s
median or less on this 2-core machine, printed beside the time of one
``evaluate``. Also times the whole ``simulate`` (percentiles, drivers, fan and
tornado) at the dashboards' draw count.
"""

from __future__ import annotations

import sys

from bench_engine import report, timeit
from imt_roi import evaluate, preset
from imt_roi.batch import evaluate_batch
from imt_roi.uncertainty import DEFAULT_DRAWS, draw_inputs, simulate

DRAWS = 10_000
TARGET = 0.2  # seconds for 10,000 draws of the default scenario (issue 27; it was 0.3)


def main() -> int:
    default = preset("imt-default")
    one = timeit(lambda: evaluate(default), repeat=100, warmup=5)
    report("evaluate", one, 0.001)
    batch = timeit(lambda: evaluate_batch(default, draw_inputs(default, DRAWS, seed=1)), repeat=9, warmup=1)
    ok = report(f"{DRAWS:,} draws", batch, TARGET)
    report(f"simulate {DEFAULT_DRAWS:,}", timeit(lambda: simulate(default, DEFAULT_DRAWS, seed=1), repeat=9), TARGET)
    spread = simulate(default, DRAWS, seed=1)
    bcr = spread.percentiles["benefit_cost_ratio"]
    print(f"default, {DRAWS:,} draws (seed 1): B/C P5 {bcr['p5']:.2f}, P50 {bcr['p50']:.2f}, P95 {bcr['p95']:.2f}; "
          f"P(B/C >= 1) {spread.prob_bcr_at_least_1:.1%}; drivers: "
          + ", ".join(f"{d['path']} ({d['rank_correlation']:+.2f})" for d in spread.drivers[:3]))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
