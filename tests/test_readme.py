"""The README's table of defaults is the shipped defaults (it went stale once: a range had changed)."""

from __future__ import annotations

from pathlib import Path

from imt_roi import iter_params, preset

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_defaults_table_is_the_shipped_defaults():
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index("| input | default | unit | valid range | source |") + 2
    shown = []
    for line in lines[start:]:
        if not line.startswith("| `"):
            break
        shown.append(line)
    expected = [f"| `{i.path}` | {i.value} | {i.unit} | {i.range_text} | {i.source} |"
                for i in iter_params(preset("imt-default"))
                if not i.path.startswith(("name", "description", "cohorts", "employers"))]
    assert shown == expected
