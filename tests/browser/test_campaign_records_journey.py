"""A coordinator keeps a campaign's workshop up to date, takes its attendance person by
person, then closes the campaign after confirming."""

import re
from datetime import date

from tests.browser.conftest import axe_violations, login
from tests.factories import TEST_PASSWORD, AssociationFactory, CampaignFactory, UserFactory


def test_a_coordinator_edits_a_workshop_takes_attendance_and_closes_the_campaign(
    page, reference_data
):
    from associations.models import Province
    from diagnostics.models import Campaign, Workshop

    khenifra = Province.objects.get(code="05.301")
    commune = khenifra.communes.order_by("code").first()
    tifawin = AssociationFactory(commune=commune, name_fr="Association Tifawin")
    amal = AssociationFactory(commune=commune, name_fr="Association Amal")
    campaign = CampaignFactory(province=khenifra, status="ongoing", name="Khénifra 2026")
    workshop = Workshop.objects.create(
        campaign=campaign, kind="launch", held_on=date(2026, 3, 10), place="Khénifra"
    )
    UserFactory(
        coordinator=True, username="fatima", first_name="Fatima", last_name="Bennani",
        provinces=[khenifra],
    )  # fmt: skip

    login(page, "fatima", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    page.goto(f"/campaigns/{campaign.pk}/")
    page.get_by_role("link", name="Atelier de lancement").click()
    page.wait_for_url(re.compile(rf"/workshops/{workshop.pk}/$"))
    page.get_by_role("link", name="Modifier l'atelier").click()
    assert axe_violations(page) == []
    page.get_by_label("Lieu").fill("Khénifra, maison des jeunes")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(rf"/workshops/{workshop.pk}/$"))

    page.get_by_role("link", name="Feuille de présence").click()
    assert axe_violations(page) == []
    people = [
        ("Fatima Zahra Alaoui", tifawin, "woman"),
        ("Khadija Ouali", amal, "woman"),
        ("Youssef Amrani", tifawin, "man"),
    ]
    for line, (name, association, sex) in enumerate(people):
        page.locator(f"#id_attendees-{line}-full_name").fill(name)
        page.locator(f"select[name='attendees-{line}-association']").select_option(
            str(association.pk), force=True
        )
        page.locator(f"input[name='attendees-{line}-sex'][value='{sex}']").check()
    page.get_by_role("button", name="Enregistrer la présence").click()

    page.wait_for_url(re.compile(rf"/workshops/{workshop.pk}/$"))
    assert page.get_by_text("Présence enregistrée : 3 personnes.").is_visible()
    counts = page.get_by_test_id("attendance-counts").inner_text()
    assert "3 personnes (2 femmes, 1 homme)" in counts and "2 associations" in counts
    assert "Youssef Amrani" in page.get_by_test_id("people").inner_text()
    history = page.get_by_test_id("history").inner_text()
    assert "Fatima Bennani" in history
    assert "Khénifra, maison des jeunes" in history
    assert "Association Amal, Association Tifawin" in history
    assert axe_violations(page) == []

    page.goto(f"/campaigns/{campaign.pk}/")
    page.get_by_role("link", name="Clôturer la campagne").click()
    assert Campaign.objects.get(pk=campaign.pk).status == "ongoing"  # not before confirming
    assert axe_violations(page) == []
    page.get_by_role("button", name="Clôturer la campagne").click()

    page.wait_for_url(re.compile(rf"/campaigns/{campaign.pk}/$"))
    assert page.get_by_test_id("campaign-closed").is_visible()
    assert "Clôturée" in page.get_by_test_id("history").inner_text()
    assert Campaign.objects.get(pk=campaign.pk).status == "closed"
