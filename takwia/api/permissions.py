"""Every API permission comes from ROLE_PERMISSIONS, through ``user.has_perm``.

A view names the Django permission each HTTP method needs (``required_perms``); by
default, from its ``perm_model``: view_ for reads, add_ for POST, change_ for PUT and
PATCH. A missing permission is a 403 before the object is even looked up; an object
outside the user's scope is a 404 (the view's queryset goes through ``visible_to``).
"""

from rest_framework import permissions

READ_METHODS = ("GET", "HEAD", "OPTIONS")
ACTIONS = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}


def required_perm(view, method: str) -> str | None:
    explicit = getattr(view, "required_perms", None) or {}
    action = getattr(view, "action", None)
    if action in explicit:
        return explicit[action]
    if method in explicit:
        return explicit[method]
    model = getattr(view, "perm_model", None)
    if model is None:
        return None
    verb = "view" if method in READ_METHODS else ACTIONS.get(method, "change")
    return f"{model._meta.app_label}.{verb}_{model._meta.model_name}"


class RolePermission(permissions.BasePermission):
    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        perm = required_perm(view, request.method)
        # Nothing is deleted through the platform: no role holds delete_*, so a
        # view without a rule for a method refuses it.
        return perm is not None and user.has_perm(perm)
