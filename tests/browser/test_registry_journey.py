"""A field agent finds an association by an accented search and edits it."""

import re

from django.urls import reverse

from tests.browser.conftest import axe_violations, login
from tests.factories import TEST_PASSWORD, AssociationFactory, UserFactory


def test_a_field_agent_finds_an_association_without_accents_and_edits_it(page, reference_data):
    from associations.models import Province

    khenifra = Province.objects.get(code="05.301")
    association = AssociationFactory(
        name_fr="Association Élan Féminin d'Aguelmous",
        name_ar="جمعية الأمل",
        commune=khenifra.communes.order_by("code").first(),
    )
    UserFactory(field_agent=True, username="youssef", provinces=[khenifra])

    login(page, "youssef", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    page.get_by_role("navigation").get_by_role("link", name="Associations").click()
    page.get_by_role("textbox", name="Recherche").fill("elan feminin")
    page.get_by_role("button", name="Appliquer").click()
    assert page.get_by_test_id("result-count").inner_text() == "1 association"
    assert axe_violations(page) == []

    page.get_by_role("link", name=association.name_fr).click()
    page.get_by_role("link", name="Modifier").click()
    assert axe_violations(page) == []
    page.get_by_label("Téléphone").fill("12")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("Numéro marocain attendu").is_visible()
    page.get_by_label("Téléphone").fill("0612345678")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(reverse("associations:detail", args=[association.pk]) + "$"))
    assert page.get_by_text("Les modifications ont été enregistrées.").is_visible()
    assert "0612345678" in page.get_by_test_id("history").inner_text()
    assert axe_violations(page) == []
