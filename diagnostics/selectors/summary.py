"""Reads of the campaigns' results summary (``diagnostics.models.summary``): the rows
are brought up to date first (``diagnostics.analytics.fresh``: one query when they
are), then read with one grouped query each, whatever the number of diagnostics."""

import json
from fractions import Fraction

from django.db.models import Sum, TextField
from django.db.models.functions import Cast

from diagnostics import analytics
from diagnostics.analytics.grouping import finding_groups
from diagnostics.models import Campaign, Diagnostic, SummaryAnswer, SummaryScore, SummaryUnit
from diagnostics.questionnaire.structure import Structure
from takwia.figures import exact


def statuses(validated_only: bool = False) -> list[str]:
    """The statuses a figure counts: validated only for a final report, else submitted
    and validated (``Diagnostic.objects.scored``)."""
    if validated_only:
        return [Diagnostic.Status.VALIDATED]
    return [Diagnostic.Status.SUBMITTED, Diagnostic.Status.VALIDATED]


def up_to_date(campaigns) -> None:
    """Rebuild the summary rows of ``campaigns`` (a Campaign queryset) not up to date."""
    analytics.fresh(campaigns)


def campaign_up_to_date(campaign: Campaign) -> None:
    up_to_date(Campaign.objects.filter(pk=campaign.pk))


def units(*, campaign: Campaign, validated_only: bool, domain: str) -> list[dict]:
    """Diagnosed associations by domain ("" and ``domain``), status and stratum."""
    return list(
        SummaryUnit.objects.filter(
            campaign=campaign, status__in=statuses(validated_only), domain__in={"", domain}
        )
        .values("domain", "status", "stratum")
        .annotate(n=Sum("count"))
        .order_by()
    )


def groups(*, rows, structure: Structure, keys: list[str]) -> dict:
    """Each finding's (values, key, count) groups (``findings.tally`` reads them) from
    SummaryAnswer rows, grouped by question, value and ``keys`` in SQL."""
    singles: dict[str, list] = {}
    combinations = []
    grouped = (
        rows.annotate(raw=Cast("value", TextField()))
        .values_list("question_id", "raw", *keys)
        .annotate(n=Sum("count"))
        .order_by()
    )
    parsed: dict = {}  # each distinct stored value decoded once
    for question_id, raw, *key, n in grouped:
        if (question_id, raw) not in parsed:
            value = json.loads(raw) if raw is not None else None
            if question_id is None:
                value = {
                    code: analytics.decode(structure.by_code[code].kind, item)
                    for code, item in (value or {}).items()
                }
            else:
                value = analytics.decode(structure.by_id[question_id].kind, value)
            parsed[question_id, raw] = value
        value = parsed[question_id, raw]
        if question_id is None:
            combinations.append((value, tuple(key), n))
        else:
            code = structure.by_id[question_id].code
            singles.setdefault(code, []).append((value, tuple(key), n))
    return finding_groups(rules=structure.finding_rules, singles=singles, combinations=combinations)


def answer_rows(**filters):
    return SummaryAnswer.objects.filter(**filters)


def score_histograms(**filters) -> dict[str, list[tuple[Fraction, int]]]:
    """Score code -> [(exact score, count)] in increasing order, over the rows matching
    ``filters`` (one grouped query)."""
    out: dict[str, list] = {}
    rows = (
        SummaryScore.objects.filter(**filters)
        .values("code", "score")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in rows:
        out.setdefault(row["code"], []).append((exact(row["score"]), row["n"]))
    for histogram in out.values():
        histogram.sort()
    return out


def histogram_mean(histogram: list[tuple[Fraction, int]]) -> Fraction | None:
    n = sum(count for _score, count in histogram)
    return analytics.histogram_sum(histogram) / n if n else None


def version_axis_means(*, version) -> dict[str, Fraction]:
    """Exact mean of each axis score over every province for one questionnaire version,
    one unit per association (its latest scored diagnostic of that version)."""
    up_to_date(Campaign.objects.filter(version=version))
    histograms = score_histograms(campaign__version=version, latest=True, level="axis", domain="")
    return {code: histogram_mean(histogram) for code, histogram in histograms.items()}
