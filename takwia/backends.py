from django.contrib.auth.backends import ModelBackend

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
        return super().has_perm(user_obj, perm, obj=obj)

    def has_module_perms(self, user_obj, app_label):
        if not user_obj.is_active:
            return False
        if app_label in role_app_labels(getattr(user_obj, "role", None)):
            return True
        return super().has_module_perms(user_obj, app_label)
