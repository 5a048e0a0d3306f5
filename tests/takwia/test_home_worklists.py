"""Each home page tells its person what to do next (issue 14, item 4), in a constant
number of queries whatever the size of the lists."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from diagnostics.models import Action, Plan, SampleEntry
from takwia.lists import LIMIT
from tests.factories import AssociationFactory, CampaignFactory, DiagnosticFactory

pytestmark = pytest.mark.django_db


def sampled(campaign, *, commune=None, stratum="rural × social", status=None, **diagnostic):
    """An association of the campaign's sample, with a diagnostic in ``status`` if given."""
    association = AssociationFactory(commune=commune or campaign.province.communes.first())
    SampleEntry.objects.create(campaign=campaign, association=association, stratum=stratum)
    if status is not None:
        return DiagnosticFactory(
            campaign=campaign, association=association, status=status, **diagnostic
        )
    return association


def page(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


@pytest.fixture
def open_campaign(province_a):
    return CampaignFactory(province=province_a, status="ongoing", name="Khénifra 2026")


def test_an_agent_sees_what_to_enter_their_drafts_and_the_returns_with_comments(
    client, users, open_campaign, province_b
):
    waiting = sampled(open_campaign)
    draft = sampled(open_campaign, status="draft")
    returned = sampled(open_campaign, status="returned", return_comment="Axe 2 : le budget manque.")
    sampled(open_campaign, status="submitted")
    sampled(CampaignFactory(province=open_campaign.province, status="closed"))
    sampled(CampaignFactory(province=province_b, status="ongoing"))

    response = page(client, users["field_agent"])

    work = response.context["work"]
    assert [entry.association for entry in work.to_enter.rows] == [waiting]
    assert (work.to_enter.total, work.drafts.total, work.returned.total) == (1, 1, 1)
    assert work.drafts.rows == [draft] and work.returned.rows == [returned]
    text = response.content.decode()
    assert "Axe 2 : le budget manque." in text
    assert reverse("diagnostics:begin", args=[open_campaign.pk, waiting.pk]) in text
    assert reverse("diagnostics:entry", args=[returned.pk, 0]) in text


def test_national_staff_see_the_review_queue_oldest_first_by_province_and_age(
    client, users, province_a, province_b
):
    now = timezone.now()
    in_a = CampaignFactory(province=province_a)
    in_b = CampaignFactory(province=province_b)
    recent = sampled(in_a, status="submitted", submitted_at=now - timedelta(days=2))
    older = sampled(in_a, status="submitted", submitted_at=now - timedelta(days=10))
    oldest = sampled(in_b, status="submitted", submitted_at=now - timedelta(days=40))
    sampled(in_b, status="validated", submitted_at=now - timedelta(days=50))

    queue = page(client, users["national"]).context["queue"]

    assert queue.waiting.rows == [oldest, older, recent]
    assert queue.by_age == {"week": 1, "month": 1, "older": 1}
    assert [(p.code, p.waiting, p.oldest) for p in queue.by_province] == [
        (province_a.code, 2, older.submitted_at),
        (province_b.code, 1, oldest.submitted_at),
    ]


def test_a_coordinator_sees_campaign_progress_by_commune_and_stratum_and_actions_due(
    client, users, open_campaign
):
    first, second = open_campaign.province.communes.order_by("name_fr")[:2]
    sampled(open_campaign, commune=first)
    sampled(open_campaign, commune=first, status="draft")
    sampled(open_campaign, commune=first, status="submitted")
    sampled(open_campaign, commune=first, status="validated")
    sampled(open_campaign, commune=second, stratum="", status="returned")
    today = timezone.localdate()
    plan = Plan.objects.create(
        province=open_campaign.province,
        title="Plan 2026",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=300),
    )

    def action(title, status, starts, ends=None):
        return Action.objects.create(
            plan=plan,
            kind="training",
            title=title,
            axis="governance",
            status=status,
            starts_on=today + timedelta(days=starts),
            ends_on=today + timedelta(days=ends) if ends is not None else None,
        )

    soon = action("Formation budget", "planned", 10)
    action("Formation lointaine", "planned", 60)
    late = action("Accompagnement en retard", "ongoing", -20, -1)
    action("Réalisée", "done", -20, -1)

    response = page(client, users["coordinator"])

    [progress] = response.context["campaigns"]
    rows = [
        (row.commune, row.stratum, row.sampled, row.started, row.submitted, row.validated)
        for row in progress.rows
    ]
    assert rows == [
        (first.name_fr, "rural × social", 4, 3, 2, 1),
        (second.name_fr, "", 1, 1, 0, 0),
    ]
    totals = progress.totals
    assert (totals.sampled, totals.started, totals.submitted, totals.validated) == (5, 4, 2, 1)
    assert response.context["actions_due"].rows == [late, soon]
    text = response.content.decode()
    assert "ajoutée à la main" in text and "en retard" in text


