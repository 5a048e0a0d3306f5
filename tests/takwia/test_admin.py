import pytest
from django.urls import reverse

from associations.models import Province
from takwia.models import User
from takwia.roles import Role
from tests.factories import UserFactory


@pytest.fixture
def national(db):
    return UserFactory(national=True)


def _change_form_data(user, **changes):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.role,
        "is_active": "on",
        "date_joined_0": "01/01/2026",
        "date_joined_1": "10:00:00",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.django_db
def test_the_admin_speaks_french(client, national):
    client.force_login(national)
    text = client.get(reverse("admin:takwia_user_changelist")).content.decode()
    assert "Administration de Takwia" in text
    assert "Sélectionnez l’objet utilisateur à changer" in text


@pytest.mark.django_db
def test_national_staff_assign_a_role_and_provinces(client, national):
    agent = UserFactory()
    khenifra = Province.objects.get(code="05.301")
    client.force_login(national)
    response = client.post(
        reverse("admin:takwia_user_change", args=[agent.pk]),
        _change_form_data(agent, role=Role.FIELD_AGENT, provinces=[khenifra.pk]),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    agent.refresh_from_db()
    assert agent.role == Role.FIELD_AGENT
    assert list(agent.provinces.all()) == [khenifra]


@pytest.mark.django_db
def test_a_provincial_role_without_province_is_refused_in_french(client, national):
    agent = UserFactory()
    client.force_login(national)
    response = client.post(
        reverse("admin:takwia_user_change", args=[agent.pk]),
        _change_form_data(agent, role=Role.COORDINATOR),
    )
    assert response.status_code == 200
    assert "doit avoir au moins une province" in response.content.decode()
    agent.refresh_from_db()
    assert agent.role == ""


@pytest.mark.django_db
def test_a_president_without_association_is_refused(client, national):
    person = UserFactory()
    client.force_login(national)
    response = client.post(
        reverse("admin:takwia_user_change", args=[person.pk]),
        _change_form_data(person, role=Role.PRESIDENT),
    )
    assert "doit être rattaché à son association" in response.content.decode()
    assert User.objects.get(pk=person.pk).role == ""


@pytest.mark.django_db
def test_nobody_can_delete_an_association_in_the_admin(client, national, association_a):
    client.force_login(national)
    url = reverse("admin:associations_association_delete", args=[association_a.pk])
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_national_staff_cannot_make_themselves_superuser_or_grant_permissions(client, national):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="tout")
    permission = Permission.objects.get(codename="delete_association")
    client.force_login(national)

    response = client.post(
        reverse("admin:takwia_user_change", args=[national.pk]),
        _change_form_data(
            national,
            is_staff="on",
            is_superuser="on",
            groups=[group.pk],
            user_permissions=[permission.pk],
        ),
    )

    assert response.status_code == 302
    national.refresh_from_db()
    assert not national.is_superuser
    assert not national.groups.exists() and not national.user_permissions.exists()


@pytest.mark.django_db
def test_national_staff_cannot_change_a_superuser_account(client, national):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(national)

    change = client.post(
        reverse("admin:takwia_user_change", args=[admin.pk]),
        _change_form_data(admin, is_active=None),
    )
    password = client.post(
        reverse("admin:auth_user_password_change", args=[admin.pk]),
        {"password1": "x-Tres-long-2026", "password2": "x-Tres-long-2026"},
    )

    assert (change.status_code, password.status_code) == (403, 403)
    admin.refresh_from_db()
    assert admin.is_active and not admin.check_password("x-Tres-long-2026")


@pytest.mark.django_db
def test_a_superuser_can_still_grant_superuser(client, national):
    root = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(root)

    response = client.post(
        reverse("admin:takwia_user_change", args=[national.pk]),
        _change_form_data(national, is_staff="on", is_superuser="on"),
    )

    assert response.status_code == 302
    national.refresh_from_db()
    assert national.is_superuser


@pytest.mark.django_db
def test_a_permission_granted_in_the_admin_still_counts_and_none_costs_no_query(
    users, django_assert_num_queries
):
    from django.contrib.auth.models import Group, Permission

    from takwia.models import User

    agent = User.objects.get(pk=users["field_agent"].pk)
    with django_assert_num_queries(0):  # nothing of its own: the role answers alone
        assert not agent.has_perm("volunteers.view_programme")
    group = Group.objects.create(name="Lecteurs du volontariat")
    group.permissions.add(Permission.objects.get(codename="view_programme"))
    group.user_set.add(agent)  # from the group's side
    agent = User.objects.get(pk=agent.pk)
    assert agent.extra_permissions and agent.has_perm("volunteers.view_programme")
    agent.groups.clear()  # from the user's side
    agent = User.objects.get(pk=agent.pk)
    assert not agent.extra_permissions and not agent.has_perm("volunteers.view_programme")
