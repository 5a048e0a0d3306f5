from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    # Inside the project package (the layout keeps four apps at the top); the label
    # stays "notifications" for its tables and migrations.
    name = "takwia.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
