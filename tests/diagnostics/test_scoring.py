"""Scoring rules on hand-computed cases (pure functions, no database)."""

import pytest

from diagnostics.scoring import Rule, compute, condition_holds, maturity, question_points

YES_NO = {"points": {"yes": 2, "no": 0}}
SINGLE = {
    "choices": [{"code": "a", "points": 0}, {"code": "b", "points": 1}, {"code": "c", "points": 3}]
}
MULTIPLE = {"max_points": 3, "choices": [{"code": c, "points": 1} for c in "wxyz"]}
BANDS = {"bands": [[0, 0, 0], [1, 4, 1], [5, None, 3]]}
SCALE = {"min": 1, "max": 4, "max_points": 3}
LEVELS = [
    {"code": "emerging", "min": 0},
    {"code": "structuring", "min": 25},
    {"code": "consolidated", "min": 50},
    {"code": "autonomous", "min": 75},
]


@pytest.mark.parametrize(
    ("kind", "spec", "value", "points"),
    [
        ("yes_no", YES_NO, True, 2), ("yes_no", YES_NO, False, 0), ("yes_no", YES_NO, None, 0),
        ("single", SINGLE, "b", 1), ("single", SINGLE, "c", 3),
        ("multiple", MULTIPLE, ["w", "x"], 2), ("multiple", MULTIPLE, list("wxyz"), 3),
        ("integer", BANDS, 0, 0), ("integer", BANDS, 4, 1), ("integer", BANDS, 40, 3),
        ("scale", SCALE, 1, 0), ("scale", SCALE, 3, 2), ("scale", SCALE, 4, 3),
    ],
)  # fmt: skip
def test_each_kind_of_answer_gets_its_points(kind, spec, value, points):
    assert question_points(Rule("q", kind, "s", spec), value) == points


def test_scores_follow_the_rules_on_a_hand_computed_case():
    rules = [
        Rule("a1", "yes_no", "ax.one", YES_NO),  # max 2
        Rule("a2", "single", "ax.one", SINGLE),  # max 3
        Rule("b1", "integer", "ax.two", BANDS),  # max 3
        Rule("b2", "yes_no", "ax.two", {**YES_NO, "condition": {"question": "b1", "gte": 1}}),
        Rule("b3", "text", "ax.two", {}),  # not scored
        Rule("c1", "multiple", "other.one", MULTIPLE),  # max 3
    ]
    axes = {"ax": [("ax.one", 1), ("ax.two", 3)], "other": [("other.one", 1)]}
    answers = {"a1": True, "a2": "b", "b1": 0, "b2": True, "b3": "texte", "c1": ["w"]}

    result = compute(rules, answers, axes=axes)

    # ax.one: (2 + 1) / (2 + 3) = 60. ax.two: b2 is not asked (b1 = 0): 0 / 3 = 0.
    assert result.subdimensions == {"ax.one": 60.0, "ax.two": 0.0, "other.one": 33.3}
    # ax: (60 x 1 + 0 x 3) / 4 = 15. other: 33.3. Overall: (15 + 33.3) / 2 = 24.15.
    assert result.axes == {"ax": 15.0, "other": 33.3}
    assert result.overall == pytest.approx(24.1, abs=0.1)
    assert maturity(result.overall, LEVELS)["code"] == "emerging"

    answers["b1"] = 5  # now b2 is asked and answered yes: (3 + 2) / (3 + 2) = 100
    result = compute(rules, answers, axes=axes)
    assert result.subdimensions["ax.two"] == 100.0
    assert result.axes["ax"] == 90.0  # (60 + 300) / 4
    assert maturity(90.0, LEVELS)["code"] == "autonomous"
    assert maturity(50.0, LEVELS)["code"] == "consolidated"


def test_an_asked_question_left_blank_counts_zero_and_an_unasked_one_counts_nothing():
    rules = [
        Rule("q1", "yes_no", "s.x", YES_NO),
        Rule("q2", "yes_no", "s.x", {**YES_NO, "condition": {"question": "q1", "equals": True}}),
    ]
    axes = {"s": [("s.x", 1)]}

    assert compute(rules, {"q1": True}, axes=axes).subdimensions["s.x"] == 50.0
    assert compute(rules, {"q1": False}, axes=axes).subdimensions["s.x"] == 0.0
    assert compute(rules, {}, axes=axes).subdimensions["s.x"] == 0.0


@pytest.mark.parametrize(
    ("condition", "answers", "asked"),
    [
        ({"question": "a", "equals": True}, {"a": True}, True),
        ({"question": "a", "equals": True}, {"a": False}, False),
        ({"question": "a", "equals": True}, {}, False),
        ({"question": "n", "gte": 1}, {"n": 0}, False),
        ({"question": "n", "gte": 1}, {"n": 3}, True),
        ({"question": "c", "in": ["x", "y"]}, {"c": "y"}, True),
    ],
)
def test_conditional_questions_are_asked_only_when_the_earlier_answer_calls_for_them(
    condition, answers, asked
):
    assert condition_holds(condition, answers) is asked
