from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q

from takwia.roles import role_app_labels, role_has_perm


class RoleBackend(ModelBackend):
    """Django's model backend, plus the permissions granted by the user's role.

    Per-user and per-group permissions set in the admin still apply on top.
    """

    def has_perm(self, user_obj, perm, obj=None):
        if not user_obj.is_active:
            return False
        if role_has_perm(getattr(user_obj, "role", None), perm):
            return True
        if not user_obj.is_superuser and not getattr(user_obj, "extra_permissions", True):
            return False  # no group, no permission of its own: nothing to read
        return super().has_perm(user_obj, perm, obj=obj)

    def get_all_permissions(self, user_obj, obj=None):
        """The user's own and group permissions, read in one query instead of
        ModelBackend's two (it runs on every page that checks a permission the role
        does not grant), cached on the user for the request as ModelBackend does."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            permissions = Permission.objects.all()
            if not user_obj.is_superuser:
                permissions = permissions.filter(Q(user=user_obj) | Q(group__user=user_obj))
            user_obj._perm_cache = {
                f"{app_label}.{codename}"
                for app_label, codename in permissions.values_list(
                    "content_type__app_label", "codename"
                ).order_by()
            }
        return user_obj._perm_cache

    def has_module_perms(self, user_obj, app_label):
        if not user_obj.is_active:
            return False
        if app_label in role_app_labels(getattr(user_obj, "role", None)):
            return True
        return super().has_module_perms(user_obj, app_label)
