"""Who sees what: the scope of each role, used by every model's ``visible_to``.

Rules:
- national ADS staff (and superusers) and volunteer programme managers see the
  whole country;
- field agents and provincial coordinators see their province(s);
- an association president sees their own association (and its province for
  reference data);
- anybody else (anonymous, inactive, no role) sees nothing.

Each territorial model's queryset subclasses ``ScopedQuerySet`` and declares its
path to the province (and, when a president sees some of its rows, to the
association); the rules above are written once, in ``ScopedQuerySet.visible_to``.

A view never fetches a user-visible object with a bare ``get(pk=...)``: it goes
through ``Model.objects.visible_to(request.user)`` so that an object outside the
user's scope is a 404 (see ``get_visible_or_404``).
"""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from takwia.roles import NATIONWIDE_ROLES, PROVINCIAL_ROLES, STAFF_ROLES, Role


def is_active_user(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_national(user) -> bool:
    return is_active_user(user) and (user.is_superuser or user.role == Role.NATIONAL)


def is_staff_member(user) -> bool:
    """Any ADS or programme staff role (presidents and role-less accounts are not)."""
    return is_active_user(user) and (user.is_superuser or user.role in STAFF_ROLES)


def sees_whole_country(user) -> bool:
    return is_active_user(user) and (user.is_superuser or user.role in NATIONWIDE_ROLES)


def province_scope(user) -> QuerySet | None:
    """The provinces a user is confined to, or ``None`` for the whole country.

    Returns an empty queryset when the user may see no province at all.
    """
    from associations.models import Province

    if sees_whole_country(user):
        return None
    if not is_active_user(user):
        return Province.objects.none()
    if user.role in PROVINCIAL_ROLES:
        return user.provinces.all()
    if user.role == Role.PRESIDENT and user.association_id:
        return Province.objects.filter(communes__associations__pk=user.association_id)
    return Province.objects.none()


def province_ids_scope(user) -> QuerySet | None:
    """The ids of ``province_scope(user)`` as a sub-query, ``None`` for the whole
    country. A provincial user's are read from their own list of provinces alone (no
    join on the provinces: the planner's work on every scoped page)."""
    if is_active_user(user) and user.role in PROVINCIAL_ROLES and not sees_whole_country(user):
        return user.provinces.through.objects.filter(user_id=user.pk).values("province_id")
    scope = province_scope(user)
    return None if scope is None else scope.values("pk")


class ScopedQuerySet(QuerySet):
    """``visible_to(user)`` for any model placed in the territory.

    A subclass declares:

    - ``scope_province``: the lookup path from a row to its province
      (``"commune__province"``; ``"pk"`` for a province itself);
    - ``scope_association``: the path to the association whose president sees the
      row (``"association"``, ``"pk"`` for an association itself); ``None``: a
      president sees the rows of their association's province, when
      ``scope_province`` reaches one and presidents are not excluded;
    - ``scope_many``: the province path crosses a many-to-many relation (rows are
      then selected through a subquery, so that none comes twice);
    - ``scope_excluded_roles``: roles that see none of these rows.
    """

    scope_province: str = ""
    scope_association: str | None = None
    scope_many: bool = False
    scope_excluded_roles: frozenset = frozenset()

    def visible_to(self, user):
        if not is_active_user(user) or user.role in self.scope_excluded_roles:
            return self.none()
        if sees_whole_country(user):
            return self
        if self.scope_association is not None and user.role == Role.PRESIDENT:
            if not user.association_id:
                return self.none()
            return self.filter(**{self.scope_association: user.association_id})
        in_scope = {f"{self.scope_province}__in": province_ids_scope(user)}
        if self.scope_many:
            return self.filter(pk__in=self.model._base_manager.filter(**in_scope).values("pk"))
        return self.filter(**in_scope)


def get_visible_or_404(queryset: QuerySet, user, **lookup):
    """The object matching ``lookup`` among those ``user`` may see, else 404.

    A malformed lookup value (``pk="abc"`` from a form or a query string) is a 404
    too, never a server error.
    """
    try:
        return queryset.visible_to(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404(str(exc)) from exc
