"""Questionnaires filled in KoboToolbox or ODK Collect come back into a campaign: matched
to the sample by the association's identifier, checked as the pages check answers, all
or nothing, entered as submitted with a history saying where they came from; a second
import of the same file changes nothing."""

import csv
import io
import json
from datetime import datetime

import pytest
from django.urls import reverse
from openpyxl import Workbook

from diagnostics.models import Diagnostic, SampleEntry
from diagnostics.questionnaire import kinds
from diagnostics.services import structure_for
from diagnostics.services.submissions import (
    ERROR_NO_IDENTIFIER,
    ERROR_UNKNOWN_ASSOCIATION,
    submissions_import,
)
from takwia.api.models import SubmissionImport
from takwia.tabular import ImportRejected
from tests.diagnostics.test_diagnostic_entry import full_answers
from tests.factories import AssociationFactory, CampaignFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(province_a):
    """A campaign of province A with two sampled associations, one with a receipt number."""
    campaign = CampaignFactory(province=province_a)
    commune = province_a.communes.first()
    first = AssociationFactory(commune=commune, registration_ref="REC-2019-0042")
    second = AssociationFactory(commune=commune)
    for association in (first, second):
        SampleEntry.objects.create(campaign=campaign, association=association)
    campaign.first, campaign.second = first, second
    return campaign


def kobo_row(structure, reference: str, **overrides) -> dict:
    """A submission as Kobo exports it: group/question headers, XML values, ISO dates,
    space-separated multiple choices, Kobo's metadata columns."""
    row = {"start": "2026-03-02T09:00:00", "association_ref": reference,
           "respondent": "Fatima Zahra", "interviewed_on": "2026-03-02"}  # fmt: skip
    for code, value in full_answers(structure).items():
        question = structure.by_code[code]
        header = f"{question.subdimension.axis.code}/{code}"
        if isinstance(value, list):
            value = " ".join(value)
        elif question.kind == "date":
            value = datetime.strptime(value, "%d/%m/%Y").date().isoformat()
        row[header] = overrides.get(code, value)
    row.update({"_id": "1", "_uuid": f"uuid-{reference}", "_submission_time": "2026-03-02"})
    return row


def kobo_csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def test_a_kobo_export_of_filled_forms_imports_as_submitted_diagnostics(campaign, users):
    structure = structure_for(campaign.version)
    raw = kobo_csv(
        [kobo_row(structure, "rec-2019-0042"), kobo_row(structure, str(campaign.second.pk))]
    )

    result = submissions_import(
        campaign=campaign, raw=raw, user=users["field_agent"], filename="kobo.csv"
    )

    assert (result.source, result.imported, result.unchanged) == ("kobo", 2, 0)
    diagnostics = Diagnostic.objects.filter(campaign=campaign).order_by("association_id")
    assert [d.status for d in diagnostics] == [Diagnostic.Status.SUBMITTED] * 2
    first = diagnostics.get(association=campaign.first)
    assert first.overall_score is not None and first.respondent == "Fatima Zahra"
    assert first.submitted_by == users["field_agent"]
    assert first.answers.get(question__code="gov_statutes_compliant").value_bool is True
    assert first.history.first().history_change_reason == (
        "Importé de KoboToolbox (kobo.csv, ligne 2)"
    )


def test_a_second_import_of_the_same_file_changes_nothing(campaign, users):
    structure = structure_for(campaign.version)
    raw = kobo_csv([kobo_row(structure, "REC-2019-0042")])
    submissions_import(campaign=campaign, raw=raw, user=users["field_agent"], filename="k.csv")
    diagnostic = Diagnostic.objects.get(campaign=campaign)
    history, answers = diagnostic.history.count(), diagnostic.answers.count()

    again = submissions_import(
        campaign=campaign, raw=raw, user=users["field_agent"], filename="k.csv"
    )

    assert (again.imported, again.unchanged) == (0, 1)
    diagnostic.refresh_from_db()
    assert (diagnostic.history.count(), diagnostic.answers.count()) == (history, answers)


def test_one_bad_cell_refuses_the_whole_file_with_its_line_and_column(campaign, users):
    structure = structure_for(campaign.version)
    raw = kobo_csv(
        [
            kobo_row(structure, "REC-2019-0042"),
            kobo_row(structure, str(campaign.second.pk), gov_ga_count_3y="4 projets"),
            kobo_row(structure, "REC-inconnu"),
        ]
    )

    with pytest.raises(ImportRejected) as refused:
        submissions_import(campaign=campaign, raw=raw, user=users["field_agent"])

    assert [str(error) for error in refused.value.errors] == [
        f"Ligne 3, colonne « governance/gov_ga_count_3y » : {kinds.ERROR_INTEGER}",
        "Ligne 4, colonne « association_ref » : "
        + ERROR_UNKNOWN_ASSOCIATION.format(value="REC-inconnu"),
    ]
    assert not Diagnostic.objects.filter(campaign=campaign).exists()


