"""The API reads and writes what the pages do, in the same scope, with the same rules:
404 outside the scope, 403 without the role's permission, the forms' and services'
French messages, the diagnostic's lock_version conflict."""

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from associations.forms import ERROR_CONCURRENT_EDIT, ERROR_FUTURE_DATE
from diagnostics import services
from diagnostics.models import Action, Diagnostic, Plan
from takwia.api.base import ERROR_VERSION_REQUIRED
from tests.factories import AssociationFactory, CampaignFactory, DiagnosticFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafts(province_a, province_b, association_a, association_b):
    """A draft diagnostic of association A (province A) and one of B (province B)."""
    return (
        DiagnosticFactory(campaign=CampaignFactory(province=province_a), association=association_a),
        DiagnosticFactory(campaign=CampaignFactory(province=province_b), association=association_b),
    )


@pytest.fixture
def plans(province_a, province_b):
    made = []
    for province in (province_a, province_b):
        plan = Plan.objects.create(
            province=province, title="Plan", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
        )
        Action.objects.create(plan=plan, kind="training", title="Formation", axis="governance")
        made.append(plan)
    return made


def test_the_schema_is_valid_openapi_3(users, api):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    response = api(users["no_role"]).get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/diagnostics/{id}/answers/" in schema["paths"]


def test_the_docs_page_is_served_from_our_static_files(client, users):
    client.force_login(users["president"])

    page = client.get(reverse("api:docs")).content.decode()

    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()


def test_a_presidents_token_lists_exactly_their_association(
    users, api, association_a, association_b
):
    AssociationFactory(commune=association_a.commune)  # a neighbour, same commune
    client = api(users["president"])

    listed = client.get(reverse("api:association-list")).json()

    assert [row["id"] for row in listed["results"]] == [association_a.pk]
    assert listed["results"][0]["province"] == association_a.commune.province.code
    other = client.get(reverse("api:association-detail", args=[association_b.pk]))
    assert other.status_code == 404
    assert other.json() == {"detail": "Non trouvé."}


def test_the_registry_filters_apply_as_on_the_list_page(users, api, province_a, province_b):
    in_a = AssociationFactory(commune=province_a.communes.first(), name_fr="Nour Khénifra")
    AssociationFactory(commune=province_b.communes.first(), name_fr="Nour Chichaoua")
    AssociationFactory(commune=province_a.communes.first(), archived=True, name_fr="Nour ancienne")
    client = api(users["national"])

    rows = client.get(
        reverse("api:association-list"), {"q": "nour", "province": province_a.code}
    ).json()["results"]

    assert [row["id"] for row in rows] == [in_a.pk]


def test_the_list_is_paginated_by_cursor(users, api, province_a, association_a):
    made = [association_a] + [
        AssociationFactory(commune=province_a.communes.first()) for _ in range(3)
    ]
    client = api(users["national"])

    first = client.get(reverse("api:association-list"), {"page_size": 2}).json()
    second = client.get(first["next"]).json()

    assert len(first["results"]) == 2 and first["previous"] is None
    ids = [row["id"] for row in first["results"] + second["results"]]
    assert ids == sorted(a.pk for a in made) and second["next"] is None


def test_a_coordinators_token_cannot_write_outside_their_province(users, api, drafts, plans):
    client = api(users["coordinator"])

    answers = client.post(
        reverse("api:diagnostic-answers", args=[drafts[1].pk]),
        {"lock_version": 0, "answers": {"gov_ga_count_3y": 2}},
        format="json",
    )
    action = client.patch(
        reverse("api:action-detail", args=[plans[1].actions.get().pk]),
        {"title": "Autre"},
        format="json",
    )
    new_action = client.post(
        reverse("api:plan-add-action", args=[plans[1].pk]),
        {"kind": "training", "title": "Nouvelle", "axis": "governance"},
        format="json",
    )

    assert (answers.status_code, action.status_code, new_action.status_code) == (404, 404, 404)
    assert not drafts[1].answers.exists()
    assert plans[1].actions.get().title == "Formation"


