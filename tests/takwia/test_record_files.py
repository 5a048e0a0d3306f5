"""Files that belong to a record (takwia.files): kinds checked by their content, size
limits, safe stored names, downloads that re-check access, logged, served as
attachments; applied to volunteers' deliverables and partnership agreements."""

from datetime import date

import pytest
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from partnerships.models import Agreement, Partner
from takwia import files
from takwia.files import checks
from takwia.models import FileDownload
from tests.factories import UserFactory
from tests.factories.files import (
    PDF,
    PROGRAM,
    docx_bytes,
    odt_bytes,
    png_bytes,
    upload,
    zip_bytes,
)
from volunteers.models import Deliverable, Host, Placement, Programme, Volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


def refusal(upload_file, policy=files.DOCUMENTS) -> list[str]:
    with pytest.raises(forms.ValidationError) as raised:
        files.checked(upload_file, policy)
    return raised.value.messages


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("statuts.pdf", PDF),
        ("photo.png", png_bytes()),
        ("photo.JPG", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
        ("rapport.docx", docx_bytes()),
        ("rapport.odt", odt_bytes()),
    ],
)
def test_real_documents_of_each_kind_are_accepted(name, content):
    accepted = upload(name, content)

    assert files.checked(accepted, files.DOCUMENTS) is accepted
    assert accepted.tell() == 0  # read from the start when stored


def test_a_program_renamed_pdf_is_refused_with_a_french_message():
    assert refusal(upload("statuts.pdf", PROGRAM)) == [
        "Le contenu du fichier ne correspond pas à son extension « .pdf »."
    ]


def test_a_zip_renamed_docx_or_odt_is_refused_and_so_is_a_document_with_macros():
    plain_zip = zip_bytes({"readme.txt": b"hello"})

    assert refusal(upload("rapport.docx", plain_zip)) == [
        "Le contenu du fichier ne correspond pas à son extension « .docx »."
    ]
    assert refusal(upload("rapport.odt", plain_zip)) == [
        "Le contenu du fichier ne correspond pas à son extension « .odt »."
    ]
    assert refusal(upload("rapport.docx", docx_bytes(macros=True))) == [
        "Les documents contenant des macros ne sont pas acceptés."
    ]
    # A truncated archive is not a document either.
    assert refusal(upload("rapport.docx", docx_bytes()[:40])) == [
        "Le contenu du fichier ne correspond pas à son extension « .docx »."
    ]


def test_other_kinds_empty_and_oversized_files_are_refused():
    assert refusal(upload("page.html", b"<script>")) == [str(checks.ERROR_DOCUMENT_TYPE)]
    assert refusal(upload("vide.pdf", b"")) == ["Le fichier est vide."]
    big = upload("gros.pdf", PDF + b"0" * files.MAX_DOCUMENT_BYTES)
    assert refusal(big) == ["Le fichier dépasse 10 Mo."]
    # Evidence: PDF, JPEG or PNG only, 5 MB at most.
    assert refusal(upload("rapport.docx", docx_bytes()), files.EVIDENCE) == [
        "Type de fichier non accepté : PDF, JPEG ou PNG."
    ]
    just_over = upload("photo.png", png_bytes() + b"0" * (files.MAX_EVIDENCE_BYTES - 60))
    assert just_over.size > files.MAX_EVIDENCE_BYTES
    assert refusal(just_over, files.EVIDENCE) == ["Le fichier dépasse 5 Mo."]


def test_stored_names_are_cleaned_and_unguessable():
    name = files.StoredName("evidence")

    first = name(None, "../../etc/Procès verbal (AG) 2024.PDF")
    second = name(None, "../../etc/Procès verbal (AG) 2024.PDF")
    arabic = name(None, "محضر الجمع العام.pdf")

    assert first.startswith("evidence/") and first.endswith("/procès-verbal-ag-2024.pdf")
    assert ".." not in first and first != second
    assert arabic.endswith("/محضر-الجمع-العام.pdf")
    assert files.shown_name(first) == "procès-verbal-ag-2024.pdf"


# --- Volunteers' deliverables -------------------------------------------------------------


@pytest.fixture
def placement_a(association_a):
    programme = Programme.objects.create(
        name="Programme", coordinator="VNU", countries="Maroc", starts_on=date(2026, 1, 1)
    )
    volunteer = Volunteer.objects.create(
        first_name="Sara", last_name="Alami", gender="f", nationality="Marocaine",
        category="local", status="active", programme=programme,
    )  # fmt: skip
    host = Host.objects.create(
        name="Hôte", kind="association", country="Maroc", city="Khénifra", association=association_a
    )
    return Placement.objects.create(
        volunteer=volunteer, host=host, programme=programme, theme="Genre",
        starts_on=date(2026, 1, 1),
    )  # fmt: skip


