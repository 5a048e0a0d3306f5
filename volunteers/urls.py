from django.urls import path

from volunteers import import_views, views

app_name = "volunteers"

urlpatterns = [
    path("volunteering/", views.dashboard, name="dashboard"),
    path("volunteering/programmes/<int:pk>/", views.programme_detail, name="programme"),
    path("volunteering/volunteers/", views.volunteer_list, name="volunteers"),
    path("volunteering/volunteers/export.csv", views.volunteer_export, name="export"),
    path("volunteering/volunteers/<int:pk>/", views.volunteer_detail, name="volunteer"),
    path("volunteering/placements/", views.placement_list, name="placements"),
    path("volunteering/placements/new/", views.placement_create, name="placement_create"),
    path("volunteering/placements/<int:pk>/", views.placement_detail, name="placement"),
    *import_views.urls,
]
