"""The pages of issue 14 (home work lists, Rapports, review, entry, starting from an
association) have no serious axe-core violation, in French and Arabic, at 1366 px and
390 px. With TAKWIA_SCREENS=/some/dir, each page is also saved there as a screenshot."""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser.conftest import axe_violations, login
from tests.factories import TEST_PASSWORD, AssociationFactory, CampaignFactory, UserFactory

WIDTHS = (1366, 390)
SCREENS = os.environ.get("TAKWIA_SCREENS")


@pytest.fixture
def world(reference_data):
    from associations.models import Province
    from diagnostics.models import Action, Diagnostic, Plan, SampleEntry
    from diagnostics.services import (
        diagnostic_return,
        diagnostic_save_answers,
        diagnostic_start,
        diagnostic_submit,
        structure_for,
    )
    from tests.diagnostics.test_diagnostic_entry import full_answers
    from volunteers.demo import volunteers_seed
    from volunteers.models import Host, Placement, Programme, Volunteer

    khenifra = Province.objects.get(code="05.301")
    national = UserFactory(national=True, username="nadia", first_name="Nadia")
    agent = UserFactory(field_agent=True, username="youssef", provinces=[khenifra])
    UserFactory(coordinator=True, username="karima", provinces=[khenifra])
    UserFactory(volunteer_manager=True, username="salma")
    communes = list(khenifra.communes.order_by("name_fr")[:3])
    campaign = CampaignFactory(province=khenifra, status="ongoing", name="Khénifra 2026")
    associations = [
        AssociationFactory(commune=communes[i % 3], name_fr=f"Association Tifawin {i}")
        for i in range(6)
    ]
    for association in associations:
        SampleEntry.objects.create(
            campaign=campaign, association=association, stratum="rural × social"
        )
    president = UserFactory(president=True, username="hassan", association=associations[0])

    def submitted(association):
        diagnostic = diagnostic_start(campaign=campaign, association=association, user=agent)
        saved = diagnostic_save_answers(
            diagnostic=diagnostic,
            raw_answers=full_answers(structure_for(campaign.version)),
            lock_version=0,
            user=agent,
        )
        diagnostic_submit(diagnostic=diagnostic, user=agent, lock_version=saved.lock_version)
        return Diagnostic.objects.get(pk=diagnostic.pk)

    reviewed = submitted(associations[0])
    returned = submitted(associations[1])
    diagnostic_return(
        diagnostic=returned,
        user=national,
        comment="Compléter l'identification.",
        comments={"governance": "Le PV de la dernière assemblée générale manque."},
    )
    draft = diagnostic_start(campaign=campaign, association=associations[2], user=agent)
    today = timezone.localdate()
    plan = Plan.objects.create(
        province=khenifra, campaign=campaign, title="Plan Khénifra 2026",
        starts_on=today, ends_on=today + timedelta(days=365),
    )  # fmt: skip
    action = Action.objects.create(
        plan=plan, kind="training", title="Formation à la gestion financière",
        axis="finances", starts_on=today + timedelta(days=12), place="Khénifra",
    )  # fmt: skip
    action.targets.add(associations[0])
    volunteers_seed()
    Placement.objects.create(
        volunteer=Volunteer.objects.first(), host=Host.objects.first(),
        programme=Programme.objects.first(), theme="Gestion de projets",
        starts_on=today - timedelta(days=200), ends_on=today + timedelta(days=40),
    )  # fmt: skip
    unsampled = AssociationFactory(commune=communes[0], name_fr="Association Amal")
    return {
        "youssef": {
            "home": reverse("home"),
            "entry-step5": reverse("diagnostics:entry", args=[draft.pk, 5]),
            "entry-returned": reverse("diagnostics:entry", args=[returned.pk, 1]),
            "entry-submit": reverse("diagnostics:entry", args=[draft.pk, 7]),
            "association-start": reverse("associations:detail", args=[unsampled.pk]),
        },
        "karima": {"home": reverse("home"), "reports": reverse("diagnostics:reports")},
        "nadia": {
            "home": reverse("home"),
            "review": reverse("diagnostics:results", args=[reviewed.pk]),
            "reports": reverse("diagnostics:reports"),
        },
        "hassan": {"home": reverse("home")},
        "salma": {"home": reverse("home")},
        "_president": president,
    }


def _switch(page, language):
    page.get_by_label("Langue" if language == "ar" else "اللغة").select_option(language)
    page.locator("[data-testid=language-switch] button").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("username", ["youssef", "karima", "nadia", "hassan", "salma"])
def test_the_fieldwork_pages_are_accessible_in_both_languages_and_widths(page, world, username):
    login(page, username, TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    problems = {}
    for language in ("fr", "ar"):
        if language == "ar":
            _switch(page, "ar")
            assert page.locator("html").get_attribute("dir") == "rtl"
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for name, url in world[username].items():
                page.goto(url)
                found = axe_violations(page)
                if found:
                    problems[f"{username} {name} {language} {width}"] = found
                if SCREENS:
                    Path(SCREENS).mkdir(parents=True, exist_ok=True)
                    page.screenshot(
                        path=f"{SCREENS}/{username}-{name}-{language}-{width}.png",
                        full_page=True,
                    )
    assert problems == {}
