"""The campaigns' results summary (diagnostics.analytics): kept up to date by the
services (submit, validate, return, recompute) and by other writes (signals), always
equal to a recomputation from scratch, and giving the hand-computed figures."""

from fractions import Fraction

import pytest
from django.core.management import call_command

from associations.models import Domain
from diagnostics.analytics import TABLES, contributions, mark_stale
from diagnostics.models import Campaign, Diagnostic, SampleEntry, SummaryState
from diagnostics.selectors import campaign_results, findings_by_province, needs_ranking
from diagnostics.services import (
    diagnostic_return,
    diagnostic_save_answers,
    diagnostic_submit,
    diagnostic_validate,
    scores_recompute,
    structure_for,
)
from tests.diagnostics.test_diagnostic_entry import full_answers
from tests.factories import AssociationFactory, CampaignFactory, DiagnosticFactory

pytestmark = pytest.mark.django_db

STRATUM, POPULATION = "rural/x", 40


def stored(campaign) -> dict:
    return {
        table.__name__: sorted(
            (row.key, row.count) for row in table.objects.filter(campaign=campaign)
        )
        for table in TABLES
    }


def from_scratch(campaign) -> dict:
    rows = contributions(Campaign.objects.select_related("version").get(pk=campaign.pk))
    return {
        table.__name__: sorted((key, count) for key, (_fields, count) in rows[table].items())
        for table in TABLES
    }


def submitted(campaign, association, agent, *, yes: bool) -> Diagnostic:
    SampleEntry.objects.get_or_create(
        campaign=campaign,
        association=association,
        defaults={"stratum": STRATUM, "population": POPULATION},
    )
    diagnostic = Diagnostic.objects.filter(campaign=campaign, association=association).first()
    diagnostic = diagnostic or DiagnosticFactory(campaign=campaign, association=association)
    answer(diagnostic, agent, yes=yes)
    return diagnostic


def answer(diagnostic, agent, *, yes: bool) -> None:
    saved = diagnostic_save_answers(
        diagnostic=diagnostic,
        raw_answers=full_answers(structure_for(diagnostic.version), yes=yes),
        lock_version=diagnostic.lock_version,
        user=agent,
    )
    assert not saved.errors
    assert not diagnostic_submit(diagnostic=diagnostic, user=agent, lock_version=saved.lock_version)
    diagnostic.refresh_from_db()


def no_plan(campaign, **options):
    results = campaign_results(campaign=campaign, **options)
    shares = {s.finding.code: s for _axis, axis_shares in results.by_axis for s in axis_shares}
    return results, shares["vis_no_action_plan"]


def test_the_services_keep_the_summary_equal_to_a_recomputation(
    province_a, users, django_assert_max_num_queries
):
    agent, coordinator = users["field_agent"], users["coordinator"]
    campaign = CampaignFactory(province=province_a, sample_seed=1)
    commune = province_a.communes.order_by("code").first()
    first, second, third = (AssociationFactory(commune=commune) for _ in range(3))
    a = submitted(campaign, first, agent, yes=True)  # has an action plan
    b = submitted(campaign, second, agent, yes=False)  # none
    submitted(campaign, third, agent, yes=False)  # none
    results, share = no_plan(campaign)  # the first read builds the rows
    assert SummaryState.objects.get(campaign=campaign).stale is False
    assert (results.diagnosed, share.count, share.base) == (3, 2, 3)
    assert stored(campaign) == from_scratch(campaign)

    diagnostic_validate(diagnostic=a, user=coordinator)
    assert stored(campaign) == from_scratch(campaign)
    with django_assert_max_num_queries(12):  # up to date: nothing rebuilt on reading
        results, share = no_plan(campaign, validated_only=True)
    assert (results.diagnosed, share.count, share.base) == (1, 0, 1)

    diagnostic_return(diagnostic=b, user=coordinator, comment="Plan d'action à vérifier.")
    assert stored(campaign) == from_scratch(campaign)
    results, share = no_plan(campaign)
    assert (results.diagnosed, share.count, share.base) == (2, 1, 2)
    assert share.share == Fraction(1, 2)

    answer(b, agent, yes=True)  # corrected: it has a plan after all
    assert stored(campaign) == from_scratch(campaign)
    results, share = no_plan(campaign)
    assert (results.diagnosed, share.count, share.base) == (3, 1, 3)
    # One stratum, N = 40, r = 3: weight 40 / 3 each, the share stays 1 / 3.
    assert share.estimate.share == Fraction(40, 3) / (3 * Fraction(40, 3)) == Fraction(1, 3)
    assert results.strata == [(STRATUM, POPULATION, 3, 3)]
    assert max(need.assessed for need in needs_ranking(campaign=campaign)) == 3

    scores_recompute(version=campaign.version)
    assert stored(campaign) == from_scratch(campaign)
    assert SummaryState.objects.get(campaign=campaign).stale is False


