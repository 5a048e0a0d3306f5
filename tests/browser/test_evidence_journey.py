"""Evidence per answer (issue 14, item 7): the agent attaches a photo and a comment to
an answer from the entry step; the reviewer sees it beside the answer and downloads it."""

import re

import pytest
from django.urls import reverse

from diagnostics.models import Evidence
from diagnostics.services import diagnostic_save_answers, diagnostic_submit, structure_for
from takwia.models import FileDownload
from tests.browser.conftest import axe_violations, login
from tests.diagnostics.test_diagnostic_entry import full_answers
from tests.factories import TEST_PASSWORD, CampaignFactory, DiagnosticFactory, UserFactory
from tests.factories.files import png_bytes

STATUTES = "Les statuts de l'association sont-ils conformes"


@pytest.fixture
def answered(reference_data):
    from associations.models import Province

    khenifra = Province.objects.get(code="05.301")
    agent = UserFactory(field_agent=True, username="youssef", provinces=[khenifra])
    UserFactory(national=True, username="amina")
    diagnostic = DiagnosticFactory(
        campaign=CampaignFactory(province=khenifra), association__commune=khenifra.communes.first()
    )
    structure = structure_for(diagnostic.version)
    diagnostic_save_answers(
        diagnostic=diagnostic, raw_answers=full_answers(structure), lock_version=0, user=agent
    )
    question = next(q for q in structure.questions if q.text.startswith(STATUTES))
    step = next(
        number
        for number, axis in enumerate(structure.axes, start=1)
        if any(sub.pk == question.subdimension_id for sub in axis.subdimensions.all())
    )
    return diagnostic, question, step, agent


def test_an_agent_attaches_evidence_and_the_reviewer_sees_and_downloads_it(
    page, answered, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    diagnostic, question, step, agent = answered
    login(page, "youssef", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    page.goto(reverse("diagnostics:entry", args=[diagnostic.pk, step]))

    page.get_by_test_id(f"evidence-{question.code}").click()
    page.wait_for_url(re.compile(r"/evidence/$"))
    page.get_by_label("Commentaire").fill("Statuts vus au siège le 3 mars")
    page.get_by_label("Fichier (PDF, JPEG ou PNG, 5 Mo au plus)").set_input_files(
        {"name": "statuts.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    page.get_by_role("button", name="Ajouter la pièce").click()

    listed = page.get_by_test_id("evidence-list")
    assert "Statuts vus au siège le 3 mars" in listed.inner_text()
    assert "statuts.png" in listed.inner_text()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Revenir au questionnaire").click()
    assert (
        "Pièce justificative (1)" in page.get_by_test_id(f"evidence-{question.code}").inner_text()
    )

    diagnostic.refresh_from_db()
    assert not diagnostic_submit(
        diagnostic=diagnostic, user=agent, lock_version=diagnostic.lock_version
    )
    page.context.clear_cookies()
    login(page, "amina", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    page.goto(reverse("diagnostics:results", args=[diagnostic.pk]))

    shown = page.get_by_test_id(f"evidence-{question.code}")
    assert "Statuts vus au siège le 3 mars" in shown.inner_text()
    with page.expect_download() as download:
        shown.get_by_role("link", name="statuts.png").click()
    assert download.value.suggested_filename == "statuts.png"
    assert Evidence.objects.get().file.read() == png_bytes()
    assert FileDownload.objects.get().user.username == "amina"


def test_evidence_and_record_file_pages_are_accessible_in_arabic_at_390_px(
    page, answered, settings, tmp_path
):
    from datetime import date

    from partnerships.models import Agreement, Partner
    from tests.factories.files import PDF, upload

    settings.MEDIA_ROOT = tmp_path
    diagnostic, question, step, agent = answered
    Evidence.objects.create(
        diagnostic=diagnostic, question=question, comment="محضر الجمع العام",
        file=upload("محضر.pdf", PDF), uploaded_by=agent,
    )  # fmt: skip
    agreement = Agreement.objects.create(
        association=diagnostic.association,
        partner=Partner.objects.create(name="P", kind="private"),
        kind="technical",
        starts_on=date(2025, 1, 1),
        document=upload("convention.pdf", PDF),
    )
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "amina", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    page.get_by_label("Langue").select_option("ar")
    page.get_by_role("button", name="Changer").click()
    page.wait_for_load_state()

    problems = {}
    for url in [
        reverse("diagnostics:evidence", args=[diagnostic.pk, question.pk]),
        reverse("partnerships:agreement", args=[agreement.pk]),
    ]:
        page.goto(url)
        assert page.locator("html").get_attribute("dir") == "rtl"
        found = axe_violations(page)
        if found:
            problems[url] = found
        # No horizontal scroll at 390 px.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), url

    assert problems == {}
    assert (
        "محضر.pdf"
        in page.goto(reverse("diagnostics:evidence", args=[diagnostic.pk, question.pk])).text()
    )
