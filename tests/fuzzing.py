"""Hostile inputs for the fuzz tests and ``benchmarks/fuzz.py``: generators driven by a ``random.Random``.

Each generator returns one input of its kind; :func:`outcome` runs it through
the package and classifies what happened: ``ok`` (a scenario whose metrics
are finite or None), ``rejected`` (a ScenarioError: one line, naming a field)
or a failure (``crash``, ``bad message``, ``non-finite``).
"""

from __future__ import annotations

import io
import json
import math
import random
from decimal import Decimal
from contextlib import redirect_stderr, redirect_stdout

from imt_roi import ScenarioError, evaluate, iter_params, load_scenario, preset, scenario_from_dict
from imt_roi.cli import main

PATHS = [p.path for p in iter_params(preset("imt-default"))] + [
    "cohorts.0.members.0.apprentices", "employers", "offsets", "custom_lines", "uncertainty.ranges",
    "schema_version", "method", "alternative", "wages.step_raises", "cohorts", "nope.nothing", ""]
WEIRD_TEXT = ["", " ", "\n", "a\nb", "\x85", "\u2028", "é", "\x00", "nan", "inf", "-inf", "1e400", "9" * 5000,
              "2020-13-45", "2020-01-01", "!!int abc", "!!bool abc", "!!timestamp abc", "!!float x", "~", "null",
              "yes", "no", "on", "[1, 2]", "{a: 1}", "&a [*a]", "*a", "'", '"', "{", "[", "- - -", "0x1F", "1_000",
              "12:30:00", ".nan", "-.inf", "true", "False", "college", "substitution", "-1", "0", "1.5", "1e-400",
              "=1+1", "=HYPERLINK(\"http://evil.example\",\"x\")", "@SUM(A1)", "+1", "=cmd|' /C calc'!A0",
              "\x1b[31mred", "a\x0bb", "\x01", "r\u202eb", "<a href=\"https://evil.example/\">x</a>"]
#: Decimals a Python caller may pass: sNaN raises decimal.InvalidOperation when compared.
DECIMALS = [Decimal("sNaN"), Decimal("NaN"), Decimal("-Infinity"), Decimal("1.5"), Decimal("-0"), Decimal("1e999")]
#: Longest one-line rejection: a field path (at most 120), a message (at most 300) and the count of the rest.
MAX_MESSAGE = 480
#: Keys made of characters that do not print: each must be named escaped, never as "?".
ODD_KEYS = ["\x07", "\x00", "\x1b[31m", "\u200b", "\u2028", "\ufeff", "\ue000", "\x85a"]


def value(rng: random.Random, depth: int = 0):
    """A value of any kind a parser could give: numbers (huge, nan, inf), text, bools, None, lists, dicts."""
    kind = rng.randrange(10 if depth < 3 else 7)
    if kind == 0:
        return rng.choice([0, 1, -1, 10 ** rng.randrange(1, 400), -(10 ** 30), 18, 24, 2 ** 63])
    if kind == 1:
        return rng.choice([0.0, -0.5, 0.25, 1.5, 1e300, -1e300, math.nan, math.inf, -math.inf, 1e-320,
                           *DECIMALS])
    if kind == 2:
        return rng.choice(WEIRD_TEXT)
    if kind == 3:
        return rng.choice([True, False, None])
    if kind == 4:
        return rng.uniform(-100, 100)
    if kind == 5:
        return rng.randrange(-5, 200)
    if kind == 6:
        return "".join(rng.choice("ab\n\t\x85\u2028é1.-") for _ in range(rng.randrange(0, 12)))
    if kind == 7:
        return [value(rng, depth + 1) for _ in range(rng.randrange(0, 4))]
    if kind == 8:
        return {rng.choice(PATHS + ["x"] + ODD_KEYS): value(rng, depth + 1) for _ in range(rng.randrange(0, 4))}
    return deep(rng, rng.randrange(1, 80))


def deep(rng: random.Random, levels: int):
    """Lists or dicts nested ``levels`` deep."""
    node: object = 1
    for _ in range(levels):
        node = [node] if rng.random() < 0.5 else {"a": node}
    return node


