"""Parameter records that carry their own evidence.

Every model input is declared with :func:`param`, which attaches a label, a
unit from a fixed vocabulary, a valid range and a source (a citation from
``docs/sources.md``, cited by title, or the word "assumption" with its reasoning).
:func:`describe_validation_error` turns a pydantic error into short messages
that name the field path and, for a range error, the allowed range.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, ValidationError, ValidationInfo,
                      field_validator)
from pydantic_core import PydanticCustomError

from .controls import is_control

UNITS = {
    "USD": "US dollars",
    "USD/hour": "US dollars per hour",
    "USD/month": "US dollars per month",
    "USD/apprentice": "US dollars per apprentice",
    "USD/cohort": "US dollars per cohort",
    "USD/apprentice-month": "US dollars per apprentice per month in training",
    "USD/firm-cohort": "US dollars per firm for each cohort it has apprentices in",
    "USD/class": "US dollars per class",
    "hours": "hours",
    "hours/month": "hours per month",
    "months": "months",
    "month": "month number (1 = first month of the cohort)",
    "/1": "share (0 to 1)",
    "/1 per year": "yearly rate (0 to 1)",
    "apprentices": "apprentices",
    "seats": "seats per class",
    "count": "count",
    "input": "the unit of the input the range belongs to",
    "text": "text",
    "choice": "one of a fixed set of choices",
    "flag": "true or false",
}


def control_character(text: str, allowed: str = "") -> tuple[int, str] | None:
    """The first character of ``text`` that is a control character (C0, DEL, C1: ESC, \\x01, \\x0b...), a
    lone surrogate or a layout control (bidirectional overrides, line separators), as (position from 1,
    escaped), unless it is in ``allowed``; None when the text is plain."""
    for i, ch in enumerate(text):
        if ch in allowed:
            continue
        if is_control(ch):
            return i + 1, repr(ch)[1:-1]
    return None


def _plain(allowed: str):
    def check(value: str) -> str:
        found = control_character(value, allowed)
        if found is not None:
            raise ValueError(f"holds a control character ({found[1]}, character {found[0]}); "
                             "names and descriptions are plain text: remove it")
        return value
    return AfterValidator(check)


#: A name (cohort, employer, offset, line, scenario): printable text on one line. Control characters are refused
#: where every input passes, so a name never reaches a workbook, a terminal or a chart as a control sequence.
Name = Annotated[str, _plain("")]
#: Text of several lines (a description): tabs and line breaks allowed, other control characters refused.
LongText = Annotated[str, _plain("\n\t")]


class Record(BaseModel):
    """Base for every parameter record: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_bool_for_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        """Reject true/false given for a number (pydantic would read it as 1 or 0)."""
        if isinstance(value, bool) and info.field_name in cls.model_fields:
            number = _number_kind(cls.model_fields[info.field_name].annotation)
            if number is not None:
                raise PydanticCustomError(f"{number}_from_bool", "{value} is not a number", {"value": value})
        return value


def _number_kind(annotation: Any) -> str | None:
    """Return "int" or "float" when ``annotation`` is a number type (optionally with None), else None."""
    args = typing.get_args(annotation) if typing.get_origin(annotation) in (typing.Union, types.UnionType) \
        else (annotation,)
    args = [a for a in args if a is not type(None)]
    if bool in args or not args:
        return None
    if all(a is int for a in args):
        return "int"
    if all(a in (int, float) for a in args):
        return "float"
    return None


def param(default: Any, *, label: str, unit: str, source: str,
          ge: float | None = None, le: float | None = None, **kwargs: Any) -> Any:
    """Declare a model input with label, unit, valid range [ge, le] and source."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}")
    extra = {"label": label, "unit": unit, "source": source, "ge": ge, "le": le}
    return Field(default, ge=ge, le=le, description=label,
                 json_schema_extra=extra, **kwargs)


@dataclass(frozen=True)
class ParamInfo:
    """What a reader needs to trace one input: where it sits and where it came from."""

    path: str
    label: str
    unit: str
    source: str
    ge: float | None
    le: float | None
    value: Any

    @property
    def range_text(self) -> str:
        if self.ge is None and self.le is None:
            return ""
        if self.le is None:
            return f"at least {_num(self.ge)}"
        if self.ge is None:
            return f"at most {_num(self.le)}"
        return f"{_num(self.ge)} to {_num(self.le)}"


def _num(x: float | None) -> str:
    """A number in a message: 0.25, 1e+06, or "a 5000-digit number" (never the whole of a huge input)."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return _excerpt(x)
    if isinstance(x, int) and abs(x) >= 10 ** 18:
        return f"a {len(str(abs(x))) if abs(x) < 10 ** 4000 else 'more than 4,000'}-digit number"
    return f"{x:g}"


