"""What each person has to do next, read for their home page: the agent's diagnostics
to enter, drafts and returns; the review queue of national staff; a coordinator's
campaign progress and plan actions due; a president's latest scores and the actions
aimed at their association. Every list is capped and counted: a fixed number of
queries whatever the number of rows."""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from django.utils.translation import get_language

from associations.models import Province
from diagnostics.models import Action, Campaign, Diagnostic, Guide, SampleEntry, Score
from diagnostics.questionnaire.scoring import maturity
from diagnostics.questionnaire.structure import structure_for
from diagnostics.selectors.campaigns import assessed_with
from diagnostics.selectors.registry import actions_aimed_at
from diagnostics.selectors.self_assessment import SideBySide, self_assessment_of, side_by_side
from takwia.lists import Listing, listing

# A plan action is "due" from this many days before it starts.
ACTION_DUE_WITHIN = 30
# Ages of the review queue, in days since submission: (upper bound, key).
REVIEW_AGES = ((7, "week"), (30, "month"))


def _open_campaigns(user):
    return Campaign.objects.visible_to(user).open()


@dataclass
class AgentWork:
    to_enter: Listing
    drafts: Listing
    returned: Listing


def agent_worklist(*, user) -> AgentWork:
    """Sampled associations of open campaigns with no diagnostic yet, drafts, and
    diagnostics returned for correction (with the reviewer's comments)."""
    started = Diagnostic.objects.assessed().filter(
        campaign=OuterRef("campaign"), association=OuterRef("association")
    )
    to_enter = (
        SampleEntry.objects.filter(campaign__in=_open_campaigns(user))
        .exclude(Exists(started))
        .select_related("association__commune", "campaign")
        .order_by("campaign__ends_on", "association__name_fr", "pk")
    )
    mine = (
        Diagnostic.objects.visible_to(user)
        .assessed()
        .select_related("association", "campaign", "version")
    )
    return AgentWork(
        to_enter=listing(to_enter),
        drafts=listing(mine.filter(status=Diagnostic.Status.DRAFT).order_by("-updated_at", "-pk")),
        returned=listing(
            mine.filter(status=Diagnostic.Status.RETURNED).order_by("updated_at", "pk")
        ),
    )


@dataclass
class ReviewQueue:
    waiting: Listing
    by_province: list  # provinces with ``waiting`` and ``oldest`` annotated
    by_age: dict[str, int]  # week / month / older


def _review_queue(user):
    """Submitted assessments (a self-assessment is never reviewed)."""
    return Diagnostic.objects.visible_to(user).assessed().filter(status=Diagnostic.Status.SUBMITTED)


def review_queue(*, user) -> ReviewQueue:
    """Submitted diagnostics waiting for review, oldest first, with their counts by
    province and by age (less than 7 days, 7 to 30 days, more than 30 days)."""
    submitted = _review_queue(user)
    waiting = submitted.select_related(
        "association__commune__province", "campaign", "submitted_by"
    ).order_by("submitted_at", "pk")
    # The queue's diagnostics joined up to their province (a filter, not a conditional
    # count: PostgreSQL starts from the few thousand diagnostics waiting instead of
    # joining every association of the registry to its diagnostics).
    diagnostics = "communes__associations__diagnostics"
    by_province = (
        Province.objects.visible_to(user)
        .filter(**{f"{diagnostics}__in": submitted.values("pk")})
        .annotate(waiting=Count(diagnostics), oldest=Min(f"{diagnostics}__submitted_at"))
        .order_by("-waiting", "name_fr")
    )
    now = timezone.now()
    bounds = {key: now - timedelta(days=days) for days, key in REVIEW_AGES}
    by_age = submitted.aggregate(
        week=Count("pk", filter=Q(submitted_at__gte=bounds["week"])),
        month=Count(
            "pk", filter=Q(submitted_at__lt=bounds["week"], submitted_at__gte=bounds["month"])
        ),
        older=Count("pk", filter=Q(submitted_at__lt=bounds["month"])),
    )
    return ReviewQueue(listing(waiting), list(by_province), by_age)


def review_next(*, user, after: Diagnostic | None = None) -> Diagnostic | None:
    """The next diagnostic of the review queue (the oldest submitted), ``after`` aside."""
    queue = _review_queue(user)
    if after is not None:
        queue = queue.exclude(pk=after.pk)
    return queue.order_by("submitted_at", "pk").first()


@dataclass
class ProgressRow:
    commune: str
    stratum: str
    sampled: int
    started: int
    submitted: int
    validated: int


@dataclass
class CampaignProgress:
    campaign: Campaign
    rows: list[ProgressRow] = field(default_factory=list)

    @property
    def totals(self) -> ProgressRow:
        return ProgressRow(
            "",
            "",
            *(sum(getattr(row, name) for row in self.rows) for name in _COUNTS),
        )


_COUNTS = ("sampled", "started", "submitted", "validated")


