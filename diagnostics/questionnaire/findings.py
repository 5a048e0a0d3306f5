"""The arithmetic of findings: which associations a finding counts.

A finding is "the share of the associations in its base for which its predicate
holds". An association is in the base when the predicate can be decided for it (it
holds, or every question it reads has a live answer: a question that was not asked
leaves "any of" predicates decidable by their other parts) and the finding's own base
predicate, if any, holds; it is a hit when the predicate holds. Answers that are not
live (a follow-up whose condition no longer holds) are never stored, so they are never
counted.

The database groups the answers (selectors); these functions read the groups.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

from diagnostics.questionnaire import predicates
from diagnostics.questionnaire.structure import FindingRule


@dataclass
class Tally:
    base: int = 0
    hits: int = 0


def classify(rule: FindingRule, values: dict[str, Any]) -> tuple[bool, bool]:
    """(in the base, hit) for one association's live answers to the rule's questions."""
    hit = predicates.holds(rule.predicate, values)
    answered = all(values.get(code) is not None for code in predicates.questions_of(rule.predicate))
    if not (hit or answered) or not predicates.holds(rule.base, values):
        return False, False
    return True, hit


def tally(rule: FindingRule, groups: Iterable[tuple[dict, Hashable, int]]) -> dict:
    """Base and hits by key from groups of (values by question code, key, count)."""
    result: dict[Hashable, Tally] = {}
    seen: dict[tuple, tuple[bool, bool]] = {}  # each distinct set of values classified once
    for values, key, count in groups:
        signature = tuple(
            (code, tuple(value) if isinstance(value, list) else value)
            for code, value in values.items()
        )
        if signature not in seen:
            seen[signature] = classify(rule, values)
        in_base, hit = seen[signature]
        if not in_base:
            continue
        entry = result.setdefault(key, Tally())
        entry.base += count
        entry.hits += count if hit else 0
    return result
