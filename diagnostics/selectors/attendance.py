"""Reads of attendance by person: the counts derived from the people present."""

from dataclasses import dataclass

from django.db.models import Count, Q

from diagnostics.models import Attendee


def with_attendance_counts(queryset, relation: str = "attendees"):
    """Each row of ``queryset`` (actions, workshops) with ``people``, ``women`` and
    ``men``: its people present through ``relation``, counted by the database."""
    sex = f"{relation}__sex"
    return queryset.annotate(
        people=Count(relation, distinct=True),
        women=Count(relation, filter=Q(**{sex: Attendee.Sex.WOMAN}), distinct=True),
        men=Count(relation, filter=Q(**{sex: Attendee.Sex.MAN}), distinct=True),
    )


@dataclass
class AttendanceCounts:
    people: int
    women: int
    men: int
    associations: int


def attendance_counts(attendees) -> AttendanceCounts:
    """The counts of a list of people already read (a sheet shown in full)."""
    return AttendanceCounts(
        people=len(attendees),
        women=sum(1 for a in attendees if a.sex == Attendee.Sex.WOMAN),
        men=sum(1 for a in attendees if a.sex == Attendee.Sex.MAN),
        associations=len({a.association_id for a in attendees if a.association_id}),
    )
