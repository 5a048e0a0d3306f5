"""What each role sees, model by model, at the queryset level."""

import pytest

from associations.models import Association, Commune, Province, Region
from takwia.models import User
from tests.factories import AssociationFactory, UserFactory


@pytest.mark.django_db
def test_national_staff_and_volunteer_managers_see_the_whole_country(
    users, association_a, association_b
):
    for role in ("national", "volunteer_manager"):
        user = users[role]
        assert Province.objects.visible_to(user).count() == 75
        assert Region.objects.visible_to(user).count() == 12
        assert set(Association.objects.visible_to(user)) >= {association_a, association_b}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["field_agent", "coordinator"])
def test_provincial_staff_see_only_their_provinces(
    users, role, province_a, association_a, association_b
):
    user = users[role]
    assert list(Province.objects.visible_to(user)) == [province_a]
    assert list(Region.objects.visible_to(user)) == [province_a.region]
    assert set(Commune.objects.visible_to(user)) == set(province_a.communes.all())
    assert list(Association.objects.visible_to(user)) == [association_a]


@pytest.mark.django_db
def test_a_coordinator_of_two_provinces_sees_both(
    province_a, province_b, association_a, association_b
):
    user = UserFactory(coordinator=True, provinces=[province_a, province_b])
    assert set(Association.objects.visible_to(user)) == {association_a, association_b}


@pytest.mark.django_db
def test_a_president_sees_only_their_association(users, association_a, association_b, province_a):
    AssociationFactory(commune=association_a.commune)  # a neighbour in the same commune
    president = users["president"]
    assert list(Association.objects.visible_to(president)) == [association_a]
    assert list(Province.objects.visible_to(president)) == [province_a]


@pytest.mark.django_db
def test_nobody_without_a_role_or_inactive_sees_anything(users, association_a):
    from django.contrib.auth.models import AnonymousUser

    inactive = UserFactory(national=True, is_active=False)
    for user in (users["no_role"], inactive, AnonymousUser()):
        assert not Association.objects.visible_to(user).exists()
        assert not Province.objects.visible_to(user).exists()
        assert not Commune.objects.visible_to(user).exists()


@pytest.mark.django_db
def test_only_national_staff_see_other_accounts(users):
    assert User.objects.visible_to(users["national"]).count() == len(users)
    coordinator = users["coordinator"]
    assert list(User.objects.visible_to(coordinator)) == [coordinator]


@pytest.mark.django_db
def test_a_president_needs_an_association_and_only_presidents_have_one(association_a):
    from django.core.exceptions import ValidationError

    president = UserFactory.build(role="president")
    with pytest.raises(ValidationError, match="rattaché à son association"):
        president.clean()
    agent = UserFactory.build(role="field_agent", association=association_a)
    with pytest.raises(ValidationError, match="Seul un président"):
        agent.clean()


@pytest.mark.django_db
def test_role_permissions_decide_what_each_role_may_do(users):
    assert users["national"].has_perm("associations.change_association")
    assert users["field_agent"].has_perm("associations.add_association")
    assert not users["coordinator"].has_perm("associations.add_association")
    assert not users["president"].has_perm("associations.change_association")
    assert users["volunteer_manager"].has_perm("volunteers.add_placement")
    assert not users["field_agent"].has_perm("volunteers.view_volunteer")
    # Nothing is ever deleted through the platform, not even by national staff.
    assert not users["national"].has_perm("associations.delete_association")
    assert not users["no_role"].has_perm("associations.view_association")