#: How a source reads in a short tag: a leading word for a kind of value, else the document cited first.
_SOURCE_KINDS = (("set in this scenario", "your value"), ("user input", "your input"), ("assumption", "assumption"),
                 ("calibrated", "calibrated"), ("derived", "derived"))
_SOURCE_DOCUMENTS = (("Next-Gen IMT Apprenticeship", "JFF 2020"), ("impact story", "JFF impact story"),
                     ("Work-Based Learning in Action", "JFF case study"), ("COWS", "COWS brief"),
                     ("AFL-CIO", "AFL-CIO overview"), ("Muehlemann and Wolter", "Muehlemann & Wolter"),
                     ("Mills De La Rosa", "AAI 2022"), ("Bureau of Labor Statistics", "BLS OEWS 2023"),
                     ("Blatter", "hiring-cost studies"), ("SHRM", "SHRM"))


def source_tag(source: str) -> str:
    """A few words for a citation ("JFF 2020", "COWS brief", "assumption", "your value"), shown beside an input
    with the full citation one click or hover away."""
    text = source.strip()
    for prefix, tag in _SOURCE_KINDS:
        if text.lower().startswith(prefix):
            return tag
    found = [(text.find(key), tag) for key, tag in _SOURCE_DOCUMENTS if key in text]
    return min(found)[1] if found else "convention"


def printable(text: object) -> str:
    """``text`` with every character that does not print escaped as Python writes it (``\\x07``,
    ``\\u200b``, ``\\n``), so a key made of control characters is still named."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in str(text))


def short(text: object, limit: int = 60) -> str:
    """``text`` as one printable line (see :func:`printable`) of at most ``limit`` characters."""
    line = printable(text)
    return line if len(line) <= limit else line[:limit - 3] + "..."


def _excerpt(value: Any, limit: int = 40) -> str:
    """A short, printable repr of a user's value for a message."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10 ** 18:
        return _num(value)
    return short(repr(value) if isinstance(value, str) else value, limit)


#: Names pydantic adds to an error's location for each member of a union type (float | int | bool | str).
_UNION_MEMBERS = {"float", "int", "bool", "str", "none", "function-after", "function-before"}


def field_meta(model_cls: type[BaseModel], name: str) -> dict | None:
    info = model_cls.model_fields.get(name)
    if info is None:
        return None
    extra = info.json_schema_extra
    return extra if isinstance(extra, dict) and "unit" in extra else None


def iter_params(model: BaseModel, prefix: str = "", default: BaseModel | None = None):
    """Yield a :class:`ParamInfo` for every declared input of ``model``, depth first.

    Records inside lists are listed with their index in the path, e.g.
    ``wages.step_raises.0.share``. ``default`` is the record of shipped
    defaults to compare with (for a list item, the default list's item at that
    index), so a value that differs says it was set in this scenario.
    """
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{prefix}{name}"
        meta = field_meta(type(model), name)
        shipped = _default_of(model, name, default)
        if isinstance(value, BaseModel):
            yield from iter_params(value, path + ".", shipped if isinstance(shipped, BaseModel) else None)
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            for i, item in enumerate(value):
                item_default = shipped[i] if isinstance(shipped, list) and i < len(shipped) else None
                yield from iter_params(item, f"{path}.{i}.", item_default)
        elif meta is not None:
            yield ParamInfo(path, meta["label"], meta["unit"], _source_of(value, shipped, meta),
                            meta["ge"], meta["le"], value)


def _default_of(model: BaseModel, name: str, default: BaseModel | None) -> Any:
    """The shipped default of field ``name``: from the default record when known, else the field's own."""
    if default is not None:
        return getattr(default, name)
    return type(model).model_fields[name].get_default(call_default_factory=True)


def _source_of(value: Any, default: Any, meta: dict) -> str:
    """The default's source, or a note that the scenario changed the value (and what it replaced)."""
    if meta["source"] == "user input" or value == default:
        return meta["source"]
    return f"set in this scenario (replaces the default {_num(default)}: {meta['source']})"


