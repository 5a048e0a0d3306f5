"""Provincial results: each finding's share with its base, weighted with a margin of error,
by milieu, and the axis distributions, on a small hand-made campaign."""

import pytest
from django.urls import reverse

from diagnostics.models import Answer, Diagnostic, SampleEntry, Score
from diagnostics.selectors import campaign_results, findings_by_province
from diagnostics.services import structure_for
from tests.factories import CampaignFactory, DiagnosticFactory

pytestmark = pytest.mark.django_db


def scored(campaign, *, commune, answers: dict, weight=1.0, axis_score=None):
    diagnostic = DiagnosticFactory(
        campaign=campaign, association__commune=commune, status=Diagnostic.Status.SUBMITTED
    )
    structure = structure_for(campaign.version)
    for code, value in answers.items():
        question = structure.by_code[code]
        fields = {"yes_no": "value_bool", "integer": "value_int", "single": "value_text"}
        Answer.objects.create(
            diagnostic=diagnostic, question=question, **{fields[question.kind]: value}
        )
    SampleEntry.objects.update_or_create(
        campaign=campaign, association=diagnostic.association, defaults={"weight": weight}
    )
    if axis_score is not None:
        Score.objects.create(diagnostic=diagnostic, level="axis", code="vision", score=axis_score)
    return diagnostic


@pytest.fixture
def campaign(province_a):
    from associations.models import Milieu

    campaign = CampaignFactory(province=province_a, sample_seed=1)
    urban = province_a.communes.filter(milieu=Milieu.URBAN).first()
    rural = province_a.communes.filter(milieu=Milieu.RURAL).first()
    scored(
        campaign,
        commune=urban,
        answers={"vis_action_plan": True, "gov_ga_count_3y": 0},
        weight=1,
        axis_score=20,
    )
    scored(
        campaign,
        commune=rural,
        answers={"vis_action_plan": False, "gov_ga_count_3y": 3},
        weight=1,
        axis_score=40,
    )
    scored(
        campaign,
        commune=rural,
        answers={"vis_action_plan": False, "gov_ga_count_3y": 7},
        weight=3,
        axis_score=60,
    )
    scored(campaign, commune=rural, answers={"gov_ga_count_3y": 2}, weight=1, axis_score=80)
    # A draft never counts.
    DiagnosticFactory(campaign=campaign, association__commune=rural)
    return campaign


