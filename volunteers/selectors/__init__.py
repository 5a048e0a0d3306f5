"""Reads of volunteering (services write; the two never import each other)."""

from volunteers.selectors.figures import (
    MOROCCAN,
    PLACED,
    Match,
    associations_needing_volunteer,
    placements_by_area,
    volunteer_figures,
    volunteers_matching_for_association,
)
from volunteers.selectors.home import (
    ENDING_WITHIN,
    ActiveVolunteers,
    active_volunteers,
    placements_ending,
    placements_missing_deliverables,
)
from volunteers.selectors.lists import (
    PAGE_SIZE,
    HostFilter,
    VolunteerFilter,
    events_of,
    host_countries,
    hosts_listed,
    paginate,
    placements_listed,
    programmes_listed,
    volunteers_listed,
)

__all__ = [
    "ENDING_WITHIN",
    "MOROCCAN",
    "PAGE_SIZE",
    "PLACED",
    "ActiveVolunteers",
    "HostFilter",
    "Match",
    "VolunteerFilter",
    "active_volunteers",
    "associations_needing_volunteer",
    "events_of",
    "host_countries",
    "hosts_listed",
    "paginate",
    "placements_by_area",
    "placements_ending",
    "placements_listed",
    "placements_missing_deliverables",
    "programmes_listed",
    "volunteer_figures",
    "volunteers_matching_for_association",
    "volunteers_listed",
]
