"""The ``imt-roi`` command line. It parses, calls the package, prints; no economics here."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import warnings

import pandas as pd

from .breakeven import break_even
from .engine import CASHFLOW_COLUMNS
from .errors import ScenarioError, UpgradedWarning, short
from .funding import PROGRAMMES
from .conventions import CONVENTIONS, convention, conventions_table
from .report import metrics_json, render_spread, render_text, render_training_years, render_years
from .uncertainty import DEFAULT_DRAWS, DEFAULT_SEED, scenario_sets, simulate, with_ranges
from .results import aai_figures, evaluate, jff_method_ratio
from .reading import parse_value
from .safe_text import PrintableStream, write_csv
from .scenario_io import load_scenario, preset, preset_data, preset_names
from .serve import add_serve_args, serve

EXIT_BAD_INPUT = 2


def parse_sets(items: list[str]) -> dict:
    """``PATH=VALUE`` pairs into a dict; values are read as YAML scalars (21.5, true, college)."""
    out = {}
    for item in items or []:
        path, sep, raw = item.partition("=")
        if not sep or not path.strip():
            raise ScenarioError("--set", f"{short(item)!r} is not PATH=VALUE, e.g. wages.starting_wage=21.24")
        out[path.strip()] = parse_value(raw, path.strip())
    return out


def parse_ranges(items: list[str]) -> dict[str, tuple[float, float, float]]:
    """``PATH=LOW,MODE,HIGH`` triples into path -> (low, mode, high)."""
    out = {}
    for item in items or []:
        path, sep, raw = item.partition("=")
        parts = raw.split(",")
        try:
            low, mode, high = (float(p) for p in parts)
        except ValueError:
            low = None
        if not sep or not path.strip() or low is None:
            raise ScenarioError("--range", f"{short(item)!r} is not PATH=LOW,MODE,HIGH, e.g. "
                                           "wages.technician_wage=27,30,34")
        out[path.strip()] = (low, mode, high)
    return out


def scenario_from_args(args):
    overrides = parse_sets(args.set)
    if args.file and args.preset:
        raise ScenarioError("--preset", "give a scenario file or a preset, not both")
    if args.file:
        scenario = load_scenario(args.file, overrides)
    else:
        scenario = preset(args.preset or "imt-default", overrides)
    ranges, exact = parse_ranges(getattr(args, "range", None)), getattr(args, "exact", None)
    if ranges or exact:
        scenario = with_ranges(scenario, ranges, [e.strip() for e in exact or []])
    return scenario


def cmd_evaluate(args) -> int:
    scenario = scenario_from_args(args)
    result = evaluate(scenario, args.convention)
    scenario = result.scenario  # with the convention's inputs set
    if args.by == "training-year":
        table = result.by_training_year()
        if args.format == "json":
            print(json.dumps({"per": "apprentice starting", "unit": "USD, undiscounted",
                              "rows": [{"row": row, **values} for row, values in table.iterrows()]}, indent=2))
        elif args.format == "csv":
            write_csv(table, index_label="row")
        else:
            sys.stdout.write(render_training_years(scenario, table))
        return 0
    if args.by == "year":
        table = result.by_year().reset_index()
        if args.format == "json":
            print(json.dumps(table.to_dict(orient="records"), indent=2))
        elif args.format == "csv":
            write_csv(table, index=False)
        else:
            sys.stdout.write(render_years(scenario, table))
        return 0
    if args.format == "json":
        print(json.dumps({**metrics_json(result.metrics), "convention": result.convention}, indent=2))
    elif args.format == "csv":
        write_csv(result.cashflows[CASHFLOW_COLUMNS], index=False)
    else:
        if result.convention != "plan":
            print(f"Counted as the {convention(result.convention).study} counts (imt-roi conventions)")
        sys.stdout.write(render_text(scenario, result.metrics, jff_method_ratio(scenario), aai_figures(result)))
    return 0


def cmd_conventions(args) -> int:
    table = conventions_table()
    if args.format == "json":
        print(json.dumps(table.to_dict(orient="records"), indent=2))
    else:
        for row in table.itertuples(index=False):
            print(f"{row.key}: {row.study}")
            for name in ("costs", "benefits", "horizon", "discounting", "unit", "aggregation", "measures", "sets",
                         "own_value_needed"):
                if getattr(row, name):
                    print(f"  {name.replace('_', ' ')}: {getattr(row, name)}")
            print()
    return 0


def cmd_uncertainty(args) -> int:
    scenario = scenario_from_args(args)
    spread = simulate(scenario, _whole(args.draws, "--draws"), _whole(args.seed, "--seed"))
    sets = scenario_sets(scenario)
    if args.format == "json":
        records = [{"name": name, **{k: (None if pd.isna(v) else v) for k, v in row.items()}}
                   for name, row in sets.iterrows()]
        print(json.dumps({**spread.as_dict(), "scenario_sets": records}, indent=2, default=float))
    else:
        sys.stdout.write(render_spread(scenario, spread, sets))
    return 0


def cmd_export(args) -> int:
    from .export import summary_html, workbook_bytes
    from .files import check_new_file, write_atomic

    if not args.xlsx and not args.html and not args.pack:
        raise ScenarioError("--xlsx", "give --xlsx PATH, --html PATH, --pack DIR, or several")
    reading = (args.file,) if args.file else ()
    targets = [check_new_file(path, args.force, reading, option) for option, path in
               (("--xlsx", args.xlsx), ("--html", args.html)) if path]  # before any work: nothing replaced unasked
    if len(targets) == 2 and str(targets[0]) == str(targets[1]):
        raise ScenarioError("--html", "is the same file as --xlsx: give each its own name")
    scenario = scenario_from_args(args)
    result = evaluate(scenario)
    if args.employer is not None and args.employer not in result.by_employer().index:
        raise ScenarioError("--employer", f"{short(args.employer)!r} has no apprentices in this plan")
    if args.xlsx:
        write_atomic(args.xlsx, workbook_bytes(result))
        print(f"wrote {args.xlsx}")
    if args.html:
        write_atomic(args.html, summary_html(result, employer=args.employer).encode("utf-8"))
        print(f"wrote {args.html}")
    if args.pack:
        from .pack import write_pack

        files = write_pack(result, args.pack, force=args.force, reading=reading)
        print(f"wrote {len(files)} files to {args.pack}: " + ", ".join(f.name for f in files))
    return 0


def cmd_track(args) -> int:
    from .files import check_new_file
    from .records import read_records, summary_lines, write_template

    if args.template:
        files = write_template(args.template)
        print(f"wrote {len(files)} templates to {args.template}: " + ", ".join(f.name for f in files))
        return 0
    if not args.records:
        raise ScenarioError("records", "give a folder of CSV files or an .xlsx workbook, or --template DIR")
    records = read_records(args.records)
    if not args.plan and not args.preset:
        print("\n".join(summary_lines(records)))
        return 0
    from .report import render_tracked
    from .tracking import track

    targets = [check_new_file(path, args.force, (args.plan, args.records), option)
               for option, path in (("--xlsx", args.xlsx), ("--html", args.html)) if path]
    plan = load_scenario(args.plan, parse_sets(args.set)) if args.plan else preset(args.preset, parse_sets(args.set))
    tracked = track(records, plan, args.as_of)
    if targets:
        from .export import tracked_summary_html, tracked_workbook_bytes
        from .files import write_atomic

        if args.xlsx:
            write_atomic(args.xlsx, tracked_workbook_bytes(tracked))
            print(f"wrote {args.xlsx}")
        if args.html:
            write_atomic(args.html, tracked_summary_html(tracked).encode("utf-8"))
            print(f"wrote {args.html}")
        return 0
    if args.format == "json":
        print(json.dumps({"as_of": tracked.as_of.isoformat(), "as_of_month": tracked.as_of_month,
                          "metrics": _records(tracked.metrics().reset_index(names="metric")),
                          "by_line": _records(tracked.by_line()), "by_month": _records(tracked.by_month()),
                          "how_sure": dataclasses.asdict(tracked.spread()),
                          "notes": tracked.notes}, indent=2, default=float))
    elif args.format == "csv":
        write_csv(tracked.flows, index=False)
    else:
        sys.stdout.write(render_tracked(tracked))
    return 0


def cmd_upgrade(args) -> int:
    from .scenario_io import dumps, save_scenario

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UpgradedWarning)
        scenario = load_scenario(args.file)
    notes = [str(w.message) for w in caught if issubclass(w.category, UpgradedWarning)]
    if args.write:
        save_scenario(scenario, args.file)
        print(f"wrote {args.file}: " + (notes[0] if notes else "already the current version"))
    else:
        for note in notes:
            print(f"imt-roi: note: {note}", file=sys.stderr)
        sys.stdout.write(dumps(scenario, "json" if str(args.file).lower().endswith(".json") else "yaml"))
    return 0


def cmd_serve(args) -> int:
    serve(args)
    return 0


def cmd_presets(args) -> int:
    for name in preset_names():
        data = preset_data(name)
        description = " ".join(str(data.get("description", "")).split())
        print(f"{name:<16} {data.get('name', name)}: {description}")
    return 0


def cmd_funding(args) -> int:
    rows = [{"key": f.key, "name": f.name, "how_paid": f.how_paid, "rule": f.rule, "varies": f.varies,
             "to_fill": f.to_fill, "source": f.source, "offset": f.as_offset().model_dump(mode="json")}
            for f in PROGRAMMES]
    if args.format == "json":
        print(json.dumps(rows, indent=2))
        return 0
    for r in rows:
        print(f"{r['name']} ({r['key']})")
        for label in ("how_paid", "rule", "varies", "to_fill", "source"):
            print(f"  {label.replace('_', ' ')}: {r[label]}")
        print()
    print("Add one to a scenario file under assumptions: offsets (docs/funding.md shows how).")
    return 0


def cmd_break_even(args) -> int:
    scenario = scenario_from_args(args)
    found = break_even(scenario, args.path, args.low, args.high)
    print(found.message)
    return 0 if found.value is not None else 1


def cmd_reproduce(args) -> int:
    from .checks import report
    text, passed = report(args.case)
    sys.stdout.write(text)
    return 0 if passed else 1


def cmd_compare(args) -> int:
    from .benchmarks import beside_benchmarks, benchmarks, load_benchmarks
    from .report import render_beside

    scenario = scenario_from_args(args)
    chosen = [] if args.no_shipped else benchmarks()
    for path in args.benchmarks or []:
        chosen += load_benchmarks(path)
    if not chosen:
        raise ScenarioError("--benchmarks", "no figures to compare with: give a file, or drop --no-shipped")
    table = beside_benchmarks(evaluate(scenario), args.measure, chosen)
    if args.format == "json":
        print(json.dumps(_records(table), indent=2))
    else:
        sys.stdout.write(render_beside(scenario, table))
    return 0


def cmd_partnership(args) -> int:
    from .partnership import alone_vs_partnership, differences, seats_to_beat_open_enrolment
    from .report import render_partnership

    if not args.file and not args.preset:
        args.preset = "imt-partnership"
    scenario = scenario_from_args(args)
    table = alone_vs_partnership(scenario)
    if args.format == "json":
        print(json.dumps(_records(table), indent=2))
    elif args.format == "csv":
        write_csv(table, index=False)
    else:
        seats = seats_to_beat_open_enrolment(scenario)
        sys.stdout.write(render_partnership(scenario, table, differences(table), seats))
    return 0


def _records(table: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready dicts: a figure that does not exist (NaN, NA) is null."""
    return table.astype(object).where(table.notna(), None).to_dict(orient="records")


