"""Writes of notifications: tell people something (in the app, and by e-mail after the
commit through the Celery task unless they turned e-mails off), mark them read, set
the e-mail preference."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from takwia.notifications.models import Notification, Preference
from takwia.tasks import send_email

SUBJECT = "Takwia : {message}"
BODY = (
    "{message}\n\nSur Takwia : {url}\n\n"
    "Vous pouvez ne plus recevoir ces e-mails depuis la page Notifications."
)


@transaction.atomic
def notify(
    *,
    users,
    kind: str,
    template: str = "",
    params: dict | None = None,
    message: str = "",
    url: str = "",
    key: str = "",
) -> list[Notification]:
    """One notification per distinct active user; their e-mail leaves once committed.

    ``template`` is a French msgid with ``{name}`` fields (marked with gettext_noop),
    filled with ``params`` (JSON values): each reader's list shows it in their language
    (``Notification.text``); the e-mail and ``message`` carry the French text. A plain
    ``message`` is shown as written.

    With a ``key`` (the event it tells of), a user already told of that event is not
    told again: the unique constraint "notification_once_per_event" settles two runs
    at once, the loser's row (and e-mail) is dropped.
    """
    params = {name: str(value) for name, value in (params or {}).items()}
    if template:
        message = template.format(**params)
    recipients = {user.pk: user for user in users if user is not None and user.is_active}
    if key:
        told = Notification.objects.filter(user_id__in=recipients, key=key)
        for user_id in told.values_list("user_id", flat=True):
            recipients.pop(user_id, None)
    if not recipients:
        return []
    muted = set(
        Preference.objects.filter(user_id__in=recipients, email=False).values_list(
            "user_id", flat=True
        )
    )
    created = []
    for user in recipients.values():
        emailed = bool(user.email) and user.pk not in muted
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    user=user, kind=kind, message=message, template=template, params=params,
                    url=url, emailed=emailed, key=key,
                )  # fmt: skip
        except IntegrityError:
            if not key:
                raise
            continue  # told meanwhile by another run
        created.append(notification)
        if emailed:
            send_email.delay_on_commit(
                subject=SUBJECT.format(message=message)[:200],
                body=BODY.format(message=message, url=url or "/"),
                to=[user.email],
            )
    return created


def notifications_read(*, user, pk: int | None = None) -> int:
    """Mark one of the user's notifications (or all of them) read; how many changed."""
    unread = Notification.objects.visible_to(user).unread()
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())


def preference_set(*, user, email: bool) -> Preference:
    preference, _created = Preference.objects.update_or_create(user=user, defaults={"email": email})
    return preference
