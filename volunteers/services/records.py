"""Writes of the records kept up by hand: create, edit, archive (never delete), end a
placement early, extend it, mark a deliverable received. Each write leaves a history
entry naming its author."""

from datetime import date

from django.db import transaction

from volunteers.models import Deliverable, Placement


def record_save(*, record, user):
    """Save a created or edited record with its author in the history."""
    record._history_user = user
    record.save()
    return record


def record_archive(*, record, user, archived: bool = True):
    """Archive (or bring back) a record: it leaves lists and pickers, keeps its history."""
    if record.archived == archived:
        return record
    record.archived = archived
    return record_save(record=record, user=user)


@transaction.atomic
def placement_end_early(*, placement: Placement, on: date, reason: str, user) -> Placement:
    """The mission stops before its planned end: interrupted on ``on``, for ``reason``."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    placement.ends_on = on
    placement.end_reason = reason
    placement.status = Placement.Status.INTERRUPTED
    return record_save(record=placement, user=user)


@transaction.atomic
def placement_extend(*, placement: Placement, until: date, user) -> Placement:
    """The mission goes on until ``until`` (its new end)."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    placement.ends_on = until
    return record_save(record=placement, user=user)


def deliverable_receive(*, deliverable: Deliverable, on: date, user) -> Deliverable:
    """The deliverable reached the programme on ``on``."""
    deliverable.received_on = on
    return record_save(record=deliverable, user=user)
