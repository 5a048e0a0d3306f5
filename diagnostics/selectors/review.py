"""What a reviewer reads before deciding: every answer as the agent gave it, its points,
the previous diagnostic's answer to the same question, and every decision taken."""

from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from diagnostics.models import Answer, Diagnostic
from diagnostics.questionnaire import scoring
from diagnostics.questionnaire.kinds import KINDS
from diagnostics.questionnaire.structure import structure_for


def answer_shown(question, value: Any) -> str:
    """An answer as a person reads it, through its kind (choice labels, dd/mm/yyyy)."""
    labels = {choice.code: choice.label for choice in question.choices.all()}
    if question.kind == "yes_no":
        labels.update({"yes": _("Oui"), "no": _("Non")})
    return KINDS[question.kind].display(question.spec, value, labels)


@dataclass
class ReviewAnswer:
    question: Any
    shown: str  # "" when not answered
    asked: bool
    points: Fraction | None  # None for a question that scores nothing
    max_points: Fraction | None
    previous: str | None  # None when there is no previous diagnostic or answer
    evidence: list = field(default_factory=list)  # its Evidence (diagnostics.views.results)

    @property
    def changed(self) -> bool:
        return self.previous is not None and self.previous != self.shown


@dataclass
class ReviewAxis:
    code: str
    name: str
    comment: str
    subdimensions: list = field(default_factory=list)  # (sub-dimension, [ReviewAnswer])


def _typed(answers) -> dict[str, tuple[Any, Any]]:
    """Answers by question code: (question, typed value)."""
    typed = {}
    for answer in answers:
        value = KINDS[answer.question.kind].read(answer)
        if value is not None:
            typed[answer.question.code] = (answer.question, value)
    return typed


def review_answers(*, diagnostic: Diagnostic, previous: Diagnostic | None) -> list[ReviewAxis]:
    """Every question of the diagnostic's questionnaire, axis by axis, with its answer,
    points (of the question's maximum) and the previous diagnostic's answer (matched
    by question code, the versions may differ). Four queries with choices."""
    structure = structure_for(diagnostic.version)
    own = _typed(Answer.objects.filter(diagnostic=diagnostic).select_related("question"))
    live = structure.live({code: value for code, (_q, value) in own.items()})
    before = {}
    if previous is not None:
        before = _typed(
            Answer.objects.filter(diagnostic=previous)
            .select_related("question")
            .prefetch_related("question__choices")
        )
    comments = diagnostic.return_comments or {}
    axes = []
    for axis in structure.axes:
        entry = ReviewAxis(axis.code, axis.name, comments.get(axis.code, ""))
        for sub, questions in structure.questions_of(axis):
            rows = []
            for question in questions:
                rule = scoring.Rule(question.code, question.kind, sub.code, question.spec)
                value = live.get(question.code)
                asked = structure.asked(question, live)
                scored = rule.scored and asked
                earlier = before.get(question.code)
                rows.append(
                    ReviewAnswer(
                        question=question,
                        shown=answer_shown(question, value) if value is not None else "",
                        asked=asked,
                        points=scoring.question_points(rule, value) if scored else None,
                        max_points=scoring.question_max(rule) if scored else None,
                        previous=answer_shown(*earlier) if earlier else None,
                    )
                )
            entry.subdimensions.append((sub, rows))
        axes.append(entry)
    return axes


@dataclass
class Decision:
    at: datetime
    who: str
    status: str
    comment: str
    comments: list  # (axis name, comment)


def decision_history(*, diagnostic: Diagnostic) -> list[Decision]:
    """Each change of status (submission, validation, return with its comments), oldest
    first, from the diagnostic's history (one query)."""
    labels = dict(Diagnostic.Status.choices)
    names = {axis.code: axis.name for axis in structure_for(diagnostic.version).axes}
    decisions, status = [], Diagnostic.Status.DRAFT
    records = diagnostic.history.select_related("history_user").order_by("history_date")
    for record in records:
        if record.status == status:
            continue
        status = record.status
        user = record.history_user
        who = (user.get_full_name() or user.username) if user else ""
        returned = status == Diagnostic.Status.RETURNED
        decisions.append(
            Decision(
                record.history_date,
                who,
                str(labels.get(status, status)),
                record.return_comment if returned else "",
                [
                    (names.get(code, code), text)
                    for code, text in (record.return_comments or {}).items()
                ]
                if returned
                else [],
            )
        )
    return decisions
