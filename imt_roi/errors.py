"""One error type for every bad input, with the field path it concerns, always as one short line."""

from __future__ import annotations

from pydantic import BaseModel, ValidationError

from .fields import describe_validation_error, short

#: Longest field path and message kept in an error (a message never echoes a large input).
MAX_FIELD = 120
MAX_MESSAGE = 400


def _one_line(text: object, limit: int) -> str:
    return short(" ".join(str(text).split()), limit)


class ScenarioError(ValueError):
    """Bad input: ``problems`` is a list of ``(field_path, message)`` pairs, each one printable line."""

    def __init__(self, field: str, message: str, problems: list[tuple[str, str]] | None = None):
        raw = problems or [(field, message)]
        self.problems = [(short(f, MAX_FIELD), _one_line(m, MAX_MESSAGE)) for f, m in raw]
        self.field, self.message = self.problems[0]
        super().__init__("; ".join(f"{f}: {m}" for f, m in self.problems))

    @classmethod
    def from_validation(cls, exc: ValidationError, model_cls: type[BaseModel], prefix: str = "") -> "ScenarioError":
        problems = [(prefix + path, msg) for path, msg in describe_validation_error(exc, model_cls)]
        return cls(problems[0][0], problems[0][1], problems)


class DataError(Exception):
    """A data file shipped inside the package is malformed (a packaging bug, not the user's input):
    names the file and the field, in one line."""

    def __init__(self, filename: str, message: str):
        self.filename = filename
        super().__init__(f"packaged data {filename}: {_one_line(message, MAX_MESSAGE)}")


class UpgradedWarning(UserWarning):
    """An older scenario file was read in the current schema; the message says what was mapped."""
