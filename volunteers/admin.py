from django.contrib import admin

from volunteers.models import ExportLog


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    """Who exported volunteers' personal data, when, how many rows (read only)."""

    list_display = ["exported_at", "user", "rows", "query"]
    readonly_fields = ["exported_at", "user", "rows", "query"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