def test_the_coordinators_home_gives_the_province_totals_first_and_the_rows_on_demand(
    client, users, open_campaign
):
    """At 390 px the rows by commune and stratum filled the home many screens over: the
    totals come first, the rows stay one click away (a closed <details>), same figures."""
    first, second = open_campaign.province.communes.order_by("name_fr")[:2]
    sampled(open_campaign, commune=first, status="validated")
    sampled(open_campaign, commune=first, status="submitted")
    sampled(open_campaign, commune=second, status="draft")
    sampled(open_campaign, commune=second)

    text = page(client, users["coordinator"]).content.decode()

    section = text[text.index('data-testid="campaign-progress"') :]
    totals_at = section.index(f'id="progress-totals-caption-{open_campaign.pk}"')
    details_at = section.index('<details class="mb-3" data-testid="progress-by-commune">')
    assert totals_at < details_at
    assert "<details open" not in section
    totals = section[totals_at : section.index("</table>", totals_at)]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", totals)
    assert cells == ["4", "3", "2", "1"]  # sampled, started, submitted, validated
    rows = section[details_at : section.index("</details>", details_at)]
    assert "Par commune et strate (2 lignes)" in rows
    assert first.name_fr in rows and second.name_fr in rows
    # Both tables are named, keyboard-reachable regions ({% table_region %}).
    for caption in ("progress-totals-caption", "progress-caption"):
        assert f'role="region" aria-labelledby="{caption}-{open_campaign.pk}"' in section


def test_a_president_sees_their_latest_scores_with_maturity_and_the_actions_aimed_at_them(
    client, users, association_a, province_a
):
    from diagnostics.services import (
        diagnostic_save_answers,
        diagnostic_start,
        diagnostic_submit,
        structure_for,
    )
    from tests.diagnostics.test_diagnostic_entry import full_answers

    campaign = CampaignFactory(province=province_a, name="Khénifra 2026")
    diagnostic = diagnostic_start(
        campaign=campaign, association=association_a, user=users["national"]
    )
    saved = diagnostic_save_answers(
        diagnostic=diagnostic,
        raw_answers=full_answers(structure_for(campaign.version)),
        lock_version=0,
        user=users["national"],
    )
    diagnostic_submit(
        diagnostic=diagnostic, user=users["national"], lock_version=saved.lock_version
    )
    diagnostic.refresh_from_db()
    plan = Plan.objects.create(
        province=province_a, title="Plan", starts_on="2026-01-01", ends_on="2026-12-31"
    )
    aimed = Action.objects.create(plan=plan, kind="coaching", title="Coaching", axis="governance")
    aimed.targets.add(association_a)

    response = page(client, users["president"])

    overview = response.context["overview"]
    levels = {level["min"]: level for level in diagnostic.version.maturity_levels}
    expected = max((m for m in levels if diagnostic.overall_score >= m), default=None)
    assert overview.latest == diagnostic
    assert overview.level == levels[expected]
    assert len(overview.axes) == 6
    assert overview.actions.rows == [aimed]
    text = response.content.decode()
    assert overview.level["label_fr"] in text and "Coaching" in text


def test_the_volunteer_manager_sees_placements_ending_within_90_days_and_missing_deliverables(
    client, users
):
    from volunteers.demo import volunteers_seed
    from volunteers.models import Deliverable, Host, Placement, Programme, Volunteer

    volunteers_seed()
    programme = Programme.objects.first()
    volunteer = Volunteer.objects.first()
    host = Host.objects.first()
    Placement.objects.all().delete()
    today = timezone.localdate()

    def placement(theme, ends, status="ongoing"):
        return Placement.objects.create(
            volunteer=volunteer,
            host=host,
            programme=programme,
            theme=theme,
            starts_on=today - timedelta(days=200),
            ends_on=today + timedelta(days=ends),
            status=status,
        )

    ending = placement("Fin proche", 30)
    placement("Fin lointaine", 100)
    silent = placement("Terminée sans livrable", -10, "done")
    delivered = placement("Terminée avec livrable", -10, "done")
    Deliverable.objects.create(placement=delivered, kind="study", title="Étude")
    overdue = placement("Échue, toujours en cours", -5)

    context = page(client, users["volunteer_manager"]).context

    assert context["ending"].rows == [ending]
    assert list(context["missing"].rows) == [silent, overdue]


@pytest.mark.parametrize("role", ["field_agent", "national", "coordinator"])
def test_work_lists_keep_their_query_count_whatever_their_size(
    client, users, open_campaign, role, django_assert_max_num_queries
):
    def grow(n):
        for _ in range(n):
            sampled(open_campaign)
            sampled(open_campaign, status="draft")
            sampled(open_campaign, status="returned", return_comment="À revoir")
            sampled(open_campaign, status="submitted", submitted_at=timezone.now())

    grow(1)
    client.force_login(users[role])
    client.get(reverse("home"))
    cache.clear()  # measure the registry's figures too, not the cache
    with django_assert_max_num_queries(14) as small:
        client.get(reverse("home"))
    grow(LIMIT + 5)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("home"))
    if role == "field_agent":
        assert response.context["work"].drafts.total == LIMIT + 6
        assert len(response.context["work"].drafts.rows) == LIMIT
    if role == "national":
        assert response.context["queue"].waiting.total == LIMIT + 6
