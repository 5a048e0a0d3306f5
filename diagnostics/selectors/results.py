"""Reads of one association's diagnostic: its scores (every sub-dimension with its
maturity level), its province's averages, what changed since its previous one."""

from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Count, Sum

from diagnostics.models import Diagnostic, Score
from diagnostics.questionnaire import scoring
from diagnostics.questionnaire.structure import Structure, structure_for
from takwia.figures import exact

STRONG_FROM = scoring.STRONG_FROM
WEAK_BELOW = scoring.WEAK_BELOW
TOP = 5


@dataclass
class SubScore:
    axis: str
    name: str
    code: str
    score: Fraction
    level: dict | None

    @property
    def weak(self) -> bool:
        return scoring.is_weak(self.score)

    @property
    def strong(self) -> bool:
        return scoring.is_strong(self.score)


@dataclass
class AxisScore:
    code: str
    name: str
    score: Fraction | None
    province: Fraction | None
    subscores: list


@dataclass
class Results:
    diagnostic: Diagnostic
    structure: Structure
    axes: list[AxisScore]
    subscores: list[SubScore]  # every sub-dimension, in questionnaire order
    strengths: list[SubScore]
    weaknesses: list[SubScore]
    changes: list[tuple]  # (axis name, previous, now)
    previous: Diagnostic | None
    level: dict | None
    province_count: int


def _scores(diagnostic: Diagnostic) -> dict[tuple[str, str], Fraction]:
    return {
        (level, code): exact(score)
        for level, code, score in diagnostic.scores.values_list("level", "code", "score")
    }


def province_peers(*, diagnostic: Diagnostic):
    """The associations of the diagnostic's province with a scored diagnostic of the
    same questionnaire version, one unit each (their latest)."""
    province = diagnostic.association.commune.province_id
    return (
        Diagnostic.objects.scored()
        .filter(version=diagnostic.version, association__commune__province_id=province)
        .latest_per_association()
    )


def axis_means(diagnostics) -> dict[str, Fraction]:
    """Exact mean of each axis score over ``diagnostics`` (sum and count in SQL)."""
    rows = (
        Score.objects.filter(level=Score.Level.AXIS, diagnostic__in=diagnostics)
        .values("code")
        .annotate(total=Sum("score"), n=Count("pk"))
        .order_by()
    )
    return {row["code"]: exact(row["total"]) / row["n"] for row in rows if row["n"]}


def diagnostic_results(*, diagnostic: Diagnostic) -> Results:
    """One diagnostic's scores, its province's averages (same questionnaire version, one
    unit per association), every sub-dimension with its maturity level, its strengths
    and weaknesses, and what changed since the association's previous scored
    diagnostic. A constant number of queries."""
    structure = structure_for(diagnostic.version)
    own = _scores(diagnostic)
    peers = province_peers(diagnostic=diagnostic)
    averages = axis_means(peers)
    levels = structure.version.maturity_levels
    subscores, axes = [], []
    for axis in structure.axes:
        mine = [
            SubScore(
                axis.name,
                sub.name,
                sub.code,
                own[("subdimension", sub.code)],
                scoring.maturity(own[("subdimension", sub.code)], levels),
            )
            for sub in axis.subdimensions.all()
            if ("subdimension", sub.code) in own
        ]
        subscores += mine
        axes.append(
            AxisScore(
                axis.code, axis.name, own.get(("axis", axis.code)), averages.get(axis.code), mine
            )
        )
    ordered = sorted(subscores, key=lambda entry: entry.score)
    weaknesses = [entry for entry in ordered if entry.weak][:TOP]
    strengths = [entry for entry in reversed(ordered) if entry.strong][:TOP]
    previous = (
        Diagnostic.objects.scored()
        .filter(association=diagnostic.association, submitted_at__lt=diagnostic.submitted_at)
        .select_related("campaign")
        .order_by("-submitted_at")
        .first()
        # A self-assessment has no "previous": an assessment is not an earlier one.
        if diagnostic.submitted_at and not diagnostic.is_self_assessment
        else None
    )
    changes = []
    if previous is not None:
        before = _scores(previous)
        for axis in axes:
            if axis.score is not None and ("axis", axis.code) in before:
                changes.append((axis.name, before[("axis", axis.code)], axis.score))
    overall = exact(diagnostic.overall_score)
    return Results(
        diagnostic=diagnostic,
        structure=structure,
        axes=axes,
        subscores=subscores,
        strengths=strengths,
        weaknesses=weaknesses,
        changes=changes,
        previous=previous,
        level=scoring.maturity(overall, levels),
        province_count=peers.count(),
    )


def weak_codes(*, association, validated_only: bool = False, diagnostics=None):
    """The codes of the weak sub-dimensions (``Score.objects.weak``) of the association's
    latest scored diagnostic, or of its latest validated one: a query, to read or to nest
    in another. ``diagnostics``: where to look (``Diagnostic.objects.visible_to(user)``
    to keep to what a user sees; every diagnostic by default)."""
    diagnostics = Diagnostic.objects.all() if diagnostics is None else diagnostics
    latest = (
        diagnostics.scored(validated_only=validated_only)
        .filter(association=association)
        .order_by("-submitted_at", "-pk")[:1]
    )
    return Score.objects.weak().filter(diagnostic__in=latest).values("code")


def weak_subdimensions(*, association, validated_only: bool = False) -> set[str]:
    """The weak sub-dimensions of an association's latest scored (or validated) diagnostic."""
    return set(
        weak_codes(association=association, validated_only=validated_only).values_list(
            "code", flat=True
        )
    )


def results_radar(results: Results):
    """The radar of one diagnostic against its province (numbered spokes) and its legend,
    the same on the results page and in the association's PDF."""
    from django.utils.translation import gettext as _

    from takwia.charts import radar_legend, radar_svg

    radar = radar_svg(
        [str(number) for number in range(1, len(results.axes) + 1)],
        [float(axis.score or 0) for axis in results.axes],
        reference=[float(axis.province or 0) for axis in results.axes],
        title=_("Scores par axe de l'association et moyenne de la province"),
    )
    return radar, radar_legend(_("Cette association"), _("Moyenne de la province"))
