"""The documentation's table of defaults (docs/defaults.md) is the shipped defaults (it went stale once: a range had
changed); the README stays a short landing page whose links to docs pages resolve."""

from __future__ import annotations

import re
from pathlib import Path

from imt_roi import iter_params, preset

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DEFAULTS = ROOT / "docs" / "defaults.md"


def test_the_defaults_table_is_the_shipped_defaults():
    lines = DEFAULTS.read_text(encoding="utf-8").splitlines()
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


def test_the_readme_is_short_and_its_docs_links_exist():
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) < 250
    assert "| input | default | unit | valid range | source |" not in text
    linked = re.findall(r"\]\((docs/[^)#\s]+\.md)(?:#[^)]*)?\)", text)
    assert linked, "the README links no docs page"
    missing = sorted({page for page in linked if not (ROOT / page).is_file()})
    assert not missing, f"README links docs pages that do not exist: {missing}"
