from django.urls import path

from associations import import_views, views
from associations.maps import views as map_views

app_name = "associations"

urlpatterns = [
    path("territory/", views.territory, name="territory"),
    path("territory/map/", map_views.national_map, name="map"),
    path("territory/<str:code>/", views.province_detail, name="province"),
    path("territory/<str:code>/map/", map_views.province_map, name="province_map"),
    path("associations/", views.association_list, name="list"),
    path("associations/figures/", views.registry_figures_page, name="figures"),
    path("associations/new/", views.association_create, name="create"),
    path("associations/export/", views.association_export, name="export"),
    path("associations/import/", import_views.association_import, name="import"),
    path(
        "associations/import/template.<str:file_format>",
        import_views.association_import_template,
        name="import_template",
    ),
    path(
        "associations/import/<int:pk>/",
        import_views.association_import_preview,
        name="import_preview",
    ),
    path(
        "associations/import/<int:pk>/confirm/",
        import_views.association_import_confirm,
        name="import_confirm",
    ),
    path("associations/<int:pk>/", views.association_detail, name="detail"),
    path("associations/<int:pk>/edit/", views.association_update, name="update"),
    path("associations/<int:pk>/archive/", views.association_archive_toggle, name="archive"),
    *import_views.commune_urls,
]
