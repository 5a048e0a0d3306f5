"""A coordinator asks for the provincial report and follows it to the download, no reload."""

import io
import re

import pytest
from pypdf import PdfReader

from tests.browser.conftest import axe_violations, login
from tests.factories import TEST_PASSWORD, AssociationFactory, UserFactory


@pytest.mark.services
def test_a_coordinator_follows_the_report_being_rendered_by_a_worker_then_downloads_it(
    reference_data, worker_process, page
):
    from associations.models import Province

    khenifra = Province.objects.get(code="05.301")
    for index in range(5):
        AssociationFactory(commune=khenifra.communes.first(), name_fr=f"Association {index}")
    UserFactory(coordinator=True, username="fatima", provinces=[khenifra])

    login(page, "fatima", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Territoire"
    ).click()
    page.get_by_role("link", name="Khénifra").first.click()
    page.get_by_role("button", name="Générer le rapport").click()

    page.wait_for_url(re.compile(r"/files/[0-9a-f-]+/$"))
    page.evaluate("window.stillTheSamePage = true")
    download_link = page.get_by_role("link", name=re.compile("^Télécharger"))
    download_link.wait_for(state="visible", timeout=60_000)
    assert page.evaluate("window.stillTheSamePage") is True  # updated by polling, not reloaded
    assert page.get_by_test_id("job-status").inner_text() == "Terminé"
    assert page.get_by_role("progressbar").get_attribute("aria-valuenow") == "100"
    assert axe_violations(page) == []
    assert page.csp_refusals == []  # the bar's width comes from job.js, not a style attribute

    with page.expect_download() as download_info:
        download_link.click()
    pdf = download_info.value.path().read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Rapport provincial – Khénifra" in text