def test_other_writes_move_the_summary_too(province_a, users):
    agent = users["field_agent"]
    campaign = CampaignFactory(province=province_a, sample_seed=1)
    commune = province_a.communes.order_by("code").first()
    first, second = AssociationFactory(commune=commune), AssociationFactory(commune=commune)
    submitted(campaign, first, agent, yes=False)
    submitted(campaign, second, agent, yes=True)
    no_plan(campaign)
    domain = Domain.objects.order_by("code").first()

    first.domains.set([domain])  # a registry edit of a diagnosed association
    assert stored(campaign) == from_scratch(campaign)
    results, share = no_plan(campaign, domain=domain.code)
    assert (results.diagnosed, share.count, share.base) == (1, 1, 1)

    SampleEntry.objects.filter(campaign=campaign, association=second).update(stratum="")
    mark_stale([campaign.pk])  # a bulk write says so itself; the next read rebuilds
    results, share = no_plan(campaign)
    assert stored(campaign) == from_scratch(campaign)
    assert (results.hand_added, results.strata) == (1, [(STRATUM, POPULATION, 1, 1)])

    entry = SampleEntry.objects.get(campaign=campaign, association=second)
    entry.stratum = STRATUM
    entry.save()  # back in the stratum, through the model
    assert stored(campaign) == from_scratch(campaign)
    assert no_plan(campaign)[0].strata == [(STRATUM, POPULATION, 2, 2)]


def test_the_comparison_counts_each_association_once_as_its_latest_diagnostic_moves(
    province_a, users
):
    agent = users["field_agent"]
    earlier = CampaignFactory(province=province_a)
    later = CampaignFactory(province=province_a, version=earlier.version)
    commune = province_a.communes.order_by("code").first()
    first, second = AssociationFactory(commune=commune), AssociationFactory(commune=commune)
    submitted(earlier, first, agent, yes=False)
    submitted(earlier, second, agent, yes=True)
    _, _, _, national = findings_by_province(version=earlier.version, user=users["national"])
    assert (national["vis_no_action_plan"].count, national["vis_no_action_plan"].base) == (1, 2)

    submitted(later, first, agent, yes=True)  # the first association's latest now has a plan
    assert stored(earlier) == from_scratch(earlier)
    assert stored(later) == from_scratch(later)
    _, _, _, national = findings_by_province(version=earlier.version, user=users["national"])
    assert (national["vis_no_action_plan"].count, national["vis_no_action_plan"].base) == (0, 2)


def test_the_rebuild_command_is_idempotent(province_a, users):
    campaign = CampaignFactory(province=province_a, sample_seed=1)
    commune = province_a.communes.order_by("code").first()
    submitted(campaign, AssociationFactory(commune=commune), users["field_agent"], yes=False)
    call_command("summary_rebuild")
    once = stored(campaign)
    call_command("summary_rebuild", str(campaign.pk))
    assert stored(campaign) == once == from_scratch(campaign)
    assert once["SummaryUnit"] and once["SummaryAnswer"] and once["SummaryScore"]
