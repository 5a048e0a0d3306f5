"""Periodic reminders of the plans (a write: notifications): each coordinator of a
province is told, once per event, of the plan's actions starting within
``ACTION_STARTING_WITHIN`` days and of those overdue. Run by the periodic task
``diagnostics.tasks.remind_plan_actions`` (see takwia/periodic.py)."""

from collections import defaultdict

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from diagnostics.models import Action, Plan
from takwia.models import User
from takwia.notifications.services import notify
from takwia.roles import Role

ACTION_STARTING_WITHIN = 7
NOTICE_ACTION_STARTING = gettext_noop("L'action « {action} » du plan « {plan} » commence le {day}.")
NOTICE_ACTION_OVERDUE = gettext_noop(
    "L'action « {action} » du plan « {plan} » devait finir le {day} : elle n'est pas réalisée."
)


def _coordinators_by_province(province_ids) -> dict[int, list]:
    """Active coordinators of these provinces, by province (one query)."""
    by_province = defaultdict(list)
    through = User.provinces.through.objects.filter(
        province_id__in=province_ids, user__role=Role.COORDINATOR, user__is_active=True
    ).select_related("user")
    for link in through:
        by_province[link.province_id].append(link.user)
    return by_province


def plan_actions_remind(*, today=None) -> int:
    """Tell coordinators of the actions starting soon and overdue; how many were told."""
    today = today or timezone.localdate()
    live = Action.objects.exclude(plan__status=Plan.Status.CLOSED).select_related("plan")
    starting = live.starting_within(ACTION_STARTING_WITHIN, today=today).filter(
        starts_on__gte=today
    )
    overdue = live.overdue(today=today)
    events = [
        (action, "action_starting", NOTICE_ACTION_STARTING, action.starts_on) for action in starting
    ] + [(action, "action_overdue", NOTICE_ACTION_OVERDUE, action.ends_on) for action in overdue]
    coordinators = _coordinators_by_province({action.plan.province_id for action, *_ in events})
    told = 0
    for action, kind, notice, day in events:
        told += len(
            notify(
                users=coordinators.get(action.plan.province_id, []),
                kind=kind,
                template=notice,
                params={
                    "action": action.title,
                    "plan": action.plan.title,
                    "day": day.strftime("%d/%m/%Y"),
                },
                url=reverse("diagnostics:plan", args=[action.plan_id]),
                # A new date is a new event: rescheduled, the action is told again.
                key=f"{kind}:{action.pk}:{day.isoformat()}",
            )
        )
    return told
