"""Partnership records kept up in the app: create, edit, archive (never delete), with
history shown; scope; yearly values with targets; double submits; list search."""

import html
import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from associations.models import Network
from partnerships.models import (
    Agreement,
    CommunePair,
    CooperationProgramme,
    ExpectedResult,
    Indicator,
    Measurement,
    Partner,
)
from tests.factories import AssociationFactory, UserFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    """A page's markup with its entities decoded (an apostrophe reads as one)."""
    return html.unescape(response.content.decode())


def history_text(response) -> str:
    """The history section of a page, as a person reads it."""
    page = text(response)
    start = page.index('data-testid="history"')
    return page[start : page.index("</section>", start)]


@pytest.fixture
def cooperation(province_a, province_b):
    """A programme with one pair in province A and one in province B, one indicator."""
    programme = CooperationProgramme.objects.create(
        name="Programme Belgique–Maroc", countries="Belgique, Maroc",
        starts_on=date(2020, 1, 1), ends_on=date(2025, 12, 31), objective="Objectif",
    )  # fmt: skip
    pairs = {}
    for key, province, town in (("a", province_a, "Namur"), ("b", province_b, "Liège")):
        pair = CommunePair.objects.create(
            programme=programme, foreign_municipality=town, foreign_country="Belgique"
        )
        pair.communes.add(province.communes.order_by("code").first())
        pairs[key] = pair
    result = ExpectedResult.objects.create(programme=programme, number=1, title="Gouvernance")
    indicator = Indicator.objects.create(
        result=result, name="Conventions signées", unit="conventions", baseline=0, target=12
    )
    return {
        "programme": programme,
        "pair_a": pairs["a"],
        "pair_b": pairs["b"],
        "indicator": indicator,
    }


def test_a_partner_is_created_edited_and_archived_with_its_history(client, users):
    client.force_login(users["coordinator"])
    response = client.post(
        reverse("partnerships:partner_create"),
        {"name": "Fondation  Atlas", "kind": "national_ngo", "country": "Maroc"},
    )
    partner = Partner.objects.get()
    assert response.url == reverse("partnerships:partner", args=[partner.pk])
    assert partner.name == "Fondation Atlas"

    # The same name, accents and case aside, is refused in French.
    response = client.post(
        reverse("partnerships:partner_create"),
        {"name": "FONDATION ATLAS", "kind": "private", "country": "Maroc"},
    )
    assert "Un partenaire porte déjà ce nom (« Fondation Atlas »)." in text(response)

    client.post(
        reverse("partnerships:partner_update", args=[partner.pk]),
        {"name": "Fondation Atlas Solidarité", "kind": "international_ngo", "country": "France"},
    )
    client.post(reverse("partnerships:partner_archive", args=[partner.pk]), {"archived": "1"})
    partner.refresh_from_db()
    assert partner.archived and partner.kind == "international_ngo"
    assert Partner.objects.count() == 1  # archived, not deleted

    page = client.get(reverse("partnerships:partner", args=[partner.pk]))
    history = history_text(page)
    # Who, what, in words: the choice's label, never its code.
    assert str(users["coordinator"]) in history
    assert "« ONG nationale » → « ONG internationale »" in history
    assert "international_ngo" not in history
    assert "Archivage" in history and "« non » → « oui »" in history
    # Archived partners leave the list and the agreement form's picker.
    listed = client.get(reverse("partnerships:partners")).context["page"].object_list
    assert partner not in listed
    form = client.get(reverse("partnerships:agreement_create")).context["form"]
    assert partner not in form.fields["partner"].queryset

    client.post(reverse("partnerships:partner_archive", args=[partner.pk]), {"archived": "0"})
    partner.refresh_from_db()
    assert not partner.archived
    assert "Rétablissement" in history_text(
        client.get(reverse("partnerships:partner", args=[partner.pk]))
    )


