"""Input forms generated from the parameter records' own metadata.

Every input is labelled with its label and unit and shows its source under it
(and as a tooltip). Numbers are typed into text boxes that fire on Enter or
when the box loses focus (``continuous_update=False``), so the text a user
typed is never replaced: a value that is not a number, or out of range, is
reported next to the field and in the dashboard's message area, and the box
keeps what was typed. A few whole-number inputs are sliders that fire on
release.

The form only turns widget values into a scenario dict; validation is the
model's (:func:`imt_roi.scenario_io.scenario_from_dict`), economics the engine's.
"""

from __future__ import annotations

import copy
import html
import typing
from dataclasses import dataclass
from typing import Any, Callable, Literal

import ipywidgets as w
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_int import SliderStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle
from pydantic import BaseModel

from ..overrides import set_path
from ..fields import ParamInfo, declared_field, field_meta, inner_model, iter_params, source_tag
from ..lines import mentor_charge
from ..parameters import Assumptions, Cohort, CustomLine, Offset, Scenario, StepRaise
from ..schedule import WEEKS_PER_MONTH, completer_wage
from ..scenario_io import scenario_to_dict
from .funding_picker import FundingPicker

#: Inputs shown as sliders (whole numbers with a short range), firing on release.
SLIDERS = {"program.term_months"}
#: The horizon reads in years after completion (a slider in steps of one month), stored in months.
YEARS_PATH = "horizon.months_after_completion"
#: Mentor hours may be typed per week or per month; the model stores hours per month.
MENTOR_HOURS_PATH = "mentor.hours_per_month"
#: The completer's wage, empty when it follows from the raises.
COMPLETER_WAGE_PATH = "wages.completer_wage"

#: Section titles for the records of a scenario, in the order the form shows them.
SECTIONS = [
    ("program", "Program term"),
    ("horizon", "Horizon and discounting"),
    ("wages", "Wages and raises"),
    ("instruction", "Related technical instruction"),
    ("mentor", "Mentor time"),
    ("administration", "Administration"),
    ("substitution", "Value of the apprentice's work (substitution method)"),
    ("outside_hire", "After completion: against hiring a technician from outside"),
    ("output", "Value of output (output-value and incremental methods)"),
    ("benefits", "Other benefits"),
    ("retention", "Completion and retention"),
    ("uncertainty", "How sure: ranges and scenario sets (edit ranges in a scenario file)"),
]

#: The inputs that decide a firm's answer, in its own terms: the planner's first form ("Your firm in a few
#: numbers"); the cohorts (apprentices and start) and the funding offsets (grants) come with them.
FIRM_FIELDS = ["wages.starting_wage", "wages.completer_wage", "wages.technician_wage", "outside_hire.recruiting_cost",
               "outside_hire.vacancy_months", "instruction.cost_per_apprentice", "mentor.hours_per_month",
               "horizon.months_after_completion", "horizon.discount_rate"]

_LIST_ROWS = {
    # list path: (record class, fields shown in each row, title of one row)
    "cohorts": (Cohort, ["name", "start_month", "members.0.employer", "members.0.apprentices"], "Cohort"),
    "wages.step_raises": (StepRaise, ["month", "share"], "Step raise"),
    "offsets": (Offset, ["name", "kind", "amount_per_apprentice", "basis", "month", "times", "share_of_wages",
                         "wage_months", "cap_per_apprentice", "cap_per_employer"], "Funding offset"),
    "custom_lines": (CustomLine, ["name", "kind", "amount", "basis", "frequency", "start_month", "end_month"],
                     "Custom line"),
}


@dataclass(frozen=True)
class FieldSpec(ParamInfo):
    """An input's :class:`~imt_roi.fields.ParamInfo` (path, label, unit, source, range) plus what a form
    needs to draw its box: the value type (``kind``: float, int, bool, choice or text), whether it may be
    left empty, and the choices."""

    kind: str = "float"
    optional: bool = False
    options: tuple = ()

    @property
    def unit_text(self) -> str:
        if self.kind in {"bool", "choice", "text"}:
            return ""
        rng = f", {self.range_text}" if self.ge is not None and self.le is not None else ""
        return f"{self.unit}{rng}"


