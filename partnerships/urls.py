from django.urls import path

from partnerships import import_views, views

app_name = "partnerships"

urlpatterns = [
    path("partnerships/", views.agreement_list, name="agreements"),
    path("partnerships/new/", views.agreement_create, name="agreement_create"),
    path("partnerships/<int:pk>/", views.agreement_detail, name="agreement"),
    path("partnerships/<int:pk>/document/", views.agreement_document, name="agreement_document"),
    path("partnerships/<int:pk>/edit/", views.agreement_update, name="agreement_update"),
    path("partnerships/<int:pk>/archive/", views.agreement_archive, name="agreement_archive"),
    # (agreement imports: partnerships/import_views.py)
    path("partnerships/figures/", views.figures, name="figures"),
    path("partnerships/partners/", views.partner_list, name="partners"),
    path("partnerships/partners/new/", views.partner_create, name="partner_create"),
    path("partnerships/partners/<int:pk>/", views.partner_detail, name="partner"),
    path("partnerships/partners/<int:pk>/edit/", views.partner_update, name="partner_update"),
    path("partnerships/partners/<int:pk>/archive/", views.partner_archive, name="partner_archive"),
    path("partnerships/networks/", views.network_list, name="networks"),
    path("partnerships/networks/new/", views.network_create, name="network_create"),
    path("partnerships/networks/<int:pk>/", views.network_detail, name="network"),
    path("partnerships/networks/<int:pk>/edit/", views.network_update, name="network_update"),
    path("partnerships/networks/<int:pk>/archive/", views.network_archive, name="network_archive"),
    path(
        "partnerships/networks/<int:pk>/members/",
        views.network_membership,
        name="network_membership",
    ),
    path("cooperation/", views.programme_list, name="programmes"),
    path("cooperation/new/", views.programme_create, name="programme_create"),
    path("cooperation/<int:pk>/", views.programme_detail, name="programme"),
    path("cooperation/<int:pk>/edit/", views.programme_update, name="programme_update"),
    path("cooperation/<int:pk>/archive/", views.programme_archive, name="programme_archive"),
    path("cooperation/<int:pk>/results/new/", views.result_create, name="result_create"),
    path("cooperation/<int:pk>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("cooperation/<int:pk>/pairs/new/", views.pair_create, name="pair_create"),
    path("cooperation/indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("cooperation/indicators/<int:pk>/edit/", views.indicator_update, name="indicator_update"),
    path(
        "cooperation/indicators/<int:pk>/archive/",
        views.indicator_archive,
        name="indicator_archive",
    ),
    path("cooperation/pairs/<int:pk>/", views.pair_detail, name="pair"),
    path("cooperation/pairs/<int:pk>/edit/", views.pair_update, name="pair_update"),
    path("cooperation/pairs/<int:pk>/archive/", views.pair_archive, name="pair_archive"),
    path(
        "cooperation/pairs/<int:pk>/indicators/<int:indicator>/values/new/",
        views.measurement_create,
        name="measurement_create",
    ),
    path("cooperation/values/<int:pk>/edit/", views.measurement_update, name="measurement_update"),
    *import_views.urls,
]
