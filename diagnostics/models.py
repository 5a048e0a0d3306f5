"""The TAKWIA diagnostic: versioned questionnaires, campaigns, diagnostics, answers, scores.

The questionnaire is data (diagnostics/data/questionnaire/v*.json, loaded by
``load_questionnaire``): a new version is new rows, so past diagnostics keep the
questions, points and findings they were answered with.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from associations.models import Association, Province
from takwia.access import is_active_user, province_scope, sees_whole_country
from takwia.roles import Role


class BilingualText:
    """``text``/``label``/``name`` in the reader's language from *_fr / *_ar fields."""

    def _pick(self, stem: str) -> str:
        arabic = getattr(self, f"{stem}_ar", "")
        return arabic if get_language() == "ar" and arabic else getattr(self, f"{stem}_fr")


class QuestionnaireVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)


class QuestionnaireVersion(models.Model, BilingualText):
    number = models.PositiveIntegerField(_("version"), unique=True)
    title_fr = models.CharField(_("titre (français)"), max_length=255)
    title_ar = models.CharField(_("titre (arabe)"), max_length=255, blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    source_digest = models.CharField(max_length=64, editable=False)
    maturity_levels = models.JSONField(default=list)

    objects = QuestionnaireVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("version du questionnaire")
        verbose_name_plural = _("versions du questionnaire")

    def __str__(self):
        return f"v{self.number}"

    @property
    def title(self) -> str:
        return self._pick("title")


class Axis(models.Model, BilingualText):
    version = models.ForeignKey(QuestionnaireVersion, on_delete=models.CASCADE, related_name="axes")
    code = models.CharField(max_length=40)
    order = models.PositiveSmallIntegerField()
    name_fr = models.CharField(max_length=255)
    name_ar = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["version", "order"]
        unique_together = [("version", "code")]
        verbose_name = _("axe")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self._pick("name")


class SubDimension(models.Model, BilingualText):
    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, related_name="subdimensions")
    code = models.CharField(max_length=60)
    order = models.PositiveSmallIntegerField()
    name_fr = models.CharField(max_length=255)
    name_ar = models.CharField(max_length=255, blank=True)
    weight = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["axis__order", "order"]
        unique_together = [("axis", "code")]
        verbose_name = _("sous-dimension")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self._pick("name")


class Question(models.Model, BilingualText):
    class Kind(models.TextChoices):
        YES_NO = "yes_no", _("Oui / non")
        SINGLE = "single", _("Choix unique")
        MULTIPLE = "multiple", _("Choix multiple")
        INTEGER = "integer", _("Nombre entier")
        DATE = "date", _("Date")
        SCALE = "scale", _("Échelle")
        TEXT = "text", _("Texte libre")

    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.CASCADE, related_name="questions"
    )
    subdimension = models.ForeignKey(
        SubDimension, on_delete=models.CASCADE, related_name="questions"
    )
    code = models.CharField(max_length=60)
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text_fr = models.TextField()
    text_ar = models.TextField(blank=True)
    help_fr = models.TextField(blank=True)
    help_ar = models.TextField(blank=True)
    required = models.BooleanField(default=True)
    # The question's own data from the file: points, bands, bounds, condition.
    spec = models.JSONField(default=dict)

    class Meta:
        ordering = ["version", "order"]
        unique_together = [("version", "code")]
        verbose_name = _("question")

    def __str__(self):
        return self.code

    @property
    def text(self) -> str:
        return self._pick("text")

    @property
    def help(self) -> str:
        return self._pick("help")


class Choice(models.Model, BilingualText):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    code = models.CharField(max_length=40)
    order = models.PositiveSmallIntegerField()
    label_fr = models.CharField(max_length=255)
    label_ar = models.CharField(max_length=255, blank=True)
    points = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["question", "order"]
        unique_together = [("question", "code")]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return self._pick("label")