def campaign_progress(*, user, limit: int = 5) -> list[CampaignProgress]:
    """The open campaigns' progress by commune and stratum: associations sampled,
    started (a diagnostic exists), submitted (or validated), validated. Cumulative:
    a validated diagnostic is also started and submitted. Two queries."""
    campaigns = list(
        _open_campaigns(user).select_related("province").order_by("ends_on", "pk")[:limit]
    )
    status = Subquery(
        Diagnostic.objects.assessed()
        .filter(campaign=OuterRef("campaign"), association=OuterRef("association"))
        .values("status")[:1]
    )
    scored = [Diagnostic.Status.SUBMITTED, Diagnostic.Status.VALIDATED]
    rows = (
        SampleEntry.objects.filter(campaign__in=campaigns)
        .annotate(status=status)
        .values(
            "campaign_id",
            "association__commune__name_fr",
            "association__commune__name_ar",
            "stratum",
        )
        .annotate(
            sampled=Count("pk"),
            started=Count("pk", filter=Q(status__isnull=False)),
            submitted=Count("pk", filter=Q(status__in=scored)),
            validated=Count("pk", filter=Q(status=Diagnostic.Status.VALIDATED)),
        )
        .order_by("campaign_id", "association__commune__name_fr", "stratum")
    )
    progress = {campaign.pk: CampaignProgress(campaign) for campaign in campaigns}
    arabic = get_language() == "ar"
    for row in rows:
        name = (arabic and row["association__commune__name_ar"]) or row[
            "association__commune__name_fr"
        ]
        progress[row["campaign_id"]].rows.append(
            ProgressRow(name, row["stratum"], *(row[key] for key in _COUNTS))
        )
    return list(progress.values())


def actions_due(*, user, within_days: int = ACTION_DUE_WITHIN) -> Listing:
    """Plan actions planned or ongoing that start within ``within_days`` days or are
    overdue (their end has passed), soonest first."""
    today = timezone.localdate()
    visible = Action.objects.visible_to(user)
    return listing(
        (visible.starting_within(within_days, today=today) | visible.overdue(today=today))
        .select_related("plan")
        .order_by("starts_on", "pk")
    )


@dataclass
class AxisScore:
    name: str
    score: Decimal


@dataclass
class PresidentView:
    latest: Diagnostic | None
    level: dict | None
    axes: list[AxisScore]
    pending: Diagnostic | None  # a diagnostic under way or waiting for review
    actions: Listing
    self_assessment: Diagnostic | None = None  # the president's own, newest
    side_by_side: SideBySide | None = None  # the latest scores beside the self-assessed ones


def president_overview(*, user, association) -> PresidentView:
    """The association's latest scored diagnostic with its maturity level and axis
    scores, a diagnostic under way if any, the actions aimed at it, and the president's
    self-assessment (beside the latest scores once both are submitted)."""
    diagnostics = Diagnostic.objects.visible_to(user).filter(association=association)
    latest = (
        diagnostics.scored()
        .select_related("campaign", "version")
        .order_by("-submitted_at", "-pk")
        .first()
    )
    level, axes = None, []
    if latest is not None:
        level = maturity(latest.overall_score, latest.version.maturity_levels)
        stored = dict(
            Score.objects.filter(diagnostic=latest, level=Score.Level.AXIS).values_list(
                "code", "score"
            )
        )
        axes = [
            AxisScore(axis.name, stored[axis.code])
            for axis in structure_for(latest.version).axes
            if axis.code in stored
        ]
    under_way = diagnostics.assessed().exclude(status=Diagnostic.Status.VALIDATED)
    if latest is not None:
        under_way = under_way.exclude(pk=latest.pk)
    pending = under_way.select_related("campaign").order_by("-created_at").first()
    return PresidentView(
        latest,
        level,
        axes,
        pending,
        # Each with the current guides it hands out (one query, when there are actions).
        listing(
            actions_aimed_at(association=association, user=user).prefetch_related(
                Prefetch("guides", queryset=Guide.objects.current())
            )
        ),
        self_assessment_of(association=association),
        side_by_side(diagnostic=latest) if latest is not None else None,
    )


def reportable_campaigns(*, user):
    """Every campaign the user may report on, by province then newest first, with its
    numbers of submitted and validated diagnostics (one query, for the report form)."""
    return (
        Campaign.objects.visible_to(user)
        .select_related("province")
        .annotate(
            submitted=Count("diagnostics", filter=assessed_with("submitted")),
            validated=Count("diagnostics", filter=assessed_with("validated")),
        )
        .order_by("province__name_fr", "-starts_on", "-pk")
    )


def campaigns_to_start(*, association, user):
    """The open campaigns of the association's province (as the user sees them) in
    which it has no diagnostic yet: where an agent may start one from its page."""
    if not user.has_perm("diagnostics.change_diagnostic"):
        return Campaign.objects.none()
    return (
        _open_campaigns(user)
        .filter(province_id=association.commune.province_id)
        .exclude(diagnostics__in=Diagnostic.objects.assessed().filter(association=association))
        .order_by("-starts_on", "-pk")
    )
