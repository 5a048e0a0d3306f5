"""Self-assessment beside assessment (issue 14, item 9): a president answers the same
questionnaire about their own association; it enters no provincial figure, no work list,
no review queue; its scores are shown beside the assessed ones, axis by axis."""

from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse
from django.utils import timezone

from diagnostics.models import Answer, Diagnostic, Score
from diagnostics.selectors import campaign_results
from diagnostics.selectors.campaigns import campaign_counts
from diagnostics.selectors.results import axis_means, diagnostic_results, province_peers
from diagnostics.selectors.self_assessment import side_by_side
from diagnostics.selectors.worklists import agent_worklist, campaign_progress, review_queue
from diagnostics.services import (
    DiagnosticLocked,
    diagnostic_save_answers,
    diagnostic_validate,
    structure_for,
)
from diagnostics.services.review import ERROR_SELF_NOT_REVIEWED
from tests.diagnostics.test_campaign_results import campaign  # noqa: F401 - a fixture
from tests.factories import DiagnosticFactory, UserFactory

pytestmark = pytest.mark.django_db


def self_assess(campaign, association, *, vision, overall, answers=None, status="submitted"):  # noqa: F811
    diagnostic = DiagnosticFactory(
        campaign=campaign,
        association=association,
        kind=Diagnostic.Kind.SELF_ASSESSMENT,
        status=status,
        submitted_at=timezone.now() if status == "submitted" else None,
        overall_score=overall,
    )
    structure = structure_for(campaign.version)
    for code, value in (answers or {}).items():
        question = structure.by_code[code]
        fields = {"yes_no": "value_bool", "integer": "value_int"}
        Answer.objects.create(
            diagnostic=diagnostic, question=question, **{fields[question.kind]: value}
        )
    Score.objects.create(diagnostic=diagnostic, level="axis", code="vision", score=vision)
    return diagnostic


@pytest.fixture
def assessed(campaign):  # noqa: F811
    """The fixture's first diagnostic (vision 20, has an action plan, 0 general assembly)."""
    first = (
        Diagnostic.objects.filter(campaign=campaign, status="submitted")
        .order_by("pk")
        .select_related("association")
        .first()
    )
    first.overall_score = Decimal("30")
    first.submitted_at = timezone.now() - timedelta(days=2)
    first.save()
    return first


def test_a_self_assessment_changes_no_figure_of_the_province(campaign, assessed):  # noqa: F811
    """The fixture's figures, computed by hand in test_campaign_results.py, stay: 5
    diagnosed, no action plan 3 of 5 (80.0 % weighted), vision mean (20 + 40 + 60 + 80 +
    10) / 5 = 42; the self-assessment says the opposite on every point."""
    self_assess(
        campaign,
        assessed.association,
        vision=99,
        overall=95,
        answers={"vis_action_plan": False, "gov_ga_count_3y": 5},
    )
    other = DiagnosticFactory(campaign=campaign, status="draft")
    self_assess(campaign, other.association, vision=0, overall=0, status="draft")

    results = campaign_results(campaign=campaign)
    shares = {s.finding.code: s for _, axis in results.by_axis for s in axis}
    no_plan = shares["vis_no_action_plan"]

    assert results.diagnosed == 5
    assert (no_plan.count, no_plan.base) == (3, 5)
    assert no_plan.weighted_percent == Decimal("80.0")
    assert shares["gov_no_ga"].count == 1
    assert axis_means(province_peers(diagnostic=assessed)) == {"vision": Fraction(42)}
    assert diagnostic_results(diagnostic=assessed).province_count == 5
    assert Diagnostic.objects.scored().filter(campaign=campaign).count() == 5
    counts = campaign_counts(campaign=campaign)
    assert (counts["total"], counts["submitted"], counts["drafts"]) == (7, 5, 2)


def test_no_work_list_nor_review_queue_holds_a_self_assessment(
    campaign,  # noqa: F811
    assessed,
    users,
):
    self_assess(campaign, assessed.association, vision=99, overall=95)
    unstarted = campaign.entries.exclude(
        association__in=Diagnostic.objects.values("association")
    ).first()
    self_assess(campaign, unstarted.association, vision=50, overall=50, status="draft")
    agent, national = users["field_agent"], users["national"]

    work = agent_worklist(user=agent)
    queue = review_queue(user=national)
    [progress] = [p for p in campaign_progress(user=agent) if p.campaign == campaign]

    assert unstarted.association in [entry.association for entry in work.to_enter.rows]
    assert all(not d.is_self_assessment for d in work.drafts.rows)
    assert all(not d.is_self_assessment for d in queue.waiting.rows)
    assert queue.waiting.total == 5
    assert (progress.totals.started, progress.totals.submitted) == (5, 5)


def test_a_self_assessment_is_never_reviewed(campaign, assessed, users):  # noqa: F811
    own = self_assess(campaign, assessed.association, vision=99, overall=95)

    with pytest.raises(DiagnosticLocked, match=ERROR_SELF_NOT_REVIEWED):
        diagnostic_validate(diagnostic=own, user=users["national"])


def test_the_assessed_and_self_assessed_scores_are_side_by_side_per_axis(
    campaign,  # noqa: F811
    assessed,
):
    own = self_assess(campaign, assessed.association, vision=Decimal("72.5"), overall=95)

    pair = side_by_side(diagnostic=assessed)
    [vision] = [axis for axis in pair.axes if axis.code == "vision"]

    assert (pair.assessed, pair.self_assessed) == (assessed, own)
    assert (vision.assessed, vision.self_assessed, vision.gap) == (
        Fraction(20),
        Fraction(145, 2),
        Fraction(105, 2),
    )
    assert pair.overall_gap == Fraction(65)
    assert side_by_side(diagnostic=own).assessed == assessed


