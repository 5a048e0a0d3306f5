"""Writes of the API's own data: personal tokens."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from takwia.api.models import ApiToken, key_digest

ERROR_TOKEN_NAME = "Donnez un nom au jeton (par exemple « Power BI »)."
# last_used_at is refreshed at most this often: not one write per request.
LAST_USED_GRANULARITY = timedelta(minutes=5)


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``: the row (digest only) and the key, to be shown once."""
    name = (name or "").strip()
    if not name:
        raise ValueError(ERROR_TOKEN_NAME)
    key = ApiToken.generate()
    token = ApiToken.objects.create(user=user, name=name[:80], digest=key_digest(key), hint=key[:8])
    return token, key


def api_token_revoke(*, token: ApiToken) -> None:
    token.revoke()


def api_token_touch(*, token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
