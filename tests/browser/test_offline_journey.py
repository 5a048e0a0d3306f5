"""Offline first (issue 14, item 2): an assigned questionnaire opens, reloads and moves
between steps with no connection; answers typed on two steps wait on the device (in
IndexedDB), the tab is closed, and they reach the database once the connection
returns; a submission asked for offline follows them. Logging out clears the device."""

import re

from django.urls import reverse

from tests.browser.conftest import device_databases, login, records_waiting
from tests.browser.waiting import wait_until
from tests.factories import TEST_PASSWORD, CampaignFactory, DiagnosticFactory, UserFactory

KEPT = "async (url) => !!(await caches.match(url, {ignoreVary: true}))"


def agent_with_draft(username):
    from associations.models import Province

    khenifra = Province.objects.get(code="05.301")
    agent = UserFactory(field_agent=True, username=username, provinces=[khenifra])
    diagnostic = DiagnosticFactory(
        campaign=CampaignFactory(province=khenifra, status="ongoing"),
        association__commune=khenifra.communes.first(),
        created_by=agent,
    )
    return agent, diagnostic


def login_and_wait_for_the_precache(page, username, diagnostic):
    login(page, username, TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    # The home page lists the draft and has the service worker keep its steps.
    assert page.get_by_test_id("agent-work").get_by_role("link").count() >= 1
    last = reverse("diagnostics:entry", args=[diagnostic.pk, 7])
    # One file at a time: the last step kept means the worker has nothing left to fetch.
    assert wait_until(lambda: page.evaluate(KEPT, last), timeout=30)


def test_an_assigned_questionnaire_is_answered_offline_on_two_steps_and_saved_later(
    page, service_workers, reference_data
):
    from diagnostics.models import Answer

    _agent, diagnostic = agent_with_draft("youssef")
    step1 = reverse("diagnostics:entry", args=[diagnostic.pk, 1])
    step2 = reverse("diagnostics:entry", args=[diagnostic.pk, 2])
    login_and_wait_for_the_precache(page, "youssef", diagnostic)

    tab = page.context.new_page()
    page.goto("about:blank")  # no page of the app left open: the tab below is the only one
    page.context.set_offline(True)
    tab.goto("/")  # the shell: the home page and its work list, from the device
    tab.get_by_test_id("agent-work").get_by_role("link", name=diagnostic.association.name).click()
    tab.wait_for_url(re.compile(r"/entry/0/$"))
    tab.goto(step1)
    tab.reload()
    tab.locator("#q-gov_statutes_compliant").get_by_label("Oui").check()
    tab.get_by_role("button", name="Enregistrer et continuer").click()
    tab.wait_for_url(re.compile(r"/entry/2/$"))
    tab.locator("[data-question] input[type=radio]").first.check()
    # The banner (a polite live region) counts what waits on the device.
    status = tab.get_by_test_id("sync-status")
    status.filter(has_text=re.compile(r"Hors connexion : 2 réponse")).wait_for()
    assert status.get_attribute("role") == "status"
    assert records_waiting(tab) == 1
    assert not Answer.objects.filter(diagnostic=diagnostic).exists()
    tab.close()

    page.context.set_offline(False)
    page.goto(step2)
    assert wait_until(lambda: Answer.objects.filter(diagnostic=diagnostic).count() == 2)
    page.get_by_test_id("sync-status").filter(has_text=re.compile(r"à \d\d:\d\d")).wait_for()
    assert (
        "gardées sur cet appareil ont été enregistrées"
        in page.get_by_test_id("sync-status").inner_text()
    )
    assert diagnostic.answers.get(question__code="gov_statutes_compliant").value_bool is True
    assert wait_until(lambda: records_waiting(page) == 0)

    # Logging out leaves nothing of the session on the device: no page kept, no
    # IndexedDB database.
    assert page.evaluate(KEPT, step1)
    assert "takwia-device" in device_databases(page)
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r"/accounts/"))
    assert not page.evaluate(KEPT, step1)
    assert not page.evaluate(KEPT, step2)
    assert "takwia-device" not in device_databases(page)


def test_answers_and_a_submission_asked_for_offline_are_sent_in_order_when_online(
    page, service_workers, reference_data
):
    """The questionnaire misses one answer: typed offline, then "Soumettre" asked for
    offline; back online, the answer is saved first, then the questionnaire submitted."""
    _agent, diagnostic = agent_with_draft("nadia")
    fill_all_but_one(diagnostic)
    last = reverse("diagnostics:entry", args=[diagnostic.pk, 7])
    login_and_wait_for_the_precache(page, "nadia", diagnostic)

    page.context.set_offline(True)
    page.goto(reverse("diagnostics:entry", args=[diagnostic.pk, 1]))
    page.locator("#q-gov_statutes_compliant").get_by_label("Oui").check()
    page.get_by_test_id("sync-status").filter(has_text="Hors connexion : 1 réponse").wait_for()
    page.goto(last)
    submit = page.get_by_role("button", name="Soumettre le questionnaire")
    submit.click()  # enabled: the copy kept counted the answer typed offline as missing
    page.get_by_test_id("sync-status").filter(has_text="Soumission demandée").wait_for()
    diagnostic.refresh_from_db()
    assert diagnostic.status == "draft"

    page.context.set_offline(False)
    page.reload()
    page.wait_for_url(reverse("diagnostics:results", args=[diagnostic.pk]))
    assert "Le questionnaire est soumis" in page.get_by_role("main").inner_text()
    diagnostic.refresh_from_db()
    assert diagnostic.status == "submitted"
    assert diagnostic.answers.get(question__code="gov_statutes_compliant").value_bool is True
    assert records_waiting(page) == 0


def fill_all_but_one(diagnostic):
    """Every question answered, but ``gov_statutes_compliant`` (required)."""
    from diagnostics.services import diagnostic_save_answers, structure_for
    from tests.diagnostics.test_diagnostic_entry import full_answers

    answers = full_answers(structure_for(diagnostic.version))
    del answers["gov_statutes_compliant"]
    diagnostic_save_answers(
        diagnostic=diagnostic, raw_answers=answers, lock_version=0, user=diagnostic.created_by
    )
