"""Web imports of communes, volunteers, placements and agreements (takwia/imports.py):
upload, preview, confirm, all or nothing, line-numbered French errors, scoped, long files
through jobs."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from associations.models import Commune
from partnerships.models import Agreement, Partner
from takwia.imports import kinds as imports
from takwia.models import Job, StagedImport
from tests.factories import AssociationFactory, UserFactory
from volunteers.demo import volunteers_seed
from volunteers.models import Placement, Volunteer
from volunteers.services import volunteers_import

pytestmark = pytest.mark.django_db

VOLUNTEERS_HEADER = (
    "Nom;Prénom;Genre;Date de naissance;Nationalité;Catégorie;Statut;Programme;Compétences\r\n"
)
PILOT = "Action pilote de volontariat Sud-Sud"


def _file(text: str, name: str = "fichier.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\ufeff" + text).encode(), "text/csv")


@pytest.fixture
def seeded(db):
    volunteers_seed()


def _volunteer_row(last: str, first: str = "Sara", born: str = "12/03/1995") -> str:
    return f"{last};{first};Femme;{born};Marocaine;Volontaire local;Disponible;{PILOT};\r\n"


def test_a_bad_line_is_refused_with_its_line_and_column_and_nothing_is_kept(client, users, seeded):
    client.force_login(users["volunteer_manager"])
    before = Volunteer.objects.count()
    text = VOLUNTEERS_HEADER + _volunteer_row("Zniber") + _volunteer_row("Diop", born="31/02/1990")

    response = client.post(reverse("volunteers:import_volunteers"), {"file": _file(text)})

    assert response.status_code == 422
    page = response.content.decode()
    assert "Le fichier est refusé : 1 erreur." in page
    assert "<td>3</td><td>Date de naissance</td>" in page
    assert "date attendue au format jj/mm/aaaa" in page
    assert Volunteer.objects.count() == before
    assert not StagedImport.objects.exists()


def test_volunteers_are_previewed_then_written_once_on_confirmation(client, users, seeded):
    client.force_login(users["volunteer_manager"])
    before = Volunteer.objects.count()
    text = VOLUNTEERS_HEADER + _volunteer_row("Zniber") + _volunteer_row("Alaoui", "Nadia")

    response = client.post(reverse("volunteers:import_volunteers"), {"file": _file(text)})

    staged = StagedImport.objects.get()
    assert response["Location"] == reverse("volunteers:import_volunteers_preview", args=[staged.pk])
    preview = client.get(response["Location"]).content.decode()
    assert "2 enregistrement(s) à créer et 0 à mettre à jour" in preview
    assert "<td>Alaoui</td>" in preview and "<td>Volontaire local</td>" in preview
    assert Volunteer.objects.count() == before

    confirm = reverse("volunteers:import_volunteers_confirm", args=[staged.pk])
    client.post(confirm)
    again = client.post(confirm, follow=True)

    assert Volunteer.objects.count() == before + 2
    assert "Ce fichier a déjà été importé." in again.content.decode()
    staged.refresh_from_db()
    assert (staged.status, staged.created_count) == (StagedImport.Status.APPLIED, 2)


def test_placements_are_imported_by_the_volunteer_manager(client, users, seeded):
    client.force_login(users["volunteer_manager"])
    volunteers_import(raw=(VOLUNTEERS_HEADER + _volunteer_row("Unique", "Yasmine")).encode())
    volunteer = Volunteer.objects.get(last_name="Unique")
    host = Placement.objects.select_related("host").first().host
    text = (
        "Nom du volontaire;Prénom du volontaire;Structure d'accueil;Ville;Programme;Thème;Début\r\n"
        f"{volunteer.last_name};{volunteer.first_name};{host.name};{host.city};{PILOT};"
        "Genre;03/01/2026\r\n"
    )
    before = Placement.objects.count()

    response = client.post(reverse("volunteers:import_placements"), {"file": _file(text)})
    client.post(response["Location"] + "confirm/")

    assert Placement.objects.count() == before + 1
    assert Placement.objects.filter(volunteer=volunteer, theme="Genre").exists()


def test_communes_are_imported_by_national_staff_only(client, users, province_a):
    text = (
        "Code;Nom (français);Milieu;Code province\r\n"
        f"99.999.99.99;Commune test;rural;{province_a.code}\r\n"
    )
    client.force_login(users["volunteer_manager"])
    assert client.get(reverse("associations:import_communes")).status_code == 403

    client.force_login(users["national"])
    response = client.post(reverse("associations:import_communes"), {"file": _file(text)})
    client.post(response["Location"] + "confirm/")

    commune = Commune.objects.get(code="99.999.99.99")
    assert (commune.province, commune.milieu) == (province_a, "rural")


def test_a_coordinator_imports_agreements_of_their_province_only(
    client, users, province_a, province_b
):
    Partner.objects.create(name="Fondation X", kind="private")
    AssociationFactory(commune=province_a.communes.first(), registration_ref="R-A")
    AssociationFactory(commune=province_b.communes.first(), registration_ref="R-B")
    header = "Référence du récépissé;Partenaire;Nature;Début\r\n"
    client.force_login(users["coordinator"])

    refused = client.post(
        reverse("partnerships:import_agreements"),
        {"file": _file(header + "R-A;Fondation X;Convention;01/02/2025\r\n"
                       "R-B;Fondation X;Convention;01/02/2025\r\n")},
    )  # fmt: skip
    assert refused.status_code == 422
    assert "<td>3</td><td>Association</td>" in refused.content.decode()

    response = client.post(
        reverse("partnerships:import_agreements"),
        {"file": _file(header + "R-A;Fondation X;Convention;01/02/2025\r\n")},
    )
    client.post(response["Location"] + "confirm/")
    agreement = Agreement.objects.get()
    assert agreement.association.registration_ref == "R-A"


def test_someone_elses_upload_is_not_found_and_national_staff_see_it(client, users, seeded):
    client.force_login(users["volunteer_manager"])
    text = VOLUNTEERS_HEADER + _volunteer_row("Zniber")
    client.post(reverse("volunteers:import_volunteers"), {"file": _file(text)})
    staged = StagedImport.objects.get()
    preview = reverse("volunteers:import_volunteers_preview", args=[staged.pk])

    client.force_login(UserFactory(volunteer_manager=True, username="autre"))
    assert client.get(preview).status_code == 404
    assert client.post(preview + "confirm/").status_code == 404
    client.force_login(users["national"])
    assert client.get(preview).status_code == 200
    # An upload of one kind is not reachable through another kind's pages.
    wrong = reverse("volunteers:import_placements_preview", args=[staged.pk])
    assert client.get(wrong).status_code == 404


def test_a_long_file_is_checked_then_written_by_jobs(
    client, users, seeded, monkeypatch, settings, tmp_path, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(imports, "INLINE_LINES", 3)
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(users["volunteer_manager"])
    before = Volunteer.objects.count()
    text = VOLUNTEERS_HEADER + "".join(_volunteer_row(f"Long{index}") for index in range(6))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("volunteers:import_volunteers"), {"file": _file(text)})

    check = Job.objects.get(kind="volunteers_import")
    staged = StagedImport.objects.get()
    assert response["Location"] == reverse("job_detail", args=[check.pk])
    assert (check.status, check.message) == (
        Job.Status.DONE,
        "Fichier valide : 6 à créer, 0 à mettre à jour.",
    )
    preview_url = reverse("volunteers:import_volunteers_preview", args=[staged.pk])
    assert preview_url in client.get(response["Location"]).content.decode()
    assert "<td>Long5</td>" in client.get(preview_url).content.decode()
    assert Volunteer.objects.count() == before

    with django_capture_on_commit_callbacks(execute=True):
        confirm = client.post(preview_url + "confirm/")

    apply = Job.objects.exclude(pk=check.pk).get()
    assert confirm["Location"] == reverse("job_detail", args=[apply.pk])
    apply.refresh_from_db()
    assert apply.message == "Import terminé : 6 créé(s), 0 mis à jour."
    assert Volunteer.objects.count() == before + 6


def test_a_long_file_with_a_bad_line_is_refused_and_the_preview_names_it(
    client, users, seeded, monkeypatch, settings, tmp_path, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(imports, "INLINE_LINES", 3)
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(users["volunteer_manager"])
    rows = [_volunteer_row(f"Long{index}") for index in range(5)]
    rows.append("Diop;Awa;X;01/01/1990;Sénégalaise;Volontaire local;Disponible;Inconnu;\r\n")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("volunteers:import_volunteers"),
            {"file": _file(VOLUNTEERS_HEADER + "".join(rows))},
        )

    staged = StagedImport.objects.get()
    page = client.get(reverse("volunteers:import_volunteers_preview", args=[staged.pk]))
    assert "<td>7</td><td>Genre</td>" in page.content.decode()
    assert "Confirmer l&#x27;import" not in page.content.decode()


def test_the_template_has_the_import_columns(client, users):
    client.force_login(users["national"])
    response = client.get(reverse("partnerships:import_agreements_template", args=["csv"]))
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Référence du récépissé;Association;Code commune;Partenaire")
    xlsx = client.get(reverse("partnerships:import_agreements_template", args=["xlsx"]))
    assert xlsx.content.startswith(b"PK")


def test_the_territory_page_offers_the_communes_import_to_national_staff_only(client, users):
    link = reverse("associations:import_communes")
    client.force_login(users["national"])
    assert link in client.get(reverse("associations:territory")).content.decode()
    client.force_login(users["coordinator"])
    assert link not in client.get(reverse("associations:territory")).content.decode()


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("gros.csv", 10 * 2**20 + 1, "Le fichier dépasse 10 Mo : découpez-le."),
        ("programme.exe", 10, "Fichier .csv ou .xlsx attendu."),
    ],
)
def test_a_file_too_big_or_of_another_kind_is_refused_next_to_the_field(
    client, users, name, size, message
):
    client.force_login(users["volunteer_manager"])
    upload = SimpleUploadedFile(name, b"x" * size, "text/csv")

    response = client.post(reverse("volunteers:import_volunteers"), {"file": upload})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not StagedImport.objects.exists()
