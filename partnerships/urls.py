from django.urls import path

from partnerships import import_views, views

app_name = "partnerships"

urlpatterns = [
    path("partnerships/", views.agreement_list, name="agreements"),
    path("partnerships/new/", views.agreement_create, name="agreement_create"),
    path("partnerships/<int:pk>/", views.agreement_detail, name="agreement"),
    path("partnerships/figures/", views.figures, name="figures"),
    path("partnerships/networks/<int:pk>/", views.network_detail, name="network"),
    path("cooperation/", views.programme_list, name="programmes"),
    path("cooperation/<int:pk>/", views.programme_detail, name="programme"),
    path("cooperation/pairs/<int:pk>/", views.pair_detail, name="pair"),
    *import_views.urls,
]
