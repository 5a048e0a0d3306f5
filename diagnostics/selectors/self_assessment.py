"""Reads of self-assessments (issue 14, item 9): the campaign in which a president
answers about their own association, and their answers' scores beside the assessed
ones, axis by axis (OCAT and OPI contrast the two views). Self-assessments never enter
any figure: ``Diagnostic.objects.scored()`` leaves them out."""

from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Exists, OuterRef, Q

from diagnostics.models import Campaign, Diagnostic, Score
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
    matched by code. Three queries."""
    if diagnostic.status not in {Diagnostic.Status.SUBMITTED, Diagnostic.Status.VALIDATED}:
        return None
    same_association = Diagnostic.objects.filter(association_id=diagnostic.association_id)
    if diagnostic.is_self_assessment:
        other = same_association.scored().order_by("-submitted_at", "-pk").first()
        assessed, own = other, diagnostic
    else:
        other = (
            same_association.self_assessed()
            .filter(status=Diagnostic.Status.SUBMITTED)
            .order_by("-submitted_at", "-pk")
        )
        other = other.filter(campaign_id=diagnostic.campaign_id).first() or other.first()
        assessed, own = diagnostic, other
    if other is None:
        return None
    scores = {
        (diagnostic_id, code): exact(score)
        for diagnostic_id, code, score in Score.objects.filter(
            diagnostic__in=[assessed.pk, own.pk], level=Score.Level.AXIS
        ).values_list("diagnostic_id", "code", "score")
    }
    axes = [
        AxisPair(
            axis.code,
            axis.name,
            scores.get((assessed.pk, axis.code)),
            scores.get((own.pk, axis.code)),
        )
        for axis in structure_for(assessed.version).axes
    ]
    return SideBySide(assessed, own, axes)
