"""The message area of a dashboard, and the guard every callback runs under.

A callback that fails never leaves a silent, stale page: a bad input
(:class:`~imt_roi.errors.ScenarioError`) is shown as plain messages naming each
field; any other exception is shown as one plain line ("could not update ...:
the error"), with the traceback kept in the kernel's log only. Figures are
updated only after a successful computation, so the last good result stays on
screen.
"""

from __future__ import annotations

import functools
import html
import logging

import ipywidgets as w

from ..errors import ScenarioError

log = logging.getLogger("imt_roi.ui")


class Status:
    """One HTML line (or list) at the top of a dashboard: ok, busy or error."""

    def __init__(self):
        self.widget = w.HTML(layout=w.Layout(min_height="28px"))
        self.widget.add_class("imt-status")
        self.problems: list[tuple[str, str]] = []
        self.ok("Ready.")

    def ok(self, text: str) -> None:
        self.problems = []
        self._show("ok", html.escape(text))

    def error(self, problems: list[tuple[str, str]], intro: str = "Not updated") -> None:
        """Show ``(field_path, message)`` problems; the figures keep the last good result."""
        self.problems = list(problems)
        items = "".join(f'<li><span class="imt-error-field">{html.escape(path)}</span>: {html.escape(msg)}</li>'
                        for path, msg in problems)
        self._show("error", f"<b>{html.escape(intro)}: the figures show the last valid inputs.</b>"
                            f"<ul>{items}</ul>")

    def refused(self, problem) -> None:
        """A refused upload (a :class:`imt_roi.errors.ScenarioError` naming the file): nothing was loaded."""
        self.error(problem.problems, intro=f"{problem.field} not loaded")

    def _show(self, kind: str, body: str) -> None:
        self.widget.value = f'<div class="imt-message imt-message-{kind}" data-kind="{kind}">{body}</div>'

    @property
    def text(self) -> str:
        return self.widget.value


def guarded(status_attr: str = "status", what: str = "the dashboard"):
    """Decorate a method so a failure shows in ``self.<status_attr>`` instead of vanishing.

    A ScenarioError lists its field paths; anything else is one plain line.
    Returns None when the call failed.
    """

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            status: Status = getattr(self, status_attr)
            try:
                return method(self, *args, **kwargs)
            except ScenarioError as exc:
                status.error(exc.problems)
            except Exception as exc:  # noqa: BLE001 - every failure must reach the page
                log.exception("callback failed while updating %s", what)
                status.error([("(internal)", f"could not update {what}: {type(exc).__name__}: {exc}")],
                             intro="Something went wrong")
            return None

        return wrapper

    return decorate
