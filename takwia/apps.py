from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TakwiaConfig(AppConfig):
    name = "takwia"
    verbose_name = _("Comptes et rôles")

    def ready(self):
        from takwia import freshness, signals

        freshness.connect()
        signals.connect()
        from takwia import checks  # noqa: F401 - registers the deployment checks
