"""Personal API tokens: created and revoked by their owner, stored as a SHA-256 digest."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Shown in front of every key, so that a leaked one is recognisable (secret scanners).
KEY_PREFIX = "tkw_"


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Each user sees (and revokes) their own tokens only."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(user=user)

    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal key to the API. Only its digest is kept: the key itself is shown once,
    when it is created, and cannot be read again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("nom"), max_length=80)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the key, to tell tokens apart on the page.
    hint = models.CharField(_("début de la clé"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("jeton d'accès à l'API")
        verbose_name_plural = _("jetons d'accès à l'API")

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def generate(cls) -> str:
        return KEY_PREFIX + secrets.token_urlsafe(32)

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class SubmissionImportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """National staff see every upload; others the files they uploaded, in campaigns
        they still see."""
        from diagnostics.models import Campaign
        from takwia.access import is_national

        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if is_national(user):
            return self
        return self.filter(uploaded_by=user, campaign__in=Campaign.objects.visible_to(user))


class SubmissionImport(models.Model):
    """A KoboToolbox or ODK Central export uploaded for a campaign: checked and previewed
    first, written on confirmation. The file is kept: what came in, from whom, when."""

    class Status(models.TextChoices):
        PENDING = "pending", _("À confirmer")
        APPLIED = "applied", _("Importé")

    campaign = models.ForeignKey(
        "diagnostics.Campaign", on_delete=models.PROTECT, related_name="submission_imports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submission_imports"
    )
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    filename = models.CharField(_("fichier"), max_length=255)
    content = models.BinaryField(editable=False)
    status = models.CharField(
        _("état"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    imported_count = models.PositiveIntegerField(_("importés"), default=0)
    unchanged_count = models.PositiveIntegerField(_("inchangés"), default=0)
    applied_at = models.DateTimeField(_("importé le"), null=True, blank=True)

    objects = SubmissionImportQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("import de questionnaires (Kobo, ODK)")
        verbose_name_plural = _("imports de questionnaires (Kobo, ODK)")

    def __str__(self):
        return self.filename
