"""The public API functions a researcher calls first document their parameters and returns, with units."""

from __future__ import annotations

import inspect

import pytest

from imt_roi import benchmarks, break_even, evaluate, solve_for_ratio, worker_view
from imt_roi.equity import completion_rates
from imt_roi.implied import implied_grid, implied_value
from imt_roi.pooling import cost_per_seat

DOCUMENTED = [evaluate, break_even, solve_for_ratio, implied_value, implied_grid, cost_per_seat, completion_rates,
              worker_view, benchmarks.load_benchmarks, benchmarks.beside_benchmarks]


@pytest.mark.parametrize("function", DOCUMENTED, ids=lambda f: f.__name__)
def test_numpydoc_sections_name_every_parameter(function):
    doc = inspect.getdoc(function)
    assert "Parameters\n----------" in doc and "Returns\n-------" in doc
    params = doc.split("Parameters\n----------")[1].split("Returns\n-------")[0]
    for name in inspect.signature(function).parameters:
        assert name in params, f"{function.__name__}: parameter {name} is not documented"
