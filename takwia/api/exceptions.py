from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler


def french_exception_handler(exc, context):
    """DRF's handler, with Django's 404 and 403 given DRF's own (translated) messages:
    Django's 404 names the model in English ("No Association matches the given query")."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    return exception_handler(exc, context)
