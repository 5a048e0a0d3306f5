"""Volunteering: the seed-003 pilot's figures, matching to diagnosed needs, personal data,
the volunteers import."""

import pytest
from django.urls import reverse

from diagnostics.models import Diagnostic, Score
from takwia.tabular import ImportRejected
from tests.factories import AssociationFactory, CampaignFactory, DiagnosticFactory
from volunteers.demo import volunteers_seed
from volunteers.models import ExportLog, Programme, Skill, Volunteer
from volunteers.selectors import (
    associations_needing_volunteer,
    volunteer_figures,
    volunteers_matching_for_association,
)
from volunteers.services import skills_load, volunteers_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    volunteers_seed()
    return Programme.objects.get(name="Action pilote de volontariat Sud-Sud")


def test_the_south_south_pilot_is_represented_as_seed_003_describes_it(seeded):
    figures = volunteer_figures(programme=seeded)

    assert seeded.placements.count() == 16
    assert seeded.placements.values("host").distinct().count() == 15
    assert figures["crossing"] == {"moroccans_abroad": 8, "foreigners_in_morocco": 8}
    hosts = {}
    for placement in seeded.placements.select_related("host"):
        hosts[placement.host.pk] = placement.host.kind
    kinds = sorted(hosts.values())
    assert [
        kinds.count(k) for k in ("association", "public_body", "local_authority", "private")
    ] == [8, 4, 2, 1]
    assert {
        h.country
        for h in seeded.placements.values_list("host__country", flat=True).distinct() and []
    } == set()
    countries = set(seeded.placements.values_list("host__country", flat=True))
    assert countries == {"Maroc", "Sénégal", "Mali", "Côte d'Ivoire"}
    assert (seeded.starts_on.isoformat(), seeded.ends_on.isoformat()) == (
        "2020-01-01",
        "2022-02-28",
    )
    assert dict(figures["deliverables_by_kind"])["Application"] == 1
    assert (
        seeded.events.filter(kind="webinar").exists()
        and seeded.events.filter(kind="review").exists()
    )


def test_the_un_volunteers_programme_shows_27_active_volunteers(seeded):
    vnu = Programme.objects.get(name="Volontaires des Nations unies au Maroc")
    assert volunteer_figures(programme=vnu)["active"] == 27
    assert volunteer_figures()["active"] == 27  # the pilot's missions are over


def test_matching_suggests_available_volunteers_whose_skills_answer_weak_subdimensions(
    users, province_a
):
    skills_load()
    programme = Programme.objects.create(
        name="P", coordinator="C", countries="Maroc", starts_on="2026-01-01"
    )
    accountant = Volunteer.objects.create(
        first_name="Sara",
        last_name="Alami",
        gender="f",
        nationality="Marocaine",
        category="local",
        status="available",
        programme=programme,
    )
    accountant.skills.add(Skill.objects.get(code="comptabilite"))
    busy = Volunteer.objects.create(
        first_name="Ali",
        last_name="Bennis",
        gender="m",
        nationality="Marocaine",
        category="local",
        status="active",
        programme=programme,
    )
    busy.skills.add(Skill.objects.get(code="comptabilite"))

    matches = volunteers_matching_for_association(
        weak_codes={"management.financial", "governance.gender"}
    )

    assert [(m.volunteer, m.reasons) for m in matches] == [(accountant, ["management.financial"])]
    diagnostic = DiagnosticFactory(
        campaign=CampaignFactory(province=province_a), status=Diagnostic.Status.SUBMITTED
    )
    Score.objects.create(
        diagnostic=diagnostic, level="subdimension", code="management.financial", score=20
    )
    Score.objects.create(
        diagnostic=diagnostic, level="subdimension", code="projects.accounting", score=90
    )
    needing = associations_needing_volunteer(volunteer=accountant, user=users["volunteer_manager"])
    assert needing == [
        (diagnostic.association_id, diagnostic.association.name_fr, ["management.financial"])
    ]
    assert associations_needing_volunteer(volunteer=accountant, user=users["president"]) == []


def test_personal_data_is_shown_to_managers_only_and_exports_are_logged(client, users, seeded):
    volunteer = Volunteer.objects.filter(programme=seeded).first()
    url = reverse("volunteers:volunteer", args=[volunteer.pk])

    client.force_login(users["volunteer_manager"])
    manager_page = client.get(url).content.decode()
    export = client.get(reverse("volunteers:export"))
    rows = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    client.force_login(users["national"])
    national_page = client.get(url).content.decode()

    assert volunteer.email in manager_page and volunteer.email in national_page
    assert len(rows) == Volunteer.objects.count() + 1
    log = ExportLog.objects.get()
    assert (log.user, log.rows) == (users["volunteer_manager"], Volunteer.objects.count())


def test_coordinators_see_names_and_roles_of_placements_in_their_province_only(
    client, users, province_a, seeded
):
    from volunteers.models import Host, Placement

    volunteer = Volunteer.objects.filter(programme=seeded).first()
    local = AssociationFactory(commune=province_a.communes.first())
    host = Host.objects.create(
        name="Hôte local", kind="association", country="Maroc", city="Khénifra", association=local
    )
    here = Placement.objects.create(
        volunteer=volunteer, host=host, programme=seeded, theme="Genre", starts_on="2026-01-01"
    )
    client.force_login(users["coordinator"])

    listed = list(client.get(reverse("volunteers:placements")).context["page"].object_list)
    page = client.get(reverse("volunteers:placement", args=[here.pk])).content.decode()

    assert listed == [here]
    assert (
        str(volunteer) in page and volunteer.email not in page and volunteer.nationality not in page
    )
    assert client.get(reverse("volunteers:volunteer", args=[volunteer.pk])).status_code == 403
    assert client.get(reverse("volunteers:export")).status_code == 403


