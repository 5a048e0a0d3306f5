"""Entry never fails and never lies: any value on any step, through the page (no
JavaScript) and the JSON autosave, gets its French message beside its field, keeps what
was typed and is never a server error; conflicts carry what the agent needs to choose."""

import json
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.html import escape

from diagnostics.questionnaire import kinds
from diagnostics.questionnaire.predicates import OPERATORS
from diagnostics.services import diagnostic_save_answers
from diagnostics.services.entry import ERROR_TEXT_SHAPE, ERROR_UNKNOWN_QUESTION
from tests.factories import CampaignFactory, DiagnosticFactory

pytestmark = pytest.mark.django_db

PROJECTS_STEP = 5
COUNT_RANGE = kinds.ERROR_RANGE.format(low=0, high=1000)
LONG_TEXT = kinds.ERROR_TEXT_LONG.format(limit="2 000", length=5000)


@pytest.fixture
def diagnostic(users, province_a):
    campaign = CampaignFactory(province=province_a)
    return DiagnosticFactory(campaign=campaign, association__commune=province_a.communes.first())


@pytest.fixture
def agent(client, users):
    client.force_login(users["field_agent"])
    client.raise_request_exception = True
    return client


def field_html(page: str, field_id: str) -> str:
    match = re.search(rf'<(input|textarea)[^>]*id="{re.escape(field_id)}"[^>]*>', page)
    assert match, f"no field {field_id}"
    return match.group(0)


@pytest.mark.parametrize(
    "code, typed, message",
    [
        ("prj_completed_count", "4 projets", kinds.ERROR_INTEGER),
        ("prj_completed_count", "-3", COUNT_RANGE),
        ("prj_completed_count", "1001", COUNT_RANGE),
        ("prj_completed_count", "9" * 40, kinds.ERROR_INTEGER),
        ("prj_lessons", "x" * 5000, LONG_TEXT),
        ("prj_lessons", "avant\x00après", kinds.ERROR_CONTROL),
        ("prj_experience", "peut-être", kinds.ERROR_YES_NO),
        ("prj_targets", "inconnue", kinds.ERROR_CHOICE),
    ],
)
def test_a_bad_value_on_step_five_comes_back_beside_its_field_with_what_was_typed(
    agent, diagnostic, code, typed, message
):
    url = reverse("diagnostics:entry", args=[diagnostic.pk, PROJECTS_STEP])
    posted = {"lock_version": 0, "prj_completed_count": "3", "prj_ongoing": "yes", code: typed}

    response = agent.post(url, posted)

    page = response.content.decode()
    assert response.status_code == 422
    assert f'data-error-for="{code}">{message}</div>' in page.replace("&#x27;", "'")
    assert 'id="error-summary"' in page and "1 réponse n'a pas été enregistrée" in page.replace(
        "&#x27;", "'"
    )
    # The valid answers are saved and shown as saved (the radio still checked).
    assert diagnostic.answers.get(question__code="prj_ongoing").value_bool is True
    assert "checked" in field_html(page, "prj_ongoing-yes")
    assert not diagnostic.answers.filter(question__code=code).exists()
    if code in {"prj_completed_count", "prj_lessons"}:
        assert escape(typed) in page
        assert 'aria-invalid="true"' in field_html(page, code)
        assert f'href="#{code}"' in page


def test_the_error_summary_links_to_the_first_choice_of_a_choice_question(agent, diagnostic):
    url = reverse("diagnostics:entry", args=[diagnostic.pk, PROJECTS_STEP])

    page = agent.post(url, {"lock_version": 0, "prj_experience": "peut-être"}).content.decode()

    assert 'href="#prj_experience-yes"' in page
    assert 'aria-invalid="true"' in field_html(page, "prj_experience-yes")


def test_five_thousand_characters_in_the_respondents_name_are_refused_not_cut(agent, diagnostic):
    url = reverse("diagnostics:entry", args=[diagnostic.pk, 0])
    name = "Fatima " + "z" * 4993

    response = agent.post(
        url, {"lock_version": 0, "respondent": name, "respondent_role": "Trésorière"}
    )

    page = response.content.decode()
    diagnostic.refresh_from_db()
    assert response.status_code == 422
    assert diagnostic.respondent == ""
    assert diagnostic.respondent_role == "Trésorière"
    assert kinds.ERROR_TEXT_LONG.format(limit=255, length=5000) in page
    assert f'value="{name}"' in page
    assert 'aria-invalid="true"' in field_html(page, "id_respondent")
    assert 'href="#id_respondent"' in page


