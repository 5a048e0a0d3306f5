"""Scoring rules of the TAKWIA questionnaire: pure functions on exact values.

Rules (shown to users on /diagnostics/scoring/ and in docs/method.md):

- each scored question has a maximum: the best answer's points (yes/no, single
  choice, whole-number bands), the file's ``max_points`` for multiple choices
  (points of the ticked choices, capped) and scales (linear from the lowest to the
  highest step);
- a question that is not asked (its condition does not hold) counts for nothing, and
  its stored answer, if any, is not a live answer; an asked question left unanswered
  counts 0 points;
- sub-dimension score = 100 x points obtained / points possible;
- axis score = mean of its sub-dimension scores weighted by their weight;
- overall score = mean of the six axis scores;
- every score is exact (a fraction) until it is shown, then rounded once, half up,
  to one decimal: an axis score is computed from the exact sub-dimension scores, never
  from rounded ones;
- the maturity level is the highest level whose threshold the score reaches;
- a sub-dimension is weak when its score is under ``WEAK_BELOW`` (50/100): weak
  sub-dimensions are the association's priorities, rank the province's needs, are what
  a plan's actions aim at and what volunteers are matched on; strong from
  ``STRONG_FROM`` (60/100).
"""

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from diagnostics.questionnaire.kinds import KINDS

WEAK_BELOW = 50
STRONG_FROM = 60


@dataclass(frozen=True)
class Rule:
    """What scoring needs of a question."""

    code: str
    kind: str
    subdimension: str
    spec: dict

    @property
    def scored(self) -> bool:
        return KINDS[self.kind].scored and self.spec.get("scored", True)


def question_max(rule: Rule) -> Fraction:
    return KINDS[rule.kind].max_points(rule.spec) if rule.scored else Fraction(0)


def question_points(rule: Rule, value: Any) -> Fraction:
    """Points of one answer (0 for no answer)."""
    if value is None or not rule.scored:
        return Fraction(0)
    return KINDS[rule.kind].points(rule.spec, value)


@dataclass
class Result:
    subdimensions: dict[str, Fraction | None] = field(default_factory=dict)
    axes: dict[str, Fraction | None] = field(default_factory=dict)
    overall: Fraction | None = None


def compute(
    rules: list[Rule],
    live: dict[str, Any],
    *,
    asked: set[str],
    axes: dict[str, list[tuple[str, int]]],
) -> Result:
    """Exact scores of one diagnostic.

    ``live`` maps question codes to live typed answers; ``asked`` is the set of
    questions asked (conditions holding); ``axes`` maps each axis code to its
    (sub-dimension code, weight) pairs in order.
    """
    obtained: dict[str, Fraction] = {}
    possible: dict[str, Fraction] = {}
    for rule in rules:
        if not rule.scored or rule.code not in asked:
            continue
        obtained[rule.subdimension] = obtained.get(rule.subdimension, Fraction(0)) + (
            question_points(rule, live.get(rule.code))
        )
        possible[rule.subdimension] = possible.get(rule.subdimension, Fraction(0)) + (
            question_max(rule)
        )
    result = Result()
    for axis, subdimensions in axes.items():
        weighted, weights = Fraction(0), 0
        for code, weight in subdimensions:
            if possible.get(code):
                score = 100 * obtained[code] / possible[code]
                result.subdimensions[code] = score
                weighted += score * weight
                weights += weight
            else:
                result.subdimensions[code] = None
        result.axes[axis] = weighted / weights if weights else None
    scored_axes = [score for score in result.axes.values() if score is not None]
    result.overall = sum(scored_axes, Fraction(0)) / len(scored_axes) if scored_axes else None
    return result


def maturity(score, levels: list[dict]) -> dict | None:
    """The highest maturity level whose ``min`` the score reaches."""
    if score is None:
        return None
    reached = [level for level in levels if score >= level["min"]]
    return max(reached, key=lambda level: level["min"]) if reached else None


def is_weak(score) -> bool:
    return score is not None and score < WEAK_BELOW


def is_strong(score) -> bool:
    return score is not None and score >= STRONG_FROM
