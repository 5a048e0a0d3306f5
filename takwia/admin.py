from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.utils.translation import gettext_lazy as _

from takwia.models import ERROR_PROVINCE_REQUIRED, User
from takwia.roles import PROVINCIAL_ROLES


class ScopedUserChangeForm(UserChangeForm):
    """A provincial role without a province would see nothing: refuse it here.

    (The association rule lives in ``User.clean``; provinces are a many-to-many
    relation, only known once the form is cleaned.)
    """

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") in PROVINCIAL_ROLES and not cleaned.get("provinces"):
            self.add_error("provinces", ERROR_PROVINCE_REQUIRED)
        return cleaned


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts and their role; the scope (provinces, association) is set here too."""

    form = ScopedUserChangeForm
    list_display = ("username", "get_full_name", "email", "role", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_staff", "provinces__region")
    search_fields = ("username", "first_name", "last_name", "email")
    filter_horizontal = ("provinces", "groups", "user_permissions")
    autocomplete_fields = ("association",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Identité"), {"fields": ("first_name", "last_name", "email")}),
        (_("Rôle et périmètre"), {"fields": ("role", "provinces", "association")}),
        (
            _("Droits"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "role", "password1", "password2"),
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)