def test_the_respondents_role_is_held_to_its_own_column_of_120_characters(agent, diagnostic):
    url = reverse("diagnostics:save", args=[diagnostic.pk])

    response = agent.post(
        url,
        {"lock_version": 0, "identification": {"respondent_role": "r" * 121}},
        content_type="application/json",
    )

    diagnostic.refresh_from_db()
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "respondent_role": kinds.ERROR_TEXT_LONG.format(limit=120, length=121)
    }
    assert diagnostic.respondent_role == ""


@pytest.mark.parametrize(
    "answers, errors",
    [
        ({"prj_experience": ["yes"]}, {"prj_experience": kinds.ERROR_YES_NO}),
        ({"prj_experience": {"yes": True}}, {"prj_experience": kinds.ERROR_YES_NO}),
        ({"prj_completed_count": [[1]]}, {"prj_completed_count": kinds.ERROR_INTEGER}),
        ({"prj_completed_count": 1.5}, {"prj_completed_count": kinds.ERROR_INTEGER}),
        ({"prj_completed_count": -1}, {"prj_completed_count": COUNT_RANGE}),
        ({"prj_completed_count": True}, {"prj_completed_count": kinds.ERROR_INTEGER}),
        ({"prj_targets": {"youth": 1}}, {"prj_targets": kinds.ERROR_CHOICE}),
        ({"prj_targets": [["youth"]]}, {"prj_targets": kinds.ERROR_CHOICE}),
        ({"prj_lessons": ["a", "b"]}, {"prj_lessons": ERROR_TEXT_SHAPE}),
        ({"prj_lessons": {"a": 1}}, {"prj_lessons": ERROR_TEXT_SHAPE}),
        ({"prj_lessons": "x" * 5000}, {"prj_lessons": LONG_TEXT}),
        ({"pas_une_question": "oui"}, {"pas_une_question": ERROR_UNKNOWN_QUESTION}),
    ],
)
def test_the_autosave_answers_422_with_an_error_per_field_for_values_of_any_shape(
    agent, diagnostic, answers, errors
):
    url = reverse("diagnostics:save", args=[diagnostic.pk])
    payload = {"lock_version": 0, "answers": {**answers, "prj_ongoing": "no"}}

    response = agent.post(url, payload, content_type="application/json")

    assert response.status_code == 422
    assert response.json()["errors"] == errors
    assert diagnostic.answers.get().question.code == "prj_ongoing"


@pytest.mark.parametrize(
    "identification, errors",
    [
        ({"respondent": ["Fatima"]}, {"respondent": ERROR_TEXT_SHAPE}),
        ({"respondent": "Fa\x00tima"}, {"respondent": kinds.ERROR_CONTROL}),
        ({"interviewed_on": "2999-01-01"}, {"interviewed_on": kinds.ERROR_FUTURE}),
        ({"interviewed_on": "1850-01-01"}, {"interviewed_on": kinds.ERROR_DATE_RANGE}),
        ({"interviewed_on": {"y": 2026}}, {"interviewed_on": kinds.ERROR_DATE}),
    ],
)
def test_identification_of_the_wrong_shape_gets_its_error_and_changes_nothing(
    agent, diagnostic, identification, errors
):
    url = reverse("diagnostics:save", args=[diagnostic.pk])

    response = agent.post(
        url, {"lock_version": 0, "identification": identification}, content_type="application/json"
    )

    diagnostic.refresh_from_db()
    assert response.status_code == 422
    assert response.json()["errors"] == errors
    assert (diagnostic.respondent, diagnostic.interviewed_on) == ("", None)


