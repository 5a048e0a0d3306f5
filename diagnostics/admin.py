from django.contrib import admin

from diagnostics.models import CampaignExport


@admin.register(CampaignExport)
class CampaignExportAdmin(admin.ModelAdmin):
    """Who exported a campaign's raw data, when, in which format, how many rows (read only)."""

    list_display = ["exported_at", "user", "campaign", "file_format", "validated_only", "rows"]
    list_filter = ["file_format", "validated_only"]
    readonly_fields = ["exported_at", "user", "campaign", "file_format", "validated_only", "rows"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
