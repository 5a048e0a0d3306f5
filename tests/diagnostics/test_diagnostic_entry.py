"""Saving drafts, validation in French, conflicts, submission with stored scores, review,
versioning of the questionnaire, the stratified sample."""

import copy
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from diagnostics import services
from diagnostics.models import Diagnostic, QuestionnaireVersion, Score
from diagnostics.services import (
    ConflictError,
    DiagnosticLocked,
    QuestionnaireInvalid,
    campaign_sample_draw,
    diagnostic_return,
    diagnostic_save_answers,
    diagnostic_submit,
    diagnostic_validate,
    questionnaire_load,
    structure_for,
)
from tests.factories import AssociationFactory, CampaignFactory, DiagnosticFactory

pytestmark = pytest.mark.django_db


def full_answers(structure, *, yes=True) -> dict:
    """A valid answer to every question (conditions follow from ``yes``)."""
    answers = {}
    for question in structure.questions:
        kind, spec = question.kind, question.spec
        if kind == "yes_no":
            answers[question.code] = "yes" if yes else "no"
        elif kind == "single":
            answers[question.code] = spec["choices"][-1 if yes else 0]["code"]
        elif kind == "multiple":
            answers[question.code] = [spec["choices"][0]["code"]]
        elif kind in {"integer", "scale"}:
            answers[question.code] = str(
                spec.get("max", 10)
                if yes and spec.get("max", 0) < 100
                else 5
                if yes
                else spec.get("min", 0)
            )
        elif kind == "date":
            answers[question.code] = "01/02/2026"
        else:
            answers[question.code] = "Texte libre"
    return answers


@pytest.fixture
def diagnostic(users, province_a):
    campaign = CampaignFactory(province=province_a)
    return DiagnosticFactory(campaign=campaign, association__commune=province_a.communes.first())


def test_a_draft_keeps_valid_answers_and_reports_bad_ones_in_french(diagnostic, users):
    result = diagnostic_save_answers(
        diagnostic=diagnostic,
        raw_answers={
            "gov_statutes_compliant": "yes",
            "gov_ga_count_3y": "douze",
            "gov_presidents_count": "0",
            "gov_management_mode": "inconnu",
            "com_last_event": "31/12/2999",
        },
        lock_version=0,
        user=users["field_agent"],
    )

    assert result.errors == {
        "gov_ga_count_3y": services.ERROR_INTEGER,
        "gov_presidents_count": services.ERROR_RANGE.format(low=1, high=30),
        "gov_management_mode": services.ERROR_CHOICE,
        "com_last_event": services.ERROR_FUTURE,
    }
    assert list(diagnostic.answers.values_list("question__code", "value_bool")) == [
        ("gov_statutes_compliant", True)
    ]
    assert result.lock_version == 1


def test_the_later_of_two_concurrent_saves_is_refused_and_nothing_is_overwritten(diagnostic, users):
    diagnostic_save_answers(
        diagnostic=diagnostic,
        raw_answers={"gov_internal_rules": "yes"},
        lock_version=0,
        user=users["national"],
    )

    with pytest.raises(ConflictError, match="modifié entre-temps par"):
        diagnostic_save_answers(
            diagnostic=diagnostic,
            raw_answers={"gov_internal_rules": "no"},
            lock_version=0,  # the page was loaded before the first save
            user=users["field_agent"],
        )

    assert diagnostic.answers.get().value_bool is True


def test_an_incomplete_questionnaire_cannot_be_submitted(diagnostic, users):
    errors = diagnostic_submit(diagnostic=diagnostic, user=users["field_agent"], lock_version=0)

    assert errors and "réponse(s) obligatoire(s) manquante(s)" in errors[0]
    diagnostic.refresh_from_db()
    assert diagnostic.status == Diagnostic.Status.DRAFT


