"""Needs identification: sub-dimensions ranked by how many diagnosed associations are
weak on them and how far below the threshold."""

from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Count, Q, Sum

from diagnostics.models import Campaign, Diagnostic, Score
from diagnostics.questionnaire.scoring import WEAK_BELOW
from diagnostics.questionnaire.structure import structure_for
from takwia.figures import exact

NEED_THRESHOLD = WEAK_BELOW


@dataclass
class Need:
    subdimension: object
    axis: object
    assessed: int
    below: int
    gap_total: Fraction
    weight: int

    @property
    def share_below(self) -> Fraction:
        """Percent of the assessed associations under the threshold (exact)."""
        return Fraction(100 * self.below, self.assessed) if self.assessed else Fraction(0)

    @property
    def mean_gap(self) -> Fraction:
        """Mean distance under the threshold of the weak ones (points, exact)."""
        return Fraction(self.gap_total) / self.below if self.below else Fraction(0)

    @property
    def index(self) -> Fraction:
        """share below the threshold (0-1) x mean gap (points) x weight."""
        if not self.assessed:
            return Fraction(0)
        return Fraction(self.below, self.assessed) * self.mean_gap * self.weight


def needs_ranking(
    *, campaign: Campaign, milieu: str | None = None, domain: str | None = None
) -> list[Need]:
    """Sub-dimensions ranked by need: how many diagnosed associations score below the
    threshold, how far below on average, times the sub-dimension's weight in the method.
    One grouped aggregate over the stored sub-dimension scores."""
    diagnostics = Diagnostic.objects.scored().filter(campaign=campaign)
    if milieu:
        diagnostics = diagnostics.filter(association__commune__milieu=milieu)
    if domain:
        diagnostics = diagnostics.filter(association__domains__code=domain)
    below = Q(score__lt=NEED_THRESHOLD)
    rows = (
        Score.objects.filter(level=Score.Level.SUBDIMENSION, diagnostic__in=diagnostics)
        .values("code")
        .annotate(
            assessed=Count("pk"), below=Count("pk", filter=below), sum=Sum("score", filter=below)
        )
        .order_by()
    )
    structure = structure_for(campaign.version)
    subs = {sub.code: (sub, axis) for axis, sub in structure.subdimensions}
    needs = [
        Need(
            subs[row["code"]][0],
            subs[row["code"]][1],
            row["assessed"],
            row["below"],
            NEED_THRESHOLD * row["below"] - (exact(row["sum"]) or Fraction(0)),
            subs[row["code"]][0].weight,
        )
        for row in rows
        if row["code"] in subs
    ]
    return sorted(needs, key=lambda need: (-need.index, need.subdimension.code))
