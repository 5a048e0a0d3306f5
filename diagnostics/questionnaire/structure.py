"""A questionnaire version as pages, scoring and findings use it: axes, sub-dimensions,
questions and findings in order, with which questions are live for given answers.
Read in four queries and cached per process, keyed on the version's source digest
(a corrected finding changes the digest, so every process reads it again)."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from diagnostics.models import Finding, Question, QuestionnaireVersion, SubDimension
from diagnostics.questionnaire import predicates
from diagnostics.questionnaire.kinds import KINDS, Kind


@dataclass(frozen=True)
class FindingRule:
    """A finding as the arithmetic needs it (see ``findings.py``)."""

    pk: int
    code: str
    axis_id: int
    predicate: dict
    base: dict | None
    questions: tuple[str, ...]  # every question the predicate and the base read


@dataclass
class Structure:
    version: QuestionnaireVersion
    axes: list
    questions: list[Question]
    findings: list[Finding]
    by_code: dict[str, Question] = field(default_factory=dict)
    by_id: dict[int, Question] = field(default_factory=dict)

    def __post_init__(self):
        self.by_code = {question.code: question for question in self.questions}
        self.by_id = {question.pk: question for question in self.questions}
        self.finding_rules = [finding_rule(finding) for finding in self.findings]

    def kind(self, question: Question) -> Kind:
        return KINDS[question.kind]

    @property
    def subdimensions(self) -> list:
        """(axis, sub-dimension) pairs in questionnaire order."""
        return [(axis, sub) for axis in self.axes for sub in axis.subdimensions.all()]

    @property
    def subdimension_names(self) -> dict[str, str]:
        return {sub.code: sub.name for _axis, sub in self.subdimensions}

    def questions_of(self, axis) -> list[tuple]:
        """(sub-dimension, its questions) of one axis."""
        return [
            (sub, [q for q in self.questions if q.subdimension_id == sub.pk])
            for sub in axis.subdimensions.all()
        ]

    def live(self, answers: dict[str, Any]) -> dict[str, Any]:
        """The live answers: those to questions that are asked given the answers before
        them (a question whose condition does not hold is not asked, nor are questions
        that depend on it). The server decides; what the browser hides is a courtesy."""
        live: dict[str, Any] = {}
        for question in self.questions:
            if not self.asked(question, live):
                continue
            value = answers.get(question.code)
            if value is not None:
                live[question.code] = value
        return live

    def asked(self, question: Question, live: dict[str, Any]) -> bool:
        return predicates.holds(question.spec.get("condition"), live)

    def finding_questions(self) -> set[str]:
        return {code for rule in self.finding_rules for code in rule.questions}


def finding_rule(finding: Finding) -> FindingRule:
    codes = predicates.questions_of(finding.predicate)
    for code in predicates.questions_of(finding.base):
        if code not in codes:
            codes.append(code)
    return FindingRule(
        finding.pk, finding.code, finding.axis_id, finding.predicate, finding.base, tuple(codes)
    )


_STRUCTURES: dict[int, Structure] = {}


def structure_for(version: QuestionnaireVersion) -> Structure:
    """The version's structure; cached per process while its source digest is unchanged."""
    cached = _STRUCTURES.get(version.pk)
    if cached is not None and cached.version.source_digest == version.source_digest:
        return cached
    axes = list(
        version.axes.prefetch_related(
            Prefetch("subdimensions", queryset=SubDimension.objects.order_by("order"))
        )
    )
    questions = list(
        version.questions.select_related("subdimension__axis").prefetch_related("choices")
    )
    findings = list(version.findings.select_related("question", "axis"))
    structure = Structure(version, axes, questions, findings)
    _STRUCTURES[version.pk] = structure
    return structure


def structure_forget() -> None:
    """Drop the cache (after a questionnaire is loaded or corrected in this process)."""
    _STRUCTURES.clear()