@pytest.mark.parametrize("role", ["field_agent", "national", "president"])
def test_the_agent_reviewer_and_president_pages_show_both_scores(
    client,
    campaign,  # noqa: F811
    assessed,
    users,
    role,
):
    own = self_assess(campaign, assessed.association, vision=Decimal("72.5"), overall=95)
    user = users[role]
    if role == "president":
        user = UserFactory(president=True, association=assessed.association)
    client.force_login(user)

    page = client.get(reverse("diagnostics:results", args=[assessed.pk])).content.decode()
    own_page = client.get(reverse("diagnostics:results", args=[own.pk]))

    assert 'data-testid="side-by-side"' in page
    assert "20,0" in page and "72,5" in page and "+52,5" in page
    assert own_page.status_code == 200
    assert "Auto-évaluation de" in own_page.content.decode()
    assert "Valider le diagnostic" not in own_page.content.decode()
    if role == "president":
        home = client.get(reverse("home")).content.decode()
        assert 'data-testid="side-by-side"' in home and "+52,5" in home


def test_a_president_fills_and_submits_their_self_assessment_without_review(
    client,
    campaign,  # noqa: F811
    assessed,
    django_capture_on_commit_callbacks,
):
    from diagnostics.models import Campaign

    Campaign.objects.filter(pk=campaign.pk).update(status="ongoing")
    president = UserFactory(president=True, association=assessed.association)
    client.force_login(president)

    response = client.post(reverse("diagnostics:self_assessment"))
    own = Diagnostic.objects.self_assessed().get()
    assert response["Location"] == reverse("diagnostics:entry", args=[own.pk, 0])
    assert (own.campaign, own.association, own.status) == (campaign, assessed.association, "draft")
    assert client.get(reverse("diagnostics:entry", args=[own.pk, 1])).status_code == 200
    # Again: the same one reopens.
    client.post(reverse("diagnostics:self_assessment"))
    assert Diagnostic.objects.self_assessed().count() == 1

    structure = structure_for(own.version)
    from tests.diagnostics.test_diagnostic_entry import full_answers

    saved = diagnostic_save_answers(
        diagnostic=own,
        raw_answers=full_answers(structure),
        lock_version=own.lock_version,
        user=president,
    )
    assert not saved.errors
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("diagnostics:submit", args=[own.pk]), {"lock_version": saved.lock_version}
        )
    own.refresh_from_db()
    assert own.status == "submitted" and own.overall_score is not None
    assert response["Location"] == reverse("diagnostics:results", args=[own.pk])
    assert Diagnostic.objects.scored().filter(pk=own.pk).count() == 0


def test_only_its_president_answers_a_self_assessment(
    client,
    campaign,  # noqa: F811
    assessed,
    users,
):
    own = self_assess(campaign, assessed.association, vision=1, overall=1, status="draft")
    entry = reverse("diagnostics:entry", args=[own.pk, 1])
    save = reverse("diagnostics:save", args=[own.pk])
    api = reverse("api:diagnostic-answers", args=[own.pk])

    client.force_login(users["field_agent"])
    assert client.get(entry).status_code == 403
    assert client.post(save, "{}", content_type="application/json").status_code == 403
    assert client.post(api, {"lock_version": 0}, content_type="application/json").status_code == 403
    # The agent reads it (pending page), but the president of another association does not.
    assert client.get(reverse("diagnostics:results", args=[own.pk])).status_code == 200
    client.force_login(users["president"])  # president of association A, not this one
    assert client.get(entry).status_code == 404


def test_another_role_cannot_open_a_self_assessment(client, users):
    client.force_login(users["field_agent"])

    assert client.post(reverse("diagnostics:self_assessment")).status_code == 403


def test_self_assessments_do_not_make_a_campaign_the_one_reported_on(province_a):
    """Without a choice, a report is about the campaign with the most counted
    diagnostics: two assessments outweigh one assessment and three self-assessments."""
    from diagnostics.reports.sections import province_campaign
    from tests.factories import CampaignFactory

    older, newer = CampaignFactory(province=province_a), CampaignFactory(province=province_a)
    newer.starts_on = older.starts_on.replace(year=older.starts_on.year + 1)
    newer.save()
    for _ in range(2):
        DiagnosticFactory(campaign=older, status="submitted")
    DiagnosticFactory(campaign=newer, status="submitted")
    for _ in range(3):
        DiagnosticFactory(campaign=newer, status="submitted", kind="self")

    assert province_campaign(province=province_a) == older


@pytest.mark.parametrize("role", ["field_agent", "national"])
def test_the_results_page_with_both_scores_stays_within_twelve_queries(
    client,
    campaign,  # noqa: F811
    assessed,
    users,
    role,
    django_assert_max_num_queries,
):
    own = self_assess(campaign, assessed.association, vision=Decimal("72.5"), overall=95)
    client.force_login(users[role])

    for diagnostic in (assessed, own):
        with django_assert_max_num_queries(12):
            page = client.get(reverse("diagnostics:results", args=[diagnostic.pk]))
        assert 'data-testid="side-by-side"' in page.content.decode()


def test_the_presidents_home_with_both_scores_stays_within_twelve_queries(
    client,
    campaign,  # noqa: F811
    assessed,
    django_assert_max_num_queries,
):
    self_assess(campaign, assessed.association, vision=Decimal("72.5"), overall=95)
    client.force_login(UserFactory(president=True, association=assessed.association))

    with django_assert_max_num_queries(12):
        home = client.get(reverse("home")).content.decode()

    assert 'data-testid="side-by-side"' in home and "Voir mon auto-évaluation" in home