def _annotation_kind(annotation: Any) -> tuple[str, bool, tuple]:
    args = typing.get_args(annotation)
    optional = type(None) in args
    if optional:
        inner = [a for a in args if a is not type(None)]
        annotation = inner[0] if len(inner) == 1 else annotation
    if typing.get_origin(annotation) is Literal:
        return "choice", optional, tuple(typing.get_args(annotation))
    if annotation is bool:
        return "bool", optional, ()
    if annotation is int:
        return "int", optional, ()
    if annotation is float:
        return "float", optional, ()
    return "text", optional, ()


def field_spec(path: str, root: type[BaseModel] = Scenario) -> FieldSpec:
    """The :class:`FieldSpec` of the input at a dotted ``path`` (list indices allowed)."""
    meta, annotation = declared_field(path, root)
    kind, optional, options = _annotation_kind(annotation)
    return FieldSpec(path, meta["label"], meta["unit"], meta["source"], meta["ge"], meta["le"], None,
                     kind, optional, options)


def _text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


class _Shared:
    """Layout and style models shared by every field of a form (fewer widget models, faster pages)."""

    def __init__(self):
        self.label_layout = w.Layout(flex="1 1 0%", width="auto", min_width="0")
        self.input_layout = w.Layout(width="130px", flex="0 0 130px")
        self.slider_layout = w.Layout(width="210px", flex="0 0 210px")
        self.row_layout = w.Layout(width="100%", align_items="flex-start", margin="0 0 6px 0")
        self.html_style = HTMLStyle()
        self.text_style = TextStyle()
        self.check_style = CheckboxStyle()
        self.slider_style = SliderStyle(description_width="0px")


