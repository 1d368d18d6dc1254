"""The pitch pack: every firm's one-page summary and workbook, and the partnership's, in one folder.

``imt-roi export [FILE] [--preset NAME] --pack DIR`` or :func:`write_pack`.
File names follow the firm names (``firm-a.html``, ``firm-a.xlsx``); the
partnership's are ``partnership.html`` and ``partnership.xlsx``, and the
scenario the pack was made from is ``scenario.yaml``.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from .errors import ScenarioError
from .export import summary_html, workbook_bytes
from .files import safe_filename, write_atomic
from .results import Result
from .scenario_io import dumps

RESERVED = {"partnership", "scenario"}


def pack_names(result: Result) -> dict[str, str]:
    """Each firm's file stem, distinct and never a reserved name ("Firm A" -> "firm-a")."""
    stems: dict[str, str] = {}
    for firm in result.employer_metrics():
        stem = safe_filename(firm)
        candidate, i = stem, 2
        while candidate in RESERVED or candidate in stems.values():
            candidate, i = f"{stem}-{i}", i + 1
        stems[firm] = candidate
    return stems


def pack_files(result: Result) -> dict[str, bytes]:
    """The pack's files by name, firms first: ``{stem}.html`` and ``{stem}.xlsx`` for each firm, then
    ``partnership.html``, ``partnership.xlsx`` and ``scenario.yaml``."""
    name = result.scenario.name
    files: dict[str, bytes] = {}
    for firm, stem in pack_names(result).items():
        files[f"{stem}.html"] = summary_html(result, title=f"{name}: {firm}", employer=firm).encode("utf-8")
        files[f"{stem}.xlsx"] = workbook_bytes(result, title=f"{name}: {firm}", employer=firm)
    files["partnership.html"] = summary_html(result, title=f"{name}: the partnership").encode("utf-8")
    files["partnership.xlsx"] = workbook_bytes(result, title=name)
    files["scenario.yaml"] = dumps(result.scenario).encode("utf-8")
    return files


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """The files in one .zip (for a download from the dashboard)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def write_pack(result: Result, directory: str | os.PathLike) -> list[Path]:
    """Write the pack (:func:`pack_files`) into ``directory``, created if missing; returns the files written.

    Raises
    ------
    ScenarioError
        One line naming ``directory`` when it is a file or cannot be created.
    """
    folder = Path(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ScenarioError(str(directory), "is a file: give a folder for the pack") from None
    except OSError as exc:
        raise ScenarioError(str(directory), f"cannot create the folder: {exc.strerror or exc}") from None
    return [write_atomic(folder / name, data) for name, data in pack_files(result).items()]
