"""Internal codes never reach a reader: strata and sub-dimensions appear by name, in
French or Arabic."""

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from associations.models import Domain
from diagnostics.services import campaign_sample_draw
from tests.factories import AssociationFactory, CampaignFactory

pytestmark = pytest.mark.django_db


def _render(text, **context):
    return Template("{% load questionnaire_names %}" + text).render(Context(context))


def test_a_stratum_reads_as_milieu_and_domain_in_either_language():
    health = Domain.objects.get(code="sante")
    assert _render("{{ s|stratum }}", s="rural/sante") == f"Rural · {health.name_fr}"
    assert _render("{{ s|stratum }}", s="urban/sans-domaine") == "Urbain · sans domaine"
    assert _render("{{ s|stratum }}", s="") == "ajoutée à la main"
    with translation.override("ar"):
        shown = _render("{{ s|stratum }}", s="rural/sante")
    assert "rural" not in shown and "sante" not in shown
    assert health.name_ar in shown


def test_sub_dimensions_read_by_name():
    shown = _render("{{ codes|subdimensions }}", codes=["vision.vision", "governance.statutes"])
    assert "." not in shown and "vision.vision" not in shown
    assert shown.count(",") == 1


def test_the_campaign_page_shows_strata_by_name(client, users, province_a):
    commune = province_a.communes.first()
    for _ in range(4):
        AssociationFactory(commune=commune)
    campaign = CampaignFactory(province=province_a)
    campaign_sample_draw(campaign=campaign, size=2, seed=1)
    client.force_login(users["coordinator"])
    page = client.get(reverse("diagnostics:campaign", args=[campaign.pk])).content.decode()
    assert "/sans-domaine" not in page and "sans domaine" in page


def test_a_file_title_follows_the_language_of_the_file(users, province_a, settings, tmp_path):
    from takwia.jobs import job_request

    settings.MEDIA_ROOT = tmp_path
    french = job_request(
        user=users["coordinator"], kind="province_report", params={"province": province_a.code}
    ).job
    arabic = job_request(
        user=users["coordinator"],
        kind="province_report",
        params={"province": province_a.code},
        language="ar",
    ).job
    assert french.title == f"Rapport provincial – {province_a.name_fr}"
    assert province_a.name_ar in arabic.title and "Rapport" not in arabic.title
    assert province_a.name_fr not in arabic.title
