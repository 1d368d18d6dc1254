"""The evidence: study cases, benchmarks and the checks that reproduce them, in one namespace.

The work is split by job: :mod:`imt_roi.cases` (published studies as data,
their scenarios and calibrations), :mod:`imt_roi.benchmarks` (other studies'
headline figures, and a plan beside them) and :mod:`imt_roi.checks`
(published figures beside their reproductions; ``imt-roi reproduce``). This
module gathers their public names for notebooks and scripts.
"""

from .benchmarks import MEASURES, RESULT_METRIC, Benchmark, beside_benchmarks, benchmarks, load_benchmarks
from .cases import (STATUSES, CaseInput, Calibration, StudyCase, calibrate, case_inputs, case_scenario, cite,
                    expense_per_apprentice, headcount, study_case, study_cases)
from .checks import (MODEL_REPRODUCTION, SOURCE_AUDIT, Check, case_names, check_benchmark, check_case, check_equity,
                     checks_table, render_checks, report, reproduce, summary)

__all__ = [
    "MEASURES", "RESULT_METRIC", "Benchmark", "beside_benchmarks", "benchmarks", "load_benchmarks", "STATUSES",
    "CaseInput", "Calibration", "StudyCase", "calibrate", "case_inputs", "case_scenario", "cite",
    "expense_per_apprentice", "headcount", "study_case", "study_cases", "MODEL_REPRODUCTION", "SOURCE_AUDIT",
    "Check", "case_names", "check_benchmark", "check_case", "check_equity", "checks_table", "render_checks",
    "report", "reproduce", "summary",
]