class Finding(models.Model, BilingualText):
    """A statement of the provincial report ("56 % have no action plan") as a predicate
    on one question's answers, counted in SQL (see diagnostics/selectors.py)."""

    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.CASCADE, related_name="findings"
    )
    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, related_name="findings")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="findings")
    code = models.CharField(max_length=60)
    order = models.PositiveSmallIntegerField()
    label_fr = models.CharField(max_length=255)
    label_ar = models.CharField(max_length=255, blank=True)
    predicate = models.JSONField()
    base = models.JSONField(null=True, blank=True)
    seed = models.CharField(_("chiffre de l'étude de référence"), max_length=120, blank=True)

    class Meta:
        ordering = ["version", "order"]
        unique_together = [("version", "code")]

    def __str__(self):
        return self.code

    @property
    def label(self) -> str:
        return self._pick("label")


def _province_filter(user, path: str):
    """Rows under the provinces ``user`` sees, ``path`` leading to the province."""
    provinces = province_scope(user)
    return {f"{path}__in": provinces.values("pk")}


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not is_active_user(user):
            return self.none()
        if sees_whole_country(user) and user.role != Role.VOLUNTEER_MANAGER:
            return self
        if user.role in {Role.FIELD_AGENT, Role.COORDINATOR}:
            return self.filter(**_province_filter(user, "province"))
        return self.none()


class Campaign(models.Model):
    """A diagnostic campaign: a province, a period, a questionnaire version, a sample."""

    class Status(models.TextChoices):
        PREPARATION = "preparation", _("En préparation")
        ONGOING = "ongoing", _("En cours")
        CLOSED = "closed", _("Clôturée")

    name = models.CharField(_("intitulé"), max_length=255)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="campaigns"
    )
    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("version du questionnaire"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.PREPARATION
    )
    sample = models.ManyToManyField(
        Association,
        verbose_name=_("échantillon"),
        through="SampleEntry",
        related_name="campaigns",
        blank=True,
    )
    sample_seed = models.PositiveIntegerField(_("graine du tirage"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("campagne de diagnostic")
        verbose_name_plural = _("campagnes de diagnostic")

    def __str__(self):
        return self.name


class SampleEntry(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="entries")
    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="+")
    stratum = models.CharField(_("strate"), max_length=120, blank=True)
    # The weight of the association in the province's estimates: registry units of its
    # stratum / sampled units of its stratum (1 for a hand-picked sample).
    weight = models.FloatField(default=1.0)

    class Meta:
        unique_together = [("campaign", "association")]

    def __str__(self):
        return f"{self.campaign_id}:{self.association_id}"


class Workshop(models.Model):
    class Kind(models.TextChoices):
        LAUNCH = "launch", _("Atelier de lancement")
        DIAGNOSTIC = "diagnostic", _("Atelier de diagnostic")
        RESTITUTION = "restitution", _("Atelier de restitution")
        PLAN = "plan", _("Présentation du plan")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="workshops")
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("lieu"), max_length=255)
    attendees = models.ManyToManyField(
        Association, verbose_name=_("associations présentes"), blank=True, related_name="+"
    )
    notes = models.TextField(_("remarques"), blank=True)
    # For a restitution workshop: the sub-dimensions the participants kept as priorities.
    priorities = models.JSONField(_("priorités retenues"), default=list, blank=True)

    class Meta:
        ordering = ["held_on"]
        verbose_name = _("atelier")

    def __str__(self):
        return f"{self.get_kind_display()} – {self.place}"


class DiagnosticQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Field staff their provinces, national staff everything, a president their own."""
        if not is_active_user(user):
            return self.none()
        if user.role == Role.VOLUNTEER_MANAGER:
            return self.none()
        if sees_whole_country(user):
            return self
        if user.role == Role.PRESIDENT:
            if not user.association_id:
                return self.none()
            return self.filter(association_id=user.association_id)
        return self.filter(**_province_filter(user, "association__commune__province"))

    def scored(self):
        """Submitted or validated: the diagnostics that statistics count."""
        return self.filter(status__in=[Diagnostic.Status.SUBMITTED, Diagnostic.Status.VALIDATED])


class Diagnostic(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Soumis")
        VALIDATED = "validated", _("Validé")
        RETURNED = "returned", _("Renvoyé pour correction")

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
    overall_score = models.DecimalField(
        _("score global"), max_digits=5, decimal_places=1, null=True, blank=True
    )

    objects = DiagnosticQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        unique_together = [("campaign", "association")]
        verbose_name = _("diagnostic")
        indexes = [models.Index(fields=["campaign", "status"], name="diagnostic_campaign_status")]

    def __str__(self):
        return f"{self.association} – {self.campaign}"

    @property
    def editable(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.RETURNED}


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


class Score(models.Model):
    """Stored on submission: sub-dimension and axis scores (0-100), for SQL aggregates."""

    class Level(models.TextChoices):
        SUBDIMENSION = "subdimension", _("Sous-dimension")
        AXIS = "axis", _("Axe")

    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="scores")
    level = models.CharField(max_length=16, choices=Level.choices)
    code = models.CharField(max_length=60)
    score = models.DecimalField(max_digits=5, decimal_places=1)

    class Meta:
        unique_together = [("diagnostic", "level", "code")]
        indexes = [models.Index(fields=["level", "code"], name="score_level_code")]

    def __str__(self):
        return f"{self.code} = {self.score}"


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not is_active_user(user) or user.role in {Role.VOLUNTEER_MANAGER, Role.PRESIDENT}:
            return self.none()
        if sees_whole_country(user):
            return self
        return self.filter(**_province_filter(user, "province"))


class Plan(models.Model):
    """The capacity-building plan of a province for a period."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Projet")
        VALIDATED = "validated", _("Validé")
        CLOSED = "closed", _("Clôturé")

    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="plans"
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campagne de diagnostic"),
        on_delete=models.PROTECT,
        related_name="plans",
        null=True,
        blank=True,
    )
    title = models.CharField(_("intitulé"), max_length=255)
    objective = models.TextField(_("objectif"), blank=True)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("plan de renforcement des capacités")
        verbose_name_plural = _("plans de renforcement des capacités")

    def __str__(self):
        return self.title


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff: the actions of the plans they see; a president: those targeting them."""
        if not is_active_user(user) or user.role == Role.VOLUNTEER_MANAGER:
            return self.none()
        if user.role == Role.PRESIDENT:
            if not user.association_id:
                return self.none()
            return self.filter(targets=user.association_id)
        return self.filter(plan__in=Plan.objects.visible_to(user))


class Action(models.Model):
    """One intervention of a plan: "capacity building is not only training"."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Formation")
        COACHING = "coaching", _("Accompagnement")
        INFORMATION = "information", _("Information, partage et réflexion")
        NETWORKING = "networking", _("Réseautage")
        EXCHANGE = "exchange", _("Échange et transfert de savoir-faire")
        GUIDES = "guides", _("Diffusion de guides et d'outils de gestion")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Prévue")
        ONGOING = "ongoing", _("En cours")
        DONE = "done", _("Réalisée")
        CANCELLED = "cancelled", _("Annulée")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("type d'action"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("intitulé"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    axis = models.CharField(_("axe"), max_length=40)
    subdimensions = models.JSONField(_("sous-dimensions visées"), default=list)
    targets = models.ManyToManyField(
        Association, verbose_name=_("associations ciblées"), related_name="targeted_by", blank=True
    )
    starts_on = models.DateField(_("début"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    budget = models.DecimalField(_("budget (MAD)"), max_digits=12, decimal_places=2, default=0)
    partners = models.CharField(_("partenaires"), max_length=255, blank=True)
    responsible = models.CharField(_("responsable"), max_length=255, blank=True)
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    participants = models.ManyToManyField(
        Association, verbose_name=_("associations présentes"), related_name="+", blank=True
    )
    outcome = models.TextField(_("résultat"), blank=True)

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("action")

    def __str__(self):
        return self.title
