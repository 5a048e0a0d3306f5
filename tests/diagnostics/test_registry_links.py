"""The registry knows which associations were diagnosed."""

import pytest
from django.urls import reverse

from diagnostics.models import Diagnostic
from tests.factories import AssociationFactory, CampaignFactory, DiagnosticFactory

pytestmark = pytest.mark.django_db


def test_the_list_filters_diagnosed_and_never_diagnosed_associations(client, users, province_a):
    commune = province_a.communes.first()
    diagnosed = AssociationFactory(commune=commune, name_fr="Association diagnostiquée")
    draft_only = AssociationFactory(commune=commune, name_fr="Association en brouillon")
    campaign = CampaignFactory(province=province_a)
    DiagnosticFactory(campaign=campaign, association=diagnosed, status=Diagnostic.Status.VALIDATED)
    DiagnosticFactory(campaign=campaign, association=draft_only)
    client.force_login(users["coordinator"])

    yes = client.get(reverse("associations:list"), {"diagnosed": "yes"}).context["page"]
    no = client.get(reverse("associations:list"), {"diagnosed": "no"}).context["page"]

    assert [a.name_fr for a in yes.object_list] == ["Association diagnostiquée"]
    assert diagnosed not in no.object_list and draft_only in no.object_list


def test_the_association_page_lists_its_diagnostics_for_staff_and_its_president(
    client, users, province_a, association_a
):
    diagnostic = DiagnosticFactory(
        campaign=CampaignFactory(province=province_a, name="Campagne 2026"),
        association=association_a,
        status=Diagnostic.Status.SUBMITTED,
        overall_score=42.5,
    )
    url = reverse("associations:detail", args=[association_a.pk])
    for role in ("coordinator", "president"):
        client.force_login(users[role])
        page = client.get(url).content.decode()
        assert reverse("diagnostics:results", args=[diagnostic.pk]) in page
        assert "score global 42,5/100" in page
    client.force_login(users["volunteer_manager"])
    assert (
        reverse("diagnostics:results", args=[diagnostic.pk]) not in client.get(url).content.decode()
    )
