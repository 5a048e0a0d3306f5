"""A volunteer programme manager registers a placement and its deliverable."""

import os
import re
from pathlib import Path

from tests.browser.conftest import axe_violations, login
from tests.factories import TEST_PASSWORD, UserFactory

SCREENS = os.environ.get("TAKWIA_SCREENS")


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


def test_a_manager_keeps_volunteering_records_up_then_reads_them_in_arabic_on_a_phone(
    page, reference_data
):
    """Creates a programme, a volunteer, a host, places the volunteer, records a
    deliverable and marks it received; then every list and form in Arabic at 390 px:
    axe-clean, no horizontal scrolling (TAKWIA_SCREENS=dir keeps the screenshots)."""
    from volunteers.models import Deliverable, Host, Placement, Programme, Volunteer

    UserFactory(volunteer_manager=True, username="salma")
    login(page, "salma", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))

    page.goto("/volunteering/")
    page.get_by_role("link", name="Enregistrer un programme").click()
    page.get_by_label("Intitulé").fill("Volontaires des Nations unies au Maroc")
    page.get_by_label("Coordination").fill("Programme VNU")
    page.get_by_label("Maroc").check()
    page.get_by_label("Début").fill("2026-01-01")
    page.get_by_label("Fin").fill("2025-01-01")
    page.get_by_role("button", name="Enregistrer le programme").click()
    assert page.get_by_text("La fin du programme doit suivre son début.").is_visible()
    page.get_by_label("Fin").fill("")
    page.get_by_role("button", name="Enregistrer le programme").click()
    assert page.get_by_text("Le programme a été enregistré.").is_visible()

    page.goto("/volunteering/volunteers/")
    page.get_by_role("link", name="Enregistrer un volontaire").click()
    page.locator("#id_last_name").fill("Alami")
    page.get_by_label("Prénom").fill("Sara")
    page.get_by_label("Genre").select_option(label="Femme")
    page.get_by_label("Nationalité").select_option(label="Marocaine")
    page.get_by_label("Arabe").check()
    page.get_by_label("Catégorie").select_option(label="Volontaire national des Nations unies")
    page.get_by_label("Statut").select_option(label="En mission")
    page.get_by_label("Programme").select_option(label="Volontaires des Nations unies au Maroc")
    page.get_by_role("button", name="Enregistrer le volontaire").click()
    assert page.get_by_text("Le volontaire a été enregistré.").is_visible()
    assert axe_violations(page) == []

    page.goto("/volunteering/hosts/")
    page.get_by_role("link", name="Enregistrer une structure d'accueil").click()
    page.get_by_label("Structure d'accueil").fill("ONU Femmes")
    page.get_by_label("Type").select_option(label="Organisation internationale")
    page.get_by_label("Pays").select_option(label="Maroc")
    page.get_by_label("Ville").fill("Rabat")
    page.get_by_role("button", name="Enregistrer la structure").click()
    assert page.get_by_text("La structure d'accueil a été enregistrée.").is_visible()

    volunteer = Volunteer.objects.get()
    page.goto(f"/volunteering/volunteers/{volunteer.pk}/")
    page.get_by_role("link", name="Enregistrer une mission").click()
    page.get_by_label("Structure d'accueil").select_option(label="ONU Femmes (Rabat)")
    page.get_by_label("Programme").select_option(label="Volontaires des Nations unies au Maroc")
    page.get_by_label("Thème").fill("Égalité femmes-hommes")
    page.get_by_label("Début").fill("2026-02-01")
    page.get_by_label("Fin").fill("2027-01-31")
    page.get_by_role("button", name="Enregistrer la mission").click()
    page.wait_for_url(re.compile(r"/volunteering/placements/\d+/$"))
    page.get_by_label("Type").select_option(label="Étude")
    page.get_by_label("Titre").fill("État des lieux de l'égalité dans les communes")
    page.get_by_role("button", name="Ajouter le livrable").click()
    assert page.get_by_text("Le livrable a été ajouté.").is_visible()
    page.get_by_role("button", name="Marquer comme reçu").click()
    assert page.get_by_text("Le livrable est marqué comme reçu.").is_visible()
    assert "Création" in page.get_by_test_id("history").inner_text()

    placement, deliverable = Placement.objects.get(), Deliverable.objects.get()
    assert (placement.volunteer, placement.host) == (volunteer, Host.objects.get())
    assert placement.programme == Programme.objects.get() and deliverable.received_on

    # In Arabic on a phone: every list and form of the journey.
    page.get_by_label("Langue").select_option("ar")
    page.get_by_test_id("language-switch").get_by_role("button").click()
    page.wait_for_load_state()
    page.set_viewport_size({"width": 390, "height": 844})
    host = Host.objects.get()
    pages = {
        "home": "/",
        "dashboard": "/volunteering/",
        "volunteers": "/volunteering/volunteers/?q=sara",
        "volunteer": f"/volunteering/volunteers/{volunteer.pk}/",
        "volunteer-form": f"/volunteering/volunteers/{volunteer.pk}/edit/",
        "hosts": "/volunteering/hosts/",
        "host": f"/volunteering/hosts/{host.pk}/",
        "host-form": "/volunteering/hosts/new/",
        "programme-form": "/volunteering/programmes/new/",
        "placements": "/volunteering/placements/",
        "placement": f"/volunteering/placements/{placement.pk}/",
        "placement-form": f"/volunteering/placements/{placement.pk}/edit/",
        "placement-end": f"/volunteering/placements/{placement.pk}/end/",
        "placement-extend": f"/volunteering/placements/{placement.pk}/extend/",
        "deliverable": f"/volunteering/deliverables/{deliverable.pk}/",
    }
    problems = {}
    for name, url in pages.items():
        page.goto(url)
        assert page.locator("html").get_attribute("dir") == "rtl"
        found = axe_violations(page)
        if page.evaluate("document.documentElement.scrollWidth") > 390:
            found.append("wider than the screen")
        if found:
            problems[name] = found
        if SCREENS:
            Path(SCREENS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SCREENS}/volunteering-{name}-ar-390.png", full_page=True)
    assert problems == {}
