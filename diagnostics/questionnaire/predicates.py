"""Predicates of conditions and findings, in one place.

A predicate is data from the questionnaire file:

- a leaf ``{"question": "prj_monitoring", "equals": false}`` with one operator of
  ``OPERATORS``;
- ``{"all": [predicate, ...]}`` (every one holds) or ``{"any": [predicate, ...]}``.

A leaf on a question without a live answer (unanswered, or not asked because its own
condition does not hold) never holds. The operator list is sent to the browser as
data (``operators_for_browser``), whose ``holds()`` reads the same table.
"""

from collections.abc import Callable, Iterator
from typing import Any

OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "equals": lambda value, operand: value == operand and type(value) is type(operand),
    "in": lambda value, operand: value in operand,
    "gte": lambda value, operand: value >= operand,
    "lte": lambda value, operand: value <= operand,
    "between": lambda value, operand: operand[0] <= value <= operand[1],
    "contains": lambda value, operand: operand in value,
    "contains_any": lambda value, operand: any(code in value for code in operand),
    "excludes": lambda value, operand: operand not in value,
}
# What each operator means, for the scoring page and docs/findings.md.
OPERATOR_WORDS = {
    "equals": "vaut",
    "in": "vaut l'une de",
    "gte": "au moins",
    "lte": "au plus",
    "between": "entre",
    "contains": "comprend",
    "contains_any": "comprend l'une de",
    "excludes": "ne comprend pas",
}
COMBINATORS = ("all", "any")


class PredicateError(ValueError):
    """A predicate that is not well formed (the loader names the entry)."""


def operator_of(leaf: dict) -> str:
    found = [key for key in leaf if key in OPERATORS]
    if len(found) != 1 or set(leaf) - {"question", *OPERATORS}:
        raise PredicateError(f"opérateur inconnu ou multiple dans {leaf}")
    return found[0]


def leaves(predicate: dict | None) -> Iterator[dict]:
    if not predicate:
        return
    if not isinstance(predicate, dict):
        raise PredicateError(f"prédicat mal formé : {predicate!r}")
    for combinator in COMBINATORS:
        if combinator in predicate:
            parts = predicate[combinator]
            if set(predicate) != {combinator} or not isinstance(parts, list) or not parts:
                raise PredicateError(f"« {combinator} » attend une liste non vide")
            for part in parts:
                yield from leaves(part)
            return
    if "question" not in predicate:
        raise PredicateError(f"prédicat sans question : {predicate}")
    operator_of(predicate)
    yield predicate


def questions_of(predicate: dict | None) -> list[str]:
    """The question codes a predicate reads, in order of appearance, once each."""
    seen: list[str] = []
    for leaf in leaves(predicate):
        if leaf["question"] not in seen:
            seen.append(leaf["question"])
    return seen


def leaf_holds(leaf: dict, value: Any) -> bool:
    if value is None:
        return False
    operator = operator_of(leaf)
    try:
        return bool(OPERATORS[operator](value, leaf[operator]))
    except TypeError:
        return False


def holds(predicate: dict | None, answers: dict[str, Any]) -> bool:
    """Whether ``predicate`` holds on ``answers`` (question code -> live typed value).
    No predicate holds always."""
    if not predicate:
        return True
    if "all" in predicate:
        return all(holds(part, answers) for part in predicate["all"])
    if "any" in predicate:
        return any(holds(part, answers) for part in predicate["any"])
    return leaf_holds(predicate, answers.get(predicate["question"]))


def normalise(entry: dict, *, question: str | None = None) -> dict | None:
    """A predicate in its canonical form. The first version's files wrote a finding's
    predicate and base on its own question (``{"question": q, "equals": x}`` and
    ``"base": {"gte": 1}``); both forms are accepted."""
    if entry is None:
        return None
    if any(combinator in entry for combinator in COMBINATORS):
        return entry
    operators = {key: entry[key] for key in OPERATORS if key in entry}
    target = entry.get("question", question)
    if not operators:
        return None
    return {"question": target, **operators}


def operators_for_browser() -> list[str]:
    """The operators the browser must know (the same names, the same meaning)."""
    return list(OPERATORS)
