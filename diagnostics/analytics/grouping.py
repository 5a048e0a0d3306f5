"""The database side of findings, read by the summary's build: answers grouped by
value (and by keys such as the status, the stratum, the milieu or the province), a few
hundred groups whatever the number of diagnostics. A finding on one question is read
off one GROUP BY shared by every such finding; a finding over several questions gets
one query that puts each diagnostic's answers to those questions side by side, then
groups the combinations."""

import json
from typing import Any

from django.db import connection
from django.db.models import Case, Count, IntegerField, Max, TextField, When
from django.db.models.functions import Cast

from diagnostics.questionnaire.kinds import KINDS
from diagnostics.questionnaire.structure import FindingRule, Structure

# Each kind's grouped value, as a column of the pivot (booleans as 0/1: no MAX on
# PostgreSQL booleans) and back.
_PIVOT = {
    "value_bool": lambda: Case(
        When(value_bool=True, then=1), When(value_bool=False, then=0), output_field=IntegerField()
    ),
    "value_int": lambda: "value_int",
    "value_text": lambda: "value_text",
    "value_date": lambda: "value_date",
    "value_choices": lambda: Cast("value_choices", TextField()),
}


def _from_group(kind: str, raw):
    column = KINDS[kind].column
    if raw is None:
        return None
    if column == "value_bool":
        return bool(raw)
    if column == "value_choices":
        try:
            value = json.loads(raw) if isinstance(raw, str) else raw
        except ValueError:
            return None
        return value or None
    return KINDS[kind].from_column(raw)


def single_codes(rules: list[FindingRule]) -> tuple[str, ...]:
    """The questions read alone by a finding (one GROUP BY for all of them)."""
    return tuple(dict.fromkeys(rule.questions[0] for rule in rules if len(rule.questions) == 1))


def combined_codes(rules: list[FindingRule]) -> tuple[str, ...]:
    """The union of the questions of the findings over several questions, read side by
    side in one pivot (a finding only looks at its own questions in each group)."""
    several = [rule for rule in rules if len(rule.questions) > 1]
    return tuple(dict.fromkeys(code for rule in several for code in rule.questions))


def question_groups(
    *, answers, structure: Structure, codes: tuple[str, ...], keys: list[str]
) -> dict[str, list[tuple[Any, tuple, int]]]:
    """(value, key, count) groups of each question of ``codes``: one GROUP BY.

    ``answers`` is an Answer queryset already restricted to the diagnostics counted and
    annotated with the ``keys`` (fields that depend on the diagnostic only).
    """
    by_code = structure.by_code
    per_question: dict[str, list] = {code: [] for code in codes}
    if not codes:
        return per_question
    rows = (
        answers.filter(question_id__in=[by_code[code].pk for code in codes])
        .annotate(choices=Cast("value_choices", TextField()))
        .values("question_id", "value_bool", "value_int", "value_text", "choices", *keys)
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        question = structure.by_id[row["question_id"]]
        raw = row["choices"] if question.kind == "multiple" else row[KINDS[question.kind].column]
        per_question[question.code].append(
            (_from_group(question.kind, raw), tuple(row[key] for key in keys), row["n"])
        )
    return per_question


def combination_groups(
    *, answers, structure: Structure, codes: tuple[str, ...], keys: list[str]
) -> list[tuple[dict, tuple, int]]:
    """(values by question code, key, count) groups of the combinations of ``codes``
    answered by each diagnostic: one query."""
    return _pivot_groups(answers, structure, codes, keys) if codes else []


def finding_groups(
    *,
    rules: list[FindingRule],
    singles: dict[str, list[tuple[Any, tuple, int]]],
    combinations: list[tuple[dict, tuple, int]],
) -> dict[str, list[tuple[dict, tuple, int]]]:
    """(values by question code, key, count) groups for each finding code, from the
    groups of ``question_groups`` and ``combination_groups`` (``findings.tally`` reads them)."""
    groups: dict[str, list] = {}
    for rule in rules:
        if len(rule.questions) == 1:
            code = rule.questions[0]
            groups[rule.code] = [
                ({code: value}, key, count) for value, key, count in singles.get(code, [])
            ]
        else:
            groups[rule.code] = combinations
    return groups


def _pivot_groups(answers, structure: Structure, codes: tuple, keys: list[str]) -> list:
    questions = [structure.by_code[code] for code in codes]
    pivot = {
        f"v{index}": Max(
            Case(When(question_id=question.pk, then=_PIVOT[KINDS[question.kind].column]()))
        )
        for index, question in enumerate(questions)
    }
    inner = (
        answers.filter(question_id__in=[question.pk for question in questions])
        .values("diagnostic_id", *keys)
        .annotate(**pivot)
        .order_by()
    )
    sql, params = inner.query.sql_with_params()
    columns = [*keys, *pivot]
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quoted}, COUNT(*) FROM ({sql}) AS pivot GROUP BY {quoted}", params)
        rows = cursor.fetchall()
    result = []
    for row in rows:
        key, raw_values, count = row[: len(keys)], row[len(keys) : -1], row[-1]
        values = {
            question.code: _from_group(question.kind, raw)
            for question, raw in zip(questions, raw_values, strict=True)
        }
        result.append((values, tuple(key), count))
    return result
