"""A coordinator records an association's partnership agreement."""

import re

from tests.browser.conftest import axe_violations, login
from tests.factories import TEST_PASSWORD, AssociationFactory, UserFactory


def test_a_coordinator_records_an_agreement_with_a_new_partner(page, reference_data):
    from associations.models import Province
    from partnerships.models import Agreement

    khenifra = Province.objects.get(code="05.301")
    association = AssociationFactory(
        commune=khenifra.communes.first(), name_fr="Association Tifawin"
    )
    UserFactory(coordinator=True, username="fatima", provinces=[khenifra])

    login(page, "fatima", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    page.goto(f"/associations/{association.pk}/")
    page.get_by_role("link", name="Enregistrer un accord").click()
    assert axe_violations(page) == []
    page.get_by_label("Nature").select_option(label="Financement")
    page.get_by_label("Début").fill("2026-02-01")
    page.get_by_label("ou nouveau partenaire").fill("Fondation Atlas Solidarité")
    page.get_by_label("type du nouveau partenaire").select_option(label="ONG nationale")
    page.get_by_role("button", name="Enregistrer l'accord").click()
    assert page.get_by_text("Indiquez le montant d'un accord de financement.").is_visible()

    page.get_by_label("Montant (MAD)").fill("35000")
    page.get_by_role("button", name="Enregistrer l'accord").click()

    page.wait_for_url(re.compile(r"/partnerships/\d+/$"))
    assert page.get_by_text("L'accord de partenariat a été enregistré.").is_visible()
    assert axe_violations(page) == []
    agreement = Agreement.objects.get()
    assert (agreement.association, agreement.partner.name, int(agreement.amount)) == (
        association,
        "Fondation Atlas Solidarité",
        35000,
    )
    page.goto(f"/associations/{association.pk}/")
    assert "Fondation Atlas Solidarité" in page.get_by_test_id("agreements").inner_text()