def test_each_finding_is_a_share_of_the_diagnosed_with_its_base(
    campaign, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        results = campaign_results(campaign=campaign)

    shares = {s.finding.code: s for _, axis_shares in results.by_axis for s in axis_shares}
    assert results.diagnosed == 4
    no_plan = shares["vis_no_action_plan"]
    assert (no_plan.count, no_plan.base, no_plan.percent) == (2, 3, 66.7)
    assert (shares["gov_no_ga"].count, shares["gov_ga_1_4"].count, shares["gov_ga_more"].count) == (
        1,
        2,
        1,
    )
    assert shares["gov_no_ga"].base == 4
    # Weighted: (1 + 3) / (1 + 1 + 3) = 80 %. Kish n_eff = 5² / 11 = 2.27; population
    # 6 (weights of the 4 entries), fpc = 1 - 3/6: 1.96 x sqrt(0.8 x 0.2 / 2.27 x 0.5) = 36.8.
    assert (no_plan.weighted_percent, no_plan.margin) == (80.0, 36.8)
    rural = results.by_milieu["Rural"]["vis_no_action_plan"]
    assert (rural.count, rural.base) == (2, 2)
    assert results.by_milieu["Urbain"]["vis_no_action_plan"].count == 0


def test_axis_scores_have_mean_and_quartiles(campaign):
    ((axis, mean, q1, median, q3, n),) = campaign_results(campaign=campaign).distribution
    assert axis.code == "vision"
    assert (mean, n) == (50.0, 4)
    assert q1 <= median <= q3 and 40 <= median <= 60


def test_the_comparison_puts_each_province_beside_the_national_figure(campaign, users, province_b):
    other = CampaignFactory(province=province_b)
    scored(other, commune=province_b.communes.first(), answers={"vis_action_plan": False})

    _, provinces, per_province, national = findings_by_province(
        version=campaign.version, user=users["national"]
    )
    _, coordinator_provinces, _, _ = findings_by_province(
        version=campaign.version, user=users["coordinator"]
    )

    assert {p.code for p in provinces} == {"05.301", "07.161"}
    assert [p.code for p in coordinator_provinces] == ["05.301"]
    assert (national["vis_no_action_plan"].count, national["vis_no_action_plan"].base) == (3, 4)
    assert per_province[province_b.pk]["vis_no_action_plan"].percent == 100.0


def test_the_results_page_shows_the_shares_and_stays_in_scope(client, campaign, users, province_b):
    client.force_login(users["coordinator"])
    page = client.get(reverse("diagnostics:campaign_results", args=[campaign.pk])).content.decode()
    assert "66,7 %" in page and "2 / 3" in page and "80,0 % ± 36,8" in page
    outside = CampaignFactory(province=province_b)
    assert client.get(reverse("diagnostics:campaign_results", args=[outside.pk])).status_code == 404


def test_the_provincial_report_states_the_findings_as_the_results_page_shows_them(
    campaign, tmp_path, client, users
):
    from django.core.management import call_command
    from pypdf import PdfReader

    out = tmp_path / "rapport.pdf"
    call_command("render_report", "--province", "05.301", "--lang", "fr", "--out", str(out))

    text = " ".join(" ".join(page.extract_text() for page in PdfReader(out).pages).split())
    client.force_login(users["coordinator"])
    shares = {
        s.finding.code: s
        for _, axis_shares in client.get(
            reverse("diagnostics:campaign_results", args=[campaign.pk])
        )
        .context["results"]
        .by_axis
        for s in axis_shares
    }
    no_plan = shares["vis_no_action_plan"]
    assert (
        f"66,7 % des associations n'ont pas de plan d'action ({no_plan.count} sur {no_plan.base} ; "
        "redressé : 80,0 % ± 36,8)" in text
    )
    assert "Annexe : les associations diagnostiquées" in text
    assert "Axe 2 : Clarté de la vision et planification stratégique" in text


def test_results_can_be_restricted_to_one_domain(campaign, client, users):
    from associations.models import Domain

    health = Domain.objects.get(code="sante")
    no_plan = Diagnostic.objects.filter(
        campaign=campaign, answers__question__code="vis_action_plan", answers__value_bool=False
    ).first()
    no_plan.association.domains.add(health)

    results = campaign_results(campaign=campaign, domain="sante")

    shares = {s.finding.code: s for _, axis in results.by_axis for s in axis}
    assert results.diagnosed == 1
    assert (shares["vis_no_action_plan"].count, shares["vis_no_action_plan"].base) == (1, 1)
    client.force_login(users["coordinator"])
    page = client.get(
        reverse("diagnostics:campaign_results", args=[campaign.pk]), {"domain": "sante"}
    )
    assert page.context["results"].diagnosed == 1


def test_every_finding_matches_a_count_made_by_hand_on_a_small_campaign(province_b, users):
    """52 findings: SQL conditional counts against the predicates applied one by one."""
    import random

    from diagnostics.scoring import condition_holds, predicate_holds
    from diagnostics.services import diagnostic_save_answers

    campaign = CampaignFactory(province=province_b)
    structure = structure_for(campaign.version)
    rng = random.Random(5)
    answered = []
    for _ in range(12):
        diagnostic = DiagnosticFactory(
            campaign=campaign, association__commune=province_b.communes.first()
        )
        values = {}
        for question in structure.questions:
            spec = question.spec
            if not condition_holds(spec.get("condition"), values) or rng.random() < 0.1:
                continue
            if question.kind == "yes_no":
                values[question.code] = rng.random() < 0.5
            elif question.kind == "single":
                values[question.code] = rng.choice(spec["choices"])["code"]
            elif question.kind == "multiple":
                values[question.code] = [c["code"] for c in spec["choices"] if rng.random() < 0.5]
            elif question.kind in {"integer", "scale"}:
                values[question.code] = rng.randint(
                    spec.get("min", 0), min(spec.get("max") or 12, 12)
                )
        raw = {
            code: ("yes" if v is True else "no" if v is False else v) for code, v in values.items()
        }
        diagnostic_save_answers(
            diagnostic=diagnostic, raw_answers=raw, lock_version=0, user=users["national"]
        )
        Diagnostic.objects.filter(pk=diagnostic.pk).update(status=Diagnostic.Status.SUBMITTED)
        answered.append({code: v for code, v in values.items() if v not in ([], None)})

    shares = {
        s.finding.code: s for _, axis in campaign_results(campaign=campaign).by_axis for s in axis
    }

    assert len(shares) == 52
    for finding in campaign.version.findings.select_related("question"):
        code = finding.question.code
        base = [
            a
            for a in answered
            if code in a and (not finding.base or predicate_holds(finding.base, a[code]))
        ]
        count = sum(predicate_holds(finding.predicate, a[code]) for a in base)
        share = shares[finding.code]
        assert (share.count, share.base) == (count, len(base)), finding.code


def test_the_results_page_keeps_its_query_count_as_diagnostics_grow(
    client, campaign, users, django_assert_max_num_queries
):
    url = reverse("diagnostics:campaign_results", args=[campaign.pk])
    client.force_login(users["coordinator"])
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for _ in range(6):
        scored(
            campaign,
            commune=campaign.province.communes.last(),
            answers={"vis_action_plan": False},
            axis_score=10,
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["results"].diagnosed == 10
