"""What the API reads: the results page's figures exactly (rounded once, half up, and
exact as "p/q"), diagnostics with their answers and scores, personal data only for the
roles that see it on the pages, cooperation indicators; a constant number of queries."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from diagnostics.models import Diagnostic, Score
from tests.diagnostics.test_campaign_results import campaign  # noqa: F401  (fixture)
from tests.factories import AssociationFactory, CampaignFactory, DiagnosticFactory

pytestmark = pytest.mark.django_db


def test_a_campaigns_findings_are_the_results_pages_figures(users, api, campaign):  # noqa: F811
    response = api(users["coordinator"]).get(reverse("api:campaign-findings", args=[campaign.pk]))

    assert response.status_code == 200
    body = response.json()
    assert body["diagnosed"] == 5 and body["weighted"] is True and body["hand_added"] == 1
    shares = {row["finding"]: row for axis in body["axes"] for row in axis["findings"]}
    # By hand (tests/diagnostics/test_campaign_results.py): 3 of 5 without a plan;
    # weighted (10 x 1 + 15 x 2) / (10 x 2 + 15 x 2) = 4/5, margin 1.96 sqrt(9/250).
    assert shares["vis_no_action_plan"] == {
        "finding": "vis_no_action_plan",
        "label": shares["vis_no_action_plan"]["label"],
        "count": 3,
        "base": 5,
        "share": "3/5",
        "percent": "60.0",
        "weighted_percent": "80.0",
        "weighted_share": "4/5",
        "margin": "37.2",
        "bound": None,
        "caution": True,
        "suppressed": False,
    }
    rural = {row["finding"]: row for row in body["by_milieu"]["Rural"]}
    assert rural["vis_no_action_plan"]["count"] == 2


def test_findings_outside_the_scope_are_404_and_forbidden_to_a_president(
    users,
    api,
    province_b,
):
    other = CampaignFactory(province=province_b)
    url = reverse("api:campaign-findings", args=[other.pk])

    assert api(users["coordinator"]).get(url).status_code == 404
    assert api(users["president"]).get(url).status_code == 403
    assert api(users["national"]).get(url).status_code == 200


def test_a_diagnostic_comes_with_its_scores_rounded_once_half_up(users, api, association_a):
    diagnostic = DiagnosticFactory(
        association=association_a,
        campaign=CampaignFactory(province=association_a.commune.province),
        status=Diagnostic.Status.SUBMITTED,
        overall_score=Decimal("62.2500000000"),
    )
    Score.objects.create(diagnostic=diagnostic, level="axis", code="vision", score=Decimal("31.25"))

    body = api(users["president"]).get(reverse("api:diagnostic-detail", args=[diagnostic.pk]))

    assert body.status_code == 200
    assert body.json()["overall_score"] == "62.3"
    assert body.json()["scores"] == [{"level": "axis", "code": "vision", "score": "31.3"}]


@pytest.fixture
def placement(association_a):
    from volunteers.models import Host, Placement, Programme, Volunteer

    programme = Programme.objects.create(
        name="Programme", coordinator="VNU", countries="Maroc", starts_on=date(2026, 1, 1)
    )
    volunteer = Volunteer.objects.create(
        first_name="Sara", last_name="Alami", gender="f", nationality="Marocaine",
        category="local", status="active", programme=programme, email="sara@example.org",
    )  # fmt: skip
    host = Host.objects.create(
        name="Hôte", kind="association", country="Maroc", city="Khénifra", association=association_a
    )
    return Placement.objects.create(
        volunteer=volunteer,
        host=host,
        programme=programme,
        theme="Genre",
        starts_on=date(2026, 1, 1),
    )


def test_personal_data_only_for_the_roles_that_see_it_on_the_pages(users, api, placement):
    url = reverse("api:placement-detail", args=[placement.pk])

    coordinator = api(users["coordinator"]).get(url).json()["volunteer"]
    manager = api(users["volunteer_manager"]).get(url).json()["volunteer"]

    assert coordinator == {"id": placement.volunteer_id, "first_name": "Sara",
                           "last_name": "Alami", "category": "local"}  # fmt: skip
    assert manager["email"] == "sara@example.org" and manager["gender"] == "f"


def test_a_manager_creates_a_placement_through_the_forms_rules(users, api, placement):
    client = api(users["volunteer_manager"])
    body = {
        "volunteer": placement.volunteer_id,
        "host": placement.host_id,
        "programme": placement.programme_id,
        "theme": "Plaidoyer",
        "starts_on": "2026-03-01",
    }

    busy = client.post(reverse("api:placement-list"), body, format="json")
    placement.status = "done"
    placement.save()
    created = client.post(reverse("api:placement-list"), body, format="json")

    assert busy.status_code == 400
    assert busy.json() == {
        "volunteer": ["Ce volontaire a déjà une mission en cours sur cette période."]
    }
    assert created.status_code == 201 and created.json()["status"] == "ongoing"
    assert (
        api(users["coordinator"])
        .post(reverse("api:placement-list"), body, format="json")
        .status_code
        == 403
    )


def test_cooperation_indicators_come_with_their_yearly_values(users, api, province_a):
    from partnerships.models import (
        CommunePair,
        CooperationProgramme,
        ExpectedResult,
        Indicator,
        Measurement,
    )

    programme = CooperationProgramme.objects.create(
        name="Coopération", countries="Belgique, Maroc", starts_on=date(2008, 1, 1),
        ends_on=date(2012, 1, 1), objective="Objectif",
    )  # fmt: skip
    pair = CommunePair.objects.create(
        programme=programme, foreign_municipality="Liège", foreign_country="Belgique"
    )
    pair.communes.add(province_a.communes.first())
    result = ExpectedResult.objects.create(programme=programme, number=1, title="Services")
    indicator = Indicator.objects.create(
        result=result, name="Guichets", unit="nombre", baseline=0, target=4
    )
    Measurement.objects.create(indicator=indicator, pair=pair, year=2010, value=3)

    body = api(users["coordinator"]).get(reverse("api:cooperation-pair-detail", args=[pair.pk]))

    assert body.status_code == 200
    series = body.json()["indicators"]
    assert series[0]["values"] == [{"year": 2010, "value": "3.00"}]
    assert series[0]["progress"] == "75.0"  # (3 - 0) / (4 - 0)


@pytest.mark.parametrize(
    "url_name",
    ["api:association-list", "api:diagnostic-list", "api:plan-list", "api:agreement-list"],
)
def test_list_queries_do_not_grow_with_the_data(
    users, api, province_a, url_name, django_assert_max_num_queries
):
    client = api(users["national"])
    campaign_a = CampaignFactory(province=province_a)

    def grow(count):
        from partnerships.models import Agreement, Partner

        partner, _ = Partner.objects.get_or_create(name="Partenaire", kind="government")
        for _ in range(count):
            association = AssociationFactory(commune=province_a.communes.first())
            DiagnosticFactory(campaign=campaign_a, association=association)
            Agreement.objects.create(
                association=association, partner=partner, kind="convention",
                starts_on=date(2024, 1, 1),
            )  # fmt: skip

    grow(2)
    with django_assert_max_num_queries(14):
        assert client.get(reverse(url_name)).status_code == 200
    grow(20)
    with django_assert_max_num_queries(14):
        assert client.get(reverse(url_name)).status_code == 200


def test_a_campaigns_needs_are_ranked_as_on_the_needs_page(users, api, province_a):
    from associations.models import Milieu
    from diagnostics.services import structure_for

    drawn = CampaignFactory(province=province_a)
    axis, sub = structure_for(drawn.version).subdimensions[0]
    urban = province_a.communes.filter(milieu=Milieu.URBAN).first()
    rural = province_a.communes.filter(milieu=Milieu.RURAL).first()
    for commune, score in ((urban, Decimal("30")), (rural, Decimal("80"))):
        diagnostic = DiagnosticFactory(
            campaign=drawn, association__commune=commune, status=Diagnostic.Status.SUBMITTED
        )
        Score.objects.create(
            diagnostic=diagnostic, level="subdimension", code=sub.code, score=score
        )
    client = api(users["coordinator"])

    needs = client.get(reverse("api:campaign-needs", args=[drawn.pk])).json()["needs"]
    rural_needs = client.get(
        reverse("api:campaign-needs", args=[drawn.pk]), {"milieu": "rural"}
    ).json()["needs"]

    # 1 of 2 under 50, 20 points under on average: index 1/2 x 20 x weight.
    assert needs == [
        {
            "axis": axis.code,
            "subdimension": sub.code,
            "label": sub.name_fr,
            "assessed": 2,
            "below": 1,
            "share_below": "50.0",
            "mean_gap": "20.0",
            "index": f"{10 * sub.weight}.00",
        }
    ]
    assert [(n["assessed"], n["below"]) for n in rural_needs] == [(1, 0)]
