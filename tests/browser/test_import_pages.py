"""The web imports (takwia/imports): a volunteer file uploaded, refused with its line,
then corrected, previewed and confirmed in the browser; axe-core clean on every import page
in French and in Arabic, at 390 px."""

import re

import pytest
from django.urls import reverse

from tests.browser.conftest import axe_violations, login
from tests.factories import TEST_PASSWORD, UserFactory

HEADER = "Nom;Prénom;Genre;Date de naissance;Nationalité;Catégorie;Statut;Programme;Compétences\n"
PILOT = "Action pilote de volontariat Sud-Sud"


@pytest.fixture
def manager(reference_data):
    from volunteers.demo import volunteers_seed

    volunteers_seed()
    UserFactory(national=True, username="nadia")
    return UserFactory(volunteer_manager=True, username="samira")


def _row(last: str, born: str) -> str:
    return f"{last};Sara;Femme;{born};Marocaine;Volontaire local;Disponible;{PILOT};\n"


def test_a_volunteer_file_is_refused_then_imported_and_every_page_is_accessible(
    page, manager, tmp_path
):
    from volunteers.models import Volunteer

    login(page, "samira", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("volunteers:import_volunteers"))
    assert axe_violations(page) == []

    bad = tmp_path / "volontaires.csv"
    bad.write_text(HEADER + _row("Zniber", "12/03/1995") + _row("Diop", "31/02/1990"), "utf-8")
    page.get_by_label("Fichier CSV ou Excel (.xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Vérifier le fichier").click()
    errors = page.locator("#import-errors")
    errors.wait_for()
    assert "Date de naissance" in errors.inner_text() and "3" in errors.inner_text()
    assert axe_violations(page) == []

    good = tmp_path / "volontaires-corrige.csv"
    good.write_text(HEADER + _row("Zniber", "12/03/1995") + _row("Diop", "28/02/1990"), "utf-8")
    page.get_by_label("Fichier CSV ou Excel (.xlsx)").set_input_files(str(good))
    page.get_by_role("button", name="Vérifier le fichier").click()
    page.get_by_role("button", name="Confirmer l'import").wait_for()
    assert "2 enregistrement(s) à créer" in page.content()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Confirmer l'import").click()
    page.get_by_text("Import terminé : 2 créé(s), 0 mis à jour.").wait_for()
    assert (
        Volunteer.objects.filter(first_name="Sara", last_name__in=["Zniber", "Diop"]).count() == 2
    )

    page.get_by_label("Langue").select_option("ar")
    page.get_by_role("button", name="Changer").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "استيراد متطوعين" in page.content()
    assert axe_violations(page) == []


def test_the_import_pages_of_national_staff_are_accessible(page, manager):
    login(page, "nadia", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    urls = [
        reverse("associations:import_communes"),
        reverse("volunteers:import_placements"),
        reverse("partnerships:import_agreements"),
    ]
    for url in urls:
        page.goto(url)
        assert axe_violations(page) == [], url
