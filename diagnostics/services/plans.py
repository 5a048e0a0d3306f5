"""Writes of plans: a draft plan from the ranked needs."""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from associations.models import Association
from diagnostics.models import Action, Campaign, Diagnostic, Guide, Plan, Score
from diagnostics.questionnaire.scoring import WEAK_BELOW
from diagnostics.services.attendance import attendance_replace
from takwia.figures import round_half_up

# The kind of intervention first proposed for a need, by axis (editable afterwards).
ACTION_KIND_BY_AXIS = {
    "governance": "training",
    "vision": "coaching",
    "management": "guides",
    "resources": "information",
    "projects": "training",
    "communication": "networking",
}
DRAFT_TOP_NEEDS = 6


def _decimal(number) -> str:
    """A figure as French writes it (decimal comma, rounded half up)."""
    return str(round_half_up(number)).replace(".", ",")


def plan_period(campaign: Campaign) -> tuple[date, date]:
    """The period of the plan drafted from a campaign: from its end, for a year."""
    return campaign.ends_on, date(campaign.ends_on.year + 1, campaign.ends_on.month, 1)


def bilingual(texts, *args) -> dict:
    """``texts(*args)`` written in French and in Arabic: ``{"title": ..., "title_ar": ...}``."""
    written = {}
    for language, suffix in (("fr", ""), ("ar", "_ar")):
        with translation.override(language):
            written.update({f"{key}{suffix}": str(value) for key, value in texts(*args).items()})
    return written


def _plan_texts(province) -> dict:
    return {
        "title": _("Plan de renforcement des capacités – %(province)s")
        % {"province": province.name},
        "objective": _(
            "Renforcer les capacités des associations de la province sur les besoins "
            "prioritaires identifiés par le diagnostic."
        ),
    }


def _action_texts(kind, need) -> dict:
    name = need.subdimension.name
    return {
        "title": _("%(kind)s : %(subdimension)s")
        % {"kind": Action.Kind(kind).label, "subdimension": name},
        "description": _(
            "%(share)s %% des associations diagnostiquées sont sous %(weak)s/100 sur "
            "« %(subdimension)s » (écart moyen %(gap)s points)."
        )
        % {
            "share": _decimal(need.share_below),
            "weak": WEAK_BELOW,
            "subdimension": name,
            "gap": _decimal(need.mean_gap),
        },
    }


@dataclass
class Drafted:
    plan: Plan
    created: bool  # False: the province already had a plan for that period


@transaction.atomic
def plan_draft_from_needs(
    *, campaign: Campaign, needs: list, user, top: int = DRAFT_TOP_NEEDS
) -> Drafted:
    """A draft plan for the campaign's province: one action per top-ranked need (as
    ranked by ``diagnostics.selectors.needs_ranking``), aimed at the diagnosed
    associations whose score on that sub-dimension is weak (an action handing out guides
    links the library's guides that answer it). A province has one plan per
    period: asking again (a double click, a second coordinator) returns the plan the
    first request made."""
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    starts_on, ends_on = plan_period(campaign)
    existing = Plan.objects.filter(
        province=campaign.province, starts_on=starts_on, ends_on=ends_on
    ).first()
    if existing is not None:
        return Drafted(existing, created=False)
    needs = [need for need in needs if need.below][:top]
    try:
        with transaction.atomic():
            plan = Plan.objects.create(
                province=campaign.province,
                campaign=campaign,
                **bilingual(_plan_texts, campaign.province),
                starts_on=starts_on,
                ends_on=ends_on,
                created_by=user,
            )
    except IntegrityError:  # made at the same instant by another request
        plan = Plan.objects.get(province=campaign.province, starts_on=starts_on, ends_on=ends_on)
        return Drafted(plan, created=False)
    diagnosed = Diagnostic.objects.scored().filter(campaign=campaign)
    for need in needs:
        kind = ACTION_KIND_BY_AXIS.get(need.axis.code, "training")
        action = Action.objects.create(
            plan=plan,
            kind=kind,
            **bilingual(_action_texts, kind, need),
            axis=need.axis.code,
            subdimensions=[need.subdimension.code],
        )
        weak = (
            Score.objects.weak()
            .filter(code=need.subdimension.code, diagnostic__in=diagnosed)
            .values("diagnostic__association_id")
        )
        action.targets.set(Association.objects.filter(pk__in=weak))
        if kind == Action.Kind.GUIDES:
            # Handing out guides: those of the library that answer this need.
            action.guides.set(
                Guide.objects.current().filter(subdimensions__code=need.subdimension.code)
            )
    return Drafted(plan, created=True)


def action_cancel(*, action: Action, user) -> None:
    """Cancel an action: it stays in the plan (and its history), out of the counts."""
    action.status = Action.Status.CANCELLED
    action._history_user = user
    action.save(update_fields=["status"])


def action_delete(*, action: Action, user) -> None:
    """Delete an action typed by mistake; its history keeps what it was and who removed it."""
    action._history_user = user
    action.delete()


@transaction.atomic
def action_attendance_save(*, action: Action, attendees: list[dict], user) -> int:
    """Replace the attendance of ``action`` by ``attendees`` (``attendance_replace``)."""
    Action.objects.select_for_update().filter(pk=action.pk).first()
    return attendance_replace(record=action, attendees=attendees, user=user)
