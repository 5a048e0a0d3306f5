from django.urls import path

from associations import views

app_name = "associations"

urlpatterns = [
    path("territory/", views.territory, name="territory"),
    path("territory/<str:code>/", views.province_detail, name="province"),
    path("associations/", views.association_list, name="list"),
    path("associations/new/", views.association_create, name="create"),
    path("associations/<int:pk>/", views.association_detail, name="detail"),
    path("associations/<int:pk>/edit/", views.association_update, name="update"),
    path("associations/<int:pk>/archive/", views.association_archive_toggle, name="archive"),
]
