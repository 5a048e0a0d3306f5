from django.urls import path

from volunteers import import_views
from volunteers.views import pages, records
from volunteers.views.records import archive, edit

app_name = "volunteers"

urlpatterns = [
    path("volunteering/", pages.dashboard, name="dashboard"),
    path("volunteering/programmes/new/", records.programme_create, name="programme_create"),
    path("volunteering/programmes/<int:pk>/", pages.programme_detail, name="programme"),
    path("volunteering/programmes/<int:pk>/edit/", edit("programme"), name="programme_edit"),
    path(
        "volunteering/programmes/<int:pk>/archive/", archive("programme"), name="programme_archive"
    ),
    path(
        "volunteering/programmes/<int:programme_pk>/events/new/",
        records.event_create,
        name="event_create",
    ),
    path("volunteering/events/<int:pk>/", edit("event"), name="event_edit"),
    path("volunteering/events/<int:pk>/archive/", archive("event"), name="event_archive"),
    path("volunteering/volunteers/", pages.volunteer_list, name="volunteers"),
    path("volunteering/volunteers/export.csv", pages.volunteer_export, name="export"),
    path("volunteering/volunteers/new/", records.volunteer_create, name="volunteer_create"),
    path("volunteering/volunteers/<int:pk>/", pages.volunteer_detail, name="volunteer"),
    path("volunteering/volunteers/<int:pk>/edit/", edit("volunteer"), name="volunteer_edit"),
    path(
        "volunteering/volunteers/<int:pk>/archive/", archive("volunteer"), name="volunteer_archive"
    ),
    path("volunteering/hosts/", pages.host_list, name="hosts"),
    path("volunteering/hosts/new/", records.host_create, name="host_create"),
    path("volunteering/hosts/<int:pk>/", pages.host_detail, name="host"),
    path("volunteering/hosts/<int:pk>/edit/", edit("host"), name="host_edit"),
    path("volunteering/hosts/<int:pk>/archive/", archive("host"), name="host_archive"),
    path("volunteering/placements/", pages.placement_list, name="placements"),
    path("volunteering/placements/new/", records.placement_create, name="placement_create"),
    path("volunteering/placements/<int:pk>/", pages.placement_detail, name="placement"),
    path("volunteering/placements/<int:pk>/edit/", edit("placement"), name="placement_edit"),
    path("volunteering/placements/<int:pk>/end/", pages.placement_end, name="placement_end"),
    path(
        "volunteering/placements/<int:pk>/extend/",
        pages.placement_extend_view,
        name="placement_extend",
    ),
    path(
        "volunteering/placements/<int:pk>/archive/", archive("placement"), name="placement_archive"
    ),
    path("volunteering/deliverables/<int:pk>/", edit("deliverable"), name="deliverable_edit"),
    path(
        "volunteering/deliverables/<int:pk>/received/",
        pages.deliverable_received,
        name="deliverable_received",
    ),
    path(
        "volunteering/deliverables/<int:pk>/archive/",
        archive("deliverable"),
        name="deliverable_archive",
    ),
    path(
        "volunteering/deliverables/<int:pk>/file/", pages.deliverable_file, name="deliverable_file"
    ),
    *import_views.urls,
]
