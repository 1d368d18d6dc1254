"""Equity and completion: the COWS equity brief's Tables 1 and 2 as tidy data.

Table 1 counts Wisconsin IMT registrants (WRTP/BIG STEP administrative data)
by outcome: journey card (``completed``), ``still_training`` and ``left``.
Table 2 describes active industrial apprentices in Wisconsin in 2016.
This module recomputes every percentage printed in both tables and every
figure the brief's text states about them, reports any that do not match
after rounding (with the size of the difference), and turns Table 1 into
completion rates a scenario can use.

Reading the counts
------------------
Most of the 124 apprentices were still training when the table was made, so a
completion rate needs a reading (:data:`READINGS`):

``finished_or_left`` (default)
    completed / (completed + left): among those whose outcome is known.
    All apprentices: 46 / 60 = 0.7667, the model's default
    ``retention.completion_rate``.
``not_left``
    1 - left / enrolled: everyone not (yet) left counts as completing, an upper
    bound. All apprentices: 110 / 124 = 0.8871.

Rounding: a printed percentage matches when the exact percentage, rounded half
up to the printed decimals, equals it (``rounding="half_even"`` is available to
show which figures depend on the rule: the exact halves 12.5% and 37.5%).

References
----------
.. [1] Dresser and Kahn, "Manufacturing Pathways in Milwaukee", COWS, 2018 (the IMT equity brief), section
   "Equity in Results", Tables 1 and 2.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from importlib import resources

import pandas as pd
import yaml

from .errors import ScenarioError

READINGS = {
    "finished_or_left": "completed / (completed + left): completion among apprentices whose outcome is known",
    "not_left": "1 - left / enrolled: everyone not (yet) left counts as completing (an upper bound)",
}
DEFAULT_READING = "finished_or_left"
OUTCOMES = ("completed", "still_training", "left")
#: Groups derived by subtraction; Table 1 does not print them.
DERIVED_GROUPS = {
    "other_people_of_color": ("race_detail", "people_of_color", ("african_american", "hispanic")),
    "no_felony_conviction": ("felony", "all", ("felony_conviction",)),
}
#: The partitions a cohort's make-up may be given in (groups in one partition do not overlap).
PARTITIONS = {
    "race": ("people_of_color", "caucasian"),
    "race_detail": ("african_american", "hispanic", "other_people_of_color", "caucasian"),
    "sex": ("male", "female"),
    "felony": ("felony_conviction", "no_felony_conviction"),
}


# ---------------------------------------------------------------------------- data

def _data_text(name: str) -> str:
    return resources.files("imt_roi").joinpath("data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def brief() -> dict:
    """The brief's metadata and its text claims (``imt_roi/data/cows_equity_brief.yaml``)."""
    return yaml.safe_load(_data_text("cows_equity_brief.yaml"))


def _csv(name: str) -> pd.DataFrame:
    import io
    return pd.read_csv(io.StringIO(_data_text(name)))


def table1() -> pd.DataFrame:
    """Table 1, tidy: one row per group and outcome.

    Columns ``group, dimension, outcome, count, published_percent``; outcome is
    ``enrolled``, ``completed``, ``still_training`` or ``left``;
    ``published_percent`` is the printed percentage (NaN where none is printed).
    """
    return _csv("cows_table1.csv")


def table2() -> pd.DataFrame:
    """Table 2, tidy: ``program, variable, value, published_percent`` (2016, Wisconsin)."""
    return _csv("cows_table2.csv")


def table1_counts() -> pd.DataFrame:
    """Table 1 as counts, one row per group (printed and derived), columns enrolled and the outcomes."""
    t = table1()
    wide = t.pivot(index="group", columns="outcome", values="count")[["enrolled", *OUTCOMES]]
    dims = t.drop_duplicates("group").set_index("group")["dimension"]
    wide.insert(0, "dimension", dims)
    wide["derived"] = False
    for name, (dim, parent, minus) in DERIVED_GROUPS.items():
        row = wide.loc[parent, ["enrolled", *OUTCOMES]] - wide.loc[list(minus), ["enrolled", *OUTCOMES]].sum()
        wide.loc[name] = [dim, *row.astype(int).tolist(), True]
    order = ["all", *[g for p in PARTITIONS.values() for g in p], "felony_conviction"]
    order = list(dict.fromkeys(g for g in order if g in wide.index))
    wide = wide.loc[order]
    wide[["enrolled", *OUTCOMES]] = wide[["enrolled", *OUTCOMES]].astype(int)
    wide.columns.name = None
    return wide


