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


def _cooperation(province):
    """A programme with a pair in ``province``, one indicator, one value recorded in 2021."""
    from datetime import date

    from partnerships.models import (
        CommunePair,
        CooperationProgramme,
        ExpectedResult,
        Indicator,
        Measurement,
    )

    programme = CooperationProgramme.objects.create(
        name="Programme Belgique–Maroc", countries="Belgique, Maroc",
        starts_on=date(2020, 1, 1), ends_on=date(2026, 12, 31), objective="Gouvernance locale",
    )  # fmt: skip
    pair = CommunePair.objects.create(
        programme=programme, foreign_municipality="Namur", foreign_country="Belgique"
    )
    pair.communes.add(province.communes.order_by("code").first())
    result = ExpectedResult.objects.create(programme=programme, number=1, title="Gouvernance")
    indicator = Indicator.objects.create(
        result=result, name="Conventions signées", unit="conventions", baseline=0, target=12
    )
    Measurement.objects.create(indicator=indicator, pair=pair, year=2021, value=3, target=4)
    return programme, pair, indicator


def test_a_coordinator_records_a_yearly_value_and_sees_the_line_move(page, reference_data):
    from associations.models import Province
    from partnerships.models import Measurement

    khenifra = Province.objects.get(code="05.301")
    programme, pair, indicator = _cooperation(khenifra)
    UserFactory(coordinator=True, username="fatima", provinces=[khenifra])

    login(page, "fatima", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/cooperation/")
    page.get_by_role("link", name="Programme Belgique–Maroc").click()
    page.get_by_role("link", name=re.compile("^Namur")).click()
    card = page.get_by_test_id(f"indicator-{indicator.pk}")
    line = card.locator("polyline.chart-values")
    before = line.get_attribute("points")
    assert len(before.split()) == 1  # one year recorded: one point

    card.get_by_role("link", name=re.compile("Enregistrer une valeur annuelle")).click()
    assert axe_violations(page) == []
    page.get_by_role("spinbutton", name=re.compile(r"^Année")).fill("2022")
    page.get_by_role("spinbutton", name=re.compile(r"^Valeur")).fill("7")
    page.get_by_label("Cible de l'année").fill("8")
    page.get_by_role("button", name="Enregistrer la valeur").click()

    page.wait_for_url(re.compile(rf"/cooperation/pairs/{pair.pk}/$"))
    assert page.get_by_text("La valeur annuelle a été enregistrée.").is_visible()
    after = line.get_attribute("points")
    assert len(after.split()) == 2 and after != before  # the line moved on to 2022
    assert "2022" in card.locator("table").inner_text()
    assert axe_violations(page) == []

    # The same year twice: a French message beside the year, nothing written.
    card.get_by_role("link", name=re.compile("Enregistrer une valeur annuelle")).click()
    page.get_by_role("spinbutton", name=re.compile(r"^Année")).fill("2022")
    page.get_by_role("spinbutton", name=re.compile(r"^Valeur")).fill("9")
    page.get_by_role("button", name="Enregistrer la valeur").click()
    assert page.get_by_text("Une valeur est déjà enregistrée pour 2022").is_visible()
    assert Measurement.objects.filter(year=2022).count() == 1


def test_partnership_pages_in_arabic_fit_a_phone(browser, live_server, reference_data):
    """Every partnership list and form, in Arabic at 390 px: no horizontal scrolling, no
    serious accessibility fault. With TAKWIA_SCREENS=/some/dir, each is saved there."""
    import os
    from datetime import date
    from pathlib import Path

    from django.urls import reverse

    from associations.models import Network, Province
    from partnerships.models import Agreement, Measurement, Partner

    khenifra = Province.objects.get(code="05.301")
    programme, pair, indicator = _cooperation(khenifra)
    association = AssociationFactory(commune=khenifra.communes.first(), name_fr="Tifawin")
    partner = Partner.objects.create(name="Entraide Nationale", kind="government")
    agreement = Agreement.objects.create(
        association=association, partner=partner, kind="technical", starts_on=date(2025, 1, 1)
    )
    agreement.status = "ended"
    agreement.save()
    network = Network.objects.create(name="Réseau du Moyen Atlas", kind="territorial",
                                     level="regional")  # fmt: skip
    association.networks.add(network)
    UserFactory(national=True, username="nadia")
    record = Measurement.objects.get()
    pages = {
        "agreements": reverse("partnerships:agreements"),
        "agreement": reverse("partnerships:agreement", args=[agreement.pk]),
        "agreement-edit": reverse("partnerships:agreement_update", args=[agreement.pk]),
        "partners": reverse("partnerships:partners"),
        "partner": reverse("partnerships:partner", args=[partner.pk]),
        "partner-new": reverse("partnerships:partner_create"),
        "networks": reverse("partnerships:networks"),
        "network": reverse("partnerships:network", args=[network.pk]) + "?q=tifawin",
        "network-new": reverse("partnerships:network_create"),
        "programmes": reverse("partnerships:programmes"),
        "programme": reverse("partnerships:programme", args=[programme.pk]),
        "programme-edit": reverse("partnerships:programme_update", args=[programme.pk]),
        "result-new": reverse("partnerships:result_create", args=[programme.pk]),
        "indicator": reverse("partnerships:indicator", args=[indicator.pk]),
        "indicator-edit": reverse("partnerships:indicator_update", args=[indicator.pk]),
        "pair": reverse("partnerships:pair", args=[pair.pk]),
        "pair-edit": reverse("partnerships:pair_update", args=[pair.pk]),
        "value-new": reverse("partnerships:measurement_create", args=[pair.pk, indicator.pk]),
        "value-edit": reverse("partnerships:measurement_update", args=[record.pk]),
    }
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    login(page, "nadia", TEST_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    page.get_by_role("button", name="Afficher le menu").click()
    page.get_by_label("Langue").select_option("ar")
    page.get_by_test_id("language-switch").get_by_role("button").click()
    page.wait_for_load_state()
    screens = os.environ.get("TAKWIA_SCREENS")
    problems = {}
    for name, url in pages.items():
        page.goto(url)
        assert page.locator("html").get_attribute("dir") == "rtl"
        width = page.evaluate("document.documentElement.scrollWidth")
        found = axe_violations(page) + ([f"{width} px wide"] if width > 390 else [])
        if found:
            problems[name] = found
        if screens:
            Path(screens).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{screens}/partnerships-{name}-ar-390.png", full_page=True)
    context.close()
    assert problems == {}
