"""File uploads in the dashboards: a file too large or of another type is named in the page, never dropped.

The kernel reads at most :data:`imt_roi.reading.MAX_FILE_BYTES` of a file, as
the command line does, and only a ``.yaml``, ``.yml`` or ``.json`` name (the
browser's accept list is a hint the user can override). A file far larger
would not even reach the kernel: the browser sends an upload as one websocket
message, and a message over the server's limit closes the kernel's socket, so
the page would stay at "Ready." with nothing loaded. So the page itself checks
first: :func:`guard_script` (sent with the dashboard's first view) stops a
file over the limit or of another type before the upload widget reads it, and
reports its name and size through a hidden text box to the kernel, which shows
the refusal in the status line like any other. Without scripts the kernel's
own checks still name every file that reaches it.
"""

from __future__ import annotations

import json
from typing import Callable

import ipywidgets as w

from .. import reading
from ..errors import ScenarioError
from ..scenario_io import scenario_from_upload

#: The file names an upload takes.
FILE_TYPES = (".yaml", ".yml", ".json")
#: Class of a guarded upload button, of the hidden box that reports a refused file, and of the two together.
GUARD_CLASS = "imt-guarded-upload"
REPORT_CLASS = "imt-upload-report"
BOX_CLASS = "imt-upload-box"
#: The longest report read from the page (a name and a size; anything longer is not from the guard script).
_REPORT_MAX = 2000


def limit_bytes() -> int:
    """The largest file read (the reader's, read each time: it is the one number for files and uploads)."""
    return reading.MAX_FILE_BYTES


