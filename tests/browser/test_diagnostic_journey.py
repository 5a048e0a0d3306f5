"""A field agent fills a questionnaire step while the connection drops and comes back."""

import re

from django.urls import reverse

from tests.browser.conftest import axe_violations, login
from tests.browser.waiting import wait_until
from tests.factories import TEST_PASSWORD, CampaignFactory, DiagnosticFactory, UserFactory


def test_answers_typed_offline_are_kept_sent_when_online_and_found_after_reload(
    page, reference_data
):
    from associations.models import Province
    from diagnostics.models import Answer

    khenifra = Province.objects.get(code="05.301")
    UserFactory(field_agent=True, username="youssef", provinces=[khenifra])
    diagnostic = DiagnosticFactory(
        campaign=CampaignFactory(province=khenifra), association__commune=khenifra.communes.first()
    )
    login(page, "youssef", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    page.goto(reverse("diagnostics:entry", args=[diagnostic.pk, 1]))
    assert axe_violations(page) == []

    page.context.set_offline(True)
    page.locator("#q-gov_statutes_compliant").get_by_label("Oui").check()
    page.get_by_label("Combien d'assemblées générales ordinaires").fill("3")
    status = page.get_by_test_id("sync-status")
    status.filter(has_text="Hors connexion").wait_for()
    assert not Answer.objects.filter(diagnostic=diagnostic).exists()

    page.context.set_offline(False)
    status.filter(has_text="Connexion rétablie").wait_for()
    assert wait_until(lambda: Answer.objects.filter(diagnostic=diagnostic).count() == 2)

    page.reload()
    assert page.locator("#q-gov_statutes_compliant").get_by_label("Oui").is_checked()
    assert page.get_by_label("Combien d'assemblées générales ordinaires").input_value() == "3"
    # A conditional question appears only once its condition holds.
    applied = page.locator("#q-gov_internal_rules_applied")
    assert applied.is_hidden()
    page.locator("#q-gov_internal_rules").get_by_label("Oui").check()
    assert applied.is_visible()
    # Let that autosave finish: a request still running would race the teardown.
    assert wait_until(lambda: Answer.objects.filter(diagnostic=diagnostic).count() == 3)


def test_a_save_made_from_a_stale_page_is_refused_with_a_clear_message(page, reference_data):
    from associations.models import Province
    from diagnostics.services import diagnostic_save_answers

    khenifra = Province.objects.get(code="05.301")
    agent = UserFactory(field_agent=True, username="amina", provinces=[khenifra])
    diagnostic = DiagnosticFactory(
        campaign=CampaignFactory(province=khenifra), association__commune=khenifra.communes.first()
    )
    login(page, "amina", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    page.goto(reverse("diagnostics:entry", args=[diagnostic.pk, 1]))
    # Meanwhile a colleague saves the same questionnaire from another device.
    diagnostic_save_answers(
        diagnostic=diagnostic, raw_answers={"gov_internal_rules": "no"}, lock_version=0, user=agent
    )

    page.locator("#q-gov_internal_rules").get_by_label("Oui").check()

    page.get_by_test_id("sync-status").filter(has_text="modifié entre-temps").wait_for()
    assert diagnostic.answers.get().value_bool is False
