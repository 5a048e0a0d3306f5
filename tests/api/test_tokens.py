"""Personal API tokens: created on the account page and shown once, stored as a digest,
revoked by their owner only; a revoked or unknown token is a 401."""

import hashlib

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from takwia.api.models import ApiToken

pytestmark = pytest.mark.django_db


def test_a_user_creates_a_token_on_the_account_page_and_sees_the_key_once(client, users):
    client.force_login(users["coordinator"])

    response = client.post(reverse("api_tokens"), {"name": "Power BI"})

    key = response.context["key"]
    assert key.startswith("tkw_") and key in response.content.decode()
    token = ApiToken.objects.get(user=users["coordinator"])
    assert token.name == "Power BI" and token.hint == key[:8]
    again = client.get(reverse("api_tokens")).content.decode()
    assert key not in again and "Power BI" in again


def test_tokens_are_stored_as_their_sha256_digest_only(users, token_for):
    key = token_for(users["national"])

    token = ApiToken.objects.get()
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    stored = [str(value) for value in ApiToken.objects.values_list().get()]
    assert not any(key in value for value in stored)


def test_a_token_authenticates_with_either_keyword(users, token_for):
    key = token_for(users["national"])
    url = reverse("api:region-list")
    for keyword in ("Token", "Bearer"):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"{keyword} {key}")
        assert client.get(url).status_code == 200


def test_a_revoked_token_is_refused_with_a_french_401(client, users, token_for):
    key = token_for(users["national"])
    token = ApiToken.objects.get()
    client.force_login(users["national"])
    client.post(reverse("api_token_revoke", args=[token.pk]))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    response = api.get(reverse("api:region-list"))

    assert response.status_code == 401
    assert response.json() == {"detail": "Jeton invalide ou révoqué."}
    token.refresh_from_db()
    assert token.revoked


def test_without_credentials_the_api_answers_401_in_french():
    response = APIClient().get(reverse("api:association-list"))

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["detail"] == "Informations d'authentification non fournies."


def test_nobody_revokes_another_users_token(client, users, token_for):
    token_for(users["national"])
    token = ApiToken.objects.get()
    client.force_login(users["coordinator"])

    response = client.post(reverse("api_token_revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert not token.revoked


def test_a_token_of_a_deactivated_account_is_refused(users, api):
    client = api(users["national"])
    users["national"].is_active = False
    users["national"].save()

    assert client.get(reverse("api:region-list")).status_code == 401


def test_the_browser_session_works_but_writes_need_the_csrf_token(users, association_a):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(users["national"])
    url = reverse("api:association-detail", args=[association_a.pk])

    assert client.get(url).status_code == 200
    response = client.patch(url, {"name_fr": "Autre"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_requests_past_the_rate_are_throttled(users, api, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "user": "2/minute"}
    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = rates
    try:
        client = api(users["national"])
        url = reverse("api:region-list")
        statuses = [client.get(url).status_code for _ in range(3)]
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original
    assert statuses == [200, 200, 429]
