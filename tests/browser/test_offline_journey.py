"""Offline first (issue 14, item 2): an assigned questionnaire opens, reloads and moves
between steps with no connection; answers typed on two steps wait on the device, the
tab is closed, and they reach the database once the connection returns."""

import re

from django.urls import reverse

from tests.browser.conftest import login
from tests.browser.waiting import wait_until
from tests.factories import TEST_PASSWORD, CampaignFactory, DiagnosticFactory, UserFactory


def test_an_assigned_questionnaire_is_answered_offline_on_two_steps_and_saved_later(
    page, service_workers, reference_data
):
    from associations.models import Province
    from diagnostics.models import Answer

    khenifra = Province.objects.get(code="05.301")
    agent = UserFactory(field_agent=True, username="youssef", provinces=[khenifra])
    diagnostic = DiagnosticFactory(
        campaign=CampaignFactory(province=khenifra, status="ongoing"),
        association__commune=khenifra.communes.first(),
        created_by=agent,
    )
    step1 = reverse("diagnostics:entry", args=[diagnostic.pk, 1])
    step2 = reverse("diagnostics:entry", args=[diagnostic.pk, 2])
    login(page, "youssef", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    # The home page lists the draft and has the service worker keep its steps.
    assert page.get_by_test_id("agent-work").get_by_role("link").count() >= 1
    kept = "async (url) => !!(await caches.match(url, {ignoreVary: true}))"
    last = reverse("diagnostics:entry", args=[diagnostic.pk, 7])
    # One file at a time: the last step kept means the worker has nothing left to fetch.
    assert wait_until(lambda: page.evaluate(kept, last), timeout=30)

    tab = page.context.new_page()
    page.context.set_offline(True)
    tab.goto(step1)  # never opened online: from the copy kept for the agent
    tab.reload()
    tab.locator("#q-gov_statutes_compliant").get_by_label("Oui").check()
    tab.get_by_role("button", name="Enregistrer et continuer").click()
    tab.wait_for_url(re.compile(r"/entry/2/$"))
    tab.locator("[data-question] input[type=radio]").first.check()
    tab.get_by_test_id("sync-status").filter(
        has_text=re.compile(r"Hors connexion : 2 réponse")
    ).wait_for()
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
    assert page.evaluate("localStorage.length") == 0

    # Logging out leaves nothing of the session's pages on the device (the public
    # static files of the login page are kept again).
    assert page.evaluate(kept, step1)
    page.evaluate("document.querySelector('form[action=\"/accounts/logout/\"]').submit()")
    page.wait_for_url(re.compile(r"/accounts/"))
    assert not page.evaluate(kept, step1)
    assert not page.evaluate(kept, step2)
