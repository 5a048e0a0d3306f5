"""Building the summary rows (``diagnostics.models.summary``) from the diagnostics.

``contributions`` computes, for a campaign's counted diagnostics (or those of one
association), the rows they make: the same grouped queries the results page ran before
the summary, grouped by every dimension of the summary at once. A campaign's rows are
rebuilt from it in one transaction (``rebuild``), or moved by the difference a change
of one diagnostic makes (``change``: its rows before and after, a few hundred at most).
"""

import hashlib
import json
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from fractions import Fraction

from django.db import transaction
from django.db.models import BooleanField, Case, Count, F, FilteredRelation, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from diagnostics.analytics.grouping import (
    combination_groups,
    combined_codes,
    question_groups,
    single_codes,
)
from diagnostics.models import (
    Answer,
    Campaign,
    Diagnostic,
    Score,
    SummaryAnswer,
    SummaryScore,
    SummaryState,
    SummaryUnit,
)
from diagnostics.questionnaire.kinds import KINDS
from diagnostics.questionnaire.structure import structure_for
from takwia.figures import exact
from takwia.freshness import figures_changed

# Every summary row's dimensions, in the order of the grouped keys.
DIMENSIONS = ("status", "latest", "stratum", "milieu", "province_id", "domain")
_KEYS = [f"d_{name}" for name in DIMENSIONS]
TABLES = (SummaryUnit, SummaryAnswer, SummaryScore)

# Set while a service folds its own change into the rows: the model signals then
# leave the campaign's state alone (``diagnostics.analytics.signals``).
following = ContextVar("summary_following", default=False)


def sample_entry_relation(prefix: str):
    """The sample entry of the diagnostic's association in the diagnostic's campaign."""
    return FilteredRelation(
        f"{prefix}association__sample_entries",
        condition=Q(
            **{f"{prefix}association__sample_entries__campaign_id": F(f"{prefix}campaign_id")}
        ),
    )


def encode(value):
    """A grouped value as stored in ``SummaryAnswer.value`` (JSON; dates in ISO form)."""
    return value.isoformat() if isinstance(value, date) else value


def decode(kind: str, raw):
    """The value ``encode`` stored, as the engine reads it."""
    if raw is not None and KINDS[kind].column == "value_date":
        return date.fromisoformat(raw)
    return raw


def _digest(*parts) -> str:
    text = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha1(text.encode()).hexdigest()


def latest_units(campaign: Campaign, diagnostics):
    """Of ``diagnostics`` (the campaign's), those that are their association's latest
    scored diagnostic of the campaign's questionnaire version (one unit per association,
    as comparisons count)."""
    peers = Diagnostic.objects.scored().filter(
        version_id=campaign.version_id,
        association_id__in=diagnostics.values("association_id"),
    )
    return (
        peers.latest_per_association()
        .filter(campaign_id=campaign.pk, version_id=campaign.version_id)
        .values("pk")
    )


