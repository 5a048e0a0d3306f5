"""An agent starts an association's diagnostic from its page, into an open campaign of
its province; an association outside the sample joins it by hand (no stratum)."""

import pytest
from django.urls import reverse

from diagnostics.models import Diagnostic, SampleEntry
from diagnostics.views.start import ERROR_NO_CAMPAIGN
from tests.factories import AssociationFactory, CampaignFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(province_a):
    return CampaignFactory(province=province_a, status="ongoing", name="Khénifra 2026")


def start(client, association, campaign):
    url = reverse("diagnostics:start", args=[association.pk])
    return client.post(url, {"campaign": campaign.pk if campaign else "abc"}, follow=True)


def test_an_agent_starts_an_unsampled_association_which_joins_the_sample_by_hand(
    client, users, association_a, campaign
):
    client.force_login(users["field_agent"])

    detail = client.get(reverse("associations:detail", args=[association_a.pk])).content.decode()
    response = client.post(
        reverse("diagnostics:start", args=[association_a.pk]), {"campaign": campaign.pk}
    )

    diagnostic = Diagnostic.objects.get()
    assert "Commencer son diagnostic dans « Khénifra 2026 »" in detail
    assert response["Location"] == reverse("diagnostics:entry", args=[diagnostic.pk, 0])
    assert (diagnostic.campaign, diagnostic.association) == (campaign, association_a)
    assert diagnostic.created_by == users["field_agent"]
    entry = SampleEntry.objects.get()
    assert (entry.association, entry.stratum, entry.population) == (association_a, "", None)


def test_a_sampled_association_keeps_its_stratum_and_a_second_start_opens_the_same(
    client, users, association_a, campaign
):
    SampleEntry.objects.create(campaign=campaign, association=association_a, stratum="rural × x")
    client.force_login(users["field_agent"])

    start(client, association_a, campaign)
    again = start(client, association_a, campaign)

    assert Diagnostic.objects.count() == 1
    assert SampleEntry.objects.get().stratum == "rural × x"
    assert again.redirect_chain[-1][0] == reverse(
        "diagnostics:entry", args=[Diagnostic.objects.get().pk, 0]
    )


@pytest.mark.parametrize("which", ["closed", "other_province", "garbage"])
def test_a_campaign_that_is_not_open_in_the_province_is_refused_with_a_message(
    client, users, association_a, province_b, which
):
    campaign = {
        "closed": lambda: CampaignFactory(province=association_a.commune.province, status="closed"),
        "other_province": lambda: CampaignFactory(province=province_b, status="ongoing"),
        "garbage": lambda: None,
    }[which]()
    client.force_login(users["national"])

    response = start(client, association_a, campaign)

    assert str(ERROR_NO_CAMPAIGN).replace("'", "&#x27;") in response.content.decode()
    assert not Diagnostic.objects.exists() and not SampleEntry.objects.exists()


def test_an_agent_cannot_start_outside_their_province_nor_a_president_at_all(
    client, users, association_b, association_a, campaign, province_b
):
    other = CampaignFactory(province=province_b, status="ongoing")
    client.force_login(users["field_agent"])
    outside = client.post(
        reverse("diagnostics:start", args=[association_b.pk]), {"campaign": other.pk}
    )
    client.force_login(users["president"])
    president = client.post(
        reverse("diagnostics:start", args=[association_a.pk]), {"campaign": campaign.pk}
    )

    assert (outside.status_code, president.status_code) == (404, 403)
    assert not Diagnostic.objects.exists()


def test_the_association_page_offers_no_start_once_diagnosed_in_every_open_campaign(
    client, users, association_a, campaign
):
    client.force_login(users["field_agent"])
    start(client, association_a, campaign)
    AssociationFactory(commune=association_a.commune)

    detail = client.get(reverse("associations:detail", args=[association_a.pk])).content.decode()

    assert 'data-testid="start-diagnostic"' not in detail