class FieldInput:
    """One labelled input: label + unit, source, inline error, and the widget itself."""

    def __init__(self, spec: FieldSpec, value: Any, shared: _Shared, on_change: Callable[[], None]):
        self.spec = spec
        self.error: str | None = None
        self.source = spec.source
        css = "imt-input-" + spec.path.replace(".", "-")
        self.widget = self._make_widget(spec, value, shared)
        self.widget.tooltip = f"{spec.label}. Source: {spec.source}"
        self.widget.add_class(css)
        self.widget.add_class("imt-input")
        self.label = w.HTML(layout=shared.label_layout, style=shared.html_style)
        self._render_label()
        self.box = w.HBox([self.label, self.widget], layout=shared.row_layout)
        self.widget.observe(lambda _change: on_change(), "value")

    def _make_widget(self, spec: FieldSpec, value: Any, shared: _Shared) -> w.Widget:
        if spec.path in SLIDERS and spec.kind == "int":
            return w.IntSlider(value=int(value), min=int(spec.ge), max=int(spec.le), step=1,
                               continuous_update=False, layout=shared.slider_layout, style=shared.slider_style)
        if spec.kind == "bool":
            return w.Checkbox(value=bool(value), indent=False, layout=shared.input_layout, style=shared.check_style)
        if spec.kind == "choice":
            return w.Dropdown(options=list(spec.options), value=value, layout=shared.input_layout)
        return w.Text(value=_text_of(value), continuous_update=False, layout=shared.input_layout,
                      style=shared.text_style)

    def note(self) -> str:
        """Extra words under the label (the unit conversions of the subclasses, a derived value)."""
        return getattr(self, "_note", "")

    def set_note(self, text: str) -> None:
        if text != self.note():
            self._note = text
            self._render_label()

    def set_source(self, source: str | None) -> None:
        """Show where the current value comes from (the default's citation, or "set in this scenario")."""
        if source and source != self.source:
            self.source = source
            self._render_label()

    def _render_label(self) -> None:
        s = self.spec
        unit = f' <span class="imt-unit">({html.escape(self.unit_text)})</span>' if self.unit_text else ""
        err = (f'<div class="imt-field-error" data-path="{html.escape(s.path)}">{html.escape(self.error)}</div>'
               if self.error else "")
        note = self.note()
        note_html = f'<div class="imt-field-note">{html.escape(note)}</div>' if note else ""
        full = html.escape(self.source)
        self.label.value = (f'<div class="imt-field" data-path="{html.escape(s.path)}">'
                            f'<div class="imt-label">{html.escape(self.label_text())}{unit}</div>{note_html}'
                            f'<details class="imt-source" title="{full}"><summary>Source: <span class="imt-source-tag">'
                            f'{html.escape(source_tag(self.source))}</span></summary>'
                            f'<div class="imt-source-full">{full}</div></details>{err}</div>')

    def label_text(self) -> str:
        return self.spec.label

    @property
    def unit_text(self) -> str:
        return self.spec.unit_text

    def set_error(self, message: str | None) -> None:
        if message == self.error:
            return
        self.error = message
        if message:
            self.widget.add_class("imt-invalid")
        else:
            self.widget.remove_class("imt-invalid")
        self._render_label()

    def parsed(self) -> tuple[Any, str | None]:
        """The typed value converted to the input's type, or an error message (the text is kept)."""
        s = self.spec
        value = self.widget.value
        if s.kind in {"bool", "choice"} or isinstance(self.widget, w.IntSlider):
            return value, None
        text = str(value).strip()
        if s.kind == "text":
            return text, None
        if text == "":
            return (None, None) if s.optional else (None, f"is empty: enter a number [{s.label}]")
        cleaned = text.replace(",", "").replace("$", "").replace("_", "")
        try:
            number = float(cleaned)
        except ValueError:
            return None, f"{text!r} is not a number [{s.label}]"
        if s.kind == "int":
            if not number.is_integer():
                return None, f"{text!r} is not a whole number [{s.label}]"
            return int(number), None
        return number, None

    def set_value(self, value: Any) -> None:
        if isinstance(self.widget, (w.Text,)):
            self.widget.value = _text_of(value)
        else:
            self.widget.value = value
        self.set_error(None)


class YearsInput(FieldInput):
    """Months after completion shown as years (a slider in steps of a month), with the months in words."""

    def __init__(self, spec: FieldSpec, value: Any, shared: _Shared, on_change: Callable[[], None],
                 term_months: Callable[[], int]):
        self.term_months = term_months
        super().__init__(spec, value, shared, on_change)
        self.widget.observe(lambda _change: self._render_label(), "value")

    def _make_widget(self, spec: FieldSpec, value: Any, shared: _Shared) -> w.Widget:
        return w.FloatSlider(value=int(value) / 12, min=spec.ge / 12, max=spec.le / 12, step=1 / 12,
                             readout_format=".2f", continuous_update=False, layout=shared.slider_layout,
                             style=shared.slider_style)

    def label_text(self) -> str:
        return "Years counted after completion"

    @property
    def unit_text(self) -> str:
        return "years"

    def months(self) -> int:
        return int(round(self.widget.value * 12))

    def note(self) -> str:
        months = self.months()
        if months == 0:
            return "0 months: the term only"
        return f"{months} months after completion; {self.term_months() + months} months in all with the term"

    def parsed(self) -> tuple[Any, str | None]:
        return self.months(), None

    def set_value(self, value: Any) -> None:
        self.widget.value = int(value) / 12
        self.set_error(None)


