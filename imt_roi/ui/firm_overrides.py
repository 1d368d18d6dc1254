"""The pitch's per-firm differences: rows of firm, input and value that become the plan's employer overrides.

Any input a firm can hold on its own (wage, completion rate, mentor hours,
a grant's amount, ...) can be set for one firm; inputs that belong to the whole
plan (:data:`imt_roi.overrides.PLAN_WIDE`) are not offered. Values are read
as ``--set`` reads them (:func:`imt_roi.reading.parse_value`) and validated by
the model like a scenario file's ``employers`` block.
"""

from __future__ import annotations

import html
from typing import Callable

import ipywidgets as w

from ..errors import ScenarioError
from ..fields import iter_params
from ..overrides import PLAN_WIDE
from ..parameters import Assumptions
from ..reading import parse_value


def overridable_inputs(assumptions: Assumptions) -> list[tuple[str, str]]:
    """(label, path) of every input one firm may set differently, in the scenario's order."""
    return [(f"{info.label} ({info.path})", info.path) for info in iter_params(assumptions)
            if not info.path.startswith(PLAN_WIDE) and info.unit != "text"]


class FirmOverrides:
    """Rows of (firm, input, value); ``collect`` writes them into a scenario dict's ``employers``."""

    def __init__(self, overrides: list[dict], assumptions: Assumptions, firms: list[str],
                 on_change: Callable[[], None]):
        self.on_change = on_change
        self.inputs = overridable_inputs(assumptions)
        self.firms = list(firms)
        self.rows: list[tuple[w.Dropdown, w.Dropdown, w.Text, w.HBox]] = []
        self.list_box = w.VBox()
        self.message = w.HTML()
        add = w.Button(description="Add a difference for one firm", icon="plus", layout=w.Layout(width="auto"))
        add.add_class("imt-add-firm-difference")
        add.on_click(lambda _b: self.add_row())
        self.box = w.VBox([self.list_box, add, self.message])
        self.box.add_class("imt-firm-overrides")
        for override in overrides:
            for path, value in override.get("set", {}).items():
                self.add_row(override["employer"], path, value, notify=False)

    def set_firms(self, firms: list[str]) -> None:
        """Follow the firms of the cohort grid; a row whose firm is gone keeps its name until changed."""
        self.firms = [f for f in firms if f]
        for firm, *_ in self.rows:
            keep = firm.value
            firm.options = list(dict.fromkeys([*self.firms, *([keep] if keep else [])]))
            firm.value = keep

    def add_row(self, employer: str | None = None, path: str | None = None, value=None, notify: bool = True) -> None:
        options = list(dict.fromkeys([*self.firms, *([employer] if employer else [])]))
        firm = w.Dropdown(options=options, value=employer or (options[0] if options else None),
                          layout=w.Layout(width="120px"))
        paths = [p for _, p in self.inputs]
        choice = w.Dropdown(options=self.inputs, value=path if path in paths else "wages.starting_wage",
                            layout=w.Layout(width="250px"))
        default = value if value is not None else self._current(choice.value)
        text = w.Text(value="" if default is None else str(default), continuous_update=False,
                      layout=w.Layout(width="90px"))
        text.add_class("imt-input")
        remove = w.Button(icon="trash", tooltip="Remove this difference", layout=w.Layout(width="36px"))
        row = w.HBox([firm, choice, text, remove])
        row.add_class("imt-firm-override")
        entry = (firm, choice, text, row)
        self.rows.append(entry)
        remove.on_click(lambda _b: self._remove(entry))
        for widget in (firm, choice, text):
            widget.observe(lambda _ch: self.on_change(), "value")
        self.list_box.children = [r for *_, r in self.rows]
        if notify:
            self.on_change()

    def _current(self, path: str):
        return next((info.value for info in iter_params(Assumptions()) if info.path == path), None)

    def _remove(self, entry) -> None:
        self.rows.remove(entry)
        self.list_box.children = [r for *_, r in self.rows]
        self.on_change()

    def collect(self, data: dict, problems: list[tuple[str, str]]) -> None:
        """Group the rows by firm into ``data["employers"]``, in the order the firms first appear."""
        by_firm: dict[str, dict] = {}
        for firm, choice, text, _row in self.rows:
            if not firm.value:
                continue
            index = list(by_firm).index(firm.value) if firm.value in by_firm else len(by_firm)
            where = f"employers.{index}.set.{choice.value}"
            values = by_firm.setdefault(firm.value, {})
            try:
                value = parse_value(text.value, where)
            except ScenarioError as exc:
                problems.append((where, exc.message))
                continue
            if isinstance(value, (dict, list)) or value is None or value == "":
                problems.append((where, f"{text.value[:40]!r} is not a value for one input"))
            elif choice.value in values:
                problems.append((where, "set twice for this firm: keep one row"))
            else:
                values[choice.value] = value
        data["employers"] = [{"employer": firm, "set": values} for firm, values in by_firm.items()]

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        mine = [(p, m) for p, m in problems if p.startswith("employers.")]
        self.message.value = "".join(f'<div class="imt-field-error" data-path="{html.escape(p)}">'
                                     f"{html.escape(p)}: {html.escape(m)}</div>" for p, m in mine)
