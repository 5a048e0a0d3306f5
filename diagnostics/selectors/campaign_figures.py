"""A campaign's provincial results (``campaign_results``): every finding as a share of
the diagnosed associations (count and base), estimated on the province's registry when
the sample was drawn (stratified ratio estimator with its 95 % margin, docs/method.md),
by milieu, and the axis score distributions.

The figures are computed from the campaign's results summary (``selectors.summary``:
a constant number of queries and a few thousand rows), then kept in the cache under
the figures token (``takwia.freshness``, the one invalidation rule of cached figures:
any write that can move a figure, the summary's own included, replaces the token).
What is cached is numbers only (``CampaignFigures``: counts, exact estimates, keyed by
finding, milieu and axis codes); the findings, axes and labels in the reader's language
are put back around them on every read.
"""

import functools
from dataclasses import dataclass
from fractions import Fraction

from django.core.cache import cache

from diagnostics.models import Campaign, Diagnostic
from diagnostics.questionnaire import estimation
from diagnostics.questionnaire.estimation import Estimate, StratumCounts
from diagnostics.questionnaire.findings import Tally, tally
from diagnostics.questionnaire.structure import structure_for
from diagnostics.selectors import summary
from diagnostics.selectors.distribution import AxisDistribution, axis_distribution
from diagnostics.selectors.findings import HAND, CampaignResults, FindingShare, _drawn, _strata
from takwia.freshness import TOKEN_TTL, figures_token

# Bumped when ``CampaignFigures`` or the way it is computed changes.
FIGURES_LAYOUT = 1

# (hits, base, estimate or None) of one finding for a set of associations.
Share = tuple[int, int, Estimate | None]


@dataclass(frozen=True)
class CampaignFigures:
    """A campaign's figures as numbers (what the cache holds)."""

    diagnosed: int
    submitted: int
    shares: dict[str, Share]  # finding code -> its share among every diagnosed association
    by_milieu: dict[str, dict[str, Share]]  # milieu value -> finding code -> share
    distribution: tuple  # (axis code, mean, q1, median, q3, n), questionnaire order
    strata: dict | None  # stratum -> (N_h, n_h drawn, r_h diagnosed); None when not drawn
    hand_added: int


def _estimate(tallies: dict, strata: dict, milieu=None) -> Estimate | None:
    """The stratified estimate from tallies keyed by (stratum, milieu)."""
    sums: dict[str, list[int]] = {}
    for (key_stratum, key_milieu), entry in tallies.items():
        if milieu is None or key_milieu == milieu:
            total = sums.setdefault(key_stratum, [0, 0])
            total[0] += entry.base
            total[1] += entry.hits
    counts = [
        StratumCounts(stratum, population, respondents, *sums.get(stratum, (0, 0)))
        for stratum, (population, _n, respondents) in strata.items()
    ]
    if not counts or not any(c.respondents for c in counts):
        return None
    return _stratified_share(tuple(counts))


@functools.lru_cache(maxsize=8192)
def _stratified_share(counts: tuple[StratumCounts, ...]) -> Estimate:
    """``estimation.stratified_share``, a pure function of the counts, computed once per
    process for the same counts (exact Fractions: the costly part of the figures)."""
    return estimation.stratified_share(counts)


def _share(tallies: dict, strata: dict | None, milieu=None) -> Share:
    total = Tally()
    for (_stratum, key_milieu), entry in tallies.items():
        if milieu is None or key_milieu == milieu:
            total.base += entry.base
            total.hits += entry.hits
    estimate = _estimate(tallies, strata, milieu) if strata else None
    return total.hits, total.base, estimate


