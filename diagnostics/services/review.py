"""Writes of the review: national staff validate a submitted diagnostic or return it
to its field agent with what to correct (in general and axis by axis); whoever is
concerned is told (``notifications``)."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from diagnostics import analytics
from diagnostics.models import Diagnostic
from diagnostics.questionnaire.structure import structure_for
from diagnostics.services.entry import (
    ERROR_NOT_SUBMITTED,
    ERROR_RETURN_COMMENT,
    DiagnosticLocked,
)
from takwia.models import User
from takwia.notifications.services import notify
from takwia.roles import Role

ERROR_RETURN_AXIS = "Axe inconnu dans ce questionnaire."
ERROR_SELF_NOT_REVIEWED = (
    "Une auto-évaluation n'est ni validée ni renvoyée : elle est terminée dès son envoi."
)
NOTICE_RETURNED = gettext_noop(
    "Le diagnostic de {association} ({campaign}) vous est renvoyé pour correction."
)
NOTICE_VALIDATED = gettext_noop("Le diagnostic de {association} ({campaign}) est validé.")


def _reviewable(diagnostic: Diagnostic) -> Diagnostic:
    """The diagnostic, row-locked, if a reviewer may decide on it (a submitted assessment)."""
    locked = Diagnostic.objects.select_for_update().get(pk=diagnostic.pk)
    if locked.is_self_assessment:
        raise DiagnosticLocked(ERROR_SELF_NOT_REVIEWED)
    if locked.status != Diagnostic.Status.SUBMITTED:
        raise DiagnosticLocked(ERROR_NOT_SUBMITTED)
    return locked


@transaction.atomic
def diagnostic_validate(*, diagnostic: Diagnostic, user) -> None:
    locked = _reviewable(diagnostic)
    with analytics.change(locked):  # the results summary moves with it
        locked.status = Diagnostic.Status.VALIDATED
        locked.validated_by, locked.validated_at = user, timezone.now()
        locked.lock_version += 1
        locked._history_user = user
        locked.save()
    diagnostic.refresh_from_db()
    presidents = User.objects.filter(role=Role.PRESIDENT, association_id=locked.association_id)
    notify(
        users=[locked.submitted_by, *presidents],
        kind="validated",
        template=NOTICE_VALIDATED,
        params=_names(locked),
        url=reverse("diagnostics:results", args=[locked.pk]),
    )


@transaction.atomic
def diagnostic_return(
    *, diagnostic: Diagnostic, user, comment: str, comments: dict[str, str] | None = None
) -> None:
    """Send a submitted diagnostic back to its field agent with what to correct: a
    general ``comment`` and/or ``comments`` by axis code (shown on the axis' step).
    At least one is required; comments on unknown axes are refused."""
    comment = (comment or "").strip()
    by_axis = {str(code): str(text or "").strip() for code, text in (comments or {}).items()}
    by_axis = {code: text for code, text in by_axis.items() if text}
    if not comment and not by_axis:
        raise ValueError(ERROR_RETURN_COMMENT)
    locked = _reviewable(diagnostic)
    axes = {axis.code for axis in structure_for(locked.version).axes}
    if set(by_axis) - axes:
        raise ValueError(ERROR_RETURN_AXIS)
    with analytics.change(locked):  # the results summary moves with it
        locked.status = Diagnostic.Status.RETURNED
        locked.return_comment = comment
        locked.return_comments = by_axis
        locked.lock_version += 1
        locked._history_user = user
        locked.save()
    diagnostic.refresh_from_db()
    notify(
        users=[locked.created_by, locked.submitted_by],
        kind="returned",
        template=NOTICE_RETURNED,
        params=_names(locked),
        url=reverse("diagnostics:entry", args=[locked.pk, 0]),
    )


def _names(diagnostic: Diagnostic) -> dict:
    return {
        "association": diagnostic.association.name_fr,
        "campaign": diagnostic.campaign.name,
    }
