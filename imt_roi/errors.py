"""One error type for every bad input, with the field path it concerns."""

from __future__ import annotations

from pydantic import BaseModel, ValidationError

from .fields import describe_validation_error


class ScenarioError(ValueError):
    """Bad input: ``problems`` is a list of ``(field_path, message)`` pairs."""

    def __init__(self, field: str, message: str, problems: list[tuple[str, str]] | None = None):
        self.problems = problems or [(field, message)]
        self.field, self.message = self.problems[0]
        super().__init__("; ".join(f"{f}: {m}" for f, m in self.problems))

    @classmethod
    def from_validation(cls, exc: ValidationError, model_cls: type[BaseModel], prefix: str = "") -> "ScenarioError":
        problems = [(prefix + path, msg) for path, msg in describe_validation_error(exc, model_cls)]
        return cls(problems[0][0], problems[0][1], problems)
