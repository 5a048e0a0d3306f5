"""The service worker is served from the root; /offline/precache/ tells it what to keep
for the person (the shell, the static files, the steps of an agent's drafts and
returns with their version); logging out tells the browser to empty its storage."""

import pytest
from django.templatetags.static import static
from django.urls import reverse

from takwia.offline import ENTRY_STATIC, VERSION_HEADER
from tests.factories import CampaignFactory, DiagnosticFactory

pytestmark = pytest.mark.django_db


def test_the_service_worker_is_served_at_the_root_as_javascript_never_cached(client):
    response = client.get(reverse("service_worker"))

    assert reverse("service_worker") == "/sw.js"
    assert response["Content-Type"].startswith("application/javascript")
    assert "no-cache" in response["Cache-Control"]
    assert b'addEventListener("fetch"' in response.content


def test_an_agent_is_given_the_shell_and_every_step_of_their_drafts_and_returns(
    client, users, province_a, province_b
):
    campaign = CampaignFactory(province=province_a, status="ongoing")
    draft = DiagnosticFactory(campaign=campaign, lock_version=3)
    returned = DiagnosticFactory(campaign=campaign, status="returned", lock_version=5)
    DiagnosticFactory(campaign=campaign, status="submitted")
    DiagnosticFactory(campaign=CampaignFactory(province=province_b))  # out of scope
    client.force_login(users["field_agent"])

    response = client.get(reverse("offline_precache"))

    urls = response.json()["urls"]
    assert "no-cache" in response["Cache-Control"]
    shell = [{"url": reverse("home")}] + [{"url": static(path)} for path in ENTRY_STATIC]
    assert urls[: len(shell)] == shell
    # Six axes: identification, six steps, the summary; each with its version.
    assert urls[len(shell) :] == [
        {"url": reverse("diagnostics:entry", args=[diagnostic.pk, step]), "version": version}
        for diagnostic, version in ((returned, 5), (draft, 3))
        for step in range(8)
    ]


def test_other_roles_are_given_the_shell_only(client, users, province_a):
    DiagnosticFactory(campaign=CampaignFactory(province=province_a))
    client.force_login(users["coordinator"])

    urls = client.get(reverse("offline_precache")).json()["urls"]

    assert not [entry for entry in urls if "/entry/" in entry["url"]]


def test_an_entry_page_lists_its_steps_and_says_its_version(client, users, province_a):
    draft = DiagnosticFactory(campaign=CampaignFactory(province=province_a), lock_version=2)
    client.force_login(users["field_agent"])

    response = client.get(reverse("diagnostics:entry", args=[draft.pk, 3]))

    assert response[VERSION_HEADER] == "2"
    steps = [entry for entry in response.context["precache"] if "/entry/" in entry["url"]]
    assert [entry["url"] for entry in steps] == [
        reverse("diagnostics:entry", args=[draft.pk, step]) for step in range(8)
    ]


def test_logging_out_tells_the_browser_to_empty_its_caches_and_storage(client, users):
    client.force_login(users["field_agent"])

    response = client.post(reverse("logout"))

    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in client.session


def test_the_precache_list_costs_the_same_queries_for_2_or_12_diagnostics(
    client, users, province_a
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    campaign = CampaignFactory(province=province_a, status="ongoing")
    client.force_login(users["field_agent"])
    DiagnosticFactory(campaign=campaign)
    client.get(reverse("offline_precache"))  # the questionnaire's structure, read once
    counts = []
    for total in (2, 12):
        while campaign.diagnostics.count() < total:
            DiagnosticFactory(campaign=campaign)
        with CaptureQueriesContext(connection) as queries:
            urls = client.get(reverse("offline_precache")).json()["urls"]
        assert len([entry for entry in urls if "/entry/" in entry["url"]]) == 8 * total
        counts.append(len(queries))

    assert counts[0] == counts[1] <= 12
