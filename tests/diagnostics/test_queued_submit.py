"""A submission asked for offline is sent later by the page's script and answered in
JSON: the results' URL once submitted, the French reasons when refused."""

import pytest
from django.urls import reverse

from diagnostics.models import Diagnostic
from diagnostics.services import diagnostic_save_answers, structure_for
from tests.diagnostics.test_diagnostic_entry import full_answers
from tests.factories import CampaignFactory, DiagnosticFactory

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def draft(users, province_a):
    return DiagnosticFactory(
        campaign=CampaignFactory(province=province_a),
        association__commune=province_a.communes.first(),
    )


def test_a_complete_questionnaire_is_submitted_and_the_script_told_where_to_go(
    client, users, draft
):
    saved = diagnostic_save_answers(
        diagnostic=draft,
        raw_answers=full_answers(structure_for(draft.version)),
        lock_version=0,
        user=users["field_agent"],
    )
    client.force_login(users["field_agent"])

    response = client.post(
        reverse("diagnostics:submit", args=[draft.pk]), {"lock_version": saved.lock_version}, **JSON
    )

    assert response.status_code == 200
    assert response.json() == {"url": reverse("diagnostics:results", args=[draft.pk])}
    draft.refresh_from_db()
    assert draft.status == Diagnostic.Status.SUBMITTED


def test_an_incomplete_questionnaire_is_refused_with_its_reasons_in_french(client, users, draft):
    client.force_login(users["field_agent"])

    response = client.post(
        reverse("diagnostics:submit", args=[draft.pk]), {"lock_version": 0}, **JSON
    )

    assert response.status_code == 422
    assert "obligatoire" in response.json()["errors"][0]
    draft.refresh_from_db()
    assert draft.status == Diagnostic.Status.DRAFT


def test_a_submission_from_an_older_version_is_refused_as_a_conflict(client, users, draft):
    diagnostic_save_answers(
        diagnostic=draft,
        raw_answers=full_answers(structure_for(draft.version)),
        lock_version=0,
        user=users["field_agent"],
    )
    client.force_login(users["field_agent"])

    response = client.post(
        reverse("diagnostics:submit", args=[draft.pk]), {"lock_version": 0}, **JSON
    )

    assert response.status_code == 409
    assert response.json()["errors"]
    draft.refresh_from_db()
    assert draft.status == Diagnostic.Status.DRAFT