RANGES = {p.path: (p.ge, p.le, isinstance(p.value, int)) for p in iter_params(preset("imt-default"))
          if isinstance(p.value, (int, float)) and not isinstance(p.value, bool) and p.ge is not None
          and p.le is not None and not p.path.startswith("cohorts.")}


def valid_dict(rng: random.Random) -> dict:
    """The default scenario with several inputs at random values inside their valid ranges (and either method
    and alternative): valid input whose figures must come out finite."""
    from imt_roi.overrides import set_path
    data = preset("imt-default").model_dump(mode="json")
    data["method"] = rng.choice(["substitution", "output_value", "incremental"])
    data["alternative"] = rng.choice(["hire_outside", "keep_incumbent"])
    for path in rng.sample(sorted(RANGES), 6):
        lo, hi, whole = RANGES[path]
        x = rng.choice([lo, hi, rng.uniform(lo, hi)])
        set_path(data, path, int(round(x)) if whole else x)
    return data


RECORDS = ["wages", "mentor", "outside_hire", "retention", "uncertainty", "cohorts", "employers", "offsets",
           "custom_lines", "program"]


def structure_dict(rng: random.Random) -> dict:
    """A scenario whose shape is wrong: a record or list given as a scalar (.nan, text, a number), keys that do
    not print, or thousands of repeated bad list items; in the current schema or an older one."""
    data: dict = {"schema_version": rng.choice([1, 2, 3, 4, 5])}
    kind = rng.randrange(3)
    if kind == 0:
        data[rng.choice(RECORDS)] = rng.choice([math.nan, "x", 5, True, None, [1], {"a": 1}])
    elif kind == 1:
        data[rng.choice(ODD_KEYS)] = value(rng)
        data[rng.choice(RECORDS[:5])] = {rng.choice(ODD_KEYS): 1}
    else:
        n = rng.choice([2, 50, 3000])
        data["cohorts"] = [{"name": f"c{i}", "start_month": rng.choice(["x", -1, None, [1]])} for i in range(n)]
    return data


def scenario_dict(rng: random.Random) -> dict:
    """The default scenario's data with a few entries replaced by hostile values at real or made-up paths
    (a third of the time: valid values at their extremes; a sixth: a wrong shape)."""
    if rng.random() < 0.33:
        return valid_dict(rng)
    if rng.random() < 0.25:
        return structure_dict(rng)
    data = preset("imt-default").model_dump(mode="json")
    for _ in range(rng.randrange(1, 4)):
        path = rng.choice(PATHS).split(".")
        node = data
        for part in path[:-1]:
            nxt = node.get(part) if isinstance(node, dict) else None
            if isinstance(nxt, list) and nxt:
                nxt = nxt[0]
            if not isinstance(nxt, dict):
                break
            node = nxt
        if isinstance(node, dict) and path[-1]:
            node[path[-1]] = value(rng)
    return data


ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8))


def file_bytes(rng: random.Random) -> tuple[bytes, str]:
    """Bytes of a scenario file and its suffix: malformed, not UTF-8, duplicate keys, bombs, deep, huge, tags."""
    kind = rng.randrange(9)
    if kind == 0:
        return b"name: \xff\xfe" + bytes(rng.randrange(256) for _ in range(8)), ".yaml"
    if kind == 1:
        return ("mentor: {hours_per_month: 4}\nwages: {fringe_rate: 0.3}\nmentor: {wage: 30}\n").encode(), ".yaml"
    if kind == 2:
        return ALIAS_BOMB.encode(), ".yaml"
    if kind == 3:
        n = rng.choice([50, 500, 5000])
        return ("[" * n + "]" * n).encode(), ".json"
    if kind == 4:
        n = rng.choice([50, 500])
        return ("a:\n" + "".join(" " * (i + 1) + "- \n" for i in range(n))).encode(), ".yaml"
    if kind == 5:
        return json.dumps(scenario_dict(rng), default=str).encode() if rng.random() < 0.5 else \
            f'{{"program": {{"term_months": {"9" * rng.choice([30, 5000])}}}}}'.encode(), ".json"
    if kind == 6:
        field = rng.choice(["program.term_months", "wages.fringe_rate", "name", "cohorts.0.start_month"])
        record, _, key = field.partition(".")
        return f"{record}: {{{key}: {rng.choice(WEIRD_TEXT)}}}\n".encode(errors="surrogatepass"), ".yaml"
    if kind == 7:
        text = "".join(rng.choice("{}[]:,-&*!'\"\n #ab1") for _ in range(rng.randrange(1, 60)))
        return text.encode(), rng.choice([".yaml", ".json"])
    import yaml
    as_in_a_file = json.loads(json.dumps(scenario_dict(rng), default=str))  # a file holds no Decimal
    return yaml.safe_dump(as_in_a_file, allow_unicode=True).encode(), ".yaml"


