"""Accounts kept by national staff in the app: an invitation that sets a password, a
scope that follows the role, history of role changes, no self-demotion, no escalation."""

import re
import uuid

import pytest
from django.core import mail
from django.urls import reverse

from takwia.models import User
from tests.factories import AssociationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _login(client, username, password) -> bool:
    """Through the login page (django-axes wants the request)."""
    client.post(reverse("login"), {"username": username, "password": password})
    return "_auth_user_id" in client.session


def _invite(client, capture, **changes):
    data = {
        "email": "Nadia.Berrada@ADS.ma",
        "first_name": "Nadia",
        "last_name": "Berrada",
        "role": "coordinator",
        "submission_token": str(uuid.uuid4()),
    }
    data.update(changes)
    with capture(execute=True):
        return client.post(reverse("accounts:invite"), data)


def test_national_staff_invite_a_coordinator_who_sets_a_password_and_sees_only_their_province(
    client, users, province_a, province_b, django_capture_on_commit_callbacks
):
    mine = AssociationFactory(commune=province_a.communes.first(), name_fr="Association Ici")
    AssociationFactory(commune=province_b.communes.first(), name_fr="Association Ailleurs")
    client.force_login(users["national"])

    response = _invite(client, django_capture_on_commit_callbacks, provinces=[province_a.pk])

    account = User.objects.get(email="nadia.berrada@ads.ma")
    assert response["Location"] == reverse("accounts:detail", args=[account.pk])
    assert account.username == "nadia.berrada@ads.ma" and not account.has_usable_password()
    assert list(account.provinces.all()) == [province_a]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nadia.berrada@ads.ma"]
    assert "Coordinateur provincial" in mail.outbox[0].body
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)

    client.logout()
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"] is True
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Khenifra-2026!", "new_password2": "Khenifra-2026!"},
    )
    assert _login(client, "nadia.berrada@ads.ma", "Khenifra-2026!")
    listed = client.get(reverse("associations:list")).context["page"].object_list
    assert mine in listed and all(a.commune.province == province_a for a in listed)
    # The link served once.
    assert client.get(link, follow=True).context["validlink"] is False


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"role": "coordinator"}, "provinces", "au moins une province"),
        ({"role": "president"}, "association", "rattaché à son association"),
        ({"email": "national@example.ma"}, "email", "existe déjà"),
        ({"role": ""}, "role", "Ce champ est obligatoire."),
    ],
)
def test_an_invitation_missing_its_scope_is_refused_beside_the_field(
    client, users, changes, field, message, django_capture_on_commit_callbacks
):
    users["national"].email = "National@example.ma"
    users["national"].save()
    client.force_login(users["national"])
    before = User.objects.count()

    response = _invite(client, django_capture_on_commit_callbacks, **changes)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert User.objects.count() == before and mail.outbox == []


def test_the_same_invitation_sent_twice_makes_one_account_and_one_email(
    client, users, province_a, django_capture_on_commit_callbacks
):
    client.force_login(users["national"])
    token = str(uuid.uuid4())
    for _ in range(2):
        _invite(
            client,
            django_capture_on_commit_callbacks,
            provinces=[province_a.pk],
            submission_token=token,
        )
    assert User.objects.filter(email="nadia.berrada@ads.ma").count() == 1
    assert len(mail.outbox) == 1


def test_a_role_change_is_in_the_history_by_name_with_who_made_it(
    client, users, province_a, association_a
):
    account = UserFactory(coordinator=True, username="c2", provinces=[province_a])
    client.force_login(users["national"])

    response = client.post(
        reverse("accounts:edit", args=[account.pk]),
        {
            "email": "c2@example.ma",
            "first_name": "C",
            "last_name": "Deux",
            "role": "president",
            "association": association_a.pk,
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    account.refresh_from_db()
    assert account.role == "president" and account.association == association_a
    assert account.provinces.count() == 0  # a president follows no province
    page = client.get(reverse("accounts:detail", args=[account.pk])).content.decode()
    assert "« Coordinateur provincial » → « Président d&#x27;association »" in page
    history = page.split('data-testid="history"')[1]
    assert "coordinator" not in history and "president" not in history  # names, not codes
    latest = account.history.first()
    assert latest.history_user == users["national"] and latest.role == "president"


def test_a_deactivated_account_can_no_longer_log_in(client, users, province_a):
    account = UserFactory(field_agent=True, username="a2", provinces=[province_a])
    account.set_password("Agent-2026!")
    account.save()
    client.force_login(users["national"])
    client.post(
        reverse("accounts:edit", args=[account.pk]),
        {"email": "a2@example.ma", "role": "field_agent", "provinces": [province_a.pk]},
    )
    account.refresh_from_db()
    assert account.is_active is False
    client.logout()
    assert not _login(client, "a2", "Agent-2026!")
    assert User.objects.filter(pk=account.pk).exists()  # deactivated, not deleted


def test_national_staff_can_neither_demote_nor_deactivate_themselves(client, users):
    me = users["national"]
    client.force_login(me)
    response = client.post(
        reverse("accounts:edit", args=[me.pk]),
        {"email": "n@example.ma", "role": "field_agent", "is_active": ""},
    )
    errors = response.context["form"].errors
    assert "propre rôle" in " ".join(errors["role"]) and "is_active" in errors
    me.refresh_from_db()
    assert me.role == "national" and me.is_active


def test_a_superuser_account_is_not_edited_by_national_staff(client, users):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(users["national"])
    response = client.post(
        reverse("accounts:edit", args=[root.pk]), {"email": "x@example.ma", "role": "president"}
    )
    root.refresh_from_db()
    assert response.status_code == 302 and root.role != "president" and root.is_superuser


def test_a_reset_link_is_sent_on_request(client, users, django_capture_on_commit_callbacks):
    agent = users["field_agent"]
    agent.email = "agent@example.ma"
    agent.save()
    client.force_login(users["national"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:reset", args=[agent.pk]))
    assert [m.to for m in mail.outbox] == [["agent@example.ma"]]
    assert "/accounts/reset/" in mail.outbox[0].body


@pytest.mark.parametrize("role", ["coordinator", "field_agent", "president", "volunteer_manager"])
def test_only_national_staff_reach_the_accounts_pages(client, users, role):
    client.force_login(users[role])
    assert client.get(reverse("accounts:list")).status_code == 403
    assert client.get(reverse("accounts:invite")).status_code == 403


def test_the_list_finds_people_by_any_word_and_role(client, users):
    client.force_login(users["national"])
    UserFactory(username="kb", first_name="Karima", last_name="Bennani", coordinator=True)
    page = client.get(reverse("accounts:list"), {"q": "bennani karima"}).content.decode()
    assert "Karima Bennani" in page
    page = client.get(reverse("accounts:list"), {"q": "karima", "role": "national"})
    assert "Karima Bennani" not in page.content.decode()
