"""axe-core on the main pages of the registry, diagnostics, plans and files (French, Arabic)."""

import re

import pytest
from django.urls import reverse

from tests.browser.conftest import axe_violations, login
from tests.factories import TEST_PASSWORD, AssociationFactory, CampaignFactory, UserFactory


@pytest.fixture
def world(reference_data):
    from associations.models import Province
    from diagnostics.models import Diagnostic, Plan
    from diagnostics.selectors import needs_ranking
    from diagnostics.services import (
        diagnostic_save_answers,
        diagnostic_start,
        diagnostic_submit,
        plan_draft_from_needs,
        structure_for,
    )
    from tests.diagnostics.test_diagnostic_entry import full_answers

    khenifra = Province.objects.get(code="05.301")
    national = UserFactory(national=True, username="nadia")
    association = AssociationFactory(
        commune=khenifra.communes.first(), name_fr="Association Tifawin"
    )
    president = UserFactory(president=True, username="hassan", association=association)
    campaign = CampaignFactory(province=khenifra, name="Diagnostic 2026")
    diagnostic = diagnostic_start(campaign=campaign, association=association, user=national)
    saved = diagnostic_save_answers(
        diagnostic=diagnostic,
        raw_answers=full_answers(structure_for(campaign.version), yes=False),
        lock_version=0,
        user=national,
    )
    diagnostic_submit(diagnostic=diagnostic, user=national, lock_version=saved.lock_version)
    draft = diagnostic_start(
        campaign=campaign,
        association=AssociationFactory(commune=khenifra.communes.first()),
        user=national,
    )
    plan = plan_draft_from_needs(
        campaign=campaign, needs=needs_ranking(campaign=campaign), user=national
    ).plan
    assert Diagnostic.objects.get(pk=diagnostic.pk).status == "submitted"
    return {
        "national": national,
        "president": president,
        "urls": [
            reverse("associations:figures"),
            reverse("associations:import"),
            reverse("diagnostics:campaigns"),
            reverse("diagnostics:campaign", args=[campaign.pk]),
            reverse("diagnostics:campaign_results", args=[campaign.pk]),
            reverse("diagnostics:comparison"),
            reverse("diagnostics:needs", args=[campaign.pk]),
            reverse("diagnostics:scoring"),
            reverse("diagnostics:entry", args=[draft.pk, 0]),
            reverse("diagnostics:entry", args=[draft.pk, 4]),
            reverse("diagnostics:entry", args=[draft.pk, 7]),
            reverse("diagnostics:results", args=[diagnostic.pk]),
            reverse("diagnostics:plans"),
            reverse("diagnostics:plan", args=[plan.pk]),
            reverse("diagnostics:action_create", args=[plan.pk]),
            reverse("job_list"),
        ],
        # The pages whose wide tables scroll sideways on a phone.
        "wide_tables": [
            reverse("associations:territory"),
            reverse("associations:province", args=[khenifra.code]),
            reverse("diagnostics:campaign_results", args=[campaign.pk]),
            reverse("diagnostics:results", args=[diagnostic.pk]),
            reverse("diagnostics:needs", args=[campaign.pk]),
            reverse("diagnostics:comparison"),
            reverse("diagnostics:scoring"),
        ],
        "president_urls": [
            reverse("associations:detail", args=[association.pk]),
            reverse("diagnostics:results", args=[diagnostic.pk]),
        ],
        "plan": Plan.objects.get(pk=plan.pk),
    }


def _sweep(page, urls):
    problems = {}
    for url in urls:
        page.goto(url)
        found = axe_violations(page)
        if found:
            problems[url] = found
    return problems


def test_main_pages_have_no_serious_accessibility_violation_in_french_and_arabic(page, world):
    login(page, "nadia", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    assert _sweep(page, world["urls"]) == {}

    page.get_by_label("Langue").select_option("ar")
    page.get_by_role("button", name="Changer").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert _sweep(page, world["urls"]) == {}
    # Nothing refused by the Content-Security-Policy, except the questionnaire entry's
    # progress-bar style attribute (templates/diagnostics/entry.html, being rewritten).
    assert [refusal for refusal in page.csp_refusals if "/entry/" not in refusal[0]] == []


def test_the_presidents_pages_are_accessible(page, world):
    login(page, "hassan", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    assert _sweep(page, world["president_urls"]) == {}


def test_wide_tables_are_reachable_by_keyboard_on_a_phone_in_french_and_arabic(page, world):
    """At 390 px the tables scroll sideways inside a focusable, named region."""
    login(page, "nadia", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    page.set_viewport_size({"width": 390, "height": 844})
    assert _sweep(page, world["wide_tables"]) == {}
    page.goto(world["wide_tables"][1])
    region = page.locator(".table-responsive").first
    assert region.get_attribute("tabindex") == "0"
    assert region.get_attribute("role") == "region"
    assert region.get_attribute("aria-labelledby") == "communes-caption"

    switch = page.get_by_test_id("language-switch")
    switch.get_by_label("Langue").select_option("ar")
    switch.get_by_role("button", name="Changer").click()
    page.wait_for_load_state()
    assert _sweep(page, world["wide_tables"]) == {}
