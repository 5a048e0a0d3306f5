"""Reads of self-assessments (issue 14, item 9): the campaign in which a president
answers about their own association, and their answers' scores beside the assessed
ones, axis by axis (OCAT and OPI contrast the two views). Self-assessments never enter
any figure: ``Diagnostic.objects.scored()`` leaves them out."""

from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Exists, OuterRef, Q

from diagnostics.models import Campaign, Diagnostic, Score
from diagnostics.models.entry import scored_through
from diagnostics.questionnaire.structure import structure_for
from takwia.figures import exact


def self_assessment_campaign(*, association) -> Campaign | None:
    """Where the association's self-assessment belongs: the newest campaign of its
    province that is open or in which it has an assessment (so that the two sit side
    by side)."""
    assessed = Diagnostic.objects.assessed().filter(
        campaign=OuterRef("pk"), association=association
    )
    return (
        Campaign.objects.filter(province_id=association.commune.province_id)
        .filter(Q(status=Campaign.Status.ONGOING) | Q(Exists(assessed)))
        .select_related("version")
        .order_by("-starts_on", "-pk")
        .first()
    )


def self_assessment_of(*, association, campaign=None) -> Diagnostic | None:
    """The association's self-assessment in ``campaign`` (its newest one without)."""
    found = Diagnostic.objects.self_assessed().filter(association=association)
    if campaign is not None:
        found = found.filter(campaign=campaign)
    return found.select_related("campaign").order_by("-created_at", "-pk").first()


@dataclass
class AxisPair:
    code: str
    name: str
    assessed: Fraction | None
    self_assessed: Fraction | None

    @property
    def gap(self) -> Fraction | None:
        """Self-assessed minus assessed: positive when the association sees itself higher."""
        if self.assessed is None or self.self_assessed is None:
            return None
        return self.self_assessed - self.assessed


@dataclass
class SideBySide:
    assessed: Diagnostic
    self_assessed: Diagnostic
    axes: list[AxisPair]

    @property
    def overall_gap(self) -> Fraction | None:
        if self.assessed.overall_score is None or self.self_assessed.overall_score is None:
            return None
        return exact(self.self_assessed.overall_score) - exact(self.assessed.overall_score)


def side_by_side(*, diagnostic: Diagnostic) -> SideBySide | None:
    """The diagnostic beside its counterpart, axis by axis, or None when there is none:
    for an assessment, the association's submitted self-assessment (the same
    campaign's first, else the newest); for a self-assessment, the association's
    latest scored assessment. Axes are those of the assessment's questionnaire,
    matched by code. One query: the axis scores of the diagnostic and of every
    candidate, each with its diagnostic and campaign."""
    if diagnostic.status not in {Diagnostic.Status.SUBMITTED, Diagnostic.Status.VALIDATED}:
        return None
    association = diagnostic.association_id
    if diagnostic.is_self_assessment:
        candidates = Q(diagnostic__association_id=association) & scored_through("diagnostic__")
    else:
        candidates = Q(
            diagnostic__association_id=association,
            diagnostic__kind=Diagnostic.Kind.SELF_ASSESSMENT,
            diagnostic__status=Diagnostic.Status.SUBMITTED,
        )
    rows = Score.objects.filter(level=Score.Level.AXIS).filter(
        Q(diagnostic_id=diagnostic.pk) | candidates
    )
    scores: dict[int, dict[str, Fraction]] = {}
    others: dict[int, Diagnostic] = {}
    for row in rows.select_related("diagnostic__campaign", "diagnostic__version"):
        scores.setdefault(row.diagnostic_id, {})[row.code] = exact(row.score)
        if row.diagnostic_id != diagnostic.pk:
            others[row.diagnostic_id] = row.diagnostic
    if not others:
        return None
    other = max(
        others.values(),
        key=lambda d: (
            not diagnostic.is_self_assessment and d.campaign_id == diagnostic.campaign_id,
            d.submitted_at.timestamp() if d.submitted_at else 0,
            d.pk,
        ),
    )
    assessed, own = (other, diagnostic) if diagnostic.is_self_assessment else (diagnostic, other)
    axes = [
        AxisPair(
            axis.code,
            axis.name,
            scores.get(assessed.pk, {}).get(axis.code),
            scores.get(own.pk, {}).get(axis.code),
        )
        for axis in structure_for(assessed.version).axes
    ]
    return SideBySide(assessed, own, axes)
