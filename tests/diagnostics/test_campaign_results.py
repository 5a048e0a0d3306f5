"""Provincial results: each finding's share with its base, weighted with a margin of error,
by milieu, and the axis distributions, on a small hand-made campaign."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse

from diagnostics.models import Answer, Diagnostic, SampleEntry, Score
from diagnostics.questionnaire import predicates
from diagnostics.selectors import campaign_results, findings_by_province
from diagnostics.services import structure_for
from takwia.figures import round_half_up
from takwia.freshness import figures_changed, figures_token
from tests.factories import AssociationFactory, CampaignFactory, DiagnosticFactory

pytestmark = pytest.mark.django_db

URBAN_STRATUM, RURAL_STRATUM = "urbain/x", "rural/x"
N_URBAN, N_RURAL = 20, 30  # registry sizes of the two strata at the draw


def scored(campaign, *, commune, answers: dict, stratum="", population=None, axis_score=None):
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
        campaign=campaign,
        association=diagnostic.association,
        defaults={"stratum": stratum, "population": population},
    )
    if axis_score is not None:
        Score.objects.create(diagnostic=diagnostic, level="axis", code="vision", score=axis_score)
    return diagnostic


@pytest.fixture
def campaign(province_a):
    """A drawn sample of two strata. Urban (N = 20): 3 drawn, 2 diagnosed (no plan: no,
    yes), 1 never diagnosed. Rural (N = 30): 2 drawn, 2 diagnosed (no plan: yes, yes).
    One rural association added by hand (has a plan). One draft."""
    from associations.models import Milieu

    campaign = CampaignFactory(province=province_a, sample_seed=1)
    urban = province_a.communes.filter(milieu=Milieu.URBAN).first()
    rural = province_a.communes.filter(milieu=Milieu.RURAL).first()
    in_urban = {"stratum": URBAN_STRATUM, "population": N_URBAN}
    in_rural = {"stratum": RURAL_STRATUM, "population": N_RURAL}
    scored(
        campaign,
        commune=urban,
        answers={"vis_action_plan": True, "gov_ga_count_3y": 0},
        axis_score=20,
        **in_urban,
    )
    scored(
        campaign,
        commune=urban,
        answers={"vis_action_plan": False, "gov_ga_count_3y": 3},
        axis_score=40,
        **in_urban,
    )
    scored(
        campaign,
        commune=rural,
        answers={"vis_action_plan": False, "gov_ga_count_3y": 7},
        axis_score=60,
        **in_rural,
    )
    scored(
        campaign,
        commune=rural,
        answers={"vis_action_plan": False, "gov_ga_count_3y": 2},
        axis_score=80,
        **in_rural,
    )
    scored(
        campaign,
        commune=rural,
        answers={"vis_action_plan": True, "gov_ga_count_3y": 1},
        axis_score=10,
    )  # added by hand: no stratum
    SampleEntry.objects.create(
        campaign=campaign, association=AssociationFactory(commune=urban), **in_urban
    )  # drawn, never diagnosed
    DiagnosticFactory(campaign=campaign, association__commune=rural)  # a draft never counts
    return campaign  # fmt: skip


def test_each_finding_is_a_share_of_the_diagnosed_with_its_base(
    campaign, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        results = campaign_results(campaign=campaign)

    shares = {s.finding.code: s for _, axis_shares in results.by_axis for s in axis_shares}
    assert results.diagnosed == 5
    no_plan = shares["vis_no_action_plan"]
    # Unweighted: 1 urban + 2 rural of the 5 diagnosed (the hand-added one has a plan).
    assert (no_plan.count, no_plan.base) == (3, 5)
    assert no_plan.share == Fraction(3, 5) and no_plan.percent == Decimal("60.0")
    assert (shares["gov_no_ga"].count, shares["gov_ga_1_4"].count, shares["gov_ga_more"].count) == (
        1,
        3,
        1,
    )
    assert shares["gov_no_ga"].base == 5


def test_a_two_stratum_weighted_share_and_its_margin_match_a_hand_computation(campaign):
    """Weights N_h / r_h with r_h the diagnosed (non-response within the stratum): urban
    20 / 2 = 10, rural 30 / 2 = 15; the hand-added association is left out."""
    shares = {
        s.finding.code: s for _, axis in campaign_results(campaign=campaign).by_axis for s in axis
    }
    no_plan = shares["vis_no_action_plan"]
    p = Fraction(10 * 1 + 15 * 2, 10 * 2 + 15 * 2)
    assert p == Fraction(4, 5) and no_plan.estimate.share == p
    # Linearised variance: z = y - p. Urban z = (-4/5, 1/5), mean -3/10, s² = 1/2 over
    # r - 1 = 1; rural z = (1/5, 1/5), s² = 0. V = N_u² (1 - r_u/N_u) s²_u / r_u / D².
    s2_urban = (
        (Fraction(-4, 5) + Fraction(3, 10)) ** 2 + (Fraction(1, 5) + Fraction(3, 10)) ** 2
    ) / 1
    variance = Fraction(N_URBAN**2) * (1 - Fraction(2, N_URBAN)) * s2_urban / 2 / 50**2
    assert no_plan.estimate.variance == variance == Fraction(9, 250)
    margin = Decimal("1.96") * (Decimal(variance.numerator) / variance.denominator).sqrt()
    assert no_plan.weighted_percent == Decimal("80.0")
    assert no_plan.margin == round_half_up(Decimal(100) * margin) == Decimal("37.2")


def test_a_sub_group_keeps_the_strata_of_the_whole_sample_and_bounds_a_certain_figure(campaign):
    results = campaign_results(campaign=campaign)
    rural = results.by_milieu["Rural"]["vis_no_action_plan"]
    urban = results.by_milieu["Urbain"]["vis_no_action_plan"]
    assert (rural.count, rural.base) == (2, 3)  # the hand-added rural one has a plan
    assert (urban.count, urban.base) == (1, 2)
    # Rural estimate: 15 x 2 / (15 x 2) = 100 %, not "± 0": a one-sided bound instead.
    assert rural.estimate.share == 1 and rural.margin is None
    assert rural.bound[0] == "min" and 0 < rural.bound[1] < 100


def test_axis_scores_have_mean_and_quartiles_as_percentile_cont(campaign):
    (row,) = campaign_results(campaign=campaign).distribution
    # Scores 10, 20, 40, 60, 80 (n = 5): quartiles at positions 1, 2, 3.
    assert row.axis.code == "vision"
    assert (row.mean, row.n) == (Fraction(10 + 20 + 40 + 60 + 80, 5), 5)
    assert (row.q1, row.median, row.q3) == (20, 40, 60)


def test_quartiles_of_an_even_count_interpolate_on_every_database(province_b):
    campaign = CampaignFactory(province=province_b)
    commune = province_b.communes.first()
    for value in (Decimal("80"), Decimal("10"), Decimal("45.5"), Decimal("20")):
        scored(campaign, commune=commune, answers={}, axis_score=value)
    (row,) = campaign_results(campaign=campaign).distribution
    # Ordered 10, 20, 45.5, 80; percentile_cont at f x (n - 1) = 0.75, 1.5, 2.25.
    assert row.q1 == 10 + Fraction(3, 4) * (20 - 10)
    assert row.median == 20 + Fraction(1, 2) * (Fraction(91, 2) - 20)
    assert row.q3 == Fraction(91, 2) + Fraction(1, 4) * (80 - Fraction(91, 2))
    assert str(round_half_up(row.median)) == "32.8"  # 32.75, half up


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
    national_no_plan = national["vis_no_action_plan"]
    assert (national_no_plan.count, national_no_plan.base) == (3 + 1, 5 + 1)
    assert per_province[province_b.pk]["vis_no_action_plan"].percent == Decimal("100.0")


def test_the_results_page_shows_the_shares_and_stays_in_scope(client, campaign, users, province_b):
    client.force_login(users["coordinator"])
    page = client.get(reverse("diagnostics:campaign_results", args=[campaign.pk])).content.decode()
    assert "60,0 %" in page and "3 / 5" in page and "80,0 % ± 37,2" in page
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
        f"60,0 % des associations n'ont pas de plan d'action ({no_plan.count} sur {no_plan.base} ; "
        "estimé sur le registre : 80,0 % ± 37,2) – à interpréter avec prudence" in text
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
    """57 findings of v2 (some over two questions, some with another question's base):
    the grouped SQL counts against the predicates applied one association at a time."""
    import random

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
            if not predicates.holds(spec.get("condition"), values) or rng.random() < 0.1:
                continue
            if question.kind == "yes_no":
                values[question.code] = rng.random() < 0.5
            elif question.kind == "single":
                values[question.code] = rng.choice(spec["choices"])["code"]
            elif question.kind == "multiple":
                picked = [c for c in spec["choices"] if rng.random() < 0.5]
                if len(picked) > 1:  # "none of these" is ticked alone
                    picked = [c for c in picked if not c.get("exclusive")]
                values[question.code] = [c["code"] for c in picked]
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

    assert campaign.version.number == 2 and len(shares) == 57
    for finding in campaign.version.findings.all():
        # In the base: the predicate decidable (holding, or every question it reads
        # answered), and the base holding.
        base = [
            a
            for a in answered
            if (
                predicates.holds(finding.predicate, a)
                or all(q in a for q in predicates.questions_of(finding.predicate))
            )
            and predicates.holds(finding.base, a)
        ]
        count = sum(predicates.holds(finding.predicate, a) for a in base)
        share = shares[finding.code]
        assert (share.count, share.base) == (count, len(base)), finding.code


def test_the_results_page_keeps_its_query_count_as_diagnostics_grow(
    client, campaign, users, django_assert_max_num_queries
):
    url = reverse("diagnostics:campaign_results", args=[campaign.pk])
    client.force_login(users["coordinator"])
    client.get(url)
    figures_changed()  # computed afresh from the summary, as after any write
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
    assert response.context["results"].diagnosed == 11


def test_the_figures_are_read_from_the_cache_until_a_figure_moves(
    campaign, django_assert_num_queries
):
    first = campaign_results(campaign=campaign)
    with django_assert_num_queries(0):  # numbers from the cache, findings from the structure
        again = campaign_results(campaign=campaign)
    assert again.by_axis == first.by_axis
    assert again.by_milieu == first.by_milieu and again.distribution == first.distribution
    assert (again.diagnosed, again.coverage, again.strata) == (5, first.coverage, first.strata)

    # A submission through the model moves the summary and the token: read afresh.
    scored(
        campaign,
        commune=campaign.province.communes.first(),
        answers={"vis_action_plan": False},
        stratum=URBAN_STRATUM,
        population=N_URBAN,
    )
    assert campaign_results(campaign=campaign).diagnosed == 6


def test_every_move_of_the_summary_replaces_the_figures_token(campaign):
    from diagnostics.analytics import mark_stale, rebuild

    for write in (lambda: mark_stale([campaign.pk]), lambda: rebuild(campaign.pk)):
        before = figures_token()
        write()
        assert figures_token() != before


def test_the_report_is_about_the_campaign_asked_for_and_says_which_statuses_it_counts(
    campaign, users
):
    from diagnostics.reports import ProvinceReport, province_campaign

    trial = CampaignFactory(
        province=campaign.province, starts_on=campaign.starts_on.replace(year=2027)
    )
    scored(trial, commune=campaign.province.communes.first(), answers={})
    # Without a choice (an old link): the campaign with the most counted diagnostics, not
    # the newest one with any.
    assert province_campaign(province=campaign.province) == campaign
    report = ProvinceReport()
    params = report.resolve(
        user=users["coordinator"],
        params={"province": "05.301", "campaign": str(trial.pk), "statuses": "validated"},
    )["params"]
    assert params == {"province": "05.301", "campaign": trial.pk, "statuses": "validated"}

    html = report.html(province=campaign.province, campaign_id=campaign.pk)
    assert "Provisoire" in html and "validés et soumis" in html
    Diagnostic.objects.filter(campaign=campaign).update(status=Diagnostic.Status.VALIDATED)
    html = report.html(province=campaign.province, campaign_id=campaign.pk, validated_only=True)
    assert "validés seulement" in html and "Provisoire" not in html
