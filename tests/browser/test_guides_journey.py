"""The library of guides and tools (issue 15, part 10): national staff publish a guide
with its PDF; the president of an association weak on that sub-dimension finds it
recommended on their home and downloads it; national staff see the download counted.
The library's pages are accessible, in French and in Arabic at 390 px."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from diagnostics.models import Diagnostic, Guide, Score
from takwia.models import FileDownload
from tests.browser.conftest import axe_violations, login
from tests.factories import (
    TEST_PASSWORD,
    AssociationFactory,
    CampaignFactory,
    DiagnosticFactory,
    UserFactory,
)
from tests.factories.files import PDF


@pytest.fixture
def weak_on_statutes(reference_data, settings, tmp_path):
    """Association Tifawin, validated weak on its statutes; its president and a national
    staff member."""
    from associations.models import Province

    settings.MEDIA_ROOT = tmp_path
    khenifra = Province.objects.get(code="05.301")
    association = AssociationFactory(
        commune=khenifra.communes.first(), name_fr="Association Tifawin pour le développement"
    )
    diagnostic = DiagnosticFactory(
        campaign=CampaignFactory(province=khenifra),
        association=association,
        status=Diagnostic.Status.VALIDATED,
        submitted_at=timezone.now(),
    )
    Score.objects.create(
        diagnostic=diagnostic, level="subdimension", code="governance.statutes", score=25
    )
    UserFactory(national=True, username="amina")
    UserFactory(president=True, username="hassan", association=association)
    return association


def test_national_staff_publish_a_guide_the_president_is_recommended_it_and_downloads_it(
    page, weak_on_statutes
):
    login(page, "amina", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Guides et outils"
    ).click()
    page.wait_for_url(re.compile(r"/guides/$"))
    assert axe_violations(page) == []
    page.get_by_role("link", name="Publier un guide").click()

    page.get_by_label("Type").select_option(label="Document type")
    page.locator("#id_title").fill("Statuts types d'une association")
    page.get_by_label("Intitulé (arabe)").fill("النظام الأساسي النموذجي")
    page.locator("#id_description").fill("Des statuts à adapter, article par article.")
    page.get_by_label("Fichier (français)").set_input_files(
        {"name": "statuts-types.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    # The searchable picker, by keyboard: type, then Enter picks the first match.
    picker = page.get_by_role("combobox", name=re.compile("Sous-dimensions auxquelles"))
    picker.click()
    picker.press_sequentially("statuts")
    picker.press("Enter")
    picker.press("Escape")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Publier").click()

    page.wait_for_url(re.compile(r"/guides/\d+/$"))
    assert page.get_by_text("Le guide est publié dans la bibliothèque.").is_visible()
    assert "Statuts (loi fondamentale)" in page.get_by_test_id("guide-subdimensions").inner_text()
    assert page.get_by_test_id("guide-downloads").inner_text() == "0"
    assert axe_violations(page) == []
    guide = Guide.objects.get()
    assert [sub.code for sub in guide.subdimensions.all()] == ["governance.statutes"]

    page.context.clear_cookies()
    login(page, "hassan", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    recommended = page.get_by_test_id("guides-recommended")
    assert "Statuts types d'une association" in recommended.inner_text()
    assert "Statuts (loi fondamentale)" in recommended.inner_text()
    assert axe_violations(page) == []
    with page.expect_download() as download:
        recommended.get_by_role("link", name=re.compile("Télécharger en français")).click()
    assert download.value.suggested_filename == "statuts-types.pdf"
    assert FileDownload.objects.get().user.username == "hassan"

    page.context.clear_cookies()
    login(page, "amina", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    page.goto(reverse("diagnostics:guide", args=[guide.pk]))
    assert page.get_by_test_id("guide-downloads").inner_text() == "1"
    page.goto(reverse("diagnostics:guides"))
    assert page.get_by_test_id("guide-downloads").inner_text() == "1"


def test_the_library_pages_are_accessible_in_arabic_at_390_px(page, weak_on_statutes):
    from tests.diagnostics.test_guides import make_guide
    from tests.factories.files import upload

    guide = make_guide(
        "Statuts types d'une association",
        ["governance.statutes"],
        kind=Guide.Kind.MODEL_DOCUMENT,
        title_ar="النظام الأساسي النموذجي لجمعية",
        description="Des statuts à adapter.",
        description_ar="نظام أساسي قابل للملاءمة.",
        file=upload("statuts.pdf", PDF),
    )
    page.set_viewport_size({"width": 390, "height": 844})
    problems = {}
    for username, urls in [
        (
            "amina",
            [
                reverse("diagnostics:guides"),
                reverse("diagnostics:guide", args=[guide.pk]),
                reverse("diagnostics:guide_update", args=[guide.pk]),
            ],
        ),
        ("hassan", [reverse("home"), reverse("diagnostics:guides")]),
    ]:
        page.context.clear_cookies()
        login(page, username, TEST_PASSWORD)
        page.wait_for_url(re.compile(r"/$"))
        page.get_by_label("Langue").select_option("ar")
        page.get_by_role("button", name="Changer").click()
        page.wait_for_load_state()
        for url in urls:
            page.goto(url)
            assert page.locator("html").get_attribute("dir") == "rtl"
            assert "النظام الأساسي النموذجي لجمعية" in page.content(), url
            found = axe_violations(page)
            if found:
                problems[url] = found
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (
                url
            )
    assert problems == {}
