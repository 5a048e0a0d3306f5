"""axe-core on the map pages, French and Arabic, on a laptop and a phone; a click on the
drawing opens the province's page."""

import re

import pytest
from django.urls import reverse

from tests.browser.conftest import axe_violations, login
from tests.factories import TEST_PASSWORD, AssociationFactory, UserFactory

WIDTHS = [1366, 390]


@pytest.fixture
def world(reference_data):
    from associations.models import Province

    khenifra = Province.objects.get(code="05.301")
    for commune in khenifra.communes.order_by("code")[:3]:
        AssociationFactory(commune=commune)
    UserFactory(national=True, username="nadia")
    return {
        "province": khenifra,
        "urls": [
            reverse("associations:map"),
            reverse("associations:map") + "?indicator=score",
            reverse("associations:map") + "?indicator=need",
            reverse("associations:province_map", args=[khenifra.code]),
            reverse("associations:province_map", args=[khenifra.code]) + "?indicator=score",
        ],
    }


def _sweep(page, urls):
    problems = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for url in urls:
            page.goto(url)
            found = axe_violations(page, impacts=("minor", "moderate", "serious", "critical"))
            if found:
                problems[f"{url} @ {width}px"] = found
    return problems


def test_the_map_pages_have_no_accessibility_violation_in_french_and_arabic(page, world):
    login(page, "nadia", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    assert _sweep(page, world["urls"]) == {}

    page.get_by_label("Langue").select_option("ar")
    page.get_by_role("button", name="Changer").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert _sweep(page, world["urls"]) == {}


def test_a_click_on_a_province_of_the_map_opens_its_page(page, world):
    login(page, "nadia", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    page.goto(reverse("associations:map"))
    code = world["province"].code
    page.locator(f'svg path[data-code="{code}"]').click()
    page.wait_for_url(re.compile(re.escape(reverse("associations:province", args=[code]))))
    assert world["province"].name_fr in page.locator("h1").inner_text()