def test_submission_stores_the_scores_and_locks_the_draft(diagnostic, users):
    structure = structure_for(diagnostic.version)
    saved = diagnostic_save_answers(
        diagnostic=diagnostic,
        raw_answers=full_answers(structure, yes=True),
        lock_version=0,
        user=users["field_agent"],
    )
    assert saved.errors == {}

    errors = diagnostic_submit(
        diagnostic=diagnostic, user=users["field_agent"], lock_version=saved.lock_version
    )

    assert errors == []
    diagnostic.refresh_from_db()
    assert diagnostic.status == Diagnostic.Status.SUBMITTED
    axis_scores = dict(
        diagnostic.scores.filter(level=Score.Level.AXIS).values_list("code", "score")
    )
    assert set(axis_scores) == {a.code for a in structure.axes}
    # "Never meet: yes" and "financing difficulty: yes" cost points: not every axis is 100.
    assert axis_scores["vision"] == 100
    assert axis_scores["governance"] < 100
    # The overall score is the exact mean of the axes (stored to ten decimals).
    assert abs(diagnostic.overall_score - sum(axis_scores.values()) / 6) < Decimal("1e-9")
    with pytest.raises(DiagnosticLocked):
        diagnostic_save_answers(
            diagnostic=diagnostic,
            raw_answers={"gov_internal_rules": "no"},
            lock_version=diagnostic.lock_version,
            user=users["field_agent"],
        )


def test_a_returned_diagnostic_can_be_corrected_and_its_history_kept(diagnostic, users):
    structure = structure_for(diagnostic.version)
    saved = diagnostic_save_answers(
        diagnostic=diagnostic,
        raw_answers=full_answers(structure),
        lock_version=0,
        user=users["field_agent"],
    )
    diagnostic_submit(
        diagnostic=diagnostic, user=users["field_agent"], lock_version=saved.lock_version
    )
    with pytest.raises(ValueError):
        diagnostic_return(diagnostic=diagnostic, user=users["national"], comment=" ")

    diagnostic_return(diagnostic=diagnostic, user=users["national"], comment="Vérifier l'AG")
    diagnostic_save_answers(
        diagnostic=diagnostic,
        raw_answers={"gov_internal_rules": "no"},
        lock_version=diagnostic.lock_version,
        user=users["field_agent"],
    )

    answer = diagnostic.answers.get(question__code="gov_internal_rules")
    assert [record.value_bool for record in answer.history.order_by("history_date")] == [
        True,
        False,
    ]
    assert answer.history.first().history_user == users["field_agent"]
    diagnostic.refresh_from_db()
    assert diagnostic.return_comment == "Vérifier l'AG"
    diagnostic_submit(
        diagnostic=diagnostic, user=users["field_agent"], lock_version=diagnostic.lock_version
    )
    diagnostic_validate(diagnostic=diagnostic, user=users["national"])
    diagnostic.refresh_from_db()
    assert diagnostic.status == Diagnostic.Status.VALIDATED


def test_a_conditional_question_is_required_only_when_asked(diagnostic, users):
    structure = structure_for(diagnostic.version)
    answers = full_answers(structure)
    answers["gov_internal_rules"] = "no"
    del answers["gov_internal_rules_applied"]  # asked only when there are internal rules

    saved = diagnostic_save_answers(
        diagnostic=diagnostic, raw_answers=answers, lock_version=0, user=users["field_agent"]
    )

    assert (
        diagnostic_submit(
            diagnostic=diagnostic, user=users["field_agent"], lock_version=saved.lock_version
        )
        == []
    )


def test_a_new_version_leaves_past_diagnostics_with_theirs(diagnostic, users):
    used = diagnostic.version
    path = services.QUESTIONNAIRE_DIR / f"v{used.number}.json"
    changed = copy.deepcopy(json.loads(path.read_text("utf-8")))
    changed["axes"][0]["subdimensions"][0]["questions"][0]["points"] = {"yes": 5, "no": 0}

    with pytest.raises(QuestionnaireInvalid, match="nouveau numéro de version"):
        questionnaire_load(data=changed)  # the version already has a diagnostic
    changed["version"] = used.number + 1
    newer, written = questionnaire_load(data=changed)

    assert written and QuestionnaireVersion.objects.published().first() == newer
    diagnostic.refresh_from_db()
    assert diagnostic.version == used
    assert structure_for(used).by_code["gov_statutes_compliant"].spec["points"]["yes"] == 2
    assert structure_for(newer).by_code["gov_statutes_compliant"].spec["points"]["yes"] == 5
    assert CampaignFactory().version == newer  # new campaigns take the latest published one


