import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory


@pytest.fixture
def agent(province_a):
    return UserFactory(field_agent=True, username="agent", provinces=[province_a])


@pytest.mark.django_db
def test_login_with_good_credentials_leads_to_the_home_page(client, agent):
    response = client.post(
        reverse("login"), {"username": "agent", "password": TEST_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert response.context["user"] == agent


@pytest.mark.django_db
def test_login_with_a_bad_password_says_so_in_french(client, agent):
    response = client.post(reverse("login"), {"username": "agent", "password": "faux"})
    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_with_a_clear_message(client, agent, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "agent", "password": "faux"})
    # Even the right password is refused while the lock lasts.
    response = client.post(reverse("login"), {"username": "agent", "password": TEST_PASSWORD})
    assert response.status_code == 429
    text = response.content.decode()
    assert "Trop de tentatives de connexion ont échoué" in text
    assert "Réessayez dans 15 minutes" in text
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_lock_lifts_after_the_cooloff(client, agent, settings):
    from axes.models import AccessAttempt
    from django.utils import timezone

    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "agent", "password": "faux"})
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timezone.timedelta(seconds=1)
    )
    response = client.post(reverse("login"), {"username": "agent", "password": TEST_PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_failures_on_one_account_do_not_lock_another(client, agent, settings):
    other = UserFactory(national=True, username="autre")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "agent", "password": "faux"})
    response = client.post(
        reverse("login"), {"username": other.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_logout_is_a_post_and_ends_the_session(client, agent):
    client.force_login(agent)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_password_change_requires_the_old_password(client, agent):
    client.force_login(agent)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "faux",
            "new_password1": "Nouveau-mdp-2026",
            "new_password2": "Nouveau-mdp-2026",
        },
    )
    assert response.status_code == 200
    assert "Votre ancien mot de passe est incorrect" in response.content.decode()

    response = client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Nouveau-mdp-2026",
            "new_password2": "Nouveau-mdp-2026",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    agent.refresh_from_db()
    assert agent.check_password("Nouveau-mdp-2026")


@pytest.mark.django_db
def test_password_reset_mails_a_link_that_sets_a_new_password(
    client, agent, django_capture_on_commit_callbacks
):
    # The e-mail is queued once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("password_reset"), {"email": agent.email})
    assert len(callbacks) == 1
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [agent.email]
    assert message.subject == "Takwia : réinitialisation de votre mot de passe"
    link = re.search(r"http://testserver(/accounts/reset/\S+)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"] is True
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Autre-mdp-2026", "new_password2": "Autre-mdp-2026"},
    )
    assert response["Location"] == reverse("password_reset_complete")
    agent.refresh_from_db()
    assert agent.check_password("Autre-mdp-2026")


@pytest.mark.django_db
def test_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "inconnu@example.ma"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_used_reset_link_is_refused_in_french(client, agent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": agent.email})
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Autre-mdp-2026", "new_password2": "Autre-mdp-2026"},
    )
    response = client.get(link, follow=True)
    assert response.context["validlink"] is False
    assert "est plus valable : il a peut-être déjà servi ou expiré" in response.content.decode()


@pytest.mark.django_db
def test_an_inactive_account_cannot_log_in(client, agent):
    agent.is_active = False
    agent.save()
    response = client.post(reverse("login"), {"username": "agent", "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
