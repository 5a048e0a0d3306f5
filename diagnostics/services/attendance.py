"""Writes of attendance by person, for a plan's action or a campaign's workshop."""

from django.db import transaction

from diagnostics.models import Attendee
from diagnostics.models.attendance import ATTENDED


@transaction.atomic
def attendance_replace(*, record, attendees: list[dict], user) -> int:
    """Replace the people present at ``record`` (an action or a workshop) by
    ``attendees`` (dicts of the Attendee fields); the associations present follow: those
    of the attendees. Returns the number of people present. The caller holds the
    record's row locked."""
    field, present = ATTENDED[type(record)]
    for attendee in Attendee.objects.filter(**{field: record}):
        attendee._history_user = user
        attendee.delete()
    for values in attendees:
        attendee = Attendee(**{field: record}, **values)
        attendee._history_user = user
        attendee.save()
    associations = {values["association"].pk for values in attendees if values.get("association")}
    # One history entry of the record for the whole sheet (not one per association).
    record.skip_history_when_saving = True
    try:
        getattr(record, present).set(associations)
    finally:
        del record.skip_history_when_saving
    return len(attendees)
