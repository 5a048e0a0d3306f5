"""The questionnaire engine: what the loader refuses, findings corrected without a new
version, answers to questions no longer asked, findings over two questions or with
another question's base, "none of these" choices, one unit per association."""

import copy
import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from diagnostics import services
from diagnostics.models import Answer, Diagnostic, Finding, QuestionnaireVersion
from diagnostics.questionnaire.kinds import ERROR_EXCLUSIVE, parse
from diagnostics.selectors import campaign_results, diagnostic_results, findings_by_province
from diagnostics.services import (
    QuestionnaireInvalid,
    diagnostic_save_answers,
    diagnostic_submit,
    questionnaire_load,
    structure_for,
)
from tests.factories import AssociationFactory, CampaignFactory, DiagnosticFactory

pytestmark = pytest.mark.django_db


def file_data(number: int) -> dict:
    path = services.QUESTIONNAIRE_DIR / f"v{number}.json"
    return json.loads(path.read_text("utf-8"))


def a_new_version() -> dict:
    data = copy.deepcopy(file_data(2))
    data["version"] = 90
    return data


def question(data: dict, code: str) -> dict:
    for axis in data["axes"]:
        for sub in axis["subdimensions"]:
            for entry in sub["questions"]:
                if entry["code"] == code:
                    return entry
    raise KeyError(code)


def finding(data: dict, code: str) -> dict:
    return next(entry for entry in data["findings"] if entry["code"] == code)


def break_predicate_question(data):
    finding(data, "prj_no_evaluation")["predicate"]["all"][0]["question"] = "prj_suivi"
    return "constat prj_no_evaluation : question inconnue « prj_suivi »"


def break_operator(data):
    finding(data, "res_premises")["greater"] = 3
    return "constat res_premises : opérateur inconnu « greater »"


def break_choice(data):
    finding(data, "com_own_good")["equals"] = "excellent"
    return '« equals "excellent" » n\'est pas une valeur possible de la question com_own_com'


def break_condition_itself(data):
    question(data, "res_premises")["condition"] = {"question": "res_premises", "equals": True}
    return "res_premises : sa condition porte sur elle-même (condition circulaire)"


def break_condition_later(data):
    question(data, "res_premises")["condition"] = {"question": "prj_experience", "equals": True}
    return "res_premises : sa condition porte sur « prj_experience », qui ne la précède pas"


def break_base(data):
    finding(data, "prj_external_support_when_projects")["base"] = {
        "all": [
            {"question": "prj_experience", "equals": True},
            {"question": "prj_experience", "equals": False},
        ]
    }
    return "constat prj_external_support_when_projects : sa base ne peut jamais être remplie"


@pytest.mark.parametrize(
    "breaks",
    [
        break_predicate_question,
        break_operator,
        break_choice,
        break_condition_itself,
        break_condition_later,
        break_base,
    ],
)
def test_a_broken_questionnaire_is_refused_whole_with_a_french_message_naming_the_entry(breaks):
    data = a_new_version()
    message = breaks(data)
    versions = QuestionnaireVersion.objects.count()

    with pytest.raises(QuestionnaireInvalid) as refused:
        questionnaire_load(data=data)

    assert message in str(refused.value)
    assert QuestionnaireVersion.objects.count() == versions  # nothing half-loaded


def test_a_used_version_gets_its_findings_corrected_in_place_with_history(province_a):
    v1 = QuestionnaireVersion.objects.get(number=1)
    DiagnosticFactory(campaign=CampaignFactory(province=province_a, version=v1))
    data = file_data(1)
    finding(data, "res_premises")["label_fr"] = "disposent d'un local (corrigé)"
    before = Finding.history.filter(code="res_premises", version_id=v1.pk).count()

    version, written = questionnaire_load(data=data)

    assert written and version == v1
    corrected = v1.findings.get(code="res_premises")
    assert corrected.label_fr == "disposent d'un local (corrigé)"
    assert Finding.history.filter(id=corrected.pk).count() == before + 1
    assert structure_for(v1).finding_rules  # the cache follows the new digest
    assert any(f.label_fr.endswith("(corrigé)") for f in structure_for(v1).findings)


def shares_of(campaign) -> dict:
    results = campaign_results(campaign=campaign)
    return {share.finding.code: share for _axis, shares in results.by_axis for share in shares}


def save(diagnostic, user, answers: dict) -> dict:
    result = diagnostic_save_answers(
        diagnostic=diagnostic,
        raw_answers=answers,
        lock_version=diagnostic.lock_version,
        user=user,
    )
    return result.errors


def test_a_follow_up_answered_then_made_not_asked_is_cleared_kept_in_history_and_never_counted(
    province_a, users
):
    campaign = CampaignFactory(province=province_a)
    diagnostic = DiagnosticFactory(campaign=campaign)
    agent = users["field_agent"]
    save(
        diagnostic,
        agent,
        {
            "com_partnership_ever": "yes",
            "com_partner_kinds": ["private", "government"],
            "com_partner_communication": "good",
            "res_premises": "yes",
            "res_premises_state": "good",
        },
    )

    errors = save(diagnostic, agent, {"com_partnership_ever": "no", "res_premises": "no"})

    assert errors == {}
    stored = set(diagnostic.answers.values_list("question__code", flat=True))
    assert stored == {"com_partnership_ever", "res_premises"}
    kinds_history = Answer.history.filter(
        diagnostic_id=diagnostic.pk, question__code="com_partner_kinds"
    )
    assert [record.history_type for record in kinds_history.order_by("history_date")] == ["+", "-"]
    Diagnostic.objects.filter(pk=diagnostic.pk).update(status=Diagnostic.Status.SUBMITTED)
    shares = shares_of(campaign)
    assert (shares["com_partner_private"].count, shares["com_partner_private"].base) == (0, 0)
    assert (shares["com_never_partnership"].count, shares["com_never_partnership"].base) == (1, 1)
    assert shares["res_premises_poor"].base == 0


