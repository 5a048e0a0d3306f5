from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.utils.translation import gettext_lazy as _

from takwia.models import ERROR_PROVINCE_REQUIRED, FileDownload, User
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


# What grants rights beyond a role: only a superuser may set it.
SUPERUSER_ONLY_FIELDS = ("is_superuser", "groups", "user_permissions")


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

    def get_readonly_fields(self, request, obj=None):
        # Django lets anyone with change_user set these: national staff could make
        # themselves (or an accomplice) superuser, or grant any permission.
        readonly = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return readonly
        return (*readonly, *SUPERUSER_ONLY_FIELDS)

    def has_change_permission(self, request, obj=None):
        # A superuser's account (password included) is changed by a superuser only.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)


@admin.register(FileDownload)
class FileDownloadAdmin(admin.ModelAdmin):
    """Every download of a record's file, read only (the log is never edited)."""

    list_display = ("at", "user", "record_type", "record_id", "file_name")
    list_filter = ("record_type",)
    search_fields = ("user__username", "file_name")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
