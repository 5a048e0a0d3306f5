"""Forms of volunteering: records (volunteers, hosts, programmes, events) and placements."""

from volunteers.forms.placements import (
    ERROR_BUSY,
    ERROR_DATES,
    DeliverableEditForm,
    DeliverableForm,
    PlacementEndForm,
    PlacementExtendForm,
    PlacementForm,
)
from volunteers.forms.records import EventForm, HostForm, ProgrammeForm, VolunteerForm

__all__ = [
    "ERROR_BUSY",
    "ERROR_DATES",
    "DeliverableEditForm",
    "DeliverableForm",
    "EventForm",
    "HostForm",
    "PlacementEndForm",
    "PlacementExtendForm",
    "PlacementForm",
    "ProgrammeForm",
    "VolunteerForm",
]
