"""Entry that never lies (issue 14): bad values on step 5, an autosave refused then
corrected, a conflict resolved question by question without a reload loop."""

import re

import pytest
from django.urls import reverse

from tests.browser.conftest import axe_violations, login, records_waiting
from tests.browser.waiting import wait_until
from tests.factories import TEST_PASSWORD, CampaignFactory, DiagnosticFactory, UserFactory

STEP = 5


@pytest.fixture
def draft(reference_data):
    from associations.models import Province

    khenifra = Province.objects.get(code="05.301")
    UserFactory(field_agent=True, username="youssef", provinces=[khenifra])
    colleague = UserFactory(
        field_agent=True, username="karima", first_name="Karima", last_name="Alaoui"
    )
    diagnostic = DiagnosticFactory(
        campaign=CampaignFactory(province=khenifra), association__commune=khenifra.communes.first()
    )
    return diagnostic, colleague


def open_step(page, diagnostic):
    login(page, "youssef", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    # Record every text the live region ever shows.
    page.add_init_script(
        """window.__said = [];
        document.addEventListener('DOMContentLoaded', () => {
          const box = document.getElementById('sync-status');
          if (box) new MutationObserver(() => window.__said.push(box.textContent))
            .observe(box, {childList: true, characterData: true, subtree: true});
        });"""
    )
    page.goto(reverse("diagnostics:entry", args=[diagnostic.pk, STEP]))


def test_an_autosave_refused_then_corrected_says_the_truth_each_time(page, draft):
    diagnostic, _ = draft
    open_step(page, diagnostic)
    count = page.get_by_label("Combien de projets")
    status = page.get_by_test_id("sync-status")

    count.fill("4 projets")

    status.filter(has_text="Non enregistré : 1 erreur").wait_for()
    assert page.locator("#err-prj_completed_count").inner_text().startswith("Nombre entier attendu")
    assert count.get_attribute("aria-invalid") == "true"
    assert not any("Enregistré" in text for text in page.evaluate("window.__said"))
    assert not diagnostic.answers.exists()
    assert axe_violations(page) == []

    count.fill("4")

    status.filter(has_text=re.compile(r"Enregistré à \d\d:\d\d")).wait_for()
    assert count.get_attribute("aria-invalid") is None
    assert page.locator("#err-prj_completed_count").inner_text() == ""
    assert diagnostic.answers.get().value_int == 4
    # prj_targets is asked once at least one project was completed ("gte" 1).
    assert page.locator("#q-prj_targets").is_visible()
    count.fill("0")
    assert page.locator("#q-prj_targets").is_hidden()
    assert wait_until(lambda: diagnostic.answers.get().value_int == 0)


def test_a_step_refused_on_submit_opens_on_a_focused_summary_linking_to_each_field(page, draft):
    diagnostic, _ = draft
    open_step(page, diagnostic)
    page.context.set_offline(True)  # no autosave: the plain form submit does the work
    page.get_by_label("Combien de projets").fill("-2")
    page.locator("#prj_lessons").evaluate("(el) => { el.value = 'x'.repeat(5000); }")
    page.context.set_offline(False)
    page.evaluate("window.__said = []")

    page.get_by_role("button", name="Enregistrer et continuer").click()

    page.get_by_test_id("error-summary").wait_for()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    summary = page.get_by_test_id("error-summary")
    assert "2 réponses n'ont pas été enregistrées" in summary.inner_text()
    assert page.get_by_label("Combien de projets").input_value() == "-2"
    assert len(page.locator("#prj_lessons").input_value()) == 5000
    assert (
        "2 000 caractères au plus (vous en avez saisi 5000)"
        in page.locator("#err-prj_lessons").inner_text()
    )
    summary.get_by_role("link", name=re.compile("Combien de projets")).click()
    assert page.evaluate("document.activeElement.id") == "prj_completed_count"
    assert axe_violations(page) == []


def test_a_conflict_is_resolved_question_by_question_and_never_loops(page, draft):
    from diagnostics.services import diagnostic_save_answers

    diagnostic, colleague = draft
    open_step(page, diagnostic)
    # Meanwhile a colleague saves three answers of the same step from another device.
    diagnostic_save_answers(
        diagnostic=diagnostic,
        raw_answers={"prj_completed_count": "7", "prj_experience": "no", "prj_ongoing": "yes"},
        lock_version=0,
        user=colleague,
    )
    page.context.set_offline(True)
    page.get_by_label("Combien de projets").fill("9")
    page.locator("#q-prj_experience").get_by_label("Oui").check()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")

    panel = page.get_by_test_id("conflict-panel")
    panel.wait_for()
    assert "Karima Alaoui" in page.get_by_test_id("sync-status").inner_text()
    assert panel.get_by_label("Votre réponse : 9").is_checked()
    panel.get_by_label(re.compile(r"La réponse enregistrée par Karima Alaoui à \d\d:\d\d : 7"))
    # The colleague's answer to a question the agent did not touch is now in its field.
    assert page.locator("#q-prj_ongoing").get_by_label("Oui").is_checked()
    assert axe_violations(page) == []
    panel.locator("fieldset[data-conflict='prj_experience']").get_by_label(
        re.compile("La réponse enregistrée")
    ).check()

    panel.get_by_role("button", name="Enregistrer les réponses choisies").click()

    page.get_by_test_id("sync-status").filter(has_text="Enregistré à").wait_for()
    values = lambda: {  # noqa: E731
        a.question.code: a.value_int if a.value_int is not None else a.value_bool
        for a in diagnostic.answers.select_related("question")
    }
    assert wait_until(
        lambda: values() == {"prj_completed_count": 9, "prj_experience": False, "prj_ongoing": True}
    )
    assert page.locator("#q-prj_experience").get_by_label("Non").is_checked()
    # No loop: a reload shows the saved answers, no conflict, nothing waiting.
    page.reload()
    assert page.get_by_label("Combien de projets").input_value() == "9"
    assert page.get_by_test_id("conflict-panel").count() == 0
    assert records_waiting(page) == 0
    page.get_by_label("Combien de projets").fill("10")
    page.get_by_test_id("sync-status").filter(has_text="Enregistré à").wait_for()
    assert wait_until(lambda: values()["prj_completed_count"] == 10)


def test_an_answer_typed_just_before_following_a_link_is_not_lost(page, draft):
    diagnostic, _ = draft
    open_step(page, diagnostic)

    page.get_by_label("Combien de projets").fill("6")
    page.get_by_role("link", name="Identification").click()

    page.wait_for_url(re.compile(r"/entry/0/$"))
    assert wait_until(lambda: diagnostic.answers.filter(value_int=6).exists())
    # The step it leads to finds the copy kept on the device, already saved: nothing
    # is left waiting (and no request outlives the test).
    assert wait_until(lambda: records_waiting(page) == 0)
    assert re.search(r"[Ee]nregistrée?s? à", page.get_by_test_id("sync-status").inner_text())