def _nearest_key(model_cls: type[BaseModel], loc: tuple) -> str:
    """"(did you mean mentor.hours_per_month?)" for the closest known key at ``loc``, or the plain advice."""
    cls: Any = model_cls
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = cls.model_fields.get(part) if isinstance(cls, type) and issubclass(cls, BaseModel) else None
        cls = inner_model(info.annotation) if info is not None else None
    if isinstance(cls, type) and issubclass(cls, BaseModel) and loc:
        match = difflib.get_close_matches(str(loc[-1]), list(cls.model_fields), n=1, cutoff=0.6)
        if match:
            where = ".".join(str(p) for p in (*loc[:-1], match[0]))
            return f"(did you mean {where}?)"
    return "(check its spelling, or remove it)"


def _resolve_field(model_cls: type[BaseModel], loc: tuple) -> dict | None:
    """Follow an error location through nested records to the field's metadata."""
    cls: Any = model_cls
    meta = None
    for part in loc:
        if isinstance(part, int) or cls is None:
            continue
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
            return None
        info = cls.model_fields.get(part)
        if info is None:
            return None
        meta = field_meta(cls, part)
        cls = inner_model(info.annotation)
    return meta


def declared_field(path: str, root: type[BaseModel]) -> tuple[dict, Any]:
    """The metadata (label, unit, source, ge, le) and type annotation of the input at a dotted ``path``
    (list indices allowed) of the record ``root``; KeyError when no declared input sits there."""
    cls: Any = root
    parts = [p for p in path.split(".") if not p.isdigit()]
    for i, part in enumerate(parts):
        info = cls.model_fields.get(part) if isinstance(cls, type) and issubclass(cls, BaseModel) else None
        if info is None:
            break
        if i < len(parts) - 1:
            cls = inner_model(info.annotation)
            continue
        meta = field_meta(cls, part)
        if meta is not None:
            return meta, info.annotation
    raise KeyError(f"{path} is not a declared input")


def inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = inner_model(arg)
        if found is not None:
            return found
    return None


_NAMED_PROBLEM = re.compile(r"^Value error, ([A-Za-z_]\w*(?:\.\w+)*): (.*)$", re.S)


def describe_validation_error(exc: ValidationError, model_cls: type[BaseModel]) -> list[tuple[str, str]]:
    """Return ``(field_path, message)`` pairs, one per problem, in plain words."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        if loc and loc[0] == "employers" and len(loc) > 3 and loc[2] == "set":
            # employers.0.set.<path>.float: the union member is pydantic's, not the user's path
            loc = tuple(p for i, p in enumerate(loc) if i < 4 or p not in _UNION_MEMBERS)
        path = ".".join(str(p) for p in loc) or "(scenario)"
        meta = _resolve_field(model_cls, loc)
        kind = err["type"]
        given = err.get("input")
        if kind == "extra_forbidden":
            msg = "unknown key " + _nearest_key(model_cls, loc)
        elif kind == "missing":
            msg = "is required"
        elif kind in {"dict_type", "model_type", "model_attributes_type"}:
            msg = f"must be a mapping of keys to values, not {_excerpt(given)}"
        elif kind == "too_long" and isinstance(given, (list, tuple, dict)):
            ctx = err.get("ctx") or {}
            msg = f"holds {ctx.get('actual_length', len(given)):,} items: at most {ctx.get('max_length')} allowed"
        elif kind == "list_type":
            msg = f"must be a list, not {_excerpt(given)}"
        elif kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"} and meta:
            info = ParamInfo(path, meta["label"], meta["unit"], meta["source"], meta["ge"], meta["le"], given)
            msg = f"{_num(given)} is out of range: allowed {info.range_text} ({meta['unit']})"
        elif kind in {"float_parsing", "int_parsing", "float_type", "int_type", "int_from_float",
                      "float_from_bool", "int_from_bool"}:
            expect = "a whole number" if kind.startswith("int") else "a number"
            msg = f"{_excerpt(given)} is not {expect}"
        elif kind == "value_error" and (named := _NAMED_PROBLEM.match(err["msg"])):
            # A record-level check names the field it concerns: "Value error, end_month: ...".
            sub = tuple(int(p) if p.isdigit() else p for p in named.group(1).split("."))
            path = ".".join(str(p) for p in (*loc, *sub))
            meta = _resolve_field(model_cls, (*loc, *sub))
            msg = named.group(2)
        else:
            msg = err["msg"].removeprefix("Value error, ")
            if given is not None and not isinstance(given, (dict, list)):
                msg += f" (got {_excerpt(given)})"
        if meta:
            msg += f" [{meta['label']}]"
        if all(path != p for p, _ in problems):  # one message per field (a union reports each member)
            problems.append((path, msg))
    return problems