def _annotated(queryset, prefix: str, latest, by_domain: bool):
    """``queryset`` (diagnostics, or rows of a diagnostic) with the dimensions as d_*."""
    own = "pk" if not prefix else "diagnostic_id"
    return queryset.annotate(
        entry=sample_entry_relation(prefix),
        d_status=F(f"{prefix}status"),
        d_latest=Case(
            When(**{f"{own}__in": latest}, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        d_stratum=Coalesce(F("entry__stratum"), Value("")),
        d_milieu=Coalesce(F(f"{prefix}association__commune__milieu"), Value("")),
        d_province_id=F(f"{prefix}association__commune__province_id"),
        d_domain=F(f"{prefix}association__domains__code") if by_domain else Value(""),
    ).exclude(d_domain__isnull=True)


def contributions(campaign: Campaign, association_id=None) -> dict:
    """{table: {key: (fields, count)}}: the summary rows of the campaign's counted
    diagnostics (of one association only, when given)."""
    diagnostics = Diagnostic.objects.scored().filter(campaign_id=campaign.pk)
    if association_id is not None:
        diagnostics = diagnostics.filter(association_id=association_id)
    latest = latest_units(campaign, diagnostics)
    structure = structure_for(campaign.version)
    rules = structure.finding_rules
    singles, combined = single_codes(rules), combined_codes(rules)
    out = {table: {} for table in TABLES}

    def add(table, fields: dict, count: int, *extra):
        dims = {name: fields.pop(f"d_{name}") for name in DIMENSIONS}
        dims.update(fields)
        key = _digest(table.__name__, [dims[name] for name in DIMENSIONS], *extra)
        previous = out[table].get(key)
        out[table][key] = (dims, count + (previous[1] if previous else 0))

    for by_domain in (False, True):
        units = (
            _annotated(diagnostics, "", latest, by_domain)
            .values(*_KEYS)
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in units:
            count = row.pop("n")
            add(SummaryUnit, row, count)
        answers = _annotated(
            Answer.objects.filter(diagnostic__in=diagnostics), "diagnostic__", latest, by_domain
        )
        groups = question_groups(answers=answers, structure=structure, codes=singles, keys=_KEYS)
        for code, found in groups.items():
            question = structure.by_code[code]
            for value, key, count in found:
                value = encode(value)
                fields = dict(zip(_KEYS, key, strict=True))
                fields.update(question_id=question.pk, value=value)
                add(SummaryAnswer, fields, count, question.pk, value)
        for values, key, count in combination_groups(
            answers=answers, structure=structure, codes=combined, keys=_KEYS
        ):
            value = {code: encode(raw) for code, raw in values.items()}
            add(
                SummaryAnswer,
                {**dict(zip(_KEYS, key, strict=True)), "question_id": None, "value": value},
                count,
                None,
                value,
            )
        scores = (
            _annotated(
                Score.objects.filter(diagnostic__in=diagnostics), "diagnostic__", latest, by_domain
            )
            .values("level", "code", "score", *_KEYS)
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in scores:
            count = row.pop("n")
            row["d_stratum"] = ""  # no figure reads scores by stratum: fewer rows
            level, code = row["level"], row["code"]
            add(SummaryScore, row, count, level, code, str(exact(row["score"])))
    return out


def _rows(campaign_id: int, table, rows: dict) -> list:
    return [
        table(campaign_id=campaign_id, key=key, count=count, **fields)
        for key, (fields, count) in rows.items()
    ]


def rebuild(campaign_id: int, *, only_if_stale: bool = False) -> bool:
    """Rebuild a campaign's rows in one transaction (idempotent). With ``only_if_stale``
    nothing is done when another process rebuilt them meanwhile. True when rebuilt."""
    with transaction.atomic():
        SummaryState.objects.get_or_create(campaign_id=campaign_id)
        state = SummaryState.objects.select_for_update().get(campaign_id=campaign_id)
        if only_if_stale and not state.stale:
            return False
        campaign = Campaign.objects.select_related("version").get(pk=campaign_id)
        rows = contributions(campaign)
        for table in TABLES:
            table.objects.filter(campaign_id=campaign_id).delete()
            table.objects.bulk_create(_rows(campaign_id, table, rows[table]), batch_size=2000)
        state.stale, state.built_at = False, timezone.now()
        state.save()
    figures_changed()
    return True


def fresh(campaigns) -> None:
    """Rebuild the rows of those of ``campaigns`` (a queryset) whose rows are stale or
    were never built: one query when every one is up to date."""
    stale = (
        campaigns.exclude(summary_state__stale=False).order_by("pk").values_list("pk", flat=True)
    )
    for campaign_id in list(stale):
        rebuild(campaign_id, only_if_stale=True)


def mark_stale(campaign_ids) -> None:
    """The rows of these campaigns (ids, or a queryset of ids) are to be rebuilt."""
    SummaryState.objects.filter(campaign_id__in=campaign_ids, stale=False).update(stale=True)
    figures_changed()


def affected_campaigns(diagnostic: Diagnostic):
    """The campaigns whose rows a change of ``diagnostic`` moves: its own, and those of
    its association's other scored diagnostics of the same version (which may become,
    or stop being, the association's latest)."""
    others = Diagnostic.objects.scored().filter(
        association_id=diagnostic.association_id, version_id=diagnostic.version_id
    )
    return Campaign.objects.filter(
        Q(pk=diagnostic.campaign_id) | Q(pk__in=others.values("campaign_id"))
    )


def _apply(campaign_id: int, before: dict, after: dict) -> bool:
    """Move the campaign's rows by after - before; False when the rows do not hold what
    ``before`` says (they are then left to a rebuild)."""
    moved = False
    for table in TABLES:
        difference = {key: [fields, count] for key, (fields, count) in after[table].items()}
        for key, (fields, count) in before[table].items():
            difference.setdefault(key, [fields, 0])[1] -= count
        difference = {key: entry for key, entry in difference.items() if entry[1]}
        if not difference:
            continue
        existing = {
            row.key: row
            for row in table.objects.filter(campaign_id=campaign_id, key__in=list(difference))
        }
        created, updated, emptied = [], [], []
        for key, (fields, count) in difference.items():
            row = existing.get(key)
            if row is None:
                if count < 0:
                    return False
                created.append(table(campaign_id=campaign_id, key=key, count=count, **fields))
                continue
            row.count += count
            if row.count < 0:
                return False
            (emptied if row.count == 0 else updated).append(row)
        table.objects.filter(pk__in=[row.pk for row in emptied]).delete()
        table.objects.bulk_update(updated, ["count"])
        table.objects.bulk_create(created)
        moved = True
    if moved:
        figures_changed()  # the rows move by bulk writes, which send no signal
    return True


@contextmanager
def change(diagnostic: Diagnostic):
    """Wrap a service's change of one diagnostic (status, scores): the summary rows of
    the campaigns it touches move by the difference, in the same transaction. Rows not
    up to date are left to their rebuild."""
    with transaction.atomic():
        campaigns = list(affected_campaigns(diagnostic).select_related("version").order_by("pk"))
        states = SummaryState.objects.select_for_update().filter(
            campaign__in=[campaign.pk for campaign in campaigns], stale=False
        )
        up_to_date = {state.campaign_id for state in states.order_by("pk")}
        followed = [campaign for campaign in campaigns if campaign.pk in up_to_date]
        association = diagnostic.association_id
        before = {campaign.pk: contributions(campaign, association) for campaign in followed}
        token = following.set(True)
        try:
            yield
        finally:
            following.reset(token)
        for campaign in followed:
            if not _apply(campaign.pk, before[campaign.pk], contributions(campaign, association)):
                mark_stale([campaign.pk])


def histogram_sum(rows) -> Fraction:
    """Σ score x count over (score, count) pairs, exactly."""
    return sum((exact(score) * count for score, count in rows), Fraction(0))
