"""Periodic reminders of volunteering (a write: notifications): the volunteer programme
managers are told, once per event, of each placement under way ending within 90 days,
then again within 60 days. Run by the periodic task
``volunteers.tasks.remind_placements_ending`` (see takwia/periodic.py)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from takwia.models import User
from takwia.notifications.services import notify
from takwia.roles import Role
from volunteers.models import UNDER_WAY, Placement
from volunteers.selectors import ENDING_WITHIN

# Days before a placement's end at which the managers are told, widest first: the
# home page lists placements ending within ENDING_WITHIN days.
REMINDER_DAYS = (ENDING_WITHIN, 60)
NOTICE_PLACEMENT_ENDING = gettext_noop(
    "La mission de {volunteer} à {host} se termine le {day} (dans {days} jours au plus)."
)


def placements_ending_remind(*, today=None) -> int:
    """Tell the managers of placements ending soon; how many notifications were sent.

    A placement is told at the tightest threshold it has crossed (one first seen 50
    days before its end is told "60", not "90" as well)."""
    today = today or timezone.localdate()
    managers = list(User.objects.filter(role=Role.VOLUNTEER_MANAGER, is_active=True))
    if not managers:
        return 0
    ending = (
        Placement.objects.filter(status__in=UNDER_WAY, ends_on__gte=today)
        .filter(ends_on__lte=today + timedelta(days=max(REMINDER_DAYS)))
        .select_related("volunteer", "host")
        .order_by("ends_on", "pk")
    )
    told = 0
    for placement in ending:
        days = min(d for d in REMINDER_DAYS if placement.ends_on <= today + timedelta(days=d))
        told += len(
            notify(
                users=managers,
                kind="placement_ending",
                template=NOTICE_PLACEMENT_ENDING,
                params={
                    "volunteer": placement.volunteer,
                    "host": placement.host.name,
                    "day": placement.ends_on.strftime("%d/%m/%Y"),
                    "days": days,
                },
                url=reverse("volunteers:placement", args=[placement.pk]),
                key=f"placement_ending:{placement.pk}:{days}:{placement.ends_on.isoformat()}",
            )
        )
    return told