def test_an_incomplete_submission_names_the_missing_questions(campaign, users):
    structure = structure_for(campaign.version)
    row = kobo_row(structure, "REC-2019-0042", gov_statutes_compliant="")

    with pytest.raises(ImportRejected) as refused:
        submissions_import(campaign=campaign, raw=kobo_csv([row]), user=users["field_agent"])

    assert str(refused.value.errors[0]) == (
        "Ligne 2 : Le questionnaire est incomplet : 1 réponse(s) obligatoire(s) manquante(s) "
        "(gov_statutes_compliant)"
    )


def test_an_association_outside_the_sample_or_the_scope_is_not_matched(
    campaign, users, association_b
):
    SampleEntry.objects.create(campaign=campaign, association=association_b)  # province B
    structure = structure_for(campaign.version)

    with pytest.raises(ImportRejected) as refused:
        submissions_import(
            campaign=campaign,
            raw=kobo_csv([kobo_row(structure, str(association_b.pk))]),
            user=users["field_agent"],
        )

    assert refused.value.errors[0].column == "association_ref"


def test_an_export_with_labels_instead_of_names_is_refused_clearly(campaign, users):
    with pytest.raises(ImportRejected) as refused:
        submissions_import(
            campaign=campaign, raw=b"Association;Date\nX;2026\n", user=users["national"]
        )

    assert refused.value.errors == [ERROR_NO_IDENTIFIER]


def test_kobos_json_data_file_imports_too(campaign, users):
    structure = structure_for(campaign.version)
    data = [kobo_row(structure, "REC-2019-0042")]

    result = submissions_import(
        campaign=campaign,
        raw=json.dumps(data).encode(),
        user=users["national"],
        filename="data.json",
    )

    assert result.imported == 1


def odk_xlsx(rows: list[dict]) -> bytes:
    """ODK Central's export: group-question headers, its own metadata columns."""
    workbook = Workbook()
    sheet = workbook.active
    rows = [{k: v for k, v in row.items() if not k.startswith("_")} for row in rows]
    headers = ["SubmissionDate"] + [h.replace("/", "-") for h in rows[0]] + ["KEY"]
    sheet.append(headers)
    for row in rows:
        sheet.append(["2026-03-02"] + list(row.values()) + ["uuid:1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_odk_central_export_goes_through_upload_preview_and_confirm(client, campaign, users):
    structure = structure_for(campaign.version)
    content = odk_xlsx([kobo_row(structure, "REC-2019-0042")])
    client.force_login(users["field_agent"])
    upload = io.BytesIO(content)
    upload.name = "odk.xlsx"

    uploaded = client.post(
        reverse("diagnostics:submissions_import", args=[campaign.pk]), {"file": upload}
    )
    staged = SubmissionImport.objects.get()
    preview = client.get(reverse("diagnostics:submissions_preview", args=[staged.pk]))
    assert not Diagnostic.objects.exists()
    confirmed = client.post(reverse("diagnostics:submissions_confirm", args=[staged.pk]))

    assert uploaded.status_code == 302 and preview.status_code == 200
    assert preview.context["result"].imported == 1
    assert confirmed.status_code == 302
    diagnostic = Diagnostic.objects.get()
    assert diagnostic.status == Diagnostic.Status.SUBMITTED
    assert diagnostic.history.first().history_change_reason == (
        "Importé d'ODK Central (odk.xlsx, ligne 2)"
    )
    staged.refresh_from_db()
    assert staged.status == SubmissionImport.Status.APPLIED and staged.imported_count == 1


def test_a_refused_upload_lists_its_errors_and_stages_nothing(client, campaign, users):
    structure = structure_for(campaign.version)
    upload = io.BytesIO(kobo_csv([kobo_row(structure, "REC-2019-0042", gov_ga_count_3y="x")]))
    upload.name = "kobo.csv"
    client.force_login(users["field_agent"])

    response = client.post(
        reverse("diagnostics:submissions_import", args=[campaign.pk]), {"file": upload}
    )

    assert response.status_code == 422
    assert kinds.ERROR_INTEGER in response.content.decode()
    assert not SubmissionImport.objects.exists()
