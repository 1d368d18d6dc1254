"""The pitch pack: every firm's one-page summary and workbook, and the partnership's, in one new folder.

``imt-roi export [FILE] [--preset NAME] --pack DIR`` or :func:`write_pack`.
Each firm's files are numbered in the order the plan first names the firm and
carry its name (``01-firm-a.html``, ``01-firm-a.xlsx``, ``02-firm-a.html`` for
a second firm whose name makes the same stem); ``index.html`` lists every firm
with its files. The partnership's are ``partnership.html`` and
``partnership.xlsx``, and the scenario the pack was made from is
``scenario.yaml``. Every figure of the pack comes from one evaluation, one
Monte Carlo and one alone-vs-partnership table (:func:`imt_roi.export.computed_once`).

The pack is written into a temporary folder beside ``DIR`` and moved into
place when complete: never partway, never over existing files unless
``force``, and never through a link someone left where a file of the pack goes.
"""

from __future__ import annotations

import html
import io
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from .errors import ScenarioError
from .export import summary_html, workbook_bytes
from .files import _umask, as_path, check_new_file, safe_filename
from .results import Result
from .scenario_io import dumps

#: Longest firm part of a pack file name [bytes of UTF-8] (file systems allow 255 bytes a name).
FIRM_STEM_BYTES = 60


def pack_names(result: Result) -> dict[str, str]:
    """Each firm's file stem, numbered in plan order so it is distinct and maps back to the firm
    ("Firm A" -> "01-firm-a", "firm a" -> "02-firm-a")."""
    firms = list(result.employer_metrics())
    width = max(2, len(str(len(firms))))
    return {firm: f"{i:0{width}d}-{safe_filename(firm, FIRM_STEM_BYTES)}" for i, firm in enumerate(firms, start=1)}


def pack_files(result: Result) -> dict[str, bytes]:
    """The pack's files by name: ``index.html``, then ``{stem}.html`` and ``{stem}.xlsx`` for each firm, then
    ``partnership.html``, ``partnership.xlsx`` and ``scenario.yaml``."""
    name = result.scenario.name
    stems = pack_names(result)
    files: dict[str, bytes] = {"index.html": index_html(result, stems).encode("utf-8")}
    for firm, stem in stems.items():
        files[f"{stem}.html"] = summary_html(result, title=f"{name}: {firm}", employer=firm).encode("utf-8")
        files[f"{stem}.xlsx"] = workbook_bytes(result, title=f"{name}: {firm}", employer=firm)
    files["partnership.html"] = summary_html(result, title=f"{name}: the partnership").encode("utf-8")
    files["partnership.xlsx"] = workbook_bytes(result, title=name)
    files["scenario.yaml"] = dumps(result.scenario).encode("utf-8")
    return files


def index_html(result: Result, stems: dict[str, str]) -> str:
    """A page listing each firm (its name as entered) with its one-pager and workbook, then the partnership's."""
    e = html.escape
    rows = "".join(f"<tr><td>{e(stem.split('-', 1)[0])}</td><td>{e(firm)}</td>"
                   f"<td><a href='{e(stem)}.html'>{e(stem)}.html</a></td>"
                   f"<td><a href='{e(stem)}.xlsx'>{e(stem)}.xlsx</a></td></tr>" for firm, stem in stems.items())
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>{e(result.scenario.name)}: "
            "pitch pack</title></head><body>"
            f"<h1>{e(result.scenario.name)}: pitch pack</h1>"
            "<table><tr><th>No.</th><th>Employer</th><th>One-page summary</th><th>Workbook</th></tr>"
            f"{rows}<tr><td></td><td>The partnership</td><td><a href='partnership.html'>partnership.html</a></td>"
            "<td><a href='partnership.xlsx'>partnership.xlsx</a></td></tr></table>"
            "<p>The plan these files were made from: <a href='scenario.yaml'>scenario.yaml</a>.</p></body></html>\n")


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """The files in one .zip (for a download from the dashboard)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def write_pack(result: Result, directory: str | os.PathLike, force: bool = False,
               reading: tuple = ()) -> list[Path]:
    """Write the pack (:func:`pack_files`) as the folder ``directory``; returns the files written.

    A new (or empty) folder is made whole: the files are written into a temporary folder beside it, which is
    then renamed into place. A folder that already holds files is refused unless ``force``; with ``force`` the
    pack's files replace those of the same names (a link in their place is replaced, its target untouched)
    and other files are left alone. A file in ``reading`` (the scenario file the pack is made from) is never
    replaced.

    Raises
    ------
    ScenarioError
        One line naming ``directory``: a file in its place, files in it (without ``force``), or a folder
        that cannot be created or written.
    """
    folder = as_path(directory, "--pack")
    name = str(directory)
    if folder.is_symlink() and not force:
        raise ScenarioError(name, "is a link: give a new folder for the pack (or --force to write into its target)")
    if folder.exists() and not folder.is_dir():
        raise ScenarioError(name, "is a file: give a folder for the pack")
    existing = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    if existing and not force:
        shown = ", ".join(existing[:3]) + (f" and {len(existing) - 3} more" if len(existing) > 3 else "")
        raise ScenarioError(name, f"already holds files ({shown}): give a new folder for the pack, or --force to "
                                  "replace the pack's files in it")
    for file_name in ("scenario.yaml", *(p for p in existing if p.endswith((".html", ".xlsx")))):
        check_new_file(folder / file_name, force=True, reading=reading)  # never over the plan being read
    files = pack_files(result)
    parent = folder.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".imt-roi-pack.", dir=parent))
    except FileExistsError:
        raise ScenarioError(name, f"cannot create the folder: {parent} is a file") from None
    except OSError as exc:
        raise ScenarioError(name, f"cannot create the folder: {exc.strerror or exc}") from None
    try:
        for file_name, data in files.items():
            with open(staging / file_name, "xb") as handle:
                handle.write(data)
        os.chmod(staging, 0o777 & ~_umask())
        if not folder.is_symlink() and not existing:
            if folder.is_dir():
                folder.rmdir()  # empty: replaced by the complete pack
            os.rename(staging, folder)
        else:  # --force into a folder that holds files (or through a link to one)
            for file_name in files:
                os.replace(staging / file_name, folder / file_name)  # replaces a link itself, not its target
            staging.rmdir()
    except OSError as exc:
        raise ScenarioError(name, f"cannot write the pack: {exc.strerror or exc}") from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return [folder / file_name for file_name in files]
