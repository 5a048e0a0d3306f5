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


def test_a_field_agent_imports_a_file_fixes_its_bad_row_then_finds_and_edits_it(
    page, reference_data, tmp_path
):
    from associations.models import Association, Province

    khenifra = Province.objects.get(code="05.301")
    UserFactory(field_agent=True, username="amina", provinces=[khenifra])
    header = "Nom (français);Nom (arabe);Code commune;Date de création;Adhérents\r\n"
    good = "Association Équité d'Aït Ishaq;جمعية الإنصاف;05.301.03.01;12/04/2012;30\r\n"
    bad = tmp_path / "associations.csv"
    bad.write_text(header + good + "Association Oasis;;05.301.01.01;2012-13-45;12\r\n", "utf-8-sig")
    fixed = tmp_path / "associations-corrige.csv"
    fixed.write_text(
        header + good + "Association Oasis;;05.301.01.01;13/05/2012;12\r\n", "utf-8-sig"
    )

    login(page, "amina", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Associations"
    ).click()
    page.get_by_role("link", name="Importer un fichier").click()
    assert axe_violations(page) == []
    page.get_by_label("Fichier CSV ou Excel (.xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Vérifier le fichier").click()

    errors = page.locator("#import-errors")
    assert "Le fichier est refusé : 1 erreur." in errors.inner_text()
    assert "3\tDate de création\tdate attendue au format jj/mm/aaaa, « 2012-13-45 » reçu." in (
        errors.inner_text()
    )
    assert axe_violations(page) == []
    assert not Association.objects.filter(name_fr__contains="Oasis").exists()

    page.get_by_label("Fichier CSV ou Excel (.xlsx)").set_input_files(str(fixed))
    page.get_by_role("button", name="Vérifier le fichier").click()
    assert "2 association(s) à créer" in page.get_by_role("status").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Confirmer l'import").click()
    assert page.get_by_text("Import terminé : 2 association(s) créée(s)").is_visible()

    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Associations"
    ).click()
    page.get_by_role("textbox", name="Recherche").fill("ÉQUITÉ D'AÏT")
    page.get_by_role("button", name="Appliquer").click()
    assert page.get_by_test_id("result-count").inner_text() == "1 association"
    page.get_by_role("link", name="Association Équité d'Aït Ishaq").click()
    page.get_by_role("link", name="Modifier").click()
    page.get_by_label("Nombre d'adhérents").fill("31")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("Les modifications ont été enregistrées.").is_visible()
    history = page.get_by_test_id("history").inner_text()
    assert "30" in history and "31" in history
    assert Association.objects.get(name_fr="Association Équité d'Aït Ishaq").members_count == 31
