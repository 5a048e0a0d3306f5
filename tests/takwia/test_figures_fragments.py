"""Pages kept as fragments until the figures change (takwia.freshness, {% figures_cache %}):
a repeated visit computes nothing, a write shows at once, and no fragment carries one
person's CSRF token or another person's scope."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.functional import empty

from diagnostics.models import Diagnostic, SampleEntry
from takwia.templatetags.freshness import CSRF_PLACEHOLDER
from tests.factories import AssociationFactory, CampaignFactory, DiagnosticFactory

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_a_coordinators_home_is_read_again_only_when_the_figures_change(
    client, users, association_a, django_assert_max_num_queries
):
    client.force_login(users["coordinator"])
    assert client.get(reverse("home")).status_code == 200
    # Session, user, unread notifications, the map's provinces: the work lists and the
    # province's figures come from the fragments.
    with django_assert_max_num_queries(4):
        response = client.get(reverse("home"))
    assert response.context["counts"]._wrapped is empty  # never computed
    AssociationFactory(commune=association_a.commune)
    response = client.get(reverse("home"))
    assert response.context["counts"]["total"] == 2
    assert '<p class="kpi mb-0" data-testid="count-total">2</p>' in response.content.decode()


def test_an_agents_cached_work_list_carries_each_requests_own_csrf_token(
    users, association_a, province_a
):
    campaign = CampaignFactory(province=province_a, status="ongoing")
    SampleEntry.objects.create(campaign=campaign, association=association_a, stratum="rural")
    tokens = []
    for _ in range(2):  # two sessions of the same person: the second reads the fragment
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(users["field_agent"])
        text = browser.get(reverse("home")).content.decode()
        assert CSRF_PLACEHOLDER not in text
        begin = reverse("diagnostics:begin", args=[campaign.pk, association_a.pk])
        (form,) = re.findall(rf'action="{re.escape(begin)}".*?</form>', text, re.S)
        (token,) = CSRF_INPUT.findall(form)
        tokens.append(token)
        assert browser.post(begin, {"csrfmiddlewaretoken": token}).status_code == 302
        Diagnostic.objects.filter(campaign=campaign).delete()  # both sessions begin one
    assert tokens[0] != tokens[1]


def test_a_diagnostic_begun_leaves_the_agents_list_at_once(
    client, users, association_a, province_a
):
    campaign = CampaignFactory(province=province_a, status="ongoing")
    SampleEntry.objects.create(campaign=campaign, association=association_a, stratum="rural")
    client.force_login(users["field_agent"])
    begin = reverse("diagnostics:begin", args=[campaign.pk, association_a.pk])
    assert begin in client.get(reverse("home")).content.decode()
    DiagnosticFactory(campaign=campaign, association=association_a, status="draft")
    assert begin not in client.get(reverse("home")).content.decode()


def test_the_list_counts_again_when_an_association_is_added_and_keeps_each_users_scope(
    client, users, association_a, association_b
):
    url = reverse("associations:list") + "?q=association"
    client.force_login(users["coordinator"])  # province A only
    assert client.get(url).context["page"].paginator.count == 1
    client.force_login(users["national"])  # the same query string, the whole country
    assert client.get(url).context["page"].paginator.count == 2
    AssociationFactory(commune=association_a.commune, name_fr="Association nouvelle")
    response = client.get(url)
    assert response.context["page"].paginator.count == 3
    assert "Association nouvelle" in response.content.decode()


def test_the_same_filters_in_another_order_are_one_list(client, users, association_a):
    client.force_login(users["national"])
    first = client.get(reverse("associations:list") + "?status=active&milieu=rural")
    again = client.get(reverse("associations:list") + "?milieu=rural&status=active")
    section = re.compile(r'<section class="col-lg-9".*</section>', re.S)
    assert (
        section.search(first.content.decode()).group()
        == section.search(again.content.decode()).group()
    )
