"""A volunteer programme manager registers a placement and its deliverable."""

import re

from tests.browser.conftest import axe_violations, login
from tests.factories import TEST_PASSWORD, UserFactory


def test_a_manager_registers_a_placement_and_its_deliverable(page, reference_data):
    from volunteers.models import Deliverable, Host, Placement, Programme, Volunteer

    programme = Programme.objects.create(
        name="Action pilote de volontariat Sud-Sud", coordinator="France Volontaires",
        countries="Maroc, Sénégal", starts_on="2020-01-01",
    )  # fmt: skip
    Volunteer.objects.create(
        first_name="Awa", last_name="Diop", gender="f", nationality="Sénégalaise",
        category="south_south", status="available", programme=programme,
    )  # fmt: skip
    Host.objects.create(
        name="Migration & Développement", kind="association", country="Maroc", city="Agadir"
    )
    UserFactory(volunteer_manager=True, username="salma")

    login(page, "salma", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Volontariat"
    ).click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Enregistrer une mission").click()
    page.get_by_label("Volontaire").select_option(label="Awa Diop")
    page.get_by_label("Structure d'accueil").select_option(
        label="Migration & Développement (Agadir)"
    )
    page.get_by_label("Programme").select_option(label="Action pilote de volontariat Sud-Sud")
    page.get_by_label("Thème").fill("Migration")
    page.get_by_label("Début").fill("2026-03-01")
    page.get_by_label("Fin").fill("2026-01-01")
    page.get_by_role("button", name="Enregistrer la mission").click()
    assert page.get_by_text("La fin de la mission doit suivre son début.").is_visible()
    page.get_by_label("Fin").fill("2026-12-31")
    page.get_by_role("button", name="Enregistrer la mission").click()

    page.wait_for_url(re.compile(r"/volunteering/placements/\d+/$"))
    assert page.get_by_text("La mission a été enregistrée.").is_visible()
    page.get_by_label("Type").select_option(label="Document de plaidoyer")
    page.get_by_label("Titre").fill("Guide juridique des personnes migrantes")
    page.get_by_role("button", name="Ajouter le livrable").click()
    assert page.get_by_text("Le livrable a été ajouté.").is_visible()
    assert (
        "Guide juridique des personnes migrantes"
        in page.get_by_test_id("deliverables").inner_text()
    )
    assert axe_violations(page) == []
    placement = Placement.objects.get()
    assert Deliverable.objects.get().placement == placement and placement.theme == "Migration"
