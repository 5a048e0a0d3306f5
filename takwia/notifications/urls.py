from django.urls import path

from takwia.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/preference/", views.notification_preference, name="preference"),
]
