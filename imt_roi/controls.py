"""The characters that are not shown as themselves, declared once for the name checks, the records reader and
the terminal and CSV writers: C0 controls, DEL and C1 controls (Unicode category Cc), bidirectional
embeddings, overrides and isolates (the "Trojan Source" characters), the line and paragraph separators,
and lone surrogates (category Cs), which cannot be encoded."""

from __future__ import annotations

__all__ = ["CONTROL_CODES", "CONTROL_PATTERN", "is_control"]

#: Inclusive ranges of code points.
_RANGES = ((0x00, 0x1F), (0x7F, 0x9F), (0x2028, 0x2029), (0x202A, 0x202E), (0x2066, 0x2069), (0xD800, 0xDFFF))
#: Every such code point.
CONTROL_CODES = frozenset(code for low, high in _RANGES for code in range(low, high + 1))
#: A regular-expression class matching one such character.
CONTROL_PATTERN = "[" + "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in _RANGES) + "]"


def is_control(ch: str) -> bool:
    """Whether the one character ``ch`` is a control, layout control or lone surrogate."""
    return ord(ch) in CONTROL_CODES
