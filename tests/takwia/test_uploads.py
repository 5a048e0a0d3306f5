"""Documents attached to agreements and deliverables: size and real content checked."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships.models import Agreement, Partner
from takwia import uploads
from takwia.files import checks

pytestmark = pytest.mark.django_db


def _post_agreement(client, association, document):
    partner = Partner.objects.get_or_create(name="Fondation Z", kind="national_ngo")[0]
    return client.post(
        reverse("partnerships:agreement_create"),
        {
            "association": association.pk, "partner": partner.pk, "kind": "technical",
            "starts_on": "2025-05-01", "status": "active", "document": document,
        },
    )  # fmt: skip


def test_a_program_renamed_pdf_is_refused_beside_the_field(client, users, association_a):
    client.force_login(users["coordinator"])

    response = _post_agreement(
        client, association_a, SimpleUploadedFile("convention.pdf", b"MZ\x90\x00 program")
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["document"]
    assert errors == ["Le contenu du fichier ne correspond pas à son extension « .pdf »."]
    assert not Agreement.objects.exists()


def test_an_unaccepted_type_and_an_oversized_document_are_refused(
    client, users, association_a, monkeypatch
):
    client.force_login(users["coordinator"])
    monkeypatch.setattr(checks.DOCUMENTS, "max_bytes", checks.MEGABYTE)

    script = _post_agreement(client, association_a, SimpleUploadedFile("x.html", b"<script>"))
    big = _post_agreement(
        client, association_a, SimpleUploadedFile("x.pdf", b"%PDF-" + b"0" * checks.MEGABYTE)
    )

    assert script.context["form"].errors["document"] == [str(uploads.ERROR_DOCUMENT_TYPE)]
    assert big.context["form"].errors["document"] == ["Le fichier dépasse 1 Mo."]


def test_a_real_pdf_is_kept(client, users, association_a, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(users["coordinator"])

    response = _post_agreement(
        client, association_a, SimpleUploadedFile("convention.pdf", b"%PDF-1.7\n%%EOF\n")
    )

    assert response.status_code == 302
    assert Agreement.objects.get().document.name.endswith(".pdf")
