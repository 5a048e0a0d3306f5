from django.contrib import admin

from associations.models import Association, Commune, Province, Region


class ScopedAdmin(admin.ModelAdmin):
    """Admin lists go through the same ``visible_to`` as the pages."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_delete_permission(self, request, obj=None):
        # Records are archived, never deleted.
        return False


@admin.register(Region)
class RegionAdmin(ScopedAdmin):
    list_display = ("code", "name_fr", "name_ar")
    search_fields = ("code", "name_fr", "name_ar")


@admin.register(Province)
class ProvinceAdmin(ScopedAdmin):
    list_display = ("code", "name_fr", "name_ar", "kind", "region")
    list_filter = ("kind", "region")
    search_fields = ("code", "name_fr", "name_ar")


@admin.register(Commune)
class CommuneAdmin(ScopedAdmin):
    list_display = ("code", "name_fr", "name_ar", "milieu", "province")
    list_filter = ("milieu", "province__region")
    search_fields = ("code", "name_fr", "name_ar")
    list_select_related = ("province",)


@admin.register(Association)
class AssociationAdmin(ScopedAdmin):
    list_display = ("name_fr", "commune", "status", "archived")
    list_filter = ("status", "archived", "commune__milieu")
    search_fields = ("name_fr", "name_ar")
    autocomplete_fields = ("commune",)
    list_select_related = ("commune",)
