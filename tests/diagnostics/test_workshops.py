"""Workshops of a campaign: recorded once, however many times the form is posted."""

import uuid
from datetime import date

import pytest
from django.urls import reverse

from diagnostics.models import Workshop
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def test_a_workshop_posted_twice_with_the_same_form_is_recorded_once(client, province_a, users):
    campaign = CampaignFactory(province=province_a)
    client.force_login(users["coordinator"])
    form = {
        "kind": "launch",
        "held_on": date(2026, 3, 10).isoformat(),
        "place": "Khénifra",
        "notes": "",
        "submission_token": str(uuid.uuid4()),
    }
    url = reverse("diagnostics:workshop_create", args=[campaign.pk])

    first = client.post(url, form)
    second = client.post(url, form)

    assert first.status_code == second.status_code == 302
    assert Workshop.objects.filter(campaign=campaign).count() == 1
    form["submission_token"] = str(uuid.uuid4())  # a new display of the form: a new one
    client.post(url, form)
    assert Workshop.objects.filter(campaign=campaign).count() == 2


def test_workshops_are_seen_through_their_campaign(province_a, province_b, users):
    mine = CampaignFactory(province=province_a)
    other = CampaignFactory(province=province_b)
    for campaign in (mine, other):
        Workshop.objects.create(
            campaign=campaign, kind="launch", held_on=date(2026, 3, 1), place="x"
        )

    visible = Workshop.objects.visible_to(users["coordinator"])

    assert [w.campaign_id for w in visible] == [mine.pk]
