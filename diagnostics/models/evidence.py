"""Evidence behind an answer (the practice of OCA, OCAT and OPI): a comment, a file
(a photo, the PDF of minutes or statutes), or both, on one question of a diagnostic."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from diagnostics.models.entry import Diagnostic
from diagnostics.models.questionnaire import Question
from takwia.files import StoredName

EVIDENCE_COMMENT_MAX = 2000


class EvidenceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The evidence of the diagnostics the user sees."""
        return self.filter(diagnostic__in=Diagnostic.objects.visible_to(user))


class Evidence(models.Model):
    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="evidence")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("commentaire"), max_length=EVIDENCE_COMMENT_MAX, blank=True)
    file = models.FileField(
        _("fichier"), upload_to=StoredName("evidence"), max_length=255, blank=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("ajoutée le"), auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("pièce justificative")
        verbose_name_plural = _("pièces justificatives")
        indexes = [models.Index(fields=["diagnostic", "question"], name="evidence_answer")]

    def __str__(self):
        return f"{self.diagnostic_id}:{self.question_id}"
