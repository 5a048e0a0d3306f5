"""Evidence per answer (issue 14, item 7): a comment and files (PDF, JPEG, PNG; 5 MB)
on any answer, added from the entry step without JavaScript, shown to the reviewer
beside the answer, downloaded with access re-checked and logged, listed in the
association's PDF."""

import io
from types import SimpleNamespace

import pytest
from django.urls import reverse
from pypdf import PdfReader

from diagnostics.models import Diagnostic, Evidence
from diagnostics.reports.documents import AssociationReport
from diagnostics.services import diagnostic_start, structure_for
from takwia.files import MAX_EVIDENCE_BYTES
from takwia.models import FileDownload
from tests.diagnostics.test_review import submitted
from tests.factories import CampaignFactory, UserFactory
from tests.factories.files import PDF, PROGRAM, png_bytes, upload

pytestmark = pytest.mark.django_db

STATUTES = "Les statuts de l'association sont-ils conformes"


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def draft(users, province_a, association_a):
    return diagnostic_start(
        campaign=CampaignFactory(province=province_a),
        association=association_a,
        user=users["field_agent"],
    )


def statutes_question(diagnostic):
    return next(
        q for q in structure_for(diagnostic.version).questions if q.text.startswith(STATUTES)
    )


def evidence_url(diagnostic, question):
    return reverse("diagnostics:evidence", args=[diagnostic.pk, question.pk])


def post_evidence(client, diagnostic, question, **data):
    return client.post(evidence_url(diagnostic, question), data)


def test_an_agent_attaches_a_photo_and_a_comment_from_the_step_without_javascript(
    client, users, draft
):
    question = statutes_question(draft)
    client.force_login(users["field_agent"])
    step = client.get(reverse("diagnostics:entry", args=[draft.pk, 1])).content.decode()

    response = post_evidence(
        client, draft, question, comment="Statuts vus le 3 mars", file=upload("AG.png", png_bytes())
    )
    page = client.get(evidence_url(draft, question)).content.decode()
    step_after = client.get(reverse("diagnostics:entry", args=[draft.pk, 1])).content.decode()

    assert f'href="{evidence_url(draft, question)}"' in step
    assert "Joindre une pièce justificative" in step
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.diagnostic, evidence.question, evidence.uploaded_by) == (
        draft,
        question,
        users["field_agent"],
    )
    assert evidence.comment == "Statuts vus le 3 mars"
    assert evidence.file.name.startswith("evidence/") and evidence.file.name.endswith("/ag.png")
    assert "Statuts vus le 3 mars" in page
    assert reverse("diagnostics:evidence_file", args=[draft.pk, evidence.pk]) in page
    assert "Pièce justificative (1)" in step_after


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "statuts.pdf",
            PROGRAM,
            "Le contenu du fichier ne correspond pas à son extension « .pdf ».",
        ),
        ("statuts.exe", PROGRAM, "Type de fichier non accepté : PDF, JPEG ou PNG."),
        ("statuts.pdf", PDF + b"0" * MAX_EVIDENCE_BYTES, "Le fichier dépasse 5 Mo."),
    ],
)
def test_a_program_or_an_oversized_file_is_refused_beside_the_field(
    client, users, draft, name, content, message
):
    question = statutes_question(draft)
    client.force_login(users["field_agent"])

    response = post_evidence(client, draft, question, comment="PV", file=upload(name, content))

    assert response.status_code == 422
    assert response.context["form"].errors["file"] == [message]
    assert "PV" in response.content.decode()  # what was typed stays
    assert not Evidence.objects.exists()


def test_evidence_needs_a_file_or_a_comment(client, users, draft):
    client.force_login(users["field_agent"])

    response = post_evidence(client, draft, statutes_question(draft), comment="  ")

    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == [
        "Joignez un fichier ou écrivez un commentaire."
    ]


def test_a_submitted_diagnostic_takes_no_more_evidence_and_keeps_its_own(
    client, users, province_a, association_a
):
    diagnostic = submitted(
        CampaignFactory(province=province_a), association_a, users["field_agent"]
    )
    question = statutes_question(diagnostic)
    evidence = Evidence.objects.create(
        diagnostic=diagnostic, question=question, comment="PV", uploaded_by=users["field_agent"]
    )
    client.force_login(users["field_agent"])

    page = client.get(evidence_url(diagnostic, question))
    added = post_evidence(client, diagnostic, question, comment="encore")
    withdrawn = client.post(
        reverse("diagnostics:evidence_withdraw", args=[diagnostic.pk, evidence.pk])
    )

    assert page.context["form"] is None
    assert added.status_code == withdrawn.status_code == 302
    assert list(Evidence.objects.values_list("comment", flat=True)) == ["PV"]


def test_an_agent_withdraws_a_piece_while_entering_and_history_keeps_it(client, users, draft):
    question = statutes_question(draft)
    client.force_login(users["field_agent"])
    post_evidence(client, draft, question, file=upload("statuts.pdf", PDF))
    evidence = Evidence.objects.get()

    client.post(reverse("diagnostics:evidence_withdraw", args=[draft.pk, evidence.pk]))

    assert not Evidence.objects.exists()
    assert [h.history_type for h in Evidence.history.order_by("history_date")] == ["+", "-"]


