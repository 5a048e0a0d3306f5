"""Cells that a spreadsheet would run as a formula (OWASP "CSV injection").

Exports prefix such a cell with an apostrophe; imports remove it, so that an
exported file re-imports unchanged.
"""

from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix a text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``)."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    """Remove the apostrophe an export put before a formula-like value."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_TRIGGERS:
        return value[1:]
    return value


def is_live_formula(value: Any) -> bool:
    """True for a cell a spreadsheet would execute (used by the tests of every export)."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)
