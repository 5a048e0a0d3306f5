"""The "Rapports" page asks for the provincial report with its province, campaign and
questionnaires chosen; a mismatched choice is an error beside its field."""

import pytest
from django.urls import reverse

from diagnostics.forms import ERROR_CAMPAIGN_PROVINCE
from takwia.models import Job
from tests.factories import CampaignFactory, DiagnosticFactory

pytestmark = pytest.mark.django_db


def test_the_provincial_report_is_asked_for_a_chosen_campaign_and_statuses(
    client, users, province_a
):
    campaign = CampaignFactory(province=province_a, name="Khénifra 2026")
    DiagnosticFactory(campaign=campaign, status="validated")
    client.force_login(users["coordinator"])

    form = client.get(reverse("diagnostics:reports")).content.decode()
    response = client.post(
        reverse("diagnostics:reports"),
        {"province": province_a.code, "campaign": campaign.pk, "statuses": "validated"},
    )

    assert "Khénifra 2026 – 0 soumis, 1 validés" in form
    job = Job.objects.get()
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    assert (job.kind, job.params) == (
        "province_report",
        {"province": province_a.code, "campaign": campaign.pk, "statuses": "validated"},
    )


def test_a_campaign_of_another_province_is_refused_beside_its_field(
    client, users, province_a, province_b
):
    other = CampaignFactory(province=province_b)
    client.force_login(users["national"])

    response = client.post(
        reverse("diagnostics:reports"),
        {"province": province_a.code, "campaign": other.pk, "statuses": "all"},
    )

    assert response.status_code == 422
    assert str(ERROR_CAMPAIGN_PROVINCE).replace("'", "&#x27;") in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"province": "99.999", "statuses": "all"},
        {"province": "05.301", "campaign": "abc", "statuses": "all"},
        {"province": "05.301", "statuses": "tous"},
        {},
    ],
)
def test_unknown_choices_are_errors_not_server_errors(client, users, data):
    client.force_login(users["national"])

    response = client.post(reverse("diagnostics:reports"), data)

    assert response.status_code == 422
    assert not Job.objects.exists()


def test_an_agent_cannot_ask_for_a_province_outside_their_scope(client, users, province_b):
    client.force_login(users["field_agent"])

    response = client.post(
        reverse("diagnostics:reports"), {"province": province_b.code, "statuses": "all"}
    )

    assert response.status_code == 422
    assert not Job.objects.exists()


def test_the_reports_page_keeps_its_query_count(
    client, users, province_a, province_b, django_assert_max_num_queries
):
    client.force_login(users["national"])
    CampaignFactory(province=province_a)
    client.get(reverse("diagnostics:reports"))
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("diagnostics:reports"))
    for province in (province_a, province_b):
        for _ in range(5):
            DiagnosticFactory(campaign=CampaignFactory(province=province), status="submitted")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("diagnostics:reports"))