class MentorHoursInput(FieldInput):
    """Mentor hours typed per month or per week (x 52/12); the model stores hours per month.

    The text shown for a value the user did not retype maps back to that exact
    value, so switching the unit never changes the model's input by rounding.
    """

    def __init__(self, spec: FieldSpec, value: Any, shared: _Shared, on_change: Callable[[], None],
                 unit: str = "per month"):
        self.unit = w.ToggleButtons(options=["per month", "per week"], value=unit,
                                    layout=w.Layout(width="auto"), style={"button_width": "72px"})
        self.unit.add_class("imt-mentor-unit")
        self._shown: tuple[str, float] | None = None
        super().__init__(spec, value, shared, on_change)
        self.unit.observe(self._unit_changed, "value")
        self.charge = w.HTML()
        self.charge.add_class("imt-mentor-charge")
        self.box = w.VBox([self.box, w.HBox([self.unit], layout=w.Layout(justify_content="flex-end")),
                           self.charge], layout=w.Layout(width="100%"))

    def _make_widget(self, spec: FieldSpec, value: Any, shared: _Shared) -> w.Widget:
        shown = value if value is None else round(float(value) / self._per_unit(), 2)
        widget = super()._make_widget(spec, shown, shared)
        self._shown = (widget.value, value)
        return widget

    def _per_unit(self) -> float:
        return WEEKS_PER_MONTH if self.unit.value == "per week" else 1.0

    def _show(self, per_month: float) -> None:
        text = _text_of(round(per_month / self._per_unit(), 2))
        self._shown = (text, per_month)
        self.widget.value = text

    def _unit_changed(self, change) -> None:
        old = WEEKS_PER_MONTH if change["old"] == "per week" else 1.0
        value, err = self._read(old)
        if err is None and value is not None:
            self._show(value)
        self._render_label()

    def _read(self, per_unit: float) -> tuple[Any, str | None]:
        if self._shown and str(self.widget.value).strip() == self._shown[0]:
            return self._shown[1], None
        value, err = super().parsed()
        return (None, err) if err else (value * per_unit, None)

    def label_text(self) -> str:
        return f"Mentor hours per apprentice {self.unit.value}" if hasattr(self, "unit") else self.spec.label

    @property
    def unit_text(self) -> str:
        return "hours/week" if hasattr(self, "unit") and self.unit.value == "per week" else "hours/month"

    def parsed(self) -> tuple[Any, str | None]:
        return self._read(self._per_unit())

    def set_value(self, value: Any) -> None:
        self._show(float(value))
        self.set_error(None)

    def show_charge(self, a: Assumptions) -> None:
        """Under the box: what is charged of the mentor's time, at what rate, so nothing is halved silently."""
        c = mentor_charge(a)
        self.charge.value = (
            f'<div class="imt-field-note" data-path="mentor-charge">Charged per apprentice: '
            f'{c.hours_per_month:.4g} h/month ({c.hours_per_month / WEEKS_PER_MONTH:.3g} h/week) x '
            f'{c.share_charged:.0%} charged (1 - productive share) x ${c.loaded_rate:,.2f}/h loaded '
            f'(${a.mentor.wage:,.2f} x {1 + a.wages.fringe_rate:.2f} fringe) = '
            f'<b>${c.per_month:,.2f} a month</b></div>')


