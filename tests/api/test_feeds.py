"""CSV feeds for Excel and Power BI: the results page's figures and the raw answers of a
campaign, refreshed with a token, in the user's scope, logged like the page's export."""

import csv
import io

import pytest
from django.urls import reverse

from diagnostics.models import CampaignExport
from tests.diagnostics.test_campaign_results import campaign  # noqa: F401  (fixture)
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_the_findings_feed_holds_the_results_pages_figures(users, api, campaign):  # noqa: F811
    response = api(users["coordinator"]).get(
        reverse("api:campaign-findings-csv", args=[campaign.pk]), HTTP_ACCEPT="text/csv"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = {(row["groupe"], row["constat"]): row for row in read_csv(response)}
    no_plan = rows[("Ensemble", "vis_no_action_plan")]
    # By hand: 3 of 5; weighted 4/5 with a margin of 37.2 points (decimal commas).
    assert (no_plan["nombre"], no_plan["base"], no_plan["part exacte"]) == ("3", "5", "3/5")
    assert (no_plan["pourcentage"], no_plan["pourcentage pondéré"]) == ("60,0", "80,0")
    assert (no_plan["part pondérée exacte"], no_plan["marge (points)"]) == ("4/5", "37,2")
    assert (no_plan["prudence"], no_plan["non publiable"]) == ("oui", "non")
    assert rows[("Rural", "vis_no_action_plan")]["nombre"] == "2"


def test_the_answers_feed_is_the_raw_export_and_is_logged(users, api, campaign):  # noqa: F811
    response = api(users["national"]).get(reverse("api:campaign-answers-csv", args=[campaign.pk]))

    rows = read_csv(response)
    assert response.status_code == 200 and len(rows) == 5
    assert CampaignExport.objects.get().user == users["national"]


def test_feeds_outside_the_scope_are_404_and_forbidden_to_a_president(users, api, province_b):
    other = CampaignFactory(province=province_b)
    url = reverse("api:campaign-answers-csv", args=[other.pk])

    assert api(users["coordinator"]).get(url).status_code == 404
    assert api(users["president"]).get(url).status_code == 403
    assert not CampaignExport.objects.exists()