def test_an_agreement_is_edited_and_archived_in_scope_with_its_history(
    client, users, association_a, association_b
):
    first = Partner.objects.create(name="Entraide Nationale", kind="government")
    second = Partner.objects.create(name="Commune de Khénifra", kind="local_authority")
    agreement = Agreement.objects.create(
        association=association_a, partner=first, kind="technical", starts_on=date(2025, 1, 1)
    )
    other = Agreement.objects.create(
        association=association_b, partner=first, kind="technical", starts_on=date(2025, 1, 1)
    )
    client.force_login(users["coordinator"])
    url = reverse("partnerships:agreement_update", args=[agreement.pk])
    assert client.get(url).status_code == 200  # was a 404 before
    response = client.post(
        url,
        {
            "association": association_a.pk, "partner": second.pk, "kind": "financing",
            "starts_on": "2025-01-01", "amount": "", "status": "active",
        },
    )  # fmt: skip
    assert "Indiquez le montant d'un accord de financement." in text(response)
    client.post(
        url,
        {
            "association": association_a.pk, "partner": second.pk, "kind": "financing",
            "starts_on": "2025-01-01", "amount": "12000", "status": "active",
        },
    )  # fmt: skip
    agreement.refresh_from_db()
    assert (agreement.partner, agreement.amount) == (second, Decimal("12000"))
    history = history_text(client.get(reverse("partnerships:agreement", args=[agreement.pk])))
    assert "« Entraide Nationale » → « Commune de Khénifra »" in history
    assert "« Appui technique » → « Financement »" in history

    # Another province's agreement is not acknowledged.
    assert client.get(reverse("partnerships:agreement_update", args=[other.pk])).status_code == 404
    response = client.post(reverse("partnerships:agreement_archive", args=[other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert not other.archived

    client.post(reverse("partnerships:agreement_archive", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert agreement.archived
    assert not client.get(reverse("partnerships:agreements")).context["page"].object_list
    archived = client.get(reverse("partnerships:agreements") + "?archived=1")
    assert list(archived.context["page"].object_list) == [agreement]


def test_a_network_is_kept_up_and_its_members_changed_within_scope(
    client, users, association_a, association_b
):
    client.force_login(users["coordinator"])
    client.post(
        reverse("partnerships:network_create"),
        {"name": "Réseau de Khénifra", "kind": "territorial", "level": "provincial"},
    )
    network = Network.objects.get()
    response = client.post(
        reverse("partnerships:network_create"),
        {"name": "RESEAU DE KHENIFRA", "kind": "thematic", "level": "national"},
    )
    assert "Un réseau porte déjà ce nom (« Réseau de Khénifra »)." in text(response)
    client.post(
        reverse("partnerships:network_update", args=[network.pk]),
        {"name": "Réseau de Khénifra", "kind": "territorial", "level": "regional"},
    )
    members = reverse("partnerships:network_membership", args=[network.pk])
    client.post(members, {"association": association_a.pk, "member": "1"})
    assert list(network.members.all()) == [association_a]
    # An association of another province cannot be added.
    assert client.post(members, {"association": association_b.pk}).status_code == 404
    assert client.post(members, {"association": "abc"}).status_code == 404

    page = client.get(
        reverse("partnerships:network", args=[network.pk]) + "?q=" + association_a.name_fr
    )
    assert page.context["members"].rows == [association_a]
    assert page.context["candidates"] == []  # already a member
    assert "« Provincial » → « Régional »" in history_text(page)

    client.post(members, {"association": association_a.pk, "member": "0"})
    assert not network.members.exists()
    # The membership changes are in the association's own history.
    assert association_a.history.count() >= 3

    client.post(reverse("partnerships:network_archive", args=[network.pk]))
    network.refresh_from_db()
    assert network.archived
    assert not client.get(reverse("partnerships:networks")).context["page"].object_list


def test_national_staff_keep_up_programmes_results_indicators_and_pairs(client, users, province_a):
    client.force_login(users["national"])
    client.post(
        reverse("partnerships:programme_create"),
        {
            "name": "Coopération Maroc–Espagne", "countries": "Espagne, Maroc",
            "starts_on": "2024-01-01", "ends_on": "2023-01-01", "objective": "Objectif",
        },
    )  # fmt: skip
    assert not CooperationProgramme.objects.exists()  # the end precedes the start
    client.post(
        reverse("partnerships:programme_create"),
        {
            "name": "Coopération Maroc–Espagne", "countries": "Espagne, Maroc",
            "starts_on": "2024-01-01", "ends_on": "2028-12-31", "objective": "Objectif",
        },
    )  # fmt: skip
    programme = CooperationProgramme.objects.get()
    results = reverse("partnerships:result_create", args=[programme.pk])
    client.post(results, {"number": "1", "title": "Gouvernance locale"})
    response = client.post(results, {"number": "1", "title": "Doublon"})
    assert "Ce programme a déjà un résultat attendu numéro 1." in text(response)
    result = ExpectedResult.objects.get()

    client.post(
        reverse("partnerships:indicator_create", args=[programme.pk]),
        {"result": result.pk, "name": "Conventions", "unit": "conventions", "baseline": "0",
         "target": "10"},
    )  # fmt: skip
    indicator = Indicator.objects.get()
    client.post(
        reverse("partnerships:indicator_update", args=[indicator.pk]),
        {"result": result.pk, "name": "Conventions signées", "unit": "conventions",
         "baseline": "0", "target": "15"},
    )  # fmt: skip
    page = client.get(reverse("partnerships:indicator", args=[indicator.pk]))
    assert "« 10,00 » → « 15,00 »" in history_text(page)

    communes = list(province_a.communes.order_by("code")[:2])
    client.post(
        reverse("partnerships:pair_create", args=[programme.pk]),
        {"foreign_municipality": "Grenade", "foreign_country": "Espagne",
         "communes": [communes[0].pk]},
    )  # fmt: skip
    pair = CommunePair.objects.get()
    client.post(
        reverse("partnerships:pair_update", args=[pair.pk]),
        {"foreign_municipality": "Grenade", "foreign_country": "Espagne",
         "communes": [communes[0].pk, communes[1].pk]},
    )  # fmt: skip
    history = history_text(client.get(reverse("partnerships:pair", args=[pair.pk])))
    names = sorted(commune.name_fr for commune in communes)
    assert f"Communes marocaines : « {communes[0].name_fr} » → « {', '.join(names)} »" in history

    for name, record in (
        ("indicator_archive", indicator),
        ("pair_archive", pair),
        ("programme_archive", programme),
    ):
        client.post(reverse(f"partnerships:{name}", args=[record.pk]))
        record.refresh_from_db()
        assert record.archived
    # An archived indicator leaves the charts; its page stays, with its history.
    assert client.get(reverse("partnerships:indicator", args=[indicator.pk])).status_code == 200
    assert (Indicator.objects.count(), CommunePair.objects.count()) == (1, 1)


def test_a_coordinator_records_yearly_values_with_targets_and_the_line_moves(
    client, users, cooperation
):
    pair, indicator = cooperation["pair_a"], cooperation["indicator"]
    client.force_login(users["coordinator"])
    url = reverse("partnerships:measurement_create", args=[pair.pk, indicator.pk])
    pair_url = reverse("partnerships:pair", args=[pair.pk])

    def line():
        ((series, chart),) = client.get(pair_url).context["series"]
        return series.points, str(chart)

    assert line()[0] == []
    response = client.post(url, {"year": "2021", "value": "3", "target": "4"})
    assert response.url == pair_url
    response = client.post(url, {"year": "2022", "value": "7", "target": "8"})
    points, chart = line()
    assert points == [(2021, Decimal("3.00")), (2022, Decimal("7.00"))]
    assert 'class="chart-values"' in chart and 'class="chart-yearly-targets"' in chart

    # One value per indicator, pair and year: a French message beside the year.
    response = client.post(url, {"year": "2022", "value": "9"})
    assert response.status_code == 200
    assert response.context["form"].errors["year"] == [
        "Une valeur est déjà enregistrée pour 2022 : modifiez-la plutôt que d'en ajouter une."
    ]
    response = client.post(url, {"year": "2019", "value": "1"})
    assert "L'année doit être comprise entre 2020 et" in text(response)
    response = client.post(url, {"year": "2023", "value": "-1"})
    assert "Une valeur ou une cible ne peut pas être négative." in text(response)
    assert Measurement.objects.count() == 2

    # Corrected: the line moves, the change is in the value's history.
    record = Measurement.objects.get(year=2022)
    edit = reverse("partnerships:measurement_update", args=[record.pk])
    client.post(edit, {"year": "2022", "value": "10", "target": "8"})
    assert line()[0][-1] == (2022, Decimal("10.00"))
    assert "« 7,00 » → « 10,00 »" in history_text(client.get(edit))
    series = client.get(pair_url).context["series"][0][0]
    assert series.rows[0][:3] == (2021, Decimal("3.00"), Decimal("4.00"))
    assert series.progress == 83.3  # 10 of the way 0 -> 12: 83.33..., rounded once


def test_a_double_submit_makes_one_record(client, users, cooperation):
    client.force_login(users["coordinator"])
    pair, indicator = cooperation["pair_a"], cooperation["indicator"]
    url = reverse("partnerships:measurement_create", args=[pair.pk, indicator.pk])
    token = str(uuid.uuid4())
    first = client.post(url, {"year": "2021", "value": "3", "submission_token": token})
    second = client.post(url, {"year": "2021", "value": "3", "submission_token": token})
    assert first.url == second.url
    assert Measurement.objects.count() == 1
    token = str(uuid.uuid4())
    for _ in range(2):
        client.post(
            reverse("partnerships:partner_create"),
            {"name": "Partenaire", "kind": "private", "country": "Maroc",
             "submission_token": token},
        )  # fmt: skip
    assert Partner.objects.count() == 1


def test_a_coordinator_of_another_province_gets_404(client, cooperation, province_b):
    stranger = UserFactory(coordinator=True, provinces=[province_b])
    client.force_login(stranger)
    pair, indicator = cooperation["pair_a"], cooperation["indicator"]
    record = Measurement.objects.create(indicator=indicator, pair=pair, year=2021, value=1)
    for url in (
        reverse("partnerships:pair", args=[pair.pk]),
        reverse("partnerships:measurement_create", args=[pair.pk, indicator.pk]),
        reverse("partnerships:measurement_update", args=[record.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("partnerships:measurement_update", args=[record.pk]), {"year": 2021, "value": 5}
    )
    assert response.status_code == 404
    record.refresh_from_db()
    assert record.value == 1
    # Their own province's pair of the same programme is theirs to fill.
    own = reverse("partnerships:measurement_create", args=[cooperation["pair_b"].pk, indicator.pk])
    assert client.get(own).status_code == 200


def test_partner_and_agreement_lists_search_words_in_any_order_and_sort_by_name(
    client, users, province_a
):
    commune = province_a.communes.first()
    tifawin = AssociationFactory(
        commune=commune, name_fr="Association TIFAWIN pour le Développement"
    )
    other = AssociationFactory(commune=commune, name_fr="Association Afaq")
    partners = [
        Partner.objects.create(name=name, kind="government")
        for name in ("APSOPAD", "Éducation pour tous", "Afaq Maroc", "entraide")
    ]
    for association, partner in ((tifawin, partners[0]), (other, partners[1])):
        Agreement.objects.create(
            association=association, partner=partner, kind="technical", starts_on=date(2025, 1, 1)
        )
    client.force_login(users["coordinator"])
    listed = client.get(reverse("partnerships:partners")).context["page"].object_list
    assert [p.name for p in listed] == ["Afaq Maroc", "APSOPAD", "Éducation pour tous", "entraide"]
    found = client.get(reverse("partnerships:partners") + "?q=education TOUS")
    assert [p.name for p in found.context["page"].object_list] == ["Éducation pour tous"]

    url = reverse("partnerships:agreements")
    found = client.get(url + "?q=tifawin développement").context["page"].object_list
    assert [a.association for a in found] == [tifawin]
    found = client.get(url + "?q=developpement TIFAWIN apsopad").context["page"].object_list
    assert [a.association for a in found] == [tifawin]
    assert not client.get(url + "?q=tifawin education").context["page"].object_list
    by_name = client.get(url + "?sort=association").context["page"].object_list
    assert [a.association for a in by_name] == [other, tifawin]


def test_archived_records_leave_the_association_page_and_form(client, users, association_a):
    partner = Partner.objects.create(name="Entraide Nationale", kind="government")
    agreement = Agreement.objects.create(
        association=association_a, partner=partner, kind="technical", starts_on=date(2025, 1, 1),
        archived=True,
    )  # fmt: skip
    kept = Network.objects.create(name="Réseau gardé", kind="thematic", level="national")
    old = Network.objects.create(name="Réseau ancien", kind="thematic", level="national")
    gone = Network.objects.create(name="Réseau dissous", kind="thematic", level="national",
                                  archived=True)  # fmt: skip
    old.archived = True
    old.save()
    association_a.networks.add(old)
    client.force_login(users["national"])
    page = client.get(reverse("associations:detail", args=[association_a.pk]))
    assert agreement not in page.context["agreements"]
    form = client.get(reverse("associations:update", args=[association_a.pk])).context["form"]
    offered = set(form.fields["networks"].queryset)
    assert kept in offered and old in offered  # a network it is in stays ticked
    assert gone not in offered
