"""Every spreadsheet the app hands out is formula-safe: no cell a spreadsheet would run.

The test walks every page without parameters (and the exports' format variants)
as national staff and the volunteer manager, reads every CSV or XLSX attachment
it gets, and fails on any cell starting with ``=``, ``+``, ``-``, ``@``, tab or
carriage return. The data it exports is seeded with such values in every text
field. The diagnostics app's plan workbook is being rewritten elsewhere and is
left out (``EXCLUDED_NAMESPACES``).
"""

import csv
import io
from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from associations.models import Domain, Network
from takwia.tabular import is_live_formula
from tests.factories import AssociationFactory
from volunteers.models import Programme, Skill, Volunteer

pytestmark = pytest.mark.django_db

EXCLUDED_NAMESPACES = {"admin", "diagnostics"}
# Exports whose parameters the walk cannot guess.
VARIANTS = [
    ("associations:export", (), "?format=csv"),
    ("associations:export", (), "?format=xlsx"),
    ("associations:import_template", ("csv",), ""),
    ("associations:import_template", ("xlsx",), ""),
    ("volunteers:export", (), "?status=active"),
]
# What the walk must find: a new export is added here once the test has read it.
EXPECTED_EXPORTS = {
    "associations:export",
    "associations:import_template",
    "volunteers:export",
}
HOSTILE = ['=HYPERLINK("http://x.example","clic")', "+33 1", "-2+3", "@SUM(A1:A9)", "\t=1+1"]


@pytest.fixture
def hostile_data(association_a):
    domain = Domain.objects.create(code="evil", name_fr="=1+1", name_ar="=2")
    network = Network.objects.create(name="@réseau")
    association = AssociationFactory(commune=association_a.commune)
    Association = type(association)
    Association.objects.filter(pk=association.pk).update(
        name_fr=HOSTILE[0], name_ar=HOSTILE[1], acronym=HOSTILE[2], address=HOSTILE[3],
        president_name=HOSTILE[4], registration_ref="-REF",
    )  # fmt: skip
    association.domains.add(domain)
    association.networks.add(network)
    programme = Programme.objects.create(
        name="=programme", coordinator="x", countries="Maroc", starts_on=date(2024, 1, 1)
    )
    volunteer = Volunteer.objects.create(
        last_name=HOSTILE[0], first_name=HOSTILE[3], gender="f", nationality="+Maroc",
        languages="-fr", email="a@b.ma", category="local", status="active",
        programme=programme,
    )  # fmt: skip
    volunteer.skills.add(Skill.objects.create(code="evil", name_fr="@compétence"))


def _patterns(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groups:
            # Patterns with parameters (converters, or a router's regex groups) need
            # objects: the walks add those pages themselves.
            yield f"{namespace}{entry.name}", entry


def _walked_urls():
    for name, pattern in _patterns():
        if name.split(":")[0] in EXCLUDED_NAMESPACES or pattern.pattern.converters:
            continue
        yield name, reverse(name)
    for name, args, query in VARIANTS:
        yield name, reverse(name, args=args) + query


def _cells(response) -> list[str]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("text/csv"):
        text = content.decode("utf-8-sig")
        delimiter = ";" if text.split("\n", 1)[0].count(";") else ","
        return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]
    workbook = load_workbook(io.BytesIO(content))  # formulas kept as written
    return [
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]


@pytest.mark.parametrize("role", ["national", "volunteer_manager"])
def test_no_export_holds_a_cell_a_spreadsheet_would_run(client, users, hostile_data, role):
    client.force_login(users[role])
    found, live, neutralised = set(), [], set()

    for name, url in _walked_urls():
        response = client.get(url)
        if "attachment" not in response.get("Content-Disposition", ""):
            continue
        found.add(name)
        cells = _cells(response)
        neutralised |= {cell for cell in cells if cell.startswith("'")}
        live += [(url, cell) for cell in cells if is_live_formula(cell)]

    assert live == []
    assert "'" + HOSTILE[0] in neutralised  # the hostile data did reach the files
    assert found <= EXPECTED_EXPORTS
    if role == "national":
        assert found == EXPECTED_EXPORTS