def set_pair(rng: random.Random) -> str:
    """One ``--set PATH=VALUE`` argument: real or odd paths, hostile values."""
    path = rng.choice(PATHS + ["-1", "a\nb", "x" * 300, "wages..fringe_rate", "cohorts.99.name"])
    raw = rng.choice(WEIRD_TEXT + [str(value(rng))])
    return f"{path}={raw}" if rng.random() < 0.95 else raw


def _metrics_finite(scenario) -> bool:
    m = evaluate(scenario).metrics.as_dict()
    return all(v is None or not isinstance(v, float) or math.isfinite(v) for v in m.values())


def misuse_call(rng: random.Random):
    """A public function called with an argument of the wrong type: (the call, the argument it names)."""
    from imt_roi import save_scenario, with_value
    wrong = rng.choice([None, 5, 1.5, b"x", ["a"], object(), "wages.starting_wage=20", {None: 1}, {b"k": 1},
                        {1: 2}, "a\x00b.yaml", ""])
    calls = [
        (lambda: preset("imt-default", wrong), "overrides"),
        (lambda: load_scenario(wrong), "path"),
        (lambda: save_scenario(preset(), wrong), "path"),
        (lambda: with_value(preset(), wrong, 1), "path"),
        (lambda: preset(wrong), "name"),
    ]
    return rng.choice(calls)


def outcome_of_misuse(call, argument: str) -> str:
    """``ok`` (the value was acceptable), ``rejected`` (a TypeError naming the argument, or a one-line
    ScenarioError), else ``bad message`` or ``crash``."""
    import warnings
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            call()
    except TypeError as exc:
        return "rejected" if str(exc).startswith(f"{argument}: expected") else "bad message"
    except ScenarioError as exc:
        return _rejected(str(exc.field), str(exc))
    except Exception:
        return "crash"
    return "ok"


def outcome_of_dict(data: dict) -> str:
    try:
        scenario = scenario_from_dict(data)
    except ScenarioError as exc:
        return _rejected(str(exc.field), str(exc))
    return "ok" if _metrics_finite(scenario) else "non-finite"


def outcome_of_file(path) -> str:
    try:
        scenario = load_scenario(path)
    except ScenarioError as exc:
        return _rejected(str(exc.field), str(exc))
    return "ok" if _metrics_finite(scenario) else "non-finite"


def outcome_of_cli(args: list[str]) -> str:
    out, err = io.StringIO(), io.StringIO()
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = main(args)
    except SystemExit as exc:
        code = exc.code
    text = err.getvalue()
    if code == 0:  # an older schema's one-line note is all stderr may hold
        return "ok" if all(line.startswith("imt-roi: note: ") for line in text.splitlines()) else "bad message"
    if code == 2:
        lines = text.splitlines()
        return "rejected" if len(lines) == 1 and lines[0].startswith("imt-roi: error: ") \
            and len(lines[0]) <= MAX_MESSAGE else "bad message"
    return "crash"


def _rejected(field: str, line: str) -> str:
    """A rejection is one printable line of at most MAX_MESSAGE characters that names a field."""
    printable = all(ch.isprintable() for ch in line)
    named = field and field.strip("?. ") != ""
    return "rejected" if printable and named and len(line) <= MAX_MESSAGE else "bad message"
