"""Needs identification: sub-dimensions ranked by how many diagnosed associations are
weak on them and how far below the threshold."""

from dataclasses import dataclass
from fractions import Fraction

from diagnostics.analytics import histogram_sum
from diagnostics.models import Campaign, Score
from diagnostics.questionnaire.scoring import WEAK_BELOW
from diagnostics.questionnaire.structure import structure_for
from diagnostics.selectors import summary

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
    Read off the summary's histogram of the stored sub-dimension scores (one query)."""
    summary.campaign_up_to_date(campaign)
    return ranking(campaign=campaign, milieu=milieu, domain=domain)


def ranking(*, campaign: Campaign, milieu: str | None = None, domain: str | None = None):
    """``needs_ranking`` of a campaign whose summary is known to be up to date."""
    filters = {"milieu": milieu} if milieu else {}
    histograms = summary.score_histograms(
        campaign=campaign,
        status__in=summary.statuses(),
        level=Score.Level.SUBDIMENSION,
        domain=domain or "",
        **filters,
    )
    structure = structure_for(campaign.version)
    subs = {sub.code: (sub, axis) for axis, sub in structure.subdimensions}
    needs = []
    for code, histogram in histograms.items():
        if code not in subs:
            continue
        weak = [(score, count) for score, count in histogram if score < NEED_THRESHOLD]
        below = sum(count for _score, count in weak)
        sub, axis = subs[code]
        needs.append(
            Need(
                sub,
                axis,
                sum(count for _score, count in histogram),
                below,
                NEED_THRESHOLD * below - histogram_sum(weak),
                sub.weight,
            )
        )
    return sorted(needs, key=lambda need: (-need.index, need.subdimension.code))
