import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import AssociationFactory


@pytest.mark.django_db
def test_national_home_counts_the_whole_registry(client, users, association_a, association_b):
    AssociationFactory(commune=association_b.commune, status="dormant")
    client.force_login(users["national"])
    response = client.get(reverse("home"))
    counts = response.context["counts"]
    assert (counts["total"], counts["active"], counts["dormant"]) == (3, 2, 1)
    assert "Le registre national" in response.content.decode()


@pytest.mark.django_db
def test_coordinator_home_lists_only_their_provinces_with_counts(
    client, users, province_a, association_a, association_b
):
    AssociationFactory(commune=association_a.commune)
    client.force_login(users["coordinator"])
    response = client.get(reverse("home"))
    provinces = response.context["provinces"]
    assert [p.code for p in provinces] == [province_a.code]
    assert provinces[0].association_count == 2
    assert provinces[0].commune_count == province_a.communes.count()
    assert response.context["counts"]["total"] == 2
    assert "Chichaoua" not in response.content.decode()


@pytest.mark.django_db
def test_president_home_shows_their_association_only(client, users, association_a, association_b):
    client.force_login(users["president"])
    response = client.get(reverse("home"))
    text = response.content.decode()
    assert association_a.name_fr in text
    assert association_b.name_fr not in text
    assert "Mon association" in text  # the navigation fits the role
    assert "Territoire" not in text


@pytest.mark.django_db
def test_a_user_without_role_is_told_to_ask_for_one(client, users):
    client.force_login(users["no_role"])
    response = client.get(reverse("home"))
    assert "Aucun rôle ne vous est encore attribué" in response.content.decode()


# Session and user, unread notifications, the registry's figures, then each role's
# work list (two queries per capped list: rows and count; test_home_worklists.py).
HOME_QUERIES = {
    "national": 11,
    "field_agent": 14,
    "coordinator": 11,
    "president": 10,
    "volunteer_manager": 10,
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(HOME_QUERIES))
def test_home_keeps_a_constant_number_of_queries(
    client, users, province_a, role, django_assert_max_num_queries
):
    communes = list(province_a.communes.all()[:5])
    client.force_login(users[role])
    client.get(reverse("home"))  # warm-up: session
    cache.clear()  # measure the figures' computation, not the cache
    with django_assert_max_num_queries(HOME_QUERIES[role]) as small:
        client.get(reverse("home"))
    AssociationFactory.create_batch(40, commune=communes[0])
    for commune in communes[1:]:
        AssociationFactory.create_batch(5, commune=commune)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("home"))


@pytest.mark.django_db
def test_territory_page_keeps_a_constant_number_of_queries(
    client, users, django_assert_max_num_queries
):
    from associations.models import Commune

    client.force_login(users["national"])
    client.get(reverse("associations:territory"))
    cache.clear()
    with django_assert_max_num_queries(6) as small:
        client.get(reverse("associations:territory"))
    for commune in Commune.objects.order_by("?")[:30]:
        AssociationFactory(commune=commune)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("associations:territory"))
    assert len(response.context["provinces"]) == 75
    assert sum(p.association_count for p in response.context["provinces"]) == 30 + 1


@pytest.mark.django_db
def test_province_page_counts_associations_per_commune(client, users, province_a, association_a):
    client.force_login(users["coordinator"])
    response = client.get(reverse("associations:province", args=[province_a.code]))
    communes = {c.pk: c.association_count for c in response.context["communes"]}
    assert communes[association_a.commune_id] == 1
    assert sum(communes.values()) == 1
    assert len(communes) == province_a.communes.count()


@pytest.mark.django_db
def test_national_figures_are_cached_and_refreshed_when_an_association_is_saved(
    client, users, association_a, django_assert_num_queries
):
    client.force_login(users["national"])
    assert client.get(reverse("home")).context["counts"]["total"] == 1
    # Session and user, the unread notifications: the review queue and the registry's
    # figures are fragments kept until the figures change (takwia.freshness).
    with django_assert_num_queries(3):
        client.get(reverse("home"))
    AssociationFactory(commune=association_a.commune)
    assert client.get(reverse("home")).context["counts"]["total"] == 2


@pytest.mark.django_db
def test_archived_associations_are_not_counted(client, users, association_a):
    AssociationFactory(commune=association_a.commune, archived=True)
    client.force_login(users["coordinator"])
    assert client.get(reverse("home")).context["counts"]["total"] == 1