def test_the_sample_is_stratified_by_milieu_and_domain_and_reproducible(province_b):
    from associations.models import Domain, Milieu

    urban = province_b.communes.filter(milieu=Milieu.URBAN).first()
    rural = province_b.communes.filter(milieu=Milieu.RURAL).first()
    health = Domain.objects.get(code="sante")
    for index in range(40):
        association = AssociationFactory(commune=urban if index < 10 else rural)
        if index % 2:
            association.domains.add(health)
    campaign = CampaignFactory(province=province_b)

    first = campaign_sample_draw(campaign=campaign, size=8, seed=7)
    again = [
        (e.association_id, e.stratum)
        for e in campaign_sample_draw(campaign=campaign, size=8, seed=7)
    ]

    assert [(e.association_id, e.stratum) for e in first] == again
    strata = {}
    for entry in first:
        strata[entry.stratum] = strata.get(entry.stratum, 0) + 1
    # 40 associations: 5+5 urban, 15+15 rural (with/without health): quotas 1,1,3,3.
    assert strata == {
        "urban/sans-domaine": 1,
        "urban/sante": 1,
        "rural/sans-domaine": 3,
        "rural/sante": 3,
    }
    assert {e.weight for e in first} == {5.0}
    assert {(e.stratum, e.population) for e in first if e.stratum.startswith("urban")} == {
        ("urban/sans-domaine", 5),
        ("urban/sante", 5),
    }
    # The same population and seed draw the same sample in any campaign of the province.
    twin = CampaignFactory(province=province_b)
    seed_8 = {e.association_id for e in campaign_sample_draw(campaign=twin, size=8, seed=8)}
    redrawn = next(e for e in first if e.association_id in seed_8)
    dropped = next(e for e in first if e.association_id not in seed_8)
    for entry in (redrawn, dropped):
        DiagnosticFactory(campaign=campaign, association=entry.association)

    other = {e.association_id for e in campaign_sample_draw(campaign=campaign, size=8, seed=8)}

    assert other == seed_8 != {association for association, _ in again}
    # Diagnosed associations stay in the sample: drawn again, in their new stratum; not
    # drawn again, as added by hand (outside the probability sample).
    entries = {e.association_id: e for e in campaign.entries.all()}
    kept, left = entries[redrawn.association_id], entries[dropped.association_id]
    assert kept.stratum != "" and kept.population in {5, 15}  # a stratum of 5 or of 15
    assert (
        left.stratum,
        left.population,
    ) == (
        "",
        None,
    )


def test_autosave_endpoint_answers_json_and_409_on_conflict(client, diagnostic, users):
    client.force_login(users["field_agent"])
    url = reverse("diagnostics:save", args=[diagnostic.pk])

    ok = client.post(
        url,
        {"lock_version": 0, "answers": {"gov_internal_rules": "yes"}},
        content_type="application/json",
    )
    conflict = client.post(
        url,
        {"lock_version": 0, "answers": {"gov_internal_rules": "no"}},
        content_type="application/json",
    )

    assert ok.status_code == 200 and ok.json()["lock_version"] == 1
    assert conflict.status_code == 409 and conflict.json()["conflict"] is True
    assert diagnostic.answers.get().value_bool is True


def test_the_step_form_works_without_javascript(client, diagnostic, users):
    client.force_login(users["field_agent"])
    url = reverse("diagnostics:entry", args=[diagnostic.pk, 1])

    bad = client.post(url, {"lock_version": 0, "gov_ga_count_3y": "beaucoup"})
    # The page comes back with the version to post from (a refused value wrote nothing).
    version = re.search(r'name="lock_version" value="(\d+)"', bad.content.decode())[1]
    good = client.post(
        url, {"lock_version": version, "gov_statutes_compliant": "yes", "gov_ga_count_3y": "3"}
    )

    assert bad.status_code == 422
    assert services.ERROR_INTEGER in bad.content.decode()
    assert good["Location"] == reverse("diagnostics:entry", args=[diagnostic.pk, 2])
    assert diagnostic.answers.get(question__code="gov_ga_count_3y").value_int == 3


