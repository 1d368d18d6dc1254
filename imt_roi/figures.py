"""The figures the shipped defaults and ranges are built from (docs/sources.md gives each source).

Kept apart from :mod:`imt_roi.parameters` so the ranges can use them without a circular import.
"""

WISCONSIN_COMPLETED = 46
WISCONSIN_STILL_TRAINING = 64
WISCONSIN_LEFT = 14
#: Completion among apprentices who have finished or left (46 of 60).
COMPLETION_FINISHED_OR_LEFT = round(WISCONSIN_COMPLETED / (WISCONSIN_COMPLETED + WISCONSIN_LEFT), 4)
#: Share not (yet) left among all enrolled (110 of 124).
COMPLETION_NOT_LEFT = round(1 - WISCONSIN_LEFT / (WISCONSIN_COMPLETED + WISCONSIN_STILL_TRAINING + WISCONSIN_LEFT), 4)
#: The centre of the two readings: the default completion rate (its range runs between them).
COMPLETION_MIDPOINT = round((COMPLETION_FINISHED_OR_LEFT + COMPLETION_NOT_LEFT) / 2, 4)
#: Value of an hour of output at which the JFF 2020 case's published inputs give B/C = 1.48
#: (imt_roi/data/case-jff-2020-imt-roi.yaml; a test re-solves it).
JFF_VALUE_PER_HOUR = 54.2028
#: Weeks in an average month (52 weeks over 12 months), to read hours per week as hours per month.
WEEKS_PER_MONTH = 52 / 12
#: The market price of skilled work [USD/hour] (sources.TECHNICIAN_WAGE_SOURCE).
TECHNICIAN_WAGE = 30.0
#: Completers who leave just after completing [/1] (sources.COMPLETION_SEPARATION_SOURCE).
COMPLETION_SEPARATION_SHARE = 0.10
#: Yearly separation rate of retained completers [/1 per year] (sources.COMPLETER_SEPARATION_SOURCE).
COMPLETER_SEPARATION_RATE = 0.10
