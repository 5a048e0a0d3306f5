"""Scoring rules of the TAKWIA questionnaire: pure functions on the questionnaire's data.

Rules (shown to users on /diagnostics/scoring/):

- each scored question has a maximum: the best answer's points (yes/no, single
  choice, whole-number bands), the file's ``max_points`` for multiple choices
  (points of the ticked choices, capped) and scales (linear from the lowest to the
  highest step);
- a question that was not asked (its condition did not hold) counts for nothing;
  an asked question left unanswered counts 0 points;
- sub-dimension score = 100 x points obtained / points possible;
- axis score = mean of its sub-dimension scores weighted by their weight;
- overall score = mean of the six axis scores;
- the maturity level is the highest level whose threshold the score reaches.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

UNSCORED_KINDS = {"date", "text"}


@dataclass(frozen=True)
class Rule:
    """What scoring needs of a question (built from Question.spec)."""

    code: str
    kind: str
    subdimension: str
    spec: dict

    @property
    def scored(self) -> bool:
        return self.kind not in UNSCORED_KINDS and self.spec.get("scored", True)

    @property
    def condition(self) -> dict | None:
        return self.spec.get("condition")


def condition_holds(condition: dict | None, answers: dict[str, Any]) -> bool:
    """Whether a conditional question is asked, given the answers so far."""
    if not condition:
        return True
    value = answers.get(condition["question"])
    if value is None:
        return False
    return predicate_holds(condition, value)


def predicate_holds(predicate: dict, value: Any) -> bool:
    """The predicates of conditions and findings: equals, in, gte, lte, between, contains."""
    if "equals" in predicate:
        return value == predicate["equals"]
    if "in" in predicate:
        return value in predicate["in"]
    if "contains" in predicate:
        return predicate["contains"] in (value or [])
    if "between" in predicate:
        low, high = predicate["between"]
        return low <= value <= high
    if "gte" in predicate:
        return value >= predicate["gte"]
    if "lte" in predicate:
        return value <= predicate["lte"]
    raise ValueError(f"unknown predicate {predicate}")


def question_max(rule: Rule) -> float:
    spec = rule.spec
    if rule.kind == "yes_no":
        return float(max(spec["points"].values()))
    if rule.kind == "single":
        return float(max(choice.get("points", 0) or 0 for choice in spec["choices"]))
    if rule.kind == "multiple":
        total = sum(choice.get("points", 0) or 0 for choice in spec["choices"])
        return float(min(total, spec.get("max_points", total)))
    if rule.kind == "integer":
        return float(max(band[2] for band in spec["bands"]))
    if rule.kind == "scale":
        return float(spec.get("max_points", spec["max"] - spec["min"]))
    return 0.0


def question_points(rule: Rule, value: Any) -> float:
    """Points of one answer (0 for no answer)."""
    if value is None:
        return 0.0
    spec = rule.spec
    if rule.kind == "yes_no":
        return float(spec["points"]["yes" if value else "no"])
    if rule.kind == "single":
        points = {choice["code"]: choice.get("points", 0) or 0 for choice in spec["choices"]}
        return float(points.get(value, 0))
    if rule.kind == "multiple":
        points = {choice["code"]: choice.get("points", 0) or 0 for choice in spec["choices"]}
        return min(float(sum(points.get(code, 0) for code in value)), question_max(rule))
    if rule.kind == "integer":
        for low, high, points in spec["bands"]:
            if value >= low and (high is None or value <= high):
                return float(points)
        return 0.0
    if rule.kind == "scale":
        low, high = spec["min"], spec["max"]
        return question_max(rule) * (value - low) / (high - low)
    return 0.0


@dataclass
class Result:
    subdimensions: dict[str, float | None] = field(default_factory=dict)
    axes: dict[str, float | None] = field(default_factory=dict)
    overall: float | None = None


def compute(
    rules: list[Rule],
    answers: dict[str, Any],
    *,
    axes: dict[str, list[tuple[str, int]]],
) -> Result:
    """Scores of one diagnostic.

    ``axes`` maps each axis code to its (sub-dimension code, weight) pairs in order;
    ``answers`` maps question codes to typed values (bool, str, list, int, date).
    """
    obtained: dict[str, float] = {}
    possible: dict[str, float] = {}
    result = Result()
    for rule in rules:
        if not rule.scored or not condition_holds(rule.condition, answers):
            continue
        points = question_points(rule, answers.get(rule.code))
        obtained[rule.subdimension] = obtained.get(rule.subdimension, 0.0) + points
        possible[rule.subdimension] = possible.get(rule.subdimension, 0.0) + question_max(rule)
    for axis, subdimensions in axes.items():
        weighted, weights = 0.0, 0
        for code, weight in subdimensions:
            if possible.get(code):
                score = round(100 * obtained[code] / possible[code], 1)
                result.subdimensions[code] = score
                weighted += score * weight
                weights += weight
            else:
                result.subdimensions[code] = None
        result.axes[axis] = round(weighted / weights, 1) if weights else None
    scored_axes = [score for score in result.axes.values() if score is not None]
    result.overall = round(sum(scored_axes) / len(scored_axes), 1) if scored_axes else None
    return result


def maturity(score: float | None, levels: list[dict]) -> dict | None:
    """The highest maturity level whose ``min`` the score reaches."""
    if score is None:
        return None
    reached = [level for level in levels if score >= level["min"]]
    return max(reached, key=lambda level: level["min"]) if reached else None


def typed(kind: str, value: Any) -> Any:
    """Values as scoring expects them (answers read back from the database)."""
    if kind == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    return value