class ListEditor:
    """Rows of a list of records (cohorts, step raises, offsets, custom lines) with Add/Remove."""

    def __init__(self, path: str, rows: list[dict], shared: _Shared, on_change: Callable[[], None]):
        self.path = path
        self.record_cls, self.fields, self.row_title = _LIST_ROWS[path]
        self.shared = shared
        self.on_change = on_change
        self._muted = False
        self.rows: list[dict] = []
        self.inputs: list[list[FieldInput]] = []
        self.box = w.VBox()
        self.box.add_class("imt-list-" + path.replace(".", "-"))
        self.add_button = w.Button(description=f"Add {self.row_title.lower()}", icon="plus",
                                   layout=w.Layout(width="auto"))
        self.add_button.add_class("imt-add-" + path.replace(".", "-"))
        self.add_button.on_click(lambda _b: self._add())
        self.set_rows(rows)

    def set_rows(self, rows: list[dict]) -> None:
        self.rows = [copy.deepcopy(r) for r in rows]
        self._build()

    def _build(self) -> None:
        self.inputs = []
        children = []
        for i, row in enumerate(self.rows):
            fields = []
            for name in self.fields:
                spec = field_spec(f"{self.path}.{i}.{name}")
                value = _get_path(row, name)
                fields.append(FieldInput(spec, value, self.shared, self._changed))
            self.inputs.append(fields)
            remove = w.Button(description="Remove", icon="trash", layout=w.Layout(width="auto"))
            remove.on_click(lambda _b, i=i: self._remove(i))
            head = w.HBox([w.HTML(f"<b>{self.row_title} {i + 1}</b>", layout=w.Layout(flex="1 1 auto")), remove])
            row_box = w.VBox([head] + [f.box for f in fields],
                             layout=w.Layout(border="1px solid #ddd", padding="4px", margin="0 0 6px 0"))
            children.append(row_box)
        self.box.children = children + [self.add_button]

    def _changed(self) -> None:
        if not self._muted:
            self.on_change()

    def _restore_typed(self, typed: list[list]) -> None:
        """Keep what was typed when rows are added or removed (even text that is not valid yet)."""
        self._muted = True
        try:
            for fields, values in zip(self.inputs, typed):
                for f, v in zip(fields, values):
                    f.widget.value = v
        finally:
            self._muted = False

    def _add(self) -> None:
        self.add_row(self._new_row())

    def add_row(self, row: dict) -> None:
        """Append ``row`` (a record as a dict), keeping what is typed in the other rows."""
        typed = [[f.widget.value for f in fields] for fields in self.inputs]
        self.rows.append(row)
        self._build()
        self._restore_typed(typed)
        self.on_change()

    def _remove(self, index: int) -> None:
        typed = [[f.widget.value for f in fields] for fields in self.inputs]
        del self.rows[index]
        del typed[index]
        self._build()
        self._restore_typed(typed)
        self.on_change()

    def _new_row(self) -> dict:
        if self.path == "cohorts":
            last = self.rows[-1] if self.rows else scenario_to_dict(Scenario())["cohorts"][0]
            row = copy.deepcopy(last)
            row["name"] = f"Cohort {len(self.rows) + 1}"
            row["start_month"] = min(int(last.get("start_month", 1)) + 6, 120)
            return row
        return self.record_cls().model_dump(mode="json")

    def collect(self, data: dict, problems: list[tuple[str, str]]) -> None:
        rows = []
        for row, fields in zip(self.rows, self.inputs):
            row = copy.deepcopy(row)
            for name, f in zip(self.fields, fields):
                value, err = f.parsed()
                if err:
                    problems.append((f.spec.path, err))
                else:
                    set_path(row, name, value)
            rows.append(row)
        set_path(data, self.path, rows)

    def all_inputs(self) -> list[FieldInput]:
        return [f for fields in self.inputs for f in fields]


def _get_path(data: Any, path: str) -> Any:
    node = data
    for part in path.split("."):
        node = node[int(part)] if isinstance(node, list) else node.get(part)
        if node is None:
            return None
    return node


