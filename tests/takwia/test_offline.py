"""The service worker is served from the root, and the pages tell it what to keep."""

import json
import re

import pytest
from django.templatetags.static import static
from django.urls import reverse

from takwia.offline import ENTRY_STATIC
from tests.factories import CampaignFactory, DiagnosticFactory

pytestmark = pytest.mark.django_db


def precache_of(page: str) -> list[str]:
    block = re.search(r'<script id="offline-precache" type="application/json">(.*?)</script>', page)
    return json.loads(block.group(1))


def test_the_service_worker_is_served_at_the_root_as_javascript_never_cached(client):
    response = client.get(reverse("service_worker"))

    assert reverse("service_worker") == "/sw.js"
    assert response["Content-Type"].startswith("application/javascript")
    assert "no-cache" in response["Cache-Control"]
    assert b'addEventListener("fetch"' in response.content


def test_an_agents_home_asks_to_keep_every_step_of_their_drafts_and_returns(
    client, users, province_a
):
    campaign = CampaignFactory(province=province_a, status="ongoing")
    draft = DiagnosticFactory(campaign=campaign)
    returned = DiagnosticFactory(campaign=campaign, status="returned")
    DiagnosticFactory(campaign=campaign, status="submitted")
    client.force_login(users["field_agent"])

    urls = precache_of(client.get(reverse("home")).content.decode())

    steps = [url for url in urls if "/entry/" in url]
    assert urls[: len(ENTRY_STATIC)] == [static(path) for path in ENTRY_STATIC]
    # Six axes: identification, six steps, the summary.
    assert steps == [
        reverse("diagnostics:entry", args=[diagnostic.pk, step])
        for diagnostic in (returned, draft)
        for step in range(8)
    ]


def test_an_entry_page_asks_to_keep_the_other_steps_of_its_questionnaire(client, users, province_a):
    draft = DiagnosticFactory(campaign=CampaignFactory(province=province_a))
    client.force_login(users["field_agent"])

    page = client.get(reverse("diagnostics:entry", args=[draft.pk, 3])).content.decode()

    assert [url for url in precache_of(page) if "/entry/" in url] == [
        reverse("diagnostics:entry", args=[draft.pk, step]) for step in range(8)
    ]