def test_a_coordinator_adds_an_action_to_a_plan_of_their_province(users, api, plans):
    response = api(users["coordinator"]).post(
        reverse("api:plan-add-action", args=[plans[0].pk]),
        {"kind": "coaching", "title": "Accompagnement", "axis": "governance", "budget": "1500"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["plan"] == plans[0].pk
    assert plans[0].actions.filter(title="Accompagnement", budget=1500).exists()


def test_an_action_runs_the_forms_validation(users, api, plans):
    action = plans[0].actions.get()

    response = api(users["coordinator"]).patch(
        reverse("api:action-detail", args=[action.pk]),
        {"starts_on": "2026-05-01", "ends_on": "2026-04-01"},
        format="json",
    )

    assert response.status_code == 400
    assert "La fin doit suivre le début." in str(response.json())


def test_read_only_roles_get_403_on_writes(users, api, drafts, plans, association_a):
    president = api(users["president"])
    agent = api(users["field_agent"])

    assert (
        president.post(
            reverse("api:diagnostic-answers", args=[drafts[0].pk]),
            {"lock_version": 0, "answers": {}},
            format="json",
        ).status_code
        == 403
    )
    assert (
        agent.patch(
            reverse("api:action-detail", args=[plans[0].actions.get().pk]), {}, format="json"
        ).status_code
        == 403
    )
    refused = api(users["coordinator"]).patch(
        reverse("api:association-detail", args=[association_a.pk]), {}, format="json"
    )
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Vous n'avez pas la permission d'effectuer cette action."


def test_an_answer_written_through_the_api_runs_the_forms_validation(users, api, drafts):
    client = api(users["field_agent"])

    response = client.post(
        reverse("api:diagnostic-answers", args=[drafts[0].pk]),
        {
            "lock_version": 0,
            "answers": {"gov_ga_count_3y": "4 projets", "gov_statutes_compliant": "oui"},
        },
        format="json",
    )

    assert response.status_code == 422
    body = response.json()
    assert body["errors"] == {"gov_ga_count_3y": services.ERROR_INTEGER}
    assert body["lock_version"] == 1 and body["saved"] == 1
    detail = client.get(reverse("api:diagnostic-detail", args=[drafts[0].pk])).json()
    assert detail["answers"] == [
        {"question": "gov_statutes_compliant", "kind": "yes_no", "value": 1, "display": "oui"}
    ]


def test_a_stale_lock_version_is_a_409_with_the_pages_message(users, api, drafts):
    client = api(users["field_agent"])
    url = reverse("api:diagnostic-answers", args=[drafts[0].pk])
    client.post(url, {"lock_version": 0, "answers": {"gov_ga_count_3y": 3}}, format="json")

    response = client.post(
        url, {"lock_version": 0, "answers": {"gov_ga_count_3y": 5}}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["detail"].startswith("Ce questionnaire a été modifié entre-temps par")
    assert drafts[0].answers.get().value_int == 3


def test_a_submitted_diagnostic_is_locked(users, api, drafts):
    Diagnostic.objects.filter(pk=drafts[0].pk).update(status=Diagnostic.Status.SUBMITTED)

    response = api(users["field_agent"]).post(
        reverse("api:diagnostic-answers", args=[drafts[0].pk]),
        {"lock_version": 0, "answers": {"gov_ga_count_3y": 3}},
        format="json",
    )

    assert response.status_code == 423
    assert response.json()["detail"] == services.ERROR_LOCKED


def test_a_malformed_answers_body_is_a_400_in_french(users, api, drafts):
    response = api(users["field_agent"]).post(
        reverse("api:diagnostic-answers", args=[drafts[0].pk]), {"answers": {}}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["detail"].startswith("Corps attendu")


def test_an_agent_creates_an_association_through_the_forms_rules(users, api, province_a):
    client = api(users["field_agent"])
    commune = province_a.communes.first()

    refused = client.post(
        reverse("api:association-list"),
        {"name_fr": "Association Atlas", "commune": commune.pk, "founded_on": "2999-01-01"},
        format="json",
    )
    created = client.post(
        reverse("api:association-list"),
        {"name_fr": "Association Atlas", "commune": commune.pk, "status": "active"},
        format="json",
    )

    assert refused.status_code == 400
    assert refused.json()["founded_on"] == [str(ERROR_FUTURE_DATE)]
    assert created.status_code == 201, created.json()
    assert created.json()["commune_code"] == commune.code


def test_an_agent_cannot_create_an_association_in_another_province(users, api, province_b):
    response = api(users["field_agent"]).post(
        reverse("api:association-list"),
        {"name_fr": "Ailleurs", "commune": province_b.communes.first().pk, "status": "active"},
        format="json",
    )

    assert response.status_code == 400
    assert "commune" in response.json()


def test_an_association_update_needs_the_version_it_read(users, api, association_a, association_b):
    client = api(users["field_agent"])
    url = reverse("api:association-detail", args=[association_a.pk])
    version = client.get(url).json()["version"]

    missing = client.patch(url, {"acronym": "AA"}, format="json")
    saved = client.patch(url, {"acronym": "AA", "version": version}, format="json")
    stale = client.patch(url, {"acronym": "BB", "version": version}, format="json")
    outside = client.patch(
        reverse("api:association-detail", args=[association_b.pk]),
        {"acronym": "X", "version": version},
        format="json",
    )

    assert missing.status_code == 400 and missing.json() == {
        "version": [str(ERROR_VERSION_REQUIRED)]
    }
    assert saved.status_code == 200 and saved.json()["acronym"] == "AA"
    assert saved.json()["name_fr"] == association_a.name_fr  # untouched fields kept
    assert stale.status_code == 409 and stale.json()["detail"] == str(ERROR_CONCURRENT_EDIT)
    assert outside.status_code == 404
    association_a.refresh_from_db()
    assert association_a.acronym == "AA"
    assert association_a.history.first().history_user == users["field_agent"]


def test_a_president_reads_the_actions_aimed_at_them_without_the_other_targets(
    users, api, plans, association_a, province_a
):
    action = plans[0].actions.get()
    neighbour = AssociationFactory(commune=province_a.communes.first())
    action.targets.set([association_a, neighbour])
    plans[1].actions.get().targets.set([neighbour])

    rows = api(users["president"]).get(reverse("api:action-list")).json()["results"]

    assert [(row["id"], row["targets"]) for row in rows] == [(action.pk, [association_a.pk])]


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "Saisissez une adresse de courriel valide."), ("ar", "أدخِل عنوان بريد إلكتروني صحيح.")],
)
def test_installing_the_api_keeps_djangos_wording_of_form_messages(language, expected):
    """DRF translates some of Django's validator messages its own way; the pages keep
    Django's (takwia/api/locale wins over DRF's catalog)."""
    from django.core.validators import EmailValidator
    from django.utils import translation

    with translation.override(language):
        assert str(EmailValidator.message) == expected