@pytest.fixture
def with_evidence(users, province_a, association_a):
    diagnostic = submitted(
        CampaignFactory(province=province_a), association_a, users["field_agent"]
    )
    evidence = Evidence.objects.create(
        diagnostic=diagnostic,
        question=statutes_question(diagnostic),
        comment="Statuts déposés en 2019",
        file=upload("statuts.pdf", PDF),
        uploaded_by=users["field_agent"],
    )
    return diagnostic, evidence


def test_the_reviewer_sees_the_evidence_beside_the_answer(client, users, with_evidence):
    diagnostic, evidence = with_evidence
    client.force_login(users["national"])

    page = client.get(reverse("diagnostics:results", args=[diagnostic.pk])).content.decode()

    page = page.replace("&#x27;", "'")
    start = page.index(STATUTES)
    row = page[start : page.index("</tr>", start)]
    assert "statuts.pdf" in row and "Statuts déposés en 2019" in row
    assert reverse("diagnostics:evidence_file", args=[diagnostic.pk, evidence.pk]) in row


@pytest.mark.parametrize("role", ["field_agent", "coordinator", "national", "president"])
def test_the_evidence_is_downloaded_by_the_diagnostics_readers_and_logged(
    client, users, with_evidence, role
):
    diagnostic, evidence = with_evidence
    client.force_login(users[role])

    response = client.get(reverse("diagnostics:evidence_file", args=[diagnostic.pk, evidence.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="statuts.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    log = FileDownload.objects.get()
    assert (log.user, log.record_id, log.file_name) == (
        users[role],
        evidence.pk,
        evidence.file.name,
    )


def test_another_provinces_coordinator_or_president_gets_404_and_nothing_logged(
    client, users, with_evidence, province_b, association_b
):
    diagnostic, evidence = with_evidence
    url = reverse("diagnostics:evidence_file", args=[diagnostic.pk, evidence.pk])
    outsiders = [
        UserFactory(coordinator=True, provinces=[province_b]),
        UserFactory(president=True, association=association_b),
        users["volunteer_manager"],
    ]

    statuses = []
    for outsider in outsiders:
        client.force_login(outsider)
        statuses.append(client.get(url).status_code)
        statuses.append(client.get(evidence_url(diagnostic, evidence.question)).status_code)

    assert statuses == [404] * 6
    assert not FileDownload.objects.exists()


def test_evidence_of_one_diagnostic_is_not_reached_through_another(
    client, users, with_evidence, draft
):
    _diagnostic, evidence = with_evidence
    client.force_login(users["national"])

    response = client.get(reverse("diagnostics:evidence_file", args=[draft.pk, evidence.pk]))

    assert response.status_code == 404


def test_the_association_pdf_lists_the_evidence(users, with_evidence):
    diagnostic, _evidence = with_evidence
    job = SimpleNamespace(params={"diagnostic": diagnostic.pk}, language="fr")

    _name, pdf = AssociationReport().render(job=job, progress=lambda *args: None)

    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )
    assert "Pièces justificatives" in text
    assert "statuts.pdf" in text and "Statuts déposés en 2019" in text


def test_new_evidence_makes_the_association_pdf_out_of_date(users, with_evidence):
    diagnostic, evidence = with_evidence
    report = AssociationReport()
    params = {"diagnostic": diagnostic.pk}
    before = report.fingerprint(params=params, language="fr")

    Evidence.objects.create(
        diagnostic=diagnostic,
        question=evidence.question,
        comment="PV",
        uploaded_by=users["national"],
    )

    assert report.fingerprint(params=params, language="fr") != before
    assert Diagnostic.objects.get(pk=diagnostic.pk).status == Diagnostic.Status.SUBMITTED


def test_evidence_pages_stay_within_twelve_queries_as_evidence_grows(
    client, users, with_evidence, draft, django_assert_max_num_queries
):
    submitted_diagnostic, _evidence = with_evidence
    questions = structure_for(draft.version).questions

    def add(diagnostic, count):
        for question in questions[:count]:
            Evidence.objects.create(
                diagnostic=diagnostic,
                question=question,
                comment="PV",
                file=upload("pv.pdf", PDF),
                uploaded_by=users["field_agent"],
            )

    pages = [
        (users["national"], reverse("diagnostics:results", args=[submitted_diagnostic.pk])),
        (users["field_agent"], evidence_url(draft, questions[0])),
        (users["field_agent"], reverse("diagnostics:entry", args=[draft.pk, 1])),
    ]
    add(draft, 1)
    counts = []
    for user, path in pages:
        client.force_login(user)
        client.get(path)  # warm-up: session, templates
        with django_assert_max_num_queries(12, info=path) as small:
            assert client.get(path).status_code == 200
        counts.append(len(small.captured_queries))
    add(submitted_diagnostic, 6)
    add(draft, 6)
    for (user, path), count in zip(pages, counts, strict=True):
        client.force_login(user)
        client.get(path)
        with django_assert_max_num_queries(count, info=path):
            assert client.get(path).status_code == 200
