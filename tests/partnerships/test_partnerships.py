"""Partnerships: figures by kind of partner, scope, the agreement form, the import rules,
municipal cooperation progress."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
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
from partnerships.selectors import indicator_series, partner_figures, programme_series
from partnerships.services import ERROR_UNKNOWN_ASSOCIATION, agreements_import
from takwia.tabular import ImportRejected
from tests.factories import AssociationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners():
    return {
        kind: Partner.objects.create(name=f"Partenaire {kind}", kind=kind)
        for kind in ("government", "association", "international_ngo", "private")
    }


def agree(association, partner, **extra):
    return Agreement.objects.create(
        association=association,
        partner=partner,
        kind="technical",
        starts_on=date(2024, 1, 1),
        **extra,
    )


def test_figures_count_agreements_by_kind_of_partner_and_associations_without_any(
    users, province_a, partners, django_assert_max_num_queries
):
    commune = province_a.communes.first()
    associations = [AssociationFactory(commune=commune) for _ in range(4)]
    for _ in range(2):
        agree(associations[0], partners["government"])
    agree(associations[1], partners["government"])
    agree(associations[1], partners["association"])
    agree(associations[2], partners["international_ngo"], status=Agreement.Status.CANCELLED)
    network = Network.objects.create(name="Réseau test", kind="thematic", level="provincial")
    associations[0].networks.add(network)

    with django_assert_max_num_queries(4):
        rows = partner_figures(user=users["coordinator"])

    total = rows[-1]
    shares = {label: (n, percent) for label, n, percent in total.by_kind}
    # 4 agreements counted (the cancelled one is not): 3 government (75 %), 1 association.
    assert total.agreements == 4
    assert shares["Institution gouvernementale"] == (3, 75.0)
    assert shares["Association"] == (1, 25.0)
    assert shares["Entreprise privée"] == (0, 0.0)
    # Associations of province A: the four above and association A; 0 and 1 have partners.
    assert (total.associations, total.without_partnership) == (5, 3)
    assert total.network_percent == 20.0
    assert [row.province for row in rows[:-1]] == [province_a]


def test_a_coordinator_sees_only_the_agreements_and_network_members_of_their_province(
    client, users, province_a, province_b, partners
):
    here = agree(AssociationFactory(commune=province_a.communes.first()), partners["government"])
    there = agree(AssociationFactory(commune=province_b.communes.first()), partners["government"])
    network = Network.objects.create(name="Réseau national", kind="thematic", level="national")
    here.association.networks.add(network)
    there.association.networks.add(network)
    client.force_login(users["coordinator"])

    assert client.get(reverse("partnerships:agreement", args=[there.pk])).status_code == 404
    listed = client.get(reverse("partnerships:agreements")).context["page"].object_list
    assert list(listed) == [here]
    page = client.get(reverse("partnerships:network", args=[network.pk]))
    assert page.context["members"].rows == [here.association] and page.context["total"] == 2
    assert "Seuls les membres de votre périmètre sont listés." in page.content.decode()


def test_the_agreement_form_checks_dates_amounts_and_creates_a_new_partner(
    client, users, association_a
):
    client.force_login(users["coordinator"])
    url = reverse("partnerships:agreement_create")

    bad = client.post(
        url,
        {
            "association": association_a.pk,
            "kind": "financing",
            "starts_on": "2025-05-01",
            "ends_on": "2025-01-01",
            "status": "active",
            "new_partner": "Fondation X",
        },
    )
    good = client.post(url, {
        "association": association_a.pk, "kind": "financing", "starts_on": "2025-05-01",
        "amount": "40000", "status": "active", "new_partner": "Fondation X",
        "new_partner_kind": "national_ngo",
    })  # fmt: skip

    page = bad.content.decode()
    assert "La fin de l&#x27;accord doit suivre son début." in page
    assert "Indiquez le montant d&#x27;un accord de financement." in page
    assert "Choisissez un partenaire, ou donnez le nom et le type d&#x27;un nouveau." in page
    agreement = Agreement.objects.get()
    assert good["Location"] == reverse("partnerships:agreement", args=[agreement.pk])
    assert (agreement.partner.name, agreement.partner.kind, agreement.amount) == (
        "Fondation X",
        "national_ngo",
        Decimal("40000.00"),
    )


CSV_HEADER = (
    "Référence du récépissé;Partenaire;Type de partenaire;Nature;Début;Fin;Montant (MAD)\r\n"
)


def test_the_import_refuses_a_file_with_a_bad_line_and_writes_nothing(province_a, partners):
    AssociationFactory(commune=province_a.communes.first(), registration_ref="R-1")
    raw = (CSV_HEADER
           + "R-1;Partenaire government;;Financement;01/02/2024;;25 000\r\n"
           + "R-404;Partenaire government;;Convention;01/02/2024;;\r\n"
           + "R-1;Partenaire inconnu;;Convention;01/02/2024;;\r\n"
           + "R-1;Partenaire association;;Financement;01/02/2024;01/01/2024;\r\n"
           ).encode()  # fmt: skip

    with pytest.raises(ImportRejected) as exc_info:
        agreements_import(raw=raw)

    messages = [str(error) for error in exc_info.value.errors]
    assert messages[0] == f"Ligne 3, colonne « Association » : {ERROR_UNKNOWN_ASSOCIATION}"
    assert "Ligne 4, colonne « Partenaire »" in messages[1]
    assert "Ligne 5, colonne « Fin » : la fin précède le début." == messages[2]
    assert not Agreement.objects.exists()


def test_reimporting_updates_and_a_new_partner_is_created_from_its_type(
    province_a, partners, tmp_path
):
    association = AssociationFactory(commune=province_a.communes.first(), registration_ref="R-1")
    raw = (
        CSV_HEADER + "R-1;Commune de Khénifra;Collectivité territoriale;Convention;01/02/2024;;\r\n"
    ).encode()
    path = tmp_path / "accords.csv"
    path.write_bytes(raw)

    call_command("import_partnerships", str(path))
    call_command("import_partnerships", str(path))

    agreement = Agreement.objects.get()
    assert agreement.association == association and agreement.partner.kind == "local_authority"
    path.write_bytes(CSV_HEADER.encode() + b"R-9;X;;Convention;01/02/2024;;\r\n")
    with pytest.raises(CommandError, match="aucun accord enregistré"):
        call_command("import_partnerships", str(path))


def test_indicator_progress_per_pair_and_for_the_programme(province_a):
    programme = CooperationProgramme.objects.create(
        name="Programme", countries="Belgique, Maroc", starts_on=date(2008, 1, 1),
        ends_on=date(2012, 12, 31), objective="Objectif",
    )  # fmt: skip
    result = ExpectedResult.objects.create(
        programme=programme, number=3, title="Personnel compétent"
    )
    indicator = Indicator.objects.create(
        result=result, name="Agents formés", unit="agents", baseline=0, target=8
    )
    pairs = []
    for name, values in (("Jette", [2, 6]), ("Forest", [4, 8])):
        pair = CommunePair.objects.create(
            programme=programme, foreign_municipality=name, foreign_country="Belgique"
        )
        pair.communes.add(province_a.communes.first())
        for year, value in zip((2009, 2010), values, strict=True):
            Measurement.objects.create(indicator=indicator, pair=pair, year=year, value=value)
        pairs.append(pair)

    per_pair = indicator_series(programme=programme, pairs=pairs)
    overall = programme_series(programme=programme, pairs=pairs)

    jette = per_pair[pairs[0].pk][0]
    assert [(year, float(v)) for year, v in jette.points] == [(2009, 2.0), (2010, 6.0)]
    assert jette.progress == 75.0  # (6 - 0) / (8 - 0)
    assert [(year, float(v)) for year, v in overall[0].points] == [(2009, 3.0), (2010, 7.0)]
    assert overall[0].progress == 87.5


def test_programmes_are_visible_where_their_communes_are(users, province_a, province_b):
    programme = CooperationProgramme.objects.create(
        name="P", countries="B", starts_on=date(2008, 1, 1), ends_on=date(2012, 1, 1), objective="O"
    )
    pair = CommunePair.objects.create(
        programme=programme, foreign_municipality="Liège", foreign_country="Belgique"
    )
    pair.communes.add(province_b.communes.first())

    assert list(CooperationProgramme.objects.visible_to(users["national"])) == [programme]
    assert list(CooperationProgramme.objects.visible_to(users["coordinator"])) == []
    assert list(CommunePair.objects.visible_to(users["president"])) == []


def test_the_demo_reproduces_the_seed_shares_of_partners_and_the_six_pairs():
    call_command("seed_demo")
    from associations.models import Province

    national = __import__("takwia.models", fromlist=["User"]).User.objects.get(username="national")
    total = partner_figures(user=national)[-1]
    shares = {label: percent for label, _, percent in total.by_kind}
    assert 60 <= shares["Institution gouvernementale"] <= 75
    assert shares["Entreprise privée"] == 0
    assert 5 <= shares["ONG internationale"] <= 15
    seed_provinces = Province.objects.filter(code__in=["05.301", "04.481", "07.161"])
    without = sum(
        partner_figures(user=national, province=p)[-1].without_partnership for p in seed_provinces
    )
    everyone = sum(
        partner_figures(user=national, province=p)[-1].associations for p in seed_provinces
    )
    assert 40 <= 100 * without / everyone <= 58  # seed 001: 49 % never had a partnership
    # Each demo agreement's history starts with its creation, like the other demo records.
    created = Agreement.history.filter(history_type="+").values_list("id", flat=True)
    assert sorted(created) == sorted(Agreement.objects.values_list("pk", flat=True)) != []
    assert sorted(CommunePair.objects.values_list("foreign_municipality", flat=True)) == [
        "Auderghem",
        "Forest",
        "Jette",
        "Liège",
        "Schaerbeek",
        "Ville de Bruxelles",
    ]


def test_the_provincial_report_carries_the_partnership_figures_and_the_cooperation_pairs(
    province_a, partners, tmp_path
):
    from pypdf import PdfReader

    association = AssociationFactory(commune=province_a.communes.first())
    agree(association, partners["government"])
    agree(association, partners["international_ngo"])
    programme = CooperationProgramme.objects.create(
        name="Programme Belgique–Maroc", countries="Belgique, Maroc", starts_on=date(2008, 1, 1),
        ends_on=date(2012, 12, 31), objective="Objectif",
    )  # fmt: skip
    result = ExpectedResult.objects.create(programme=programme, number=1, title="Service social")
    indicator = Indicator.objects.create(
        result=result, name="Service social créé", unit="oui", baseline=0, target=1
    )
    pair = CommunePair.objects.create(
        programme=programme, foreign_municipality="Jette", foreign_country="Belgique"
    )
    pair.communes.add(province_a.communes.first())
    Measurement.objects.create(indicator=indicator, pair=pair, year=2010, value=1)
    out = tmp_path / "rapport.pdf"

    call_command("render_report", "--province", province_a.code, "--out", str(out))

    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "2 accords de partenariat enregistrés" in text
    assert "Institution gouvernementale 1 50,0 %" in text
    assert "Jumelage avec Jette" in text and "RI 1 · Service social créé" in text
