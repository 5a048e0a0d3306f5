"""What every API view shares: French messages, the role permission, cursor pagination,
figures as ADS publishes them, and writes that run the pages' own forms."""

from decimal import Decimal
from fractions import Fraction

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import status, viewsets
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from takwia.api.pagination import Pagination
from takwia.api.permissions import RolePermission
from takwia.figures import round_half_up

ERROR_VERSION_REQUIRED = _(
    "Indiquez la version de la fiche que vous modifiez (champ « version » lu dans la réponse "
    "de lecture) : sans elle, un changement fait entre-temps serait écrasé."
)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class Locked(APIException):
    status_code = 423
    default_code = "locked"


class FrenchMixin:
    """Every message in French, whatever the browser asks: the same texts as the forms."""

    def dispatch(self, request, *args, **kwargs):
        with translation.override("fr"):
            return super().dispatch(request, *args, **kwargs)


class ScopedViewSet(FrenchMixin, viewsets.GenericViewSet):
    """A viewset whose queryset goes through ``visible_to`` (``scoped_queryset``) and
    whose permissions come from the user's role (``RolePermission``)."""

    permission_classes = [RolePermission]
    pagination_class = Pagination
    lookup_value_regex = r"\d+"
    perm_model: type[models.Model] | None = None

    def scoped_queryset(self, user):
        raise NotImplementedError

    def get_queryset(self):
        return self.scoped_queryset(self.request.user)


def fraction_text(value: Fraction | None) -> str | None:
    """An exact share as "p/q" (the reduced fraction)."""
    if value is None:
        return None
    value = Fraction(value)
    return f"{value.numerator}/{value.denominator}"


def rounded(value: Fraction | Decimal | int | None, places: int = 1) -> str | None:
    """A figure as published: rounded once, half up, as a decimal string."""
    return None if value is None else str(round_half_up(value, places))


def form_errors(form) -> dict[str, list[str]]:
    """A bound form's errors by field, French messages (``non_field_errors`` for the rest)."""
    return {
        ("non_field_errors" if field == "__all__" else field): [str(message) for message in errs]
        for field, errs in form.errors.items()
    }


def form_data(form_class, instance, payload: dict, extra: tuple[str, ...] = ()) -> dict:
    """What a form would receive from the page: the instance's current values (a new
    record's defaults), with those given in the JSON payload on top (a PATCH changes
    only what it names)."""
    data: dict = {}
    names = [*form_class._meta.fields, *extra]
    if instance is None:
        # A new record starts from the model's defaults, as the page's form shows them.
        model = form_class._meta.model
        for name in form_class._meta.fields:
            field = model._meta.get_field(name)
            if field.has_default() and not field.many_to_many:
                default = field.get_default()
                data[name] = default if isinstance(default, list) else str(default)
    elif instance.pk:
        for name in form_class._meta.fields:
            field = instance._meta.get_field(name)
            value = getattr(instance, field.attname, None)
            if field.many_to_many:
                data[name] = [
                    str(pk) for pk in getattr(instance, name).values_list("pk", flat=True)
                ]
            elif isinstance(value, list):
                data[name] = value
            else:
                data[name] = "" if value is None else str(value)
    for name in names:
        if name in payload:
            value = payload[name]
            if isinstance(value, bool) or value is None:
                data[name] = value if value is not None else ""
            elif isinstance(value, list):
                data[name] = [str(item) for item in value]
            else:
                data[name] = str(value)
    return data


def invalid(form) -> Response:
    return Response(form_errors(form), status=status.HTTP_400_BAD_REQUEST)
