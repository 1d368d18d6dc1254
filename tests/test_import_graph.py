"""The package's modules import each other without a cycle (issue 27): every import counts, a function's
``from .x import y`` too, so a cycle cannot hide behind a local import."""

from __future__ import annotations

from import_graph import cycles, import_graph, levels


def test_the_reader_sees_each_import():
    graph = import_graph()
    assert "imt_roi.range_checks" in graph["imt_roi.scenario_io"]
    assert "imt_roi.scenario_io" in graph["imt_roi.uncertainty"]
    assert "imt_roi.conventions" in graph["imt_roi.results"]
    assert "imt_roi.results" in graph["imt_roi.ui.planner"]


def test_no_import_cycle():
    assert cycles(import_graph()) == []


def test_the_inputs_sit_below_the_engine_and_the_engine_below_its_faces():
    level = levels(import_graph())
    assert level["imt_roi.parameters"] < level["imt_roi.scenario_io"] < level["imt_roi.uncertainty"]
    assert level["imt_roi.conventions"] < level["imt_roi.results"] < level["imt_roi.export"] < level["imt_roi.cli"]
