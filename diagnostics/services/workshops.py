"""Writes of a campaign's workshops: edit, attendance by person, archive."""

from django.db import transaction

from diagnostics.models import Workshop
from diagnostics.services.attendance import attendance_replace
from takwia.editing import lock_unchanged, save_unchanged


def workshop_update(*, form, user) -> Workshop:
    """Save the workshop's edit form (``StaleEdit`` when it changed meanwhile)."""
    return save_unchanged(form=form, user=user)


@transaction.atomic
def workshop_attendance_save(*, workshop: Workshop, attendees: list[dict], user, version) -> int:
    """Replace the people present at ``workshop`` (``attendance_replace``), unless the
    workshop changed since the sheet was displayed at ``version`` (``StaleEdit``). The
    workshop's history gets one entry: the associations present, old and new."""
    lock_unchanged(workshop, version)
    count = attendance_replace(record=workshop, attendees=attendees, user=user)
    workshop._history_user = user
    workshop.save()  # a new version: a sheet displayed before is now stale
    return count


def workshop_archive(*, workshop: Workshop, user, archived: bool = True) -> bool:
    """Archive (or restore) the workshop; False when it already was."""
    if workshop.archived == archived:
        return False
    workshop.archived = archived
    workshop._history_user = user
    workshop.save(update_fields=["archived", "updated_at"])
    return True