def test_a_president_sees_their_results_but_not_another_associations(client, users, province_a):
    own = DiagnosticFactory(
        campaign__province=province_a,
        association=users["president"].association,
        status="submitted",
    )
    other = DiagnosticFactory(campaign=own.campaign, status="submitted")
    client.force_login(users["president"])

    assert client.get(reverse("diagnostics:results", args=[own.pk])).status_code == 200
    assert client.get(reverse("diagnostics:results", args=[other.pk])).status_code == 404
    assert client.get(reverse("diagnostics:entry", args=[own.pk, 1])).status_code == 403


def test_the_results_page_keeps_its_query_count_whatever_the_province_size(
    client, users, province_a, django_assert_max_num_queries
):
    structure = structure_for(QuestionnaireVersion.objects.published().first())
    campaign = CampaignFactory(province=province_a)

    def submitted():
        diagnostic = DiagnosticFactory(
            campaign=campaign, association__commune=province_a.communes.first()
        )
        saved = diagnostic_save_answers(
            diagnostic=diagnostic,
            raw_answers=full_answers(structure),
            lock_version=0,
            user=users["national"],
        )
        diagnostic_submit(
            diagnostic=diagnostic, user=users["national"], lock_version=saved.lock_version
        )
        return diagnostic

    target = submitted()
    client.force_login(users["coordinator"])
    url = reverse("diagnostics:results", args=[target.pk])
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(5):
        submitted()

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["results"].province_count == 6


def test_recompute_scores_rewrites_stored_scores_after_a_scoring_change(diagnostic, users):
    from django.core.management import call_command

    structure = structure_for(diagnostic.version)
    saved = diagnostic_save_answers(
        diagnostic=diagnostic,
        raw_answers=full_answers(structure),
        lock_version=0,
        user=users["field_agent"],
    )
    diagnostic_submit(
        diagnostic=diagnostic, user=users["field_agent"], lock_version=saved.lock_version
    )
    Score.objects.filter(diagnostic=diagnostic).update(score=1)
    Diagnostic.objects.filter(pk=diagnostic.pk).update(overall_score=1)

    call_command("recompute_scores")

    diagnostic.refresh_from_db()
    assert diagnostic.overall_score > 1
    assert not Score.objects.filter(diagnostic=diagnostic, score=1).exists()


def test_docs_findings_is_generated_from_the_questionnaire_files():
    from diagnostics.questionnaire.describe import FINDINGS_DOC, findings_markdown

    files = sorted(services.QUESTIONNAIRE_DIR.glob("v*.json"), key=lambda p: int(p.stem[1:]))
    assert [p.stem for p in files] == ["v1", "v2"]
    assert FINDINGS_DOC.read_text("utf-8") == findings_markdown(files), (
        "docs/findings.md is stale: run python manage.py document_findings"
    )


def test_malformed_input_gets_a_french_answer_never_a_server_error(
    client, diagnostic, users, settings, tmp_path
):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    settings.MEDIA_ROOT = tmp_path
    client.force_login(users["field_agent"])

    stale = client.post(
        reverse("diagnostics:entry", args=[diagnostic.pk, 1]), {"lock_version": "abc"}, follow=True
    )
    submit = client.post(
        reverse("diagnostics:submit", args=[diagnostic.pk]), {"lock_version": "x"}, follow=True
    )
    job = client.post(reverse("job_create"), {"kind": "association_report", "diagnostic": "abc"})
    plan = client.post(
        reverse("job_create"), {"kind": "province_report", "province": "05.301", "campaign": "zz"}
    )

    assert "modifié entre-temps" in stale.content.decode()
    assert "modifié entre-temps" in submit.content.decode()
    assert (job.status_code, plan.status_code) == (404, 404)
    with pytest.raises(CommandError, match="Version 99 du questionnaire inconnue"):
        call_command("recompute_scores", "--questionnaire", "99")
    with pytest.raises(CommandError, match="Campagne 999 inconnue"):
        call_command(
            "render_report",
            "--province",
            "05.301",
            "--campaign",
            "999",
            "--out",
            str(tmp_path / "r.pdf"),
        )