def _whole(text: str, option: str) -> int:
    """A whole number given for ``option``, or a one-line ScenarioError naming it."""
    try:
        return int(str(text).strip())
    except ValueError:
        raise ScenarioError(option, f"{str(text)[:40]!r} is not a whole number") from None


def add_scenario_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", nargs="?", help="scenario file (.yaml, .yml or .json)")
    p.add_argument("--preset", help="start from a shipped preset (see `imt-roi presets`)")
    p.add_argument("--set", action="append", metavar="PATH=VALUE",
                   help="change one input, e.g. --set wages.starting_wage=21.24 (repeatable)")


def add_range_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--range", action="append", metavar="PATH=LOW,MODE,HIGH",
                   help="your own triangular range for an input, which is also set to MODE, e.g. "
                        "--range wages.technician_wage=27,30,34 (repeatable)")
    p.add_argument("--exact", action="append", metavar="PATH",
                   help="hold an input at its value: not drawn (repeatable)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="imt-roi", description="Cost and return of an IMT apprenticeship cohort.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("evaluate", help="metrics, cash flows or inputs of a scenario")
    add_scenario_args(p)
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.add_argument("--by", choices=["year", "training-year"],
                   help="year: one row per plan year (costs, benefits, net, cumulative_net; USD, undiscounted); "
                        "training-year: the term per apprentice starting and training year in the layout of the "
                        "Swiss and German cost-benefit surveys")
    p.add_argument("--convention", choices=list(CONVENTIONS),
                   help="count the plan as a published study counts (imt-roi conventions lists them)")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("conventions", help="how each published study counts: costs, benefits, horizon, "
                                           "discounting")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_conventions)

    p = sub.add_parser("uncertainty", help="how sure: Monte Carlo over the input ranges, and a tornado")
    add_scenario_args(p)
    p.add_argument("--draws", default=str(DEFAULT_DRAWS), help=f"draws (default {DEFAULT_DRAWS})")
    p.add_argument("--seed", default=str(DEFAULT_SEED), help=f"random seed, 0 or more (default {DEFAULT_SEED})")
    p.add_argument("--format", choices=["table", "json"], default="table")
    add_range_args(p)
    p.set_defaults(func=cmd_uncertainty)

    p = sub.add_parser("export", help="write the Excel workbook and/or the one-page HTML summary")
    add_scenario_args(p)
    p.add_argument("--xlsx", metavar="PATH", help="Excel workbook: metrics, inputs, cash flows, uncertainty")
    p.add_argument("--html", metavar="PATH", help="one-page HTML summary")
    p.add_argument("--employer", help="the one-page summary of one employer of the plan")
    p.add_argument("--pack", metavar="DIR", help="the pitch pack: every firm's one-pager and workbook, and the "
                                                 "partnership's, as a new folder (an existing one must be empty)")
    p.add_argument("--force", action="store_true",
                   help="replace existing files (never the scenario file being read); without it, export refuses "
                        "to write over anything")
    add_range_args(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("track", help="a running cohort's own records (docs/records.md) against its plan; or check "
                                    "them, or write blank templates")
    p.add_argument("records", nargs="?", help="a folder of CSV files (apprentices.csv, ledger.csv, ...) or an "
                                              ".xlsx workbook with those sheets")
    p.add_argument("--template", metavar="DIR", help="write blank templates, each column explained, to a new folder")
    p.add_argument("--plan", metavar="FILE", help="the plan the cohort follows (a scenario file): realized figures "
                                                  "to date beside it and a re-forecast of the rest")
    p.add_argument("--preset", help="the plan as a shipped preset instead of a file")
    p.add_argument("--set", action="append", metavar="PATH=VALUE", help="change one input of the plan (repeatable)")
    p.add_argument("--as-of", help="last day counted as realized, e.g. 2026-12-31 (default: the latest date in the "
                                   "records)")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table",
                   help="csv: the monthly cash flows, each with its basis (recorded or modelled)")
    p.add_argument("--xlsx", metavar="PATH", help="write the tracked cohort as an Excel workbook")
    p.add_argument("--html", metavar="PATH", help="write the tracked cohort as a one-page HTML summary")
    p.add_argument("--force", action="store_true", help="replace an existing --xlsx or --html file")
    p.set_defaults(func=cmd_track)

    p = sub.add_parser("upgrade", help="an older scenario file in the current schema: shown, or written back")
    p.add_argument("file", help="scenario file (.yaml, .yml or .json)")
    p.add_argument("--write", action="store_true", help="write the upgraded scenario back to FILE")
    p.set_defaults(func=cmd_upgrade)

    p = sub.add_parser("serve", help="serve the dashboards with Voila (the landing page at the root URL)")
    add_serve_args(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("presets", help="list the shipped presets")
    p.set_defaults(func=cmd_presets)

    p = sub.add_parser("funding", help="funding programmes sponsors commonly stack, with their published rules")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_funding)

    p = sub.add_parser("break-even", help="value of one input at which B/C = 1")
    p.add_argument("path", help="dotted input path, e.g. output.value_per_hour")
    add_scenario_args(p)
    p.add_argument("--low", type=float, help="search from (default: the input's valid minimum)")
    p.add_argument("--high", type=float, help="search to (default: the input's valid maximum)")
    p.set_defaults(func=cmd_break_even)

    p = sub.add_parser("compare", help="the plan beside published figures of the same measure (shipped and yours)")
    add_scenario_args(p)
    p.add_argument("--benchmarks", nargs="+", action="extend", metavar="PATH",
                   help="your own published figures: YAML or JSON in the shipped schema (see docs/reproducing.md)")
    p.add_argument("--no-shipped", action="store_true", help="leave out the shipped studies' figures")
    p.add_argument("--measure", choices=["benefit_cost_ratio", "net_roi", "rate_of_return"],
                   help="one measure only")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("partnership", help="each firm alone (open enrolment, own coordination) and in the "
                                          "partnership; the class sizes that pay (default preset imt-partnership)")
    add_scenario_args(p)
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.set_defaults(func=cmd_partnership)

    p = sub.add_parser("reproduce", help="reproduce published figures (study cases, benchmarks, COWS tables)")
    p.add_argument("case", nargs="?", help="one case (default: all), e.g. jff-2020-imt-roi or cows-text")
    p.set_defaults(func=cmd_reproduce)
    return parser


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad command line in one line (no usage block) and exits 2."""

    def error(self, message: str):
        print(f"imt-roi: error: {short(' '.join(message.split()), 300)} (see {self.prog} --help)", file=sys.stderr)
        sys.exit(EXIT_BAD_INPUT)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    stdout = sys.stdout
    sys.stdout = PrintableStream(stdout)  # user text never reaches the terminal as a control sequence
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UpgradedWarning)
            code = args.func(args)
        for w in caught:
            if issubclass(w.category, UpgradedWarning):
                print(f"imt-roi: note: {w.message}", file=sys.stderr)
            else:
                warnings.showwarning(w.message, w.category, w.filename, w.lineno)
        return code
    except ScenarioError as exc:
        print(f"imt-roi: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a disk or file error the commands did not name themselves
        print(f"imt-roi: error: {short(str(exc.filename or 'writing'), 120)}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        sys.stdout = stdout


if __name__ == "__main__":
    sys.exit(main())
