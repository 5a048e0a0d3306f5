from django.urls import path

from associations import views

app_name = "associations"

urlpatterns = [
    path("territory/", views.territory, name="territory"),
    path("territory/<str:code>/", views.province_detail, name="province"),
    path("associations/<int:pk>/", views.association_detail, name="detail"),
]
