"""The log of raw data exports: who took a campaign's answers out, when, how many rows."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from diagnostics.models.campaigns import Campaign


class CampaignExport(models.Model):
    """One download of a campaign's raw data (one row per counted diagnostic)."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="exports")
    exported_at = models.DateTimeField(auto_now_add=True)
    file_format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    validated_only = models.BooleanField(_("validés seulement"), default=False)
    rows = models.PositiveIntegerField(_("lignes"))

    class Meta:
        ordering = ["-exported_at"]
        verbose_name = _("export des données brutes")
        verbose_name_plural = _("exports des données brutes")

    def __str__(self):
        return f"{self.user} {self.exported_at:%Y-%m-%d %H:%M} {self.campaign_id} ({self.rows})"
