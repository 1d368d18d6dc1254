"""`imt-roi reproduce`: every case printed with published, reproduced, difference and status."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from imt_roi import studies
from imt_roi.cli import main


def test_reproduce_all_passes_and_lists_every_case(capsys):
    assert main(["reproduce"]) == 0
    out = capsys.readouterr().out
    for name in studies.case_names():
        assert f"== {name}" in out
    assert "calibrated: output.value_per_hour = 54.2028" in out
    assert "imt_share_2016" in out and "known gap" in out
    assert out.rstrip().splitlines()[-1] == (
        "model reproductions: 12 checks, 3 reproduced, 2 calibrated (hold by construction), 7 reference only, "
        "0 failed; source audits: 82 checks, 79 ok, 2 known gaps, 1 reference only, 0 failed")


def test_reproduce_one_case(capsys):
    assert main(["reproduce", "cows-text"]) == 0
    out = capsys.readouterr().out
    assert "== cows-text" in out and "== jff-2020-imt-roi" not in out
    assert "people_of_color_share" in out


def test_reproduce_fails_when_a_case_breaks(capsys, monkeypatch):
    from imt_roi import checks

    original = checks.case_scenario
    monkeypatch.setattr(checks, "case_scenario",
                        lambda case, overrides=None: original(case, {"instruction.cost_per_apprentice": 20000}))
    assert main(["reproduce", "jff-2020-imt-roi"]) == 1
    out = capsys.readouterr().out
    fail = [line for line in out.splitlines() if line.rstrip().endswith("FAIL")]
    assert fail and "benefit per dollar" in fail[0]
    assert "Payne" in out and "failed" in out.splitlines()[-1]


def test_unknown_case_is_a_usage_error(capsys):
    assert main(["reproduce", "jff-2099"]) == 2
    assert "unknown case 'jff-2099'" in capsys.readouterr().err


def test_console_script():
    exe = Path(sys.executable).with_name("imt-roi")
    done = subprocess.run([str(exe), "reproduce", "aai-2022"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "B/C implied by the net return" in done.stdout and "1.443" in done.stdout
