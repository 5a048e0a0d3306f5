"""Requests refused before any view: query values no page can use."""

import re

from django.core.exceptions import BadRequest

# C0 control characters (NUL first: PostgreSQL refuses it in any string and the
# query would fail with a server error) and DEL. Tabs and line breaks are refused
# too: no filter of the platform takes them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
ERROR_BAD_QUERY = "Paramètre d'adresse invalide (caractère de contrôle)."


class QueryStringGuardMiddleware:
    """Answer 400 to a query string holding a control character, whatever the page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for key, values in request.GET.lists():
            if any(CONTROL_CHARACTERS.search(text) for text in (key, *values)):
                raise BadRequest(ERROR_BAD_QUERY)
        return self.get_response(request)