# ---------------------------------------------------------------------------- rounding and checks

def round_half_up(x: Fraction, decimals: int = 0) -> Fraction:
    """``x`` rounded half up to ``decimals`` places, exactly."""
    scale = Fraction(10) ** decimals
    return Fraction(math.floor(x * scale + Fraction(1, 2))) / scale


def round_half_even(x: Fraction, decimals: int = 0) -> Fraction:
    """``x`` rounded half to even to ``decimals`` places, exactly."""
    scale = Fraction(10) ** decimals
    return Fraction(round(x * scale)) / scale


_ROUNDERS = {"half_up": round_half_up, "half_even": round_half_even}


def _is_half(x: Fraction, decimals: int) -> bool:
    scaled = x * Fraction(10) ** decimals
    return scaled - math.floor(scaled) == Fraction(1, 2)


@dataclass(frozen=True)
class FigureCheck:
    """One printed figure of the brief beside the figure recomputed from the counts.

    ``reproduced`` is exact (a percentage, a ratio or a count); ``difference`` is
    reproduced minus published, in the figure's unit (percentage points for a
    percentage). ``matches`` says whether the printed figure follows from the
    counts (for a percentage: after rounding to the printed decimals); ``tie``
    marks an exact half, where the rounding rule decides.
    """

    id: str
    where: str
    label: str
    kind: str
    unit: str
    numerator: int
    denominator: int | None
    published: float
    reproduced: float
    decimals: int | None
    matches: bool
    tie: bool = False
    known_gap: float | None = None
    note: str = ""
    rounding: str = "half_up"

    @property
    def difference(self) -> float:
        return self.reproduced - self.published

    @property
    def rounded(self) -> float | None:
        """The reproduced figure rounded (by ``rounding``) to the printed decimals, for percent and ratio figures."""
        if self.decimals is None or self.denominator is None:
            return None
        exact = Fraction(self.numerator * (100 if self.unit == "%" else 1), self.denominator)
        return float(_ROUNDERS[self.rounding](exact, self.decimals))


def _percent_check(id_, where, label, num, den, published, decimals, rounding, **kw) -> FigureCheck:
    exact = Fraction(100 * num, den)
    rounded = _ROUNDERS[rounding](exact, decimals)
    return FigureCheck(id_, where, label, "percent", "%", num, den, float(published), float(exact), decimals,
                       matches=rounded == Fraction(str(published)), tie=_is_half(exact, decimals),
                       rounding=rounding, **kw)


def check_table1(rounding: str = "half_up") -> list[FigureCheck]:
    """Every printed percentage of Table 1 (outcome count / group enrolled) and its row and column sums."""
    t = table1()
    enrolled = t[t.outcome == "enrolled"].set_index("group")["count"]
    checks = []
    for row in t[t.published_percent.notna()].itertuples():
        checks.append(_percent_check(f"table1:{row.group}:{row.outcome}", "Table 1",
                                     f"{row.group} {row.outcome}", int(row.count), int(enrolled[row.group]),
                                     int(row.published_percent), 0, rounding))
    wide = table1_counts()
    for group, row in wide[~wide.derived].iterrows():
        total = int(row[list(OUTCOMES)].sum())
        checks.append(FigureCheck(f"table1:{group}:outcomes_sum", "Table 1",
                                  f"{group}: completed + still training + left = enrolled", "count", "people",
                                  total, None, float(row.enrolled), float(total), None,
                                  matches=total == row.enrolled))
    for dim in ("race", "sex"):
        groups = list(PARTITIONS[dim])
        for col in ("enrolled", *OUTCOMES):
            total = int(wide.loc[groups, col].sum())
            checks.append(FigureCheck(f"table1:{dim}_sum:{col}", "Table 1",
                                      f"{' + '.join(groups)} {col} = all {col}", "count", "people", total, None,
                                      float(wide.loc["all", col]), float(total), None,
                                      matches=total == wide.loc["all", col]))
    return checks


