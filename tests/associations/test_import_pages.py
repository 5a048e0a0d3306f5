"""The upload page (check, preview, confirm) and the export of the filtered list."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from associations.models import Association, AssociationImport
from takwia.tabular import table_read
from tests.factories import AssociationFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "Nom (français);Code commune;Date de création\r\n"


def upload(client, content: str, name="associations.csv"):
    file = SimpleUploadedFile(name, ("\ufeff" + content).encode("utf-8"), "text/csv")
    return client.post(reverse("associations:import"), {"file": file})


def test_a_file_with_a_bad_row_is_refused_with_its_line_and_nothing_is_kept(client, users):
    client.force_login(users["field_agent"])

    response = upload(
        client,
        HEADER + "Association Une;05.301.01.01;01/01/2010\r\n"
        "Association Deux;05.301.01.01;32/01/2010\r\n",
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert "Le fichier est refusé : 1 erreur." in page
    assert "<td>3</td><td>Date de création</td>" in page
    assert "32/01/2010" in page
    assert not Association.objects.filter(name_fr__startswith="Association Une").exists()
    assert not AssociationImport.objects.exists()


def test_a_clean_file_is_previewed_then_written_on_confirmation(client, users):
    client.force_login(users["field_agent"])

    response = upload(client, HEADER + "Association Une;05.301.01.01;01/01/2010\r\n")

    staged = AssociationImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("associations:import_preview", args=[staged.pk])
    preview = client.get(response["Location"]).content.decode()
    assert "1 association(s) à créer" in preview
    assert not Association.objects.filter(name_fr="Association Une").exists()

    confirm = client.post(reverse("associations:import_confirm", args=[staged.pk]), follow=True)

    created = Association.objects.get(name_fr="Association Une")
    assert "Import terminé : 1 association(s) créée(s)" in confirm.content.decode()
    staged.refresh_from_db()
    assert (staged.status, staged.created_count) == (AssociationImport.Status.APPLIED, 1)
    record = created.history.get()
    assert record.history_user == users["field_agent"]
    assert record.history_change_reason == "Import associations.csv"


def test_confirming_twice_imports_once(client, users):
    client.force_login(users["field_agent"])
    upload(client, HEADER + "Association Une;05.301.01.01;01/01/2010\r\n")
    staged = AssociationImport.objects.get()
    url = reverse("associations:import_confirm", args=[staged.pk])

    client.post(url)
    response = client.post(url, follow=True)

    assert "Ce fichier a déjà été importé." in response.content.decode()
    assert Association.objects.filter(name_fr="Association Une").count() == 1


def test_a_file_invalidated_after_its_upload_is_not_written(client, users):
    client.force_login(users["field_agent"])
    upload(
        client,
        "Référence du récépissé;" + HEADER.replace("\r\n", "") + "\r\n"
        "R-9;Association Une;05.301.01.01;01/01/2010\r\n",
    )
    staged = AssociationImport.objects.get()
    # Meanwhile the reference is given to an association of another province.
    AssociationFactory(registration_ref="R-9", commune__province__code="99.999")

    response = client.post(reverse("associations:import_confirm", args=[staged.pk]), follow=True)

    page = response.content.decode()
    assert "ne passe plus la vérification" in page
    assert "hors de votre périmètre" in page
    assert not Association.objects.filter(name_fr="Association Une").exists()


def test_another_agent_cannot_open_someone_elses_upload(client, users, province_a):
    client.force_login(users["field_agent"])
    upload(client, HEADER + "Association Une;05.301.01.01;01/01/2010\r\n")
    staged = AssociationImport.objects.get()
    colleague = UserFactory(field_agent=True, provinces=[province_a])
    client.force_login(colleague)

    assert client.get(reverse("associations:import_preview", args=[staged.pk])).status_code == 404
    response = client.post(reverse("associations:import_confirm", args=[staged.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("liste.pdf", "Fichier .csv ou .xlsx attendu."),
        ("vieux.xls", "enregistrez le fichier en .xlsx"),
    ],
)
def test_wrong_kinds_of_file_get_a_message_next_to_the_field(client, users, name, message):
    client.force_login(users["field_agent"])
    raw = b"\xd0\xcf\x11\xe0" + b"\x00" * 64 if name.endswith(".xls") else b"%PDF-1.4"

    response = client.post(reverse("associations:import"), {"file": SimpleUploadedFile(name, raw)})

    assert message in response.content.decode()
    assert not AssociationImport.objects.exists()


def test_the_template_downloads_in_both_formats(client, users):
    client.force_login(users["field_agent"])

    xlsx = client.get(reverse("associations:import_template", args=["xlsx"]))
    csv = client.get(reverse("associations:import_template", args=["csv"]))

    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames == ["Associations", "Colonnes"]
    assert "Santé" in [row[0] for row in workbook["Colonnes"].iter_rows(values_only=True)]
    assert table_read(csv.content).headers[1] == "Nom (français)"
    assert client.get(reverse("associations:import_template", args=["pdf"])).status_code == 404


def test_a_coordinator_exports_the_filtered_list_of_their_province_only(
    client, users, province_a, province_b
):
    AssociationFactory(commune=province_a.communes.first(), name_fr="Association Tifawin")
    AssociationFactory(commune=province_a.communes.first(), name_fr="Association Nour")
    AssociationFactory(commune=province_b.communes.first(), name_fr="Association Tifawin bis")
    client.force_login(users["coordinator"])

    response = client.get(reverse("associations:export"), {"q": "tifawin", "format": "csv"})

    assert response["Content-Disposition"].startswith('attachment; filename="associations-')
    rows = table_read(b"".join(response.streaming_content)).rows
    assert [row["nom (francais)"] for _, row in rows] == ["Association Tifawin"]


def test_the_xlsx_export_opens_with_the_same_rows(client, users, province_a):
    AssociationFactory(commune=province_a.communes.first(), name_fr="Association Tifawin")
    client.force_login(users["national"])

    response = client.get(reverse("associations:export"), {"format": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Association Tifawin" in names
    assert client.get(reverse("associations:export"), {"format": "pdf"}).status_code == 404


def test_the_list_page_offers_import_and_export_to_those_allowed(client, users):
    client.force_login(users["field_agent"])
    agent_page = client.get(reverse("associations:list")).content.decode()
    client.force_login(users["coordinator"])
    coordinator_page = client.get(reverse("associations:list"), {"q": "amal"}).content.decode()

    assert reverse("associations:import") in agent_page
    assert reverse("associations:import") not in coordinator_page
    assert f"{reverse('associations:export')}?q=amal&amp;format=xlsx" in coordinator_page