@pytest.mark.parametrize(
    "body",
    [
        "[1, 2]",
        '"texte"',
        '{"lock_version": 1e400, "answers": {}}',
        '{"lock_version": "abc", "answers": {}}',
        '{"lock_version": true, "answers": {}}',
        '{"lock_version": 0, "answers": "prj_ongoing"}',
        '{"lock_version": 0, "answers": [["prj_ongoing", "yes"]]}',
        '{"lock_version": 0, "answers": {}, "identification": "respondent"}',
        "{pas du json",
        b"\xff\xfe",
    ],
)
def test_a_body_of_the_wrong_shape_is_a_400_in_french(agent, diagnostic, body):
    url = reverse("diagnostics:save", args=[diagnostic.pk])

    response = agent.post(url, body, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"error": "Requête invalide."}
    assert not diagnostic.answers.exists()


def test_a_refused_autosave_carries_the_saved_answers_who_saved_them_and_the_fresh_version(
    agent, diagnostic, users
):
    users["coordinator"].first_name, users["coordinator"].last_name = "Karima", "Alaoui"
    users["coordinator"].save()
    diagnostic_save_answers(
        diagnostic=diagnostic,
        raw_answers={"prj_completed_count": "7", "prj_targets": ["youth", "women"]},
        lock_version=0,
        user=users["coordinator"],
        identification={"respondent": "Said"},
    )
    url = reverse("diagnostics:save", args=[diagnostic.pk])

    response = agent.post(
        url,
        {"lock_version": 0, "answers": {"prj_completed_count": "9"}},
        content_type="application/json",
    )

    data = response.json()
    assert response.status_code == 409
    assert data["lock_version"] == 1
    assert data["who"] == "Karima Alaoui"
    assert re.fullmatch(r"\d\d:\d\d", data["when"])
    assert data["answers"]["prj_completed_count"] == "7"
    assert sorted(data["answers"]["prj_targets"]) == ["women", "youth"]
    assert data["answers"]["respondent"] == "Said"
    assert data["shown"]["prj_completed_count"] == "7"
    assert diagnostic.answers.get(question__code="prj_completed_count").value_int == 7


def test_a_step_posted_from_a_stale_page_keeps_what_was_typed_and_shows_the_saved_answer(
    agent, diagnostic, users
):
    diagnostic_save_answers(
        diagnostic=diagnostic,
        raw_answers={"prj_completed_count": "7"},
        lock_version=0,
        user=users["coordinator"],
    )
    url = reverse("diagnostics:entry", args=[diagnostic.pk, PROJECTS_STEP])

    response = agent.post(url, {"lock_version": 0, "prj_completed_count": "9"})

    page = response.content.decode()
    assert response.status_code == 409
    assert 'value="9"' in field_html(page, "prj_completed_count")
    assert re.search(r"Réponse enregistrée par [^<]+ à \d\d:\d\d : 7</p>", page)
    # The page now carries the fresh version: saving again keeps the agent's answer.
    assert 'name="lock_version" value="1"' in page
    again = agent.post(url, {"lock_version": 1, "prj_completed_count": "9"})
    assert again.status_code == 302
    assert diagnostic.answers.get(question__code="prj_completed_count").value_int == 9


def test_the_page_gives_the_browser_every_operator_of_the_server(agent, diagnostic):
    page = agent.get(reverse("diagnostics:entry", args=[diagnostic.pk, PROJECTS_STEP]))

    block = re.search(
        r'<script id="condition-operators" type="application/json">(.*?)</script>',
        page.content.decode(),
    )
    assert json.loads(block.group(1)) == list(OPERATORS)


def test_the_browser_knows_how_to_evaluate_every_operator():
    source = (Path(__file__).resolve().parents[2] / "static/js/diagnostic.js").read_text("utf-8")
    table = source[
        source.index("var OPERATORS = {") : source.index("};", source.index("var OPERATORS"))
    ]
    assert sorted(re.findall(r"^\s+(\w+): function", table, flags=re.M)) == sorted(OPERATORS)


def test_the_autosave_gives_each_axis_the_sidebars_words(agent, diagnostic):
    url = reverse("diagnostics:save", args=[diagnostic.pk])

    response = agent.post(
        url, {"lock_version": 0, "answers": {"prj_ongoing": "yes"}}, content_type="application/json"
    )

    projects = next(p for p in response.json()["progress"] if p["axis"] == "projects")
    # Five required questions asked while no project is counted; one answered.
    assert (projects["answered"], projects["asked"]) == (1, 5)
    assert projects["label"] == "1 / 5 réponses · 4 manquantes"
