"""Findings as shares: what a finding's share is (``FindingShare``: count and base, its
estimate on the registry), a campaign's results as pages read them (``CampaignResults``,
computed by ``campaign_figures``), the drawn strata of a campaign, and the comparison of
provinces. Read off the campaigns' results summary (``selectors.summary``): a constant
number of queries and a few thousand rows, whatever the number of diagnostics."""

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

from django.db.models import Count, Max

from diagnostics.analytics import sample_entry_relation
from diagnostics.models import Campaign, Diagnostic, SampleEntry
from diagnostics.questionnaire import estimation
from diagnostics.questionnaire.estimation import Estimate
from diagnostics.questionnaire.findings import Tally, tally
from diagnostics.questionnaire.structure import structure_for
from diagnostics.selectors import summary
from takwia.figures import percent, round_half_up

CAUTION_BASE = estimation.CAUTION_BASE
SUPPRESSION_BASE = estimation.SUPPRESSION_BASE
HAND = estimation.HAND_ADDED_STRATUM


@dataclass
class FindingShare:
    """One finding for a set of associations: hits among the base (unweighted), and the
    estimate on the registry when the sample was drawn. Its printed figures are rounded
    once per share (a page prints each several times)."""

    finding: object
    count: int
    base: int
    estimate: Estimate | None = None

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.count, self.base) if self.base else None

    @cached_property
    def percent(self) -> Decimal | None:
        """The share in percent, rounded once, half up, to one decimal."""
        return round_half_up(percent(self.share)) if self.base else None

    @property
    def caution(self) -> bool:
        return 0 < self.base < CAUTION_BASE

    @property
    def suppressed(self) -> bool:
        """Fewer than five associations: never printed in a report."""
        return self.base < SUPPRESSION_BASE

    @cached_property
    def weighted_percent(self) -> Decimal | None:
        if self.estimate is None or self.estimate.share is None:
            return None
        return round_half_up(percent(self.estimate.share))

    @cached_property
    def margin(self) -> Decimal | None:
        """± percentage points (None when the estimate is 0 % or 100 %: see ``bound``)."""
        if self.estimate is None or self.estimate.margin is None:
            return None
        return round_half_up(percent(self.estimate.margin))

    @cached_property
    def bound(self) -> tuple[str, Decimal] | None:
        """At 0 % or 100 %: ("max", upper bound) or ("min", lower bound), in percent."""
        estimate = self.estimate
        if estimate is None or not estimate.one_sided:
            return None
        if estimate.share == 0:
            return "max", round_half_up(percent(estimate.high))
        return "min", round_half_up(percent(estimate.low))


@dataclass
class CampaignResults:
    campaign: Campaign
    diagnosed: int
    weighted: bool
    validated_only: bool
    provisional: bool  # submitted, not yet validated, diagnostics are counted
    by_axis: list  # (axis, [FindingShare])
    by_milieu: dict  # milieu label -> {finding code: FindingShare}
    distribution: list
    coverage: Fraction | None = None
    hand_added: int = 0
    strata: list = field(default_factory=list)  # (stratum, N_h, n_h drawn, r_h diagnosed)


def counted_diagnostics(*, campaign: Campaign, validated_only: bool = False, domain=None):
    """The diagnostics a campaign's figures count: one per association (a campaign has
    one diagnostic per association), submitted or validated (validated only on demand)."""
    diagnostics = Diagnostic.objects.scored(validated_only=validated_only).filter(campaign=campaign)
    if domain:
        diagnostics = diagnostics.filter(association__domains__code=domain)
    return diagnostics


def sample_strata(campaign: Campaign, diagnostics) -> dict[str, tuple[int, int, int]]:
    """Stratum -> (N_h, n_h drawn, r_h diagnosed), hand-added entries left out."""
    return _sample(campaign, diagnostics)[0]


def _drawn(campaign: Campaign) -> dict[str, tuple[int, int]]:
    """Stratum -> (N_h, n_h drawn), hand-added entries left out: one query."""
    return {
        row["stratum"]: (row["population"] or 0, row["n"])
        for row in SampleEntry.objects.filter(campaign=campaign)
        .exclude(stratum=HAND)
        .values("stratum")
        .annotate(population=Max("population"), n=Count("pk"))
        .order_by()
    }


def _strata(drawn: dict, responding: dict) -> tuple[dict, int]:
    """The drawn strata with their respondents r_h, and the diagnosed associations added
    by hand (no stratum, or no sample entry)."""
    hand_added = sum(n for stratum, n in responding.items() if stratum in (HAND, None))
    strata = {
        stratum: (population, n, responding.get(stratum, 0))
        for stratum, (population, n) in drawn.items()
    }
    return strata, hand_added


def _sample(campaign: Campaign, diagnostics) -> tuple[dict, int]:
    """The drawn strata (as ``sample_strata``) and the number of diagnosed associations
    added by hand (no stratum), in two queries."""
    drawn = _drawn(campaign)
    responding = {
        row["entry__stratum"]: row["n"]
        for row in diagnostics.annotate(entry=sample_entry_relation(""))
        .values("entry__stratum")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return _strata(drawn, responding)


def findings_by_province(*, version, user) -> tuple[list, list, dict, dict]:
    """Every finding's share per province (the user's provinces) and nationally (every
    province), for one questionnaire version, one unit per association: its latest
    scored diagnostic of that version. Unweighted: campaigns are not pooled."""
    from associations.models import Province

    structure = structure_for(version)
    rules = structure.finding_rules
    findings = {finding.code: finding for finding in structure.findings}
    summary.up_to_date(Campaign.objects.filter(version=version))
    rows = summary.answer_rows(campaign__version=version, latest=True, domain="")
    groups = summary.groups(rows=rows, structure=structure, keys=["province_id"])
    # The provinces of the units the user sees: every association with a scored
    # diagnostic of the version has its unit (its latest), in its province.
    visible_provinces = set(
        Diagnostic.objects.visible_to(user)
        .scored()
        .filter(version=version)
        .values_list("association__commune__province", flat=True)
        .distinct()
    )
    per_province: dict = {}
    national = {}
    for rule in rules:
        tallies = tally(rule, groups[rule.code])
        total = Tally()
        for (province,), entry in tallies.items():
            total.base += entry.base
            total.hits += entry.hits
            if province in visible_provinces:
                per_province.setdefault(province, {})[rule.code] = FindingShare(
                    findings[rule.code], entry.hits, entry.base
                )
        national[rule.code] = FindingShare(findings[rule.code], total.hits, total.base)
    provinces = list(Province.objects.filter(pk__in=per_province).order_by("name_fr"))
    return list(structure.findings), provinces, per_province, national
