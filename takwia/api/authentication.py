"""``Authorization: Token <key>`` (or ``Bearer <key>``) for scripts, Excel and Power BI;
the browser uses its session (DRF's SessionAuthentication, CSRF enforced)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from takwia.api.models import ApiToken, key_digest
from takwia.api.services import api_token_touch

ERROR_BAD_HEADER = _("En-tête Authorization invalide : « Token <clé> » attendu.")
ERROR_BAD_TOKEN = _("Jeton invalide ou révoqué.")
KEYWORDS = ("token", "bearer")


class TokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode(errors="replace").lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(ERROR_BAD_HEADER)
        try:
            key = parts[1].decode()
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(ERROR_BAD_HEADER) from exc
        token = (
            ApiToken.objects.active().select_related("user").filter(digest=key_digest(key)).first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(ERROR_BAD_TOKEN)
        api_token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request):
        # Makes an unauthenticated request a 401 (with this challenge), not a 403.
        return "Token"


class TokenScheme(OpenApiAuthenticationExtension):
    """The token in the OpenAPI schema (and the docs page's "Authorize" button)."""

    target_class = TokenAuthentication
    name = "jeton"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "« Token <clé> » : la clé créée sur la page « Jetons d'accès à l'API ».",
        }
