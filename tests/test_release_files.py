"""CHANGELOG.md and CITATION.cff name the version pyproject.toml declares, so a user upgrading or citing reads
the release they run."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def test_the_changelog_keeps_a_changelog_and_lists_this_version():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[([^\]]+)\]", text, flags=re.M)
    assert releases[0] == "Unreleased" and VERSION in releases
    assert re.search(rf"^## \[{re.escape(VERSION)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", text, flags=re.M)
    unreleased = text.split("## [Unreleased]")[1].split("\n## [")[0]
    assert "### Figures" in unreleased, "every release says what its figures did, even when nothing changed"
    if "No figure changes" in unreleased:
        from imt_roi import evaluate, preset

        assert repr(evaluate(preset("imt-default")).benefit_cost_ratio) in unreleased


def test_the_citation_names_this_version():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0" and str(citation["version"]) == VERSION
    assert citation["title"].startswith("imt-roi") and citation["authors"]
