"""National staff invite a coordinator in the app: the province is picked with the
keyboard in the searchable list, the invitation is e-mailed, the coordinator sets a
password from the link and sees only their province."""

import re

from django.core import mail

from tests.browser.conftest import axe_violations, login
from tests.browser.waiting import wait_until
from tests.factories import TEST_PASSWORD, AssociationFactory, UserFactory


def test_national_staff_invite_a_coordinator_who_sets_a_password_and_sees_only_their_province(
    page, reference_data
):
    from associations.models import Province
    from takwia.models import User

    khenifra = Province.objects.get(code="05.301")
    elsewhere = Province.objects.exclude(pk=khenifra.pk).order_by("code").first()
    AssociationFactory(commune=khenifra.communes.first(), name_fr="Association Tighza")
    AssociationFactory(commune=elsewhere.communes.first(), name_fr="Association Lointaine")
    UserFactory(national=True, username="samira")

    login(page, "samira", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/accounts/people/")
    page.get_by_role("link", name="Inviter une personne").click()
    page.get_by_label(re.compile("e-mail|électronique", re.I)).fill("Nadia.Berrada@ADS.ma")
    page.get_by_label("Prénom").fill("Nadia")
    page.get_by_label("Nom", exact=True).fill("Berrada")
    page.get_by_label("Rôle").select_option(label="Coordinateur provincial")
    # The searchable list, by keyboard only: type part of the name, Enter picks it.
    picker = page.get_by_role("combobox", name=re.compile("provinces", re.I))
    picker.focus()
    page.keyboard.type("Khénif")
    # No waiting for the list to settle: a quick Enter picks what was typed.
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Envoyer l'invitation").click()

    page.wait_for_url(re.compile(r"/accounts/people/\d+/$"))
    account = User.objects.get(email="nadia.berrada@ads.ma")
    assert list(account.provinces.all()) == [khenifra]
    assert not account.has_usable_password()
    assert axe_violations(page) == []
    assert wait_until(lambda: [email.to for email in mail.outbox] == [["nadia.berrada@ads.ma"]])
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))

    page.goto(link)
    page.locator("#id_new_password1").fill("Khenifra-2026!")
    page.locator("#id_new_password2").fill("Khenifra-2026!")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r"/accounts/reset/done/|/accounts/login/"))

    login(page, "nadia.berrada@ads.ma", "Khenifra-2026!")
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/associations/")
    listing = page.locator("main").inner_text()
    assert "Association Tighza" in listing
    assert "Association Lointaine" not in listing
    # The link served once.
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.goto(link)
    assert "Khenifra-2026!" not in page.content()
    assert page.locator("#id_new_password1").count() == 0
