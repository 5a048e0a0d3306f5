"""Each role logs in through the real login form and lands on its own home page."""

import re

import pytest
from django.urls import reverse

from tests.browser.conftest import axe_violations, login
from tests.factories import TEST_PASSWORD, AssociationFactory, UserFactory

KHENIFRA = "05.301"


@pytest.fixture
def people(reference_data):
    from associations.models import Province

    khenifra = Province.objects.get(code=KHENIFRA)
    association = AssociationFactory(
        name_fr="Association Tifawin pour le développement",
        name_ar="جمعية تيفاوين للتنمية",
        commune=khenifra.communes.order_by("code").first(),
    )
    return {
        "national": UserFactory(national=True, username="nadia"),
        "field_agent": UserFactory(field_agent=True, username="youssef", provinces=[khenifra]),
        "coordinator": UserFactory(coordinator=True, username="fatima", provinces=[khenifra]),
        "president": UserFactory(president=True, username="hassan", association=association),
        "volunteer_manager": UserFactory(volunteer_manager=True, username="salma"),
    }


# role -> (text the home page must show, the main page that role reaches from there)
EXPECTED = {
    "national": ("Le registre national", "Territoire"),
    "field_agent": ("Vos provinces", "Territoire"),
    "coordinator": ("Vos provinces", "Territoire"),
    "president": ("Votre association", "Mon association"),
    "volunteer_manager": ("volontaires en mission", "Volontariat"),  # their own figures
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_logs_in_and_reaches_its_home_page(page, people, role):
    user = people[role]
    home_text, nav_entry = EXPECTED[role]
    login(page, user.username, TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    assert page.get_by_role("heading", name=home_text).is_visible()
    assert page.get_by_test_id("user-menu").inner_text().startswith(user.get_full_name())
    assert axe_violations(page) == []

    page.get_by_role("navigation").get_by_role("link", name=nav_entry).click()
    page.wait_for_load_state()
    assert page.locator("h1").first.is_visible()
    assert axe_violations(page) == []

    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))


def test_login_page_is_accessible_and_refuses_a_bad_password(page, people):
    page.goto("/")
    page.wait_for_url(re.compile(r"/accounts/login/\?next=/"))
    assert axe_violations(page) == []
    login(page, "nadia", "mauvais")
    assert page.get_by_text(
        "Saisissez un nom d’utilisateur et un mot de passe valides"
    ).is_visible()


def test_the_arabic_switch_turns_the_page_right_to_left(page, people):
    login(page, "fatima", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    page.get_by_label("Langue").select_option("ar")
    page.get_by_test_id("language-switch").get_by_role("button").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert axe_violations(page) == []


def test_the_home_page_fits_a_phone_screen(browser, live_server, people):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    login(page, "fatima", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    # Nothing wider than the screen: no horizontal scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Afficher le menu").click()
    page.get_by_role("link", name="Territoire", exact=True).click()
    page.wait_for_url(re.compile(reverse("associations:territory")))
    context.close()


def test_a_locked_account_gets_a_french_message(page, people, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(page, "youssef", "mauvais")
    login(page, "youssef", TEST_PASSWORD)
    assert (
        "Trop de tentatives de connexion ont échoué"
        in page.get_by_test_id("lockout-message").inner_text()
    )
