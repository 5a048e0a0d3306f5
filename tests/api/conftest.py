import pytest
from rest_framework.test import APIClient


@pytest.fixture
def token_for(db):
    """A personal token of ``user`` (the key, as the account page shows it once)."""
    from takwia.api.services import api_token_create

    def make(user, name="Script"):
        _token, key = api_token_create(user=user, name=name)
        return key

    return make


@pytest.fixture
def api(token_for):
    """An API client that authenticates as ``user`` with a fresh token."""

    def make(user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
        return client

    return make