def check_table2(rounding: str = "half_up") -> list[FigureCheck]:
    """Every printed percentage of Table 2 (count / program apprentices) and the women+men, white+color sums."""
    t = table2()
    size = t[t.variable == "apprentices"].set_index("program")["value"]
    checks = []
    for row in t[t.published_percent.notna()].itertuples():
        checks.append(_percent_check(f"table2:{row.program}:{row.variable}", "Table 2",
                                     f"{row.program} {row.variable}", int(row.value), int(size[row.program]),
                                     int(row.published_percent), 0, rounding))
    wide = t.pivot(index="program", columns="variable", values="value")
    for program, row in wide.iterrows():
        for a, b in (("women", "men"), ("white", "people_of_color")):
            total = int(row[a] + row[b])
            checks.append(FigureCheck(f"table2:{program}:{a}_plus_{b}", "Table 2",
                                      f"{program}: {a} + {b} = apprentices", "count", "people", total, None,
                                      float(row.apprentices), float(total), None,
                                      matches=total == row.apprentices))
    return checks


def _count(ref: str) -> int:
    table, key, column = ref.split(":")
    if table == "t1":
        t = table1()
        hit = t[(t.group == key) & (t.outcome == column)]["count"]
    elif table == "t2":
        t = table2()
        hit = t[(t.program == key) & (t.variable == column)]["value"]
    else:
        raise ScenarioError(ref, "a count reference starts with t1: or t2:")
    if len(hit) != 1:
        raise ScenarioError(ref, "no such count in the COWS tables")
    return int(hit.iloc[0])


def _sum(refs) -> int:
    return sum(_count(r) for r in ([refs] if isinstance(refs, str) else refs))


def check_text_claims(rounding: str = "half_up") -> list[FigureCheck]:
    """Every figure the brief's text states, recomputed from the table counts."""
    checks = []
    for c in brief()["claims"]:
        num = _sum(c["numerator"])
        den = _sum(c["denominator"]) if "denominator" in c else None
        gap = c.get("known_gap") or {}
        kw = dict(known_gap=gap.get("size"), note=gap.get("note", ""))
        kind, published = c["kind"], c["published"]
        if kind == "percent":
            checks.append(_percent_check(c["id"], "text", c["quote"], num, den, published, c["decimals"],
                                         rounding, **kw))
        elif kind == "count":
            checks.append(FigureCheck(c["id"], "text", c["quote"], kind, "people", num, None, float(published),
                                      float(num), None, matches=num == published, **kw))
        elif kind == "more_than":
            exact = Fraction(100 * num, den)
            checks.append(FigureCheck(c["id"], "text", c["quote"], kind, "%", num, den, float(published),
                                      float(exact), None, matches=exact > published, **kw))
        elif kind == "ratio_more_than":
            exact = Fraction(num, den)
            checks.append(FigureCheck(c["id"], "text", c["quote"], kind, "times", num, den, float(published),
                                      float(exact), None, matches=exact > published, **kw))
        elif kind == "ratio":
            exact = Fraction(num, den)
            checks.append(FigureCheck(c["id"], "text", c["quote"], kind, "times", num, den, float(published),
                                      float(exact), c["decimals"],
                                      matches=_ROUNDERS[rounding](exact, c["decimals"]) == Fraction(str(published)),
                                      tie=_is_half(exact, c["decimals"]), rounding=rounding, **kw))
        else:
            raise ScenarioError(c["id"], f"unknown claim kind {kind!r}")
    return checks


def check_all(rounding: str = "half_up") -> list[FigureCheck]:
    """Table 1, Table 2 and the text claims, in that order."""
    return check_table1(rounding) + check_table2(rounding) + check_text_claims(rounding)


def mismatches(rounding: str = "half_up") -> list[FigureCheck]:
    """The printed figures that do not follow from the counts, each with its ``difference``."""
    return [c for c in check_all(rounding) if not c.matches]


def mismatch_table(rounding: str = "half_up") -> pd.DataFrame:
    """:func:`mismatches` as a table: where, id, published, reproduced, rounded, difference, quote."""
    rows = [{"where": c.where, "id": c.id, "published": c.published, "reproduced": c.reproduced,
             "rounded": c.rounded, "difference": c.difference, "unit": c.unit, "label": c.label}
            for c in mismatches(rounding)]
    return pd.DataFrame(rows, columns=["where", "id", "published", "reproduced", "rounded", "difference", "unit",
                                       "label"])


