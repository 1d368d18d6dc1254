"""The lock that ./run.sh installs pins every dependency, by hash, within pyproject.toml's floors."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)")


def _locked() -> dict[str, tuple[str, str]]:
    """Package name -> (version, the text of its entry) for each pin in requirements-lock.txt."""
    text = (ROOT / "requirements-lock.txt").read_text()
    entries = re.split(r"\n(?=[A-Za-z0-9_.-]+==)", text)
    out = {}
    for entry in entries:
        match = PIN.match(entry)
        if match:
            out[canonicalize_name(match.group(1))] = (match.group(2), entry)
    return out


def test_every_dependency_is_pinned_with_a_hash_inside_its_floor():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["test"]
    locked = _locked()
    assert wanted
    for text in wanted:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{name} is in pyproject.toml but not in requirements-lock.txt"
        version, entry = locked[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{name}=={version} in the lock is outside pyproject.toml's {requirement.specifier}")
        assert "--hash=sha256:" in entry, f"{name} has no hash in the lock"


def test_run_sh_installs_the_lock_with_hashes():
    script = (ROOT / "run.sh").read_text()
    assert "--require-hashes" in script and "requirements-lock.txt" in script
