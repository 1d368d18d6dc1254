"""Fuzz run: ``.venv/bin/python benchmarks/fuzz.py [N]`` (default 10,000 inputs).

Hostile scenario dicts, files, ``--set`` command lines and public functions given the wrong type
(tests/fuzzing.py), a quarter each; prints the count of each outcome per kind. Every outcome other
than ``ok`` and ``rejected`` (a one-line message naming a field) is a bug;
an input taking over 5 s counts as ``slow``.
"""

from __future__ import annotations

import collections
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fuzzing import (file_bytes, misuse_call, outcome_of_cli, outcome_of_dict, outcome_of_file,  # noqa: E402
                     outcome_of_misuse, scenario_dict, set_pair)

SLOW = 5.0


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rng = random.Random(20260)
    kinds = ("dict", "file", "cli", "api")
    counts: dict[str, collections.Counter] = {k: collections.Counter() for k in kinds}
    examples: dict[str, str] = {}
    folder = Path(tempfile.mkdtemp())
    started = time.perf_counter()
    for i in range(n):
        kind = kinds[i % 4]
        t0 = time.perf_counter()
        try:
            if kind == "dict":
                result = outcome_of_dict(scenario_dict(rng))
            elif kind == "file":
                data, suffix = file_bytes(rng)
                path = folder / f"f{i}{suffix}"
                path.write_bytes(data)
                result = outcome_of_file(path)
                path.unlink()
            elif kind == "cli":
                result = outcome_of_cli(["evaluate", "--format", "json", "--set", set_pair(rng)])
            else:
                result = outcome_of_misuse(*misuse_call(rng))
        except Exception as exc:  # a crash: what the fuzz run is for
            result = "crash"
            examples.setdefault(f"{kind} crash", f"{type(exc).__name__}: {str(exc)[:120]}")
        if time.perf_counter() - t0 > SLOW:
            result = "slow"
        counts[kind][result] += 1
    elapsed = time.perf_counter() - started
    print(f"{n:,} inputs in {elapsed:.0f} s")
    for kind, counter in counts.items():
        print(f"  {kind:<5} " + ", ".join(f"{k} {v:,}" for k, v in sorted(counter.items())))
    for key, text in examples.items():
        print(f"  first {key}: {text}")
    bad = sum(v for c in counts.values() for k, v in c.items() if k not in ("ok", "rejected"))
    print(f"failures: {bad}")
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
