"""Diagnostics, their answers and their stored scores."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from associations.models import Association
from diagnostics.models.campaigns import NOT_DIAGNOSTICS, Campaign
from diagnostics.models.questionnaire import Question, QuestionnaireVersion
from takwia.access import ScopedQuerySet, is_active_user
from takwia.roles import Role

SCORED_STATUSES = ("submitted", "validated")


def scored_through(prefix: str = "") -> models.Q:
    """``scored()`` as a condition on a relation (``prefix`` "diagnostics__" in a Count
    over campaigns, "diagnostic__" over scores): submitted or validated assessments."""
    return models.Q(
        **{f"{prefix}status__in": SCORED_STATUSES, f"{prefix}kind": Diagnostic.Kind.ASSESSMENT}
    )


class DiagnosticQuerySet(ScopedQuerySet):
    """Field staff their provinces, national staff everything, a president their own."""

    scope_province = "association__commune__province"
    scope_association = "association"
    scope_excluded_roles = NOT_DIAGNOSTICS

    def assessed(self):
        """Diagnostics made by ADS's agents, self-assessments aside: the only ones any
        figure, work list, review queue or campaign progress counts."""
        return self.filter(kind=Diagnostic.Kind.ASSESSMENT)

    def self_assessed(self):
        """Self-assessments: a president's own view of their association."""
        return self.filter(kind=Diagnostic.Kind.SELF_ASSESSMENT)

    def scored(self, *, validated_only: bool = False):
        """Submitted or validated assessments: the diagnostics that statistics count
        (validated only for a final report; with submitted ones the figures are
        provisional). Self-assessments never enter them."""
        if validated_only:
            return self.assessed().filter(status=Diagnostic.Status.VALIDATED)
        return self.filter(scored_through())

    def latest_per_association(self):
        """One unit per association: of these diagnostics, each association's latest
        (by submission, then creation). Comparisons and averages count associations."""
        later = self.model.objects.filter(
            pk__in=self.values("pk"), association_id=models.OuterRef("association_id")
        ).filter(
            models.Q(submitted_at__gt=models.OuterRef("submitted_at"))
            | models.Q(submitted_at=models.OuterRef("submitted_at"), pk__gt=models.OuterRef("pk"))
        )
        return self.exclude(models.Exists(later))


class Diagnostic(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Soumis")
        VALIDATED = "validated", _("Validé")
        RETURNED = "returned", _("Renvoyé pour correction")

    class Kind(models.TextChoices):
        # Entered by an ADS agent, reviewed and validated by national staff.
        ASSESSMENT = "assessment", _("Diagnostic")
        # The president's own answers about their association (OCAT, OPI): no review,
        # submitted means done; shown beside the assessment, never in any figure.
        SELF_ASSESSMENT = "self", _("Auto-évaluation")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campagne"), on_delete=models.PROTECT, related_name="diagnostics"
    )
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="diagnostics",
    )
    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.PROTECT, related_name="diagnostics"
    )
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    kind = models.CharField(
        _("nature"), max_length=12, choices=Kind.choices, default=Kind.ASSESSMENT
    )
    # Incremented by every save: a save made from an older version is refused.
    lock_version = models.PositiveIntegerField(default=0)
    respondent = models.CharField(_("personne interrogée"), max_length=255, blank=True)
    respondent_role = models.CharField(_("fonction"), max_length=120, blank=True)
    interviewed_on = models.DateField(_("date de l'entretien"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    submitted_at = models.DateTimeField(_("soumis le"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    validated_at = models.DateTimeField(_("validé le"), null=True, blank=True)
    return_comment = models.TextField(_("motif du renvoi"), blank=True)
    # What to correct, axis by axis ({axis code: comment}), beside the general comment.
    return_comments = models.JSONField(_("corrections par axe"), default=dict, blank=True)
    # Scores are stored with ten decimals (exact for every tie at one decimal) and
    # rounded once, half up, when shown.
    overall_score = models.DecimalField(
        _("score global"), max_digits=16, decimal_places=10, null=True, blank=True
    )

    objects = DiagnosticQuerySet.as_manager()
    history = HistoricalRecords()

    # What saving a draft's answers writes on the diagnostic itself. No published
    # figure and no results summary reads them (only submitted and validated
    # diagnostics count): a save restricted to them moves neither (takwia.freshness,
    # diagnostics.analytics.signals).
    DRAFT_FIELDS = ("lock_version", "respondent", "respondent_role", "interviewed_on", "updated_at")
    FIGURES_UNREAD_FIELDS = frozenset(DRAFT_FIELDS)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One assessment and one self-assessment per association and campaign.
            models.UniqueConstraint(
                fields=["campaign", "association", "kind"],
                name="diagnostic_one_per_campaign_association_kind",
            )
        ]
        verbose_name = _("diagnostic")
        indexes = [models.Index(fields=["campaign", "status"], name="diagnostic_campaign_status")]

    def __str__(self):
        return f"{self.association} – {self.campaign}"

    @property
    def editable(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.RETURNED}

    @property
    def is_self_assessment(self) -> bool:
        return self.kind == self.Kind.SELF_ASSESSMENT

    def enterable_by(self, user) -> bool:
        """Who may answer it: a self-assessment its association's president only (staff
        read it); an assessment whoever may change diagnostics (ROLE_PERMISSIONS)."""
        if self.is_self_assessment:
            return (
                is_active_user(user)
                and user.role == Role.PRESIDENT
                and user.association_id == self.association_id
            )
        return user.has_perm("diagnostics.change_diagnostic")


class Answer(models.Model):
    """One answer, in the column of its kind, so that findings are counted in SQL."""

    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value_bool = models.BooleanField(null=True)
    value_int = models.BigIntegerField(null=True)
    value_date = models.DateField(null=True)
    value_text = models.TextField(blank=True)
    value_choices = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        unique_together = [("diagnostic", "question")]

    def __str__(self):
        return f"{self.diagnostic_id}:{self.question_id}"


class ScoreQuerySet(models.QuerySet):
    def weak(self):
        """Sub-dimension scores under the weak threshold (diagnostics.questionnaire.scoring)."""
        from diagnostics.questionnaire.scoring import WEAK_BELOW

        return self.filter(level=Score.Level.SUBDIMENSION, score__lt=WEAK_BELOW)


class Score(models.Model):
    """Stored on submission: sub-dimension and axis scores (0-100), for SQL aggregates."""

    class Level(models.TextChoices):
        SUBDIMENSION = "subdimension", _("Sous-dimension")
        AXIS = "axis", _("Axe")

    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="scores")
    level = models.CharField(max_length=16, choices=Level.choices)
    code = models.CharField(max_length=60)
    score = models.DecimalField(max_digits=16, decimal_places=10)

    objects = ScoreQuerySet.as_manager()

    class Meta:
        unique_together = [("diagnostic", "level", "code")]
        indexes = [models.Index(fields=["level", "code"], name="score_level_code")]

    def __str__(self):
        return f"{self.code} = {self.score}"
