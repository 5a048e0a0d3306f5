"""The registry's headline figures: computed by the database, per province and nationally."""

from datetime import date

import pytest
from django.urls import reverse

from associations.models import Association, Commune, Domain, Milieu, Network
from associations.selectors import registry_figures, registry_figures_for
from tests.factories import AssociationFactory, CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def province_registry(province_a):
    """Ten associations of province A with known attributes (and noise elsewhere)."""
    urban = province_a.communes.filter(milieu=Milieu.URBAN).first()
    rural = province_a.communes.filter(milieu=Milieu.RURAL).first()
    health, women = Domain.objects.get(code="sante"), Domain.objects.get(code="femmes")
    network = Network.objects.create(name="Réseau Atlas", kind="territorial", level="provincial")
    associations = []
    for index in range(10):
        association = AssociationFactory(
            commune=urban if index < 3 else rural,
            founded_on=date(1999, 1, 1)
            if index < 2
            else (None if index == 9 else date(2010, 1, 1)),
            initiator=Association.Initiator.FOUNDERS
            if index < 6
            else Association.Initiator.POPULATION
            if index < 8
            else "",
            status=Association.Status.DORMANT if index == 0 else Association.Status.ACTIVE,
        )
        association.domains.add(health)
        if index < 4:
            association.domains.add(women)
        if index in (1, 2):
            association.networks.add(network)
        associations.append(association)
    AssociationFactory(commune=urban, archived=True)  # archived: never counted
    AssociationFactory(commune=CommuneFactory())  # another province
    return associations


def test_figures_of_a_province_are_counted_by_the_database(
    province_a, province_registry, django_assert_max_num_queries
):
    queryset = Association.objects.filter(commune__province=province_a)

    with django_assert_max_num_queries(3):
        figures = registry_figures(queryset=queryset)

    assert (figures.total, figures.active, figures.dormant) == (10, 9, 1)
    assert [(s.key, s.count, s.percent) for s in figures.by_milieu] == [
        ("urban", 3, 30.0),
        ("rural", 7, 70.0),
    ]
    # Nine dates known: 2 before 2005, 7 from 2005 (77.8 %), on a base of 9.
    assert [(s.count, s.base, s.percent) for s in figures.by_period] == [(2, 9, 22.2), (7, 9, 77.8)]
    assert [(s.key, s.count, s.base) for s in figures.by_initiator] == [
        ("administration", 0, 8),
        ("founders", 6, 8),
        ("population", 2, 8),
    ]
    assert (figures.in_network.count, figures.in_network.percent) == (2, 20.0)
    assert [(s.key, s.count, s.percent) for s in figures.by_domain] == [
        ("sante", 10, 100.0),
        ("femmes", 4, 40.0),
    ]


def test_a_coordinator_gets_their_province_figures_and_nationals_the_country(
    users, province_a, province_registry
):
    # The ten above and association A, the president's.
    assert registry_figures_for(user=users["coordinator"]).total == 11
    assert (
        registry_figures_for(user=users["national"]).total == Association.objects.current().count()
    )


def test_the_figures_page_keeps_its_query_count_whatever_the_registry_size(
    client, users, province_a, django_assert_max_num_queries
):
    client.force_login(users["coordinator"])
    url = reverse("associations:figures") + f"?province={province_a.code}"
    commune = Commune.objects.filter(province=province_a).first()
    for association in AssociationFactory.create_batch(3, commune=commune):
        association.domains.add(Domain.objects.get(code="sante"))
    client.get(url)  # warm the session and permission caches
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    for association in AssociationFactory.create_batch(40, commune=commune):
        association.domains.add(Domain.objects.order_by("?").first())

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)

    assert response.context["figures"].total == 44
    assert 'data-testid="figure-total">44<' in response.content.decode()