def add_deliverable(client, placement, content, name="etude.pdf"):
    return client.post(
        reverse("volunteers:placement", args=[placement.pk]),
        {"kind": "study", "title": "Étude de genre", "file": upload(name, content)},
    )


def test_a_deliverable_renamed_exe_is_refused_beside_the_field(client, users, placement_a):
    client.force_login(users["volunteer_manager"])

    response = add_deliverable(client, placement_a, PROGRAM)

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Le contenu du fichier ne correspond pas à son extension « .pdf »."
    ]
    assert not Deliverable.objects.exists()


def test_a_deliverable_file_is_linked_downloaded_as_attachment_and_logged(
    client, users, placement_a
):
    client.force_login(users["volunteer_manager"])
    add_deliverable(client, placement_a, PDF, name="Étude genre.pdf")
    deliverable = Deliverable.objects.get()
    url = reverse("volunteers:deliverable_file", args=[deliverable.pk])

    page = client.get(reverse("volunteers:placement", args=[placement_a.pk])).content.decode()
    client.force_login(users["coordinator"])  # of the host's province
    response = client.get(url)

    assert f'href="{url}"' in page and "étude-genre.pdf" in page
    assert "/media/" not in page
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    log = FileDownload.objects.get()
    assert (log.user, log.record_id, log.file_name) == (
        users["coordinator"],
        deliverable.pk,
        deliverable.file.name,
    )
    assert log.record_type == ContentType.objects.get_for_model(Deliverable)


def test_a_deliverable_of_another_province_is_404_and_not_logged(
    client, users, placement_a, province_b
):
    deliverable = Deliverable.objects.create(
        placement=placement_a, kind="study", title="Étude", file=upload("etude.pdf", PDF)
    )
    client.force_login(UserFactory(coordinator=True, provinces=[province_b]))

    response = client.get(reverse("volunteers:deliverable_file", args=[deliverable.pk]))

    assert response.status_code == 404
    assert not FileDownload.objects.exists()


def test_a_record_without_file_or_with_a_lost_file_is_404(client, users, placement_a):
    deliverable = Deliverable.objects.create(placement=placement_a, kind="study", title="Étude")
    client.force_login(users["volunteer_manager"])
    url = reverse("volunteers:deliverable_file", args=[deliverable.pk])

    assert client.get(url).status_code == 404
    deliverable.file.name = "deliverables/2026/perdu/etude.pdf"
    deliverable.save()
    assert client.get(url).status_code == 404
    assert not FileDownload.objects.exists()


# --- Partnership agreements ---------------------------------------------------------------


def test_an_agreement_document_is_shown_on_its_page_and_downloaded(
    client, users, association_a, province_b
):
    partner = Partner.objects.create(name="Fondation Z", kind="national_ngo")
    agreement = Agreement.objects.create(
        association=association_a, partner=partner, kind="technical",
        starts_on=date(2025, 5, 1), document=upload("convention.docx", docx_bytes()),
    )  # fmt: skip
    url = reverse("partnerships:agreement_document", args=[agreement.pk])
    client.force_login(users["field_agent"])

    page = client.get(reverse("partnerships:agreement", args=[agreement.pk])).content.decode()
    response = client.get(url)
    client.force_login(UserFactory(coordinator=True, provinces=[province_b]))
    outside = client.get(url)

    assert f'href="{url}"' in page and "convention.docx" in page
    assert response.status_code == 200
    assert response["Content-Type"] == checks.DOCX.content_type
    assert response["Content-Disposition"] == 'attachment; filename="convention.docx"'
    assert outside.status_code == 404
    assert FileDownload.objects.count() == 1


def test_national_staff_read_the_download_log_in_the_admin_and_cannot_change_it(
    client, users, placement_a
):
    deliverable = Deliverable.objects.create(
        placement=placement_a, kind="study", title="Étude", file=upload("etude.pdf", PDF)
    )
    client.force_login(users["coordinator"])
    client.get(reverse("volunteers:deliverable_file", args=[deliverable.pk]))
    log = FileDownload.objects.get()
    client.force_login(users["national"])

    listing = client.get(reverse("admin:takwia_filedownload_changelist"))
    change = client.post(reverse("admin:takwia_filedownload_change", args=[log.pk]), {})
    delete = client.post(
        reverse("admin:takwia_filedownload_delete", args=[log.pk]), {"post": "yes"}
    )

    assert listing.status_code == 200
    assert deliverable.file.name in listing.content.decode()
    assert change.status_code == 403 and delete.status_code == 403
    assert FileDownload.objects.filter(pk=log.pk).exists()