def size_text(size: int) -> str:
    """A file size as a person reads it: 12.6 MB, 850 KB, 312 bytes."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB".replace(".0 MB", " MB")
    if size >= 1_000:
        return f"{size / 1_000:.0f} KB"
    return f"{size} bytes"


def types_text() -> str:
    return ", ".join(FILE_TYPES[:-1]) + " or " + FILE_TYPES[-1]


def refusal(name: str, size: int | None = None) -> ScenarioError | None:
    """Why a file named ``name`` of ``size`` bytes is not read, or None when it may be."""
    if not name.lower().endswith(FILE_TYPES):
        return ScenarioError(name, f"is not a {types_text()} file: nothing was loaded")
    if size is not None and size > limit_bytes():
        return ScenarioError(name, f"is {size_text(size)}; the largest file read here is "
                                   f"{size_text(limit_bytes())}: nothing was loaded")
    return None


def uploaded_file(files) -> tuple[str, bytes] | None:
    """The name and bytes of the one uploaded file in a FileUpload's value (None when there is none), or a
    ScenarioError naming it when its type or size is refused."""
    if not files:
        return None
    item = files[0]
    name = str(item["name"])
    problem = refusal(name, len(item["content"]))
    if problem is not None:
        raise problem
    return name, bytes(item["content"])


def uploaded_scenario(files, refused: Callable[[ScenarioError], None]) -> tuple[str, object, str] | None:
    """The uploaded scenario file of a FileUpload's value: its name, the scenario read from it
    (:func:`imt_roi.scenario_io.scenario_from_upload`) and the notes on an older file's upgrade as one text
    (empty when none). None when there is no file, or when its type or size is refused (then given to
    ``refused``); an invalid scenario raises its ScenarioError, naming the fields."""
    try:
        chosen = uploaded_file(files)
    except ScenarioError as problem:
        refused(problem)
        return None
    if chosen is None:
        return None
    filename, content = chosen
    scenario, upgraded = scenario_from_upload(filename, content)
    return filename, scenario, "".join(f" Note: {note}." for note in upgraded)


def reported_refusal(text: str, refuse: Callable[[str, int], ScenarioError | None] | None = None
                     ) -> ScenarioError | None:
    """The refusal the page's guard script reported (``{"name": ..., "size": ...}``) by ``refuse`` (default
    :func:`refusal`), or None if the report is not one (it comes from the browser: read as untrusted data)."""
    if not text or len(text) > _REPORT_MAX:
        return None
    try:
        report = json.loads(text)
        name = str(report["name"])[:200] or "(a file)"
        size = int(report["size"])
    except (ValueError, TypeError, KeyError):
        return None
    return (refuse or refusal)(name, max(size, 0))


class GuardedUpload:
    """A "choose a file" button that hands ``on_file`` the chosen files' value and ``on_refused`` the refusal
    of files too large or of another type (checked in the page when scripts run, by :func:`guard_script` with
    the same ``guard``, ``report`` and ``box`` classes, and in the kernel). ``refuse`` is the kernel's rule for
    what the page reports (default :func:`refusal`)."""

    def __init__(self, description: str, css_class: str, on_file: Callable[[tuple], None],
                 on_refused: Callable[[ScenarioError], None], *, types: tuple[str, ...] = FILE_TYPES,
                 multiple: bool = False, refuse: Callable[[str, int], ScenarioError | None] | None = None,
                 guard: str = GUARD_CLASS, report: str = REPORT_CLASS, box: str = BOX_CLASS):
        self.widget = w.FileUpload(accept=",".join(types), multiple=multiple, description=description,
                                   layout=w.Layout(width="auto"))
        self.widget.add_class(css_class)
        self.widget.add_class(guard)
        self.report = w.Text(layout=w.Layout(display="none"))
        self.report.add_class(report)
        self.box = w.HBox([self.widget, self.report], layout=w.Layout(width="auto"))
        self.box.add_class(box)
        self.on_file = on_file
        self.on_refused = on_refused
        self.refuse = refuse
        self.widget.observe(self._on_value, "value")
        self.report.observe(self._on_report, "value")

    def _on_value(self, change) -> None:
        files = change["new"]
        if not files:
            return
        try:
            self.on_file(files)
        finally:
            self.widget.value = ()  # the bytes are read: the kernel need not keep them

    def _on_report(self, change) -> None:
        problem = reported_refusal(change["new"], self.refuse)
        if problem is not None:
            self.on_refused(problem)


def guard_script(guard: str = GUARD_CLASS, limit: int | None = None, types: tuple[str, ...] = FILE_TYPES,
                 report: str = REPORT_CLASS, box: str = BOX_CLASS) -> str:
    """The page's check of the files chosen on the buttons of class ``guard``, run before the upload widget
    reads them (a ``<script>`` for a dashboard's first view): a file whose name does not end in one of
    ``types``, or files over ``limit`` bytes in all (default: :func:`limit_bytes`), are stopped and reported
    (``{"name": a file's name or "N files", "size": bytes}``) through the hidden text box of class ``report`` in
    the button's box of class ``box``.

    ipywidgets' upload button clicks a file input of its own that is not in the document, so the script
    marks the click on a guarded button and, when that button clicks its file input, listens to the input
    in the capture phase: at the target a capturing listener runs before the widget's own, and stops the
    event for a refused choice. Each page loads it once per ``guard``."""
    settings = json.dumps({"limit": limit_bytes() if limit is None else limit, "types": list(types),
                           "guard": guard, "report": report, "box": box})
    return """<script>(function () {
  var s = %s;
  var all = window.imtUploadGuards = window.imtUploadGuards || {};
  if (all[s.guard]) { return; }
  all[s.guard] = s;
  var mark = 'imtGuarded-' + s.guard;
  var armed = null;
  document.addEventListener('click', function (e) {
    var b = e.target && e.target.closest ? e.target.closest('.' + s.guard) : null;
    if (!b) { return; }
    armed = b;
    setTimeout(function () { if (armed === b) { armed = null; } }, 0);
  }, true);
  function typed(f) {
    var name = f.name.toLowerCase();
    return s.types.some(function (t) { return name.slice(-t.length) === t; });
  }
  function report(button, info) {
    var box = button.closest('.' + s.box);
    var input = box ? box.querySelector('.' + s.report + ' input') : null;
    if (!input) { return; }
    info.at = Date.now();
    input.value = JSON.stringify(info);
    input.dispatchEvent(new Event('change', {bubbles: true}));
  }
  function guard(input, button) {
    input.addEventListener('change', function (e) {
      var files = Array.prototype.slice.call(input.files || []);
      var bad = files.filter(function (f) { return !typed(f); })[0];
      var total = files.reduce(function (n, f) { return n + f.size; }, 0);
      var info = bad ? {name: bad.name, size: bad.size} : (total > s.limit ?
        {name: files.length === 1 ? files[0].name : files.length + ' files', size: total} : null);
      if (!info) { return; }
      e.stopImmediatePropagation();
      input.value = '';
      report(button, info);
    }, true);
  }
  var click = HTMLInputElement.prototype.click;
  HTMLInputElement.prototype.click = function () {
    if (this.type === 'file' && armed && !this[mark]) {
      this[mark] = true;
      guard(this, armed);
    }
    return click.apply(this, arguments);
  };
})();</script>""" % settings
