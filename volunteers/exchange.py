"""Volunteers as a spreadsheet out: the export has the import's columns, so it re-imports."""

from takwia.tabular import LIST_JOINER, csv_chunks
from volunteers.models import Volunteer
from volunteers.services import VOLUNTEER_COLUMNS

HEADERS = [column.header for column in VOLUNTEER_COLUMNS]


def _export_row(volunteer: Volunteer) -> list:
    return [
        volunteer.last_name,
        volunteer.first_name,
        volunteer.get_gender_display(),
        volunteer.born_on,
        volunteer.nationality,
        volunteer.languages,
        volunteer.email,
        volunteer.get_category_display(),
        volunteer.get_status_display(),
        volunteer.programme.name,
        LIST_JOINER.join(sorted(skill.name_fr for skill in volunteer.skills.all())),
    ]


def volunteers_export_csv(queryset):
    """CSV chunks (UTF-8 with BOM, ``;``), formula-neutralised like every export."""
    queryset = queryset.select_related("programme").prefetch_related("skills")
    rows = (_export_row(volunteer) for volunteer in queryset.iterator(chunk_size=2000))
    return csv_chunks(HEADERS, rows)
