from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("accounts/people/", views.account_list, name="list"),
    path("accounts/people/invite/", views.account_invite_view, name="invite"),
    path("accounts/people/<int:pk>/", views.account_detail, name="detail"),
    path("accounts/people/<int:pk>/edit/", views.account_edit, name="edit"),
    path("accounts/people/<int:pk>/reset/", views.account_reset, name="reset"),
]