def compute_figures(*, campaign: Campaign, domain: str, validated_only: bool) -> CampaignFigures:
    """The campaign's figures from its summary rows (brought up to date first)."""
    from associations.models import Milieu

    summary.campaign_up_to_date(campaign)
    structure = structure_for(campaign.version)
    diagnosed = submitted = 0
    responding: dict[str, int] = {}
    for row in summary.units(campaign=campaign, validated_only=validated_only, domain=domain):
        if row["domain"] == domain:
            diagnosed += row["n"]
            submitted += row["n"] if row["status"] == Diagnostic.Status.SUBMITTED else 0
        if row["domain"] == "":
            responding[row["stratum"]] = responding.get(row["stratum"], 0) + row["n"]
    weighted = campaign.sample_seed is not None
    strata, hand_added = _strata(_drawn(campaign), responding) if weighted else (None, 0)
    rows = summary.answer_rows(
        campaign=campaign, status__in=summary.statuses(validated_only), domain=domain
    )
    groups = summary.groups(rows=rows, structure=structure, keys=["stratum", "milieu"])
    milieux = [value for value, _label in Milieu.choices]
    shares: dict[str, Share] = {}
    by_milieu: dict[str, dict[str, Share]] = {milieu: {} for milieu in milieux}
    for rule in structure.finding_rules:
        tallies = {
            (HAND if key[0] is None else key[0], key[1]): entry
            for key, entry in tally(rule, groups[rule.code]).items()
        }
        shares[rule.code] = _share(tallies, strata)
        for milieu in milieux:
            by_milieu[milieu][rule.code] = _share(tallies, strata, milieu)
    distribution = tuple(
        (row.axis.code, row.mean, row.q1, row.median, row.q3, row.n)
        for row in axis_distribution(
            campaign=campaign, structure=structure, validated_only=validated_only, domain=domain
        )
    )
    return CampaignFigures(
        diagnosed=diagnosed,
        submitted=submitted,
        shares=shares,
        by_milieu=by_milieu,
        distribution=distribution,
        strata=strata,
        hand_added=hand_added,
    )


def figures_key(*, campaign: Campaign, domain: str, validated_only: bool) -> str:
    """The cache key of a campaign's figures: its questionnaire's digest (a corrected
    finding is another figure) and the figures token."""
    return ":".join(
        (
            f"campaign-figures:{FIGURES_LAYOUT}",
            str(campaign.pk),
            campaign.version.source_digest,
            domain,
            "validated" if validated_only else "all",
            figures_token(),
        )
    )


def campaign_figures(*, campaign: Campaign, domain: str, validated_only: bool) -> CampaignFigures:
    """The campaign's figures, from the cache while no figure has moved."""
    key = figures_key(campaign=campaign, domain=domain, validated_only=validated_only)
    figures = cache.get(key)
    if figures is None:
        figures = compute_figures(campaign=campaign, domain=domain, validated_only=validated_only)
        cache.set(key, figures, TOKEN_TTL)
    return figures


def campaign_results(
    *, campaign: Campaign, domain: str | None = None, validated_only: bool = False
) -> CampaignResults:
    """Every finding of the campaign's questionnaire as a share of the diagnosed
    associations (with its base), estimated on the registry with a 95 % margin when
    the sample was drawn; the same by milieu; axis score distributions. ``domain``
    (a domain code) makes every figure a figure of that domain's associations (a
    sub-population: the strata's respondents stay those of the whole sample)."""
    from associations.models import Milieu

    structure = structure_for(campaign.version)
    figures = campaign_figures(
        campaign=campaign, domain=domain or "", validated_only=validated_only
    )
    findings = {finding.code: finding for finding in structure.findings}
    shares = [FindingShare(findings[code], *share) for code, share in figures.shares.items()]
    by_axis = [
        (axis, [share for share in shares if share.finding.axis_id == axis.pk])
        for axis in structure.axes
    ]
    axes = {axis.code: axis for axis in structure.axes}
    strata = figures.strata
    coverage = None
    if strata:
        total = sum(population for population, _n, _r in strata.values())
        covered = sum(population for population, _n, r in strata.values() if r)
        coverage = Fraction(covered, total) if total else None
    return CampaignResults(
        campaign=campaign,
        diagnosed=figures.diagnosed,
        weighted=campaign.sample_seed is not None,
        validated_only=validated_only,
        provisional=bool(figures.submitted),
        by_axis=by_axis,
        by_milieu={
            str(Milieu(milieu).label): {
                code: FindingShare(findings[code], *share) for code, share in values.items()
            }
            for milieu, values in figures.by_milieu.items()
            if any(base for _hits, base, _estimate in values.values())
        },
        distribution=[
            AxisDistribution(axes[code], *numbers)
            for code, *numbers in figures.distribution
            if code in axes
        ],
        coverage=coverage,
        hand_added=figures.hand_added,
        strata=sorted((name, *values) for name, values in (strata or {}).items()),
    )
