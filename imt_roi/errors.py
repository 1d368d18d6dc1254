"""One error type for every bad input, with the field path it concerns, always as one short line."""

from __future__ import annotations

from pydantic import BaseModel, ValidationError

from .fields import describe_validation_error, short

#: Longest field path and message kept in an error (a message never echoes a large input).
MAX_FIELD = 120
MAX_MESSAGE = 300
#: Problems kept per error (a list of 100,000 bad items is summarised, not stored).
MAX_PROBLEMS = 50


def _one_line(text: object, limit: int) -> str:
    return short(" ".join(str(text).split()), limit)


class ScenarioError(ValueError):
    """Bad input: ``problems`` is a list of ``(field_path, message)`` pairs, each one printable line."""

    def __init__(self, field: str, message: str, problems: list[tuple[str, str]] | None = None):
        raw = problems or [(field, message)]
        self.count = len(raw)
        self.problems = [(short(f, MAX_FIELD), _one_line(m, MAX_MESSAGE)) for f, m in raw[:MAX_PROBLEMS]]
        self.field, self.message = self.problems[0]
        self.like_first = sum(1 for f, _ in raw[1:] if _shape(str(f)) == _shape(str(raw[0][0])))
        super().__init__(f"{self.field}: {self.message}{self.more}")

    @property
    def more(self) -> str:
        """" (and 41 more like it)", " (and 2 more problems)", both, or "": what the first line leaves out."""
        others = self.count - 1 - self.like_first
        parts = []
        if self.like_first:
            parts.append(f"{self.like_first} more like it")
        if others:
            parts.append(f"{others} other problem{'s' if others > 1 else ''}")
        return f" (and {' and '.join(parts)})" if parts else ""

    @classmethod
    def from_validation(cls, exc: ValidationError, model_cls: type[BaseModel], prefix: str = "") -> "ScenarioError":
        problems = [(prefix + path, msg) for path, msg in describe_validation_error(exc, model_cls)]
        return cls(problems[0][0], problems[0][1], problems)


def _shape(path: str) -> str:
    """A field path with its list positions blanked: cohorts.3.name and cohorts.17.name are alike."""
    return ".".join("#" if part.isdigit() else part for part in path.split("."))


class DataError(Exception):
    """A data file shipped inside the package is malformed (a packaging bug, not the user's input):
    names the file and the field, in one line."""

    def __init__(self, filename: str, message: str):
        self.filename = filename
        super().__init__(f"packaged data {filename}: {_one_line(message, MAX_MESSAGE)}")


class UpgradedWarning(UserWarning):
    """An older scenario file was read in the current schema; the message says what was mapped."""