HEADER = "Nom;Prénom;Genre;Date de naissance;Nationalité;Catégorie;Statut;Programme;Compétences\r\n"
PILOT = "Action pilote de volontariat Sud-Sud"
LOCAL = "Volontaire local;Disponible"


def test_the_volunteers_import_is_all_or_nothing_with_line_numbered_errors(seeded):
    raw = "".join([
        HEADER,
        f"Zniber;Sara;Femme;12/03/1995;Marocaine;{LOCAL};{PILOT};Comptabilité et finances\r\n",
        f"Diop;Awa;F;31/02/1990;Sénégalaise;{LOCAL};Programme inconnu;\r\n",
        f"Kane;Ali;X;01/01/1990;Sénégalaise;{LOCAL};{PILOT};Astrologie\r\n",
    ]).encode()  # fmt: skip
    before = Volunteer.objects.count()

    with pytest.raises(ImportRejected) as exc_info:
        volunteers_import(raw=raw)

    messages = [str(e) for e in exc_info.value.errors]
    assert messages[0].startswith("Ligne 3, colonne « Date de naissance »")
    assert any(m.startswith("Ligne 4, colonne « Genre »") for m in messages)
    assert Volunteer.objects.count() == before
    good = (
        HEADER
        + f"Zniber;Sara;Femme;12/03/1995;Marocaine;{LOCAL};{PILOT};comptabilite | informatique\r\n"
    ).encode()
    assert volunteers_import(raw=good).created == 1
    assert volunteers_import(raw=good).updated == 1
    assert Volunteer.objects.get(last_name="Zniber").skills.count() == 2


def test_the_placements_import_refuses_unknown_volunteers_and_hosts_then_updates(seeded, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from volunteers.models import Placement

    volunteer = Volunteer.objects.filter(programme=seeded).first()
    header = (
        "Nom du volontaire;Prénom du volontaire;Structure d'accueil;Ville;Programme;Thème;"
        "Début;Fin\r\n"
    )
    name = f"{volunteer.last_name};{volunteer.first_name}"
    path = tmp_path / "missions.csv"
    path.write_text(
        header + f"Inconnu;X;Enda Mali;Bamako;{PILOT};Migration;01/01/2026;\r\n"
        f"{name};Hôte inconnu;Rabat;{PILOT};Migration;01/01/2026;\r\n",
        "utf-8-sig",
    )
    before = Placement.objects.count()
    with pytest.raises(CommandError, match="2 erreur"):
        call_command("import_volunteers", "--placements", str(path))
    assert Placement.objects.count() == before

    path.write_text(
        header + f"{name};Enda Mali;Bamako;{PILOT};Genre;01/01/2026;\r\n",
        "utf-8-sig",
    )
    call_command("import_volunteers", "--placements", str(path))
    call_command("import_volunteers", "--placements", str(path))
    assert Placement.objects.count() == before + 1


def test_the_association_page_suggests_volunteers_for_its_weak_subdimensions(
    client, users, province_a
):
    skills_load()
    programme = Programme.objects.create(
        name="P", coordinator="C", countries="Maroc", starts_on="2026-01-01"
    )
    volunteer = Volunteer.objects.create(
        first_name="Sara", last_name="Alami", gender="f", nationality="Marocaine",
        category="local", status="available", programme=programme,
    )  # fmt: skip
    volunteer.skills.add(Skill.objects.get(code="genre"))
    diagnostic = DiagnosticFactory(
        campaign=CampaignFactory(province=province_a), status=Diagnostic.Status.SUBMITTED
    )
    Score.objects.create(
        diagnostic=diagnostic, level="subdimension", code="governance.gender", score=10
    )
    url = reverse("associations:detail", args=[diagnostic.association.pk])

    client.force_login(users["volunteer_manager"])
    page = client.get(url).content.decode()
    client.force_login(users["coordinator"])
    coordinator_page = client.get(url).content.decode()

    from diagnostics.models import SubDimension

    gender = SubDimension.objects.filter(code="governance.gender").order_by("-pk").first()
    # The sub-dimension it answers, by name (never its code).
    assert "Sara Alami" in page and gender.name in page and "governance.gender" not in page
    assert "Sara Alami" not in coordinator_page


def test_the_provincial_report_lists_the_volunteers_hosted_in_the_province(seeded, tmp_path):
    from django.core.management import call_command
    from pypdf import PdfReader

    out = tmp_path / "tanger.pdf"
    call_command("render_report", "--province", "01.511", "--out", str(out))

    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert (
        "1 missions de volontaires accueillies par des associations de la province, 1 livrables."
        in text
    )
    assert "Association APSOPAD International (Tanger)" in text


def test_the_export_is_the_filtered_list_and_its_log_counts_the_rows_exported(
    client, users, seeded
):
    client.force_login(users["volunteer_manager"])
    page = client.get(reverse("volunteers:volunteers"), {"status": "active"}).content.decode()

    response = client.get(reverse("volunteers:export"), {"status": "active"})

    rows = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert f"{reverse('volunteers:export')}?status=active" in page
    assert len(rows) - 1 == Volunteer.objects.filter(status="active").count() == 27
    log = ExportLog.objects.get()
    assert (log.query, log.rows) == ("status=active", 27)


def test_the_export_re_imports_unchanged(client, users, seeded):
    client.force_login(users["volunteer_manager"])
    before = list(Volunteer.objects.order_by("pk").values())

    response = client.get(reverse("volunteers:export"))
    result = volunteers_import(raw=b"".join(response.streaming_content))

    assert (result.created, result.updated) == (0, Volunteer.objects.count())
    assert list(Volunteer.objects.order_by("pk").values()) == before
