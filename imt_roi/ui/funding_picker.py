"""Funding a sponsor may stack, offered to tick into the plan's funding offsets and fill in."""

from __future__ import annotations

import html

import ipywidgets as w

from ..funding import PROGRAMMES, programme

PROMPT = "Add a funding programme..."


def programmes_html() -> str:
    """Each programme's rule, how it is paid, what varies and its source, folded under one summary line."""
    rows = "".join(
        f"<tr><td><b>{html.escape(p.name)}</b></td><td>{html.escape(p.how_paid)}</td>"
        f"<td>{html.escape(p.rule)}</td><td>{html.escape(p.varies)}</td>"
        f"<td class='imt-source-text'>{html.escape(p.source)}</td></tr>" for p in PROGRAMMES)
    return ("<details class='imt-funding-rules'><summary>Funding US sponsors commonly stack: the published "
            "rules</summary><table class='imt-table'><tr><th>programme</th><th>how it is paid</th>"
            "<th>rule and caps</th><th>what varies</th><th>source</th></tr>" + rows + "</table>"
            "<div class='imt-note'>Where an amount depends on your state, your local workforce board or the "
            "apprentice's eligibility, the offset is added with no amount: fill in yours.</div></details>")


class FundingPicker:
    """A dropdown of programmes and an Add button that appends the programme's offset to ``editor``."""

    def __init__(self, editor):
        self.editor = editor
        self.choice = w.Dropdown(options=[(PROMPT, "")] + [(p.name, p.key) for p in PROGRAMMES], value="",
                                 layout=w.Layout(width="22em"))
        self.choice.add_class("imt-funding-choice")
        self.add_button = w.Button(description="Add", icon="plus", layout=w.Layout(width="auto"))
        self.add_button.add_class("imt-funding-add")
        self.add_button.on_click(lambda _b: self.add(self.choice.value))
        self.note = w.HTML()
        self.note.add_class("imt-funding-note")
        self.box = w.VBox([w.HBox([self.choice, self.add_button]), self.note, w.HTML(programmes_html())])

    def add(self, key: str) -> None:
        """Append programme ``key``'s offset to the list and say what is left to fill in."""
        if not key:
            self.note.value = "<div class='imt-note'>Choose a programme first.</div>"
            return
        p = programme(key)
        self.editor.add_row(p.as_offset().model_dump(mode="json"))
        self.note.value = (f"<div class='imt-note'>Added <b>{html.escape(p.name)}</b> below ({html.escape(p.rule)})."
                           f" To fill in: {html.escape(p.to_fill)}.</div>")
        self.choice.value = ""