def test_no_monitoring_and_no_evaluation_counts_the_associations_that_answered_no_to_both(
    province_a, users
):
    """v1's prj_no_evaluation, corrected without a new version: both answers no."""
    v1 = QuestionnaireVersion.objects.get(number=1)
    campaign = CampaignFactory(province=province_a, version=v1)
    cases = [("no", "no"), ("yes", "no"), ("no", "yes"), ("yes", "yes")]
    for monitoring, evaluation in cases:
        diagnostic = DiagnosticFactory(campaign=campaign)
        save(
            diagnostic,
            users["field_agent"],
            {
                "prj_completed_count": "2",
                "prj_monitoring": monitoring,
                "prj_evaluation": evaluation,
            },
        )
    without_projects = DiagnosticFactory(campaign=campaign)
    save(without_projects, users["field_agent"], {"prj_completed_count": "0"})
    Diagnostic.objects.filter(campaign=campaign).update(status=Diagnostic.Status.SUBMITTED)

    shares = shares_of(campaign)

    # 1 of the 4 with projects answered no to both; the one without projects was not asked.
    assert (shares["prj_no_evaluation"].count, shares["prj_no_evaluation"].base) == (1, 4)


def test_a_base_set_by_another_question(province_a, users):
    """v2: "70 % of the associations that carried out projects received outside support"."""
    campaign = CampaignFactory(province=province_a)
    for completed, support in [("0", "yes"), ("3", "yes"), ("1", "no"), ("5", "yes")]:
        diagnostic = DiagnosticFactory(campaign=campaign)
        save(
            diagnostic,
            users["field_agent"],
            {"prj_completed_count": completed, "prj_external_support": support},
        )
    Diagnostic.objects.filter(campaign=campaign).update(status=Diagnostic.Status.SUBMITTED)

    shares = shares_of(campaign)

    supported = shares["prj_external_support_when_projects"]
    assert (supported.count, supported.base) == (2, 3)
    assert (shares["prj_external_support"].count, shares["prj_external_support"].base) == (3, 4)


def test_none_of_these_is_ticked_alone():
    spec = question(file_data(2), "res_skills")
    assert parse("multiple", spec, ["none"]) == (["none"], None)
    value, error = parse("multiple", spec, ["none", "accounting"])
    assert value is None
    assert error == ERROR_EXCLUSIVE.format(label="Aucune de ces compétences")


def test_a_re_diagnosed_association_counts_once_in_comparisons_and_averages(province_a, users):
    association = AssociationFactory(commune=province_a.communes.first())
    other = AssociationFactory(commune=province_a.communes.first())
    first = CampaignFactory(province=province_a, starts_on=date(2025, 1, 1))
    second = CampaignFactory(province=province_a, starts_on=date(2026, 1, 1))
    now = timezone.now()
    for campaign, who, plan, when in [
        (first, association, "yes", now - timedelta(days=300)),
        (second, association, "no", now),
        (second, other, "yes", now),
    ]:
        diagnostic = DiagnosticFactory(campaign=campaign, association=who)
        save(diagnostic, users["field_agent"], {"vis_action_plan": plan})
        Diagnostic.objects.filter(pk=diagnostic.pk).update(
            status=Diagnostic.Status.SUBMITTED, submitted_at=when
        )

    _findings, _provinces, per_province, national = findings_by_province(
        version=first.version, user=users["national"]
    )

    no_plan = per_province[province_a.pk]["vis_no_action_plan"]
    assert (no_plan.count, no_plan.base) == (1, 2)  # the association's latest answer only
    assert national["vis_no_action_plan"].base == 2
    latest = Diagnostic.objects.get(campaign=second, association=association)
    assert diagnostic_results(diagnostic=latest).province_count == 2


def test_submission_scores_only_live_answers(province_a, users):
    from tests.diagnostics.test_diagnostic_entry import full_answers

    diagnostic = DiagnosticFactory(campaign=CampaignFactory(province=province_a))
    structure = structure_for(diagnostic.version)
    answers = full_answers(structure, yes=True)
    save(diagnostic, users["field_agent"], answers)
    save(diagnostic, users["field_agent"], {"res_premises": "no"})  # state and provider go

    assert (
        diagnostic_submit(
            diagnostic=diagnostic, user=users["field_agent"], lock_version=diagnostic.lock_version
        )
        == []
    )
    assert not diagnostic.answers.filter(question__code="res_premises_state").exists()


def test_the_comparison_opens_on_the_newest_version_with_diagnostics(client, province_a, users):
    from django.urls import reverse

    v1 = QuestionnaireVersion.objects.get(number=1)
    diagnostic = DiagnosticFactory(campaign=CampaignFactory(province=province_a, version=v1))
    save(diagnostic, users["field_agent"], {"vis_action_plan": "no"})
    Diagnostic.objects.filter(pk=diagnostic.pk).update(status=Diagnostic.Status.SUBMITTED)
    client.force_login(users["coordinator"])
    url = reverse("diagnostics:comparison")

    # v2 is the newest published version but nothing was answered on it yet.
    assert client.get(url).context["version"] == v1
    assert client.get(url, {"version": "2"}).context["version"] == v1  # no diagnostics: not offered
    assert client.get(url, {"version": "abc\x00"}).status_code in (200, 400)
