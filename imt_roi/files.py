"""Atomic file writes: a temporary file beside the target, then a rename.

The target keeps its permissions (a new file gets the usual 0666 less the
umask); a symbolic link is written through to the file it points to; a
folder that does not exist, a target that is a folder, or any other failure
is a one-line :class:`ScenarioError` naming the path as the user gave it,
and leaves an existing file untouched.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import ScenarioError
from .fields import short


#: Longest name of one file or folder [bytes] that common file systems (ext4, APFS, NTFS) accept.
NAME_MAX_BYTES = 255


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def as_path(path: object, what: str = "path") -> Path:
    """``path`` (text or os.PathLike) as a Path, or a one-line ScenarioError naming it: another type, an
    empty name, a NUL byte (the OS refuses it)."""
    if isinstance(path, Path):
        given = path
    elif isinstance(path, str) or (isinstance(path, os.PathLike) and isinstance(os.fspath(path), str)):
        given = Path(path)
    else:
        raise ScenarioError(what, f"{short(repr(path), 40)} is not a file path: give text or a pathlib.Path")
    if "\x00" in str(given):
        raise ScenarioError(short(str(given), 80), "a file path cannot hold a NUL byte")
    if not str(path).strip():
        raise ScenarioError(what, "is empty: give a file name")
    longest = max((len(os.fsencode(part)) for part in given.parts), default=0)
    if longest > NAME_MAX_BYTES:
        raise ScenarioError(short(str(given), 80), f"a name in this path is {longest} bytes long; file systems "
                            f"allow {NAME_MAX_BYTES}: give a shorter file name")
    return given


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name one existing file (through links, ``..`` or another spelling)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_new_file(path: str | os.PathLike, force: bool = False, reading: tuple = (), what: str = "path") -> Path:
    """``path`` as a Path, when writing it would replace nothing unasked; else a one-line ScenarioError.

    Never the file being read (``reading``), with or without ``force``; never an existing file or link
    unless ``force``.
    """
    given = as_path(path, what)
    for source in reading:
        if source is not None and same_file(given, Path(source)):
            raise ScenarioError(str(given), "is the scenario file being read: give another name for the output")
    if os.path.lexists(given) and not force and not given.is_dir():
        raise ScenarioError(str(given), "already exists: give another name, or --force to replace it")
    return given


def write_atomic(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that a failure at any point leaves an existing file untouched."""
    given = as_path(path)
    try:
        target = Path(os.path.realpath(given))  # through a symlink, to the file it names
        is_folder, has_folder = target.is_dir(), target.parent.is_dir()
    except OSError as exc:  # a path longer than the system allows, a loop of links
        raise ScenarioError(short(str(given), 80), f"cannot save: {exc.strerror or exc}") from None
    if is_folder:
        raise ScenarioError(str(given), "is a folder: give a file name")
    if not has_folder:
        raise ScenarioError(str(given), f"cannot save: the folder {given.parent} does not exist")
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    try:
        # a short temporary name: the target's own name plus a prefix could pass the 255 bytes allowed
        fd, tmp = tempfile.mkstemp(prefix=".imt-roi-", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise ScenarioError(str(given), f"cannot save: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise ScenarioError(str(given), f"cannot save: {exc.strerror or exc}") from None
        raise
    return given


def safe_filename(text: str, max_bytes: int = 80) -> str:
    """A file-name stem from user text: lower case letters, digits, "-" and "_" ("Firm A & Co" -> "firm-a-co"),
    at most ``max_bytes`` bytes of UTF-8 (cut at a character, so a long name in any script stays a valid name
    well inside the 255 bytes file systems allow)."""
    keep = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text.strip().lower())
    stem = "-".join(part for part in keep.split("-") if part) or "scenario"
    cut = stem.encode("utf-8")[:max_bytes].decode("utf-8", "ignore").strip("-")
    return cut or "scenario"
