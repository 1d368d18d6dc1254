"""imt-roi: cost and return of sponsoring Industrial Manufacturing Technician apprentices.

Entry points::

    from imt_roi import Scenario, evaluate, load_scenario, save_scenario, preset
    result = evaluate(preset("imt-default"))
    result.benefit_cost_ratio, result.cashflows
"""

from .breakeven import BreakEven, break_even, solve_for_ratio
from .errors import ScenarioError
from .fields import iter_params
from .metrics import Metrics
from .parameters import Assumptions, Cohort, CustomLine, Member, Offset, Scenario
from .results import Result, evaluate
from .scenario_io import load_scenario, preset, preset_names, save_scenario, scenario_from_dict, with_value
from .worker import worker_view

__all__ = [
    "Assumptions", "BreakEven", "Cohort", "CustomLine", "Member", "Metrics", "Offset", "Result", "Scenario",
    "ScenarioError", "break_even", "evaluate", "iter_params", "load_scenario", "preset", "preset_names",
    "save_scenario", "scenario_from_dict", "solve_for_ratio", "with_value", "worker_view",
]