class ScenarioForm:
    """A whole scenario as a form: plan (name, method, alternative, cohorts), then one section per record.

    ``collect()`` returns the scenario dict built from what is typed and the
    problems found while reading the boxes (text that is not a number);
    validation against ranges is left to the model.
    """

    def __init__(self, scenario: Scenario, on_change: Callable[[], None], form_id: str = "A",
                 sections: list[tuple[str, str]] | None = None, lists: tuple[str, ...] | None = None,
                 first: list[str] | None = None):
        self.form_id = form_id
        self.on_change = self._fire
        self._callback = on_change
        self._muted = False
        self.shared = _Shared()
        self.base = scenario_to_dict(scenario)
        self.fields: dict[str, FieldInput] = {}
        self.lists: dict[str, ListEditor] = {}
        self.sections = SECTIONS if sections is None else sections
        self.list_paths = tuple(_LIST_ROWS) if lists is None else lists
        self.first = first or []  # shown on top; the rest under "All assumptions", sections collapsed
        self.shown_scenario: Scenario | None = None
        self.box = w.VBox(self._build(), layout=w.Layout(width="100%"))
        self.update_sources(scenario)
        self.box.add_class("imt-form")
        self.box.add_class(f"imt-form-{form_id}")

    def _fire(self) -> None:
        if not self._muted:
            self._callback()

    def _field(self, path: str) -> w.Widget:
        spec, value = field_spec(path), _get_path(self.base, path)
        if path == YEARS_PATH:
            f = YearsInput(spec, value, self.shared, self.on_change, self._term_months)
        elif path == MENTOR_HOURS_PATH:  # a sponsor thinks of mentor time per week
            f = MentorHoursInput(spec, value, self.shared, self.on_change,
                                 unit="per week" if path in self.first else "per month")
        else:
            f = FieldInput(spec, value, self.shared, self.on_change)
        self.fields[path] = f
        return f.box

    def _list(self, path: str) -> w.Widget:
        editor = ListEditor(path, _get_path(self.base, path) or [], self.shared, self.on_change)
        self.lists[path] = editor
        return editor.box

    def _build(self) -> list[w.Widget]:
        if self.first:
            return self._build_firm_first()
        plan = [self._field("name"), self._field("method"), self._field("alternative")]
        if "cohorts" in self.list_paths:
            plan.append(self._list("cohorts"))
        children = [_heading("Plan"), *plan]
        for title, widgets in self._sections():
            children += [_heading(title), *widgets]
        return children

    def _build_firm_first(self) -> list[w.Widget]:
        """Your firm in a few numbers on top; every other input under "All assumptions", sections collapsed."""
        top = [_heading("Your firm in a few numbers"),
               w.HTML('<div class="imt-note">The inputs that decide your answer, in your own terms. Every other '
                      'assumption, each with its source, is under "All assumptions" below.</div>')]
        if "cohorts" in self.list_paths:
            top.append(self._list("cohorts"))
        top += [self._field(path) for path in self.first]
        if "offsets" in self.list_paths:
            offsets = self._list("offsets")
            self.funding_picker = FundingPicker(self.lists["offsets"])
            top += [w.HTML('<div class="imt-label imt-subhead">Grants and other funding per apprentice</div>'),
                    self.funding_picker.box, offsets]
        panels = [("Plan and valuation method", [("field", "name"), ("field", "method"), ("field", "alternative")])]
        panels += [(title, items) for title, items in self._section_items() if items]
        # A panel's inputs are built the first time it is opened: the first screen sends a third of the
        # widgets and takes keystrokes sooner. Until then its inputs keep the values in self.base.
        boxes = [w.VBox([], layout=w.Layout(width="100%")) for _ in panels]
        accordion = w.Accordion(children=boxes, selected_index=None)
        for i, (title, _) in enumerate(panels):
            accordion.set_title(i, title)
        accordion.add_class("imt-all-assumptions")
        self.panels_built: set[int] = set()

        def open_panel(index) -> None:
            if index is not None and index not in self.panels_built:
                self.panels_built.add(index)
                boxes[index].children = self._build_items(panels[index][1])
                if self.shown_scenario is not None:  # label the new inputs' sources as the others are
                    self.update_sources(self.shown_scenario)

        self.open_panel = open_panel
        accordion.observe(lambda ch: open_panel(ch["new"]), "selected_index")
        return top + [_heading("All assumptions"), accordion]

    def _sections(self) -> list[tuple[str, list[w.Widget]]]:
        """(title, widgets) of each record's section and of the lists, leaving out what is shown on top."""
        return [(title, self._build_items(items)) for title, items in self._section_items()]

    def _section_items(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """(title, items) of each record's section and of the lists, an item being ("field", path),
        ("note", text) or ("list", path); what is shown on top is left out."""
        out = []
        for record, title in self.sections:
            items = []
            cls = inner_model(Scenario.model_fields[record].annotation)
            for name, info in cls.model_fields.items():
                path = f"{record}.{name}"
                if path in self.first:
                    continue
                if field_meta(cls, name) is not None:
                    items.append(("field", path))
                elif path in _LIST_ROWS and path in self.list_paths:
                    items += [("note", info.description or name.replace("_", " ")), ("list", path)]
            out.append((title, items))
        lists = [("offsets", "Funding offsets (grants, tax credits, tuition or wage reimbursement)"),
                 ("custom_lines", "Custom cost and benefit lines")]
        for path, title in lists:
            if path in self.list_paths and path not in self.lists:
                out.append((title, [("list", path)]))
        return out

    def _build_items(self, items: list[tuple[str, str]]) -> list[w.Widget]:
        build = {"field": self._field, "list": self._list,
                 "note": lambda text: w.HTML(f"<i>{html.escape(text)}</i>")}
        return [build[kind](arg) for kind, arg in items]

    def _term_months(self) -> int:
        field = self.fields.get("program.term_months")
        value = field.parsed()[0] if field else None
        return int(value) if value is not None else int(_get_path(self.base, "program.term_months"))

    def all_inputs(self) -> list[FieldInput]:
        return list(self.fields.values()) + [f for e in self.lists.values() for f in e.all_inputs()]

    def collect(self) -> tuple[dict, list[tuple[str, str]]]:
        data = copy.deepcopy(self.base)
        problems: list[tuple[str, str]] = []
        for path, f in self.fields.items():
            value, err = f.parsed()
            if err:
                problems.append((path, err))
            else:
                set_path(data, path, value)
        for editor in self.lists.values():
            editor.collect(data, problems)
        return data, problems

    def update_sources(self, scenario: Scenario) -> None:
        """Label each field's source for the values now in use (:func:`imt_roi.fields.iter_params`)."""
        self.shown_scenario = scenario
        sources = {p.path: p.source for p in iter_params(scenario)}
        for f in self.all_inputs():
            f.set_source(sources.get(f.spec.path))
        mentor = self.fields.get(MENTOR_HOURS_PATH)
        if isinstance(mentor, MentorHoursInput):
            mentor.show_charge(scenario)
        completer = self.fields.get(COMPLETER_WAGE_PATH)
        if completer is not None and scenario.wages.completer_wage is None:
            # Under the label, not in the box: a change to the box's model would replace text being typed there.
            # + 1e-9: $24.975 is stored as 24.97499... and would show as $24.97.
            completer.set_note(f"left empty: ${completer_wage(scenario.assumptions()) + 1e-9:.2f} an hour, from the "
                               "starting wage and its raises")
        elif completer is not None:
            completer.set_note("")
        years = self.fields.get(YEARS_PATH)
        if years is not None:
            years._render_label()  # the months in all follow the term

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        """Mark each field named in ``problems`` and clear the marks of the others."""
        by_path: dict[str, str] = {}
        for path, msg in problems:
            by_path.setdefault(path, msg)
        for f in self.all_inputs():
            f.set_error(by_path.get(f.spec.path))

    def load(self, scenario: Scenario) -> None:
        """Show ``scenario`` in the form (a loaded file, a preset, or the other scenario)."""
        self._muted = True
        try:
            self.base = scenario_to_dict(scenario)
            for path, f in self.fields.items():
                f.set_value(_get_path(self.base, path))
            for path, editor in self.lists.items():
                editor.set_rows(_get_path(self.base, path) or [])
            self.update_sources(scenario)
        finally:
            self._muted = False


def _heading(text: str) -> w.HTML:
    return w.HTML(f'<h4 class="imt-section">{html.escape(text)}</h4>')