def rows_not_summing_to_100() -> pd.DataFrame:
    """Table 1 rows whose printed percentages add to other than 100 (a rounding effect, not an error)."""
    t = table1()
    printed = t[t.published_percent.notna()].groupby("group", sort=False)["published_percent"].sum()
    off = printed[printed != 100]
    return off.rename("printed_sum").reset_index()


# ---------------------------------------------------------------------------- completion rates

def _rate(row, reading: str) -> float:
    if reading == "finished_or_left":
        known = row["completed"] + row["left"]
        return float(row["completed"] / known) if known else float("nan")
    if reading == "not_left":
        return float(1 - row["left"] / row["enrolled"])
    raise ScenarioError("reading", f"unknown reading {reading!r}; choose one of: {', '.join(READINGS)}")


def completion_rates(reading: str = DEFAULT_READING) -> pd.DataFrame:
    """Completion rate of every Table 1 group under ``reading``, with the counts behind it.

    Small groups give uncertain rates: Hispanic apprentices, for example, have
    5 known outcomes.

    Parameters
    ----------
    reading : str
        How the brief's counts are read (a key of :data:`READINGS`): by default
        completers over apprentices with a known outcome.

    Returns
    -------
    DataFrame
        One row per group: ``dimension``, the counts ``enrolled, completed,
        still_training, left, derived, finished_or_left`` [apprentices]
        (``finished_or_left`` is the number with a known outcome) and
        ``completion_rate`` (a fraction of 1).
    """
    if reading not in READINGS:
        raise ScenarioError("reading", f"unknown reading {reading!r}; choose one of: {', '.join(READINGS)}")
    wide = table1_counts()
    wide["finished_or_left"] = wide["completed"] + wide["left"]
    wide["completion_rate"] = [_rate(r, reading) for _, r in wide.iterrows()]
    return wide


def completion_rate(group: str = "all", reading: str = DEFAULT_READING) -> float:
    """Completion rate of one Table 1 group (e.g. ``"female"``) under ``reading``, rounded to 4 places."""
    rates = completion_rates(reading)
    if group not in rates.index:
        raise ScenarioError("group", f"unknown group {group!r}; choose one of: {', '.join(rates.index)}")
    return round(float(rates.loc[group, "completion_rate"]), 4)


def completion_overrides(group: str = "all", reading: str = DEFAULT_READING) -> dict[str, float]:
    """Dotted-path overrides for :func:`imt_roi.preset` that use a group's completion rate."""
    return {"retention.completion_rate": completion_rate(group, reading)}


def cohort_completion_rate(makeup: dict[str, float], reading: str = DEFAULT_READING) -> float:
    """A cohort's completion rate from its make-up, weighting each group's rate by the cohort's counts.

    ``makeup`` maps groups of one partition (:data:`PARTITIONS`, e.g.
    ``{"people_of_color": 4, "caucasian": 6}`` or ``{"male": 8, "female": 2}``)
    to the number of apprentices (or shares). Groups of different partitions
    overlap, so they cannot be mixed. Returns a share (0 to 1), rounded to 4
    places, for ``retention.completion_rate``.
    """
    if not makeup:
        raise ScenarioError("makeup", "give at least one group and its count")
    unknown = [g for g in makeup if not any(g in p for p in PARTITIONS.values())]
    if unknown:
        raise ScenarioError("makeup", f"unknown group {unknown[0]!r}; groups by partition: "
                            + "; ".join(f"{k}: {', '.join(v)}" for k, v in PARTITIONS.items()))
    fits = [k for k, groups in PARTITIONS.items() if all(g in groups for g in makeup)]
    if not fits:
        raise ScenarioError("makeup", "groups overlap: use groups of one partition only ("
                            + "; ".join(f"{k}: {', '.join(v)}" for k, v in PARTITIONS.items()) + ")")
    if any(n < 0 for n in makeup.values()) or sum(makeup.values()) <= 0:
        raise ScenarioError("makeup", "counts must be non-negative and add to more than 0")
    rates = completion_rates(reading)["completion_rate"]
    total = sum(makeup.values())
    return round(sum(n * float(rates[g]) for g, n in makeup.items()) / total, 4)


def with_cohort_completion(scenario, makeup: dict[str, float], reading: str = DEFAULT_READING):
    """A copy of ``scenario`` whose ``retention.completion_rate`` follows the cohort's make-up."""
    from .scenario_io import with_value
    return with_value(scenario, "retention.completion_rate", cohort_completion_rate(makeup, reading))
