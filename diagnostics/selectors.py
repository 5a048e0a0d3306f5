"""Reads of the diagnostic: a diagnostic's results against its province, campaign tables."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Q

from diagnostics import scoring
from diagnostics.models import Campaign, Diagnostic, Score
from diagnostics.services import Structure, structure_for

STRONG_FROM = 60.0
WEAK_BELOW = 50.0


@dataclass
class SubScore:
    axis: str
    name: str
    code: str
    score: float
    level: dict | None


@dataclass
class Results:
    diagnostic: Diagnostic
    structure: Structure
    axes: list[tuple[str, str, float | None, float | None]]  # code, name, score, province
    strengths: list[SubScore]
    weaknesses: list[SubScore]
    changes: list[tuple[str, float, float]]  # axis name, previous, now
    previous: Diagnostic | None
    level: dict | None
    province_count: int


def _scores(diagnostic: Diagnostic) -> dict[tuple[str, str], float]:
    return {
        (level, code): float(score)
        for level, code, score in diagnostic.scores.values_list("level", "code", "score")
    }


def diagnostic_results(*, diagnostic: Diagnostic) -> Results:
    """One diagnostic's scores, its province's averages (same questionnaire version),
    its strengths and weaknesses by sub-dimension, and what changed since the
    association's previous scored diagnostic. A constant number of queries."""
    structure = structure_for(diagnostic.version)
    own = _scores(diagnostic)
    province = diagnostic.association.commune.province_id
    peers = Score.objects.filter(
        level=Score.Level.AXIS,
        diagnostic__in=Diagnostic.objects.scored().filter(
            version=diagnostic.version, association__commune__province_id=province
        ),
    )
    averages = {
        row["code"]: float(row["mean"])
        for row in peers.values("code").annotate(mean=Avg("score")).order_by()
    }
    province_count = (
        Diagnostic.objects.scored()
        .filter(version=diagnostic.version, association__commune__province_id=province)
        .count()
    )
    axes = [
        (axis.code, axis.name, own.get(("axis", axis.code)), averages.get(axis.code))
        for axis in structure.axes
    ]
    levels = structure.version.maturity_levels
    subscores = [
        SubScore(axis.name, sub.name, sub.code, own[("subdimension", sub.code)], None)
        for axis in structure.axes
        for sub in axis.subdimensions.all()
        if ("subdimension", sub.code) in own
    ]
    for entry in subscores:
        entry.level = scoring.maturity(entry.score, levels)
    ordered = sorted(subscores, key=lambda entry: entry.score)
    weaknesses = [entry for entry in ordered if entry.score < WEAK_BELOW][:5]
    strengths = [entry for entry in reversed(ordered) if entry.score >= STRONG_FROM][:5]
    previous = (
        Diagnostic.objects.scored()
        .filter(association=diagnostic.association, submitted_at__lt=diagnostic.submitted_at)
        .order_by("-submitted_at")
        .first()
        if diagnostic.submitted_at
        else None
    )
    changes = []
    if previous is not None:
        before = _scores(previous)
        for code, name, now, _ in axes:
            if now is not None and ("axis", code) in before:
                changes.append((name, before[("axis", code)], now))
    overall = float(diagnostic.overall_score) if diagnostic.overall_score is not None else None
    return Results(
        diagnostic=diagnostic,
        structure=structure,
        axes=axes,
        strengths=strengths,
        weaknesses=weaknesses,
        changes=changes,
        previous=previous,
        level=scoring.maturity(overall, levels),
        province_count=province_count,
    )


def campaign_sample(*, campaign: Campaign):
    """The sample's associations with their diagnostic (if any), in one query."""
    diagnostics = {
        d.association_id: d
        for d in campaign.diagnostics.only("pk", "association_id", "status", "overall_score")
    }
    entries = list(
        campaign.entries.select_related("association__commune").order_by("association__name_fr")
    )
    for entry in entries:
        entry.diagnostic = diagnostics.get(entry.association_id)
    return entries


def campaign_counts(*, campaign: Campaign) -> dict[str, int]:
    return campaign.diagnostics.aggregate(
        total=Count("pk"),
        drafts=Count(
            "pk", filter=Q(status__in=[Diagnostic.Status.DRAFT, Diagnostic.Status.RETURNED])
        ),
        submitted=Count("pk", filter=Q(status=Diagnostic.Status.SUBMITTED)),
        validated=Count("pk", filter=Q(status=Diagnostic.Status.VALIDATED)),
    )
