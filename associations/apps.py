from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssociationsConfig(AppConfig):
    name = "associations"
    verbose_name = _("Associations et territoire")

    def ready(self):
        from associations import signals  # noqa: F401  (connects the receivers)
