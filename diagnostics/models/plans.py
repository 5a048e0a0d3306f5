"""Provincial capacity-building plans and their actions."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from associations.models import Association, Province
from diagnostics.models.campaigns import NOT_DIAGNOSTICS, STAFF_ONLY, Campaign
from takwia.access import ScopedQuerySet


class BilingualTextMixin:
    """The French text, or its Arabic form for Arabic readers when there is one
    (``shown("title")`` reads ``title`` or ``title_ar``)."""

    def shown(self, field: str) -> str:
        if get_language() == "ar":
            return getattr(self, f"{field}_ar", "") or getattr(self, field)
        return getattr(self, field)

    @property
    def shown_title(self) -> str:
        return self.shown("title")


class PlanQuerySet(ScopedQuerySet):
    scope_province = "province"
    scope_excluded_roles = STAFF_ONLY


class Plan(BilingualTextMixin, models.Model):
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
    title_ar = models.CharField(_("intitulé (arabe)"), max_length=255, blank=True)
    objective = models.TextField(_("objectif"), blank=True)
    objective_ar = models.TextField(_("objectif (arabe)"), blank=True)
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
        constraints = [
            # One plan per province and period: a double click on "Générer" or two
            # coordinators at once cannot make a second one.
            models.UniqueConstraint(
                fields=["province", "starts_on", "ends_on"],
                name="one_plan_per_province_and_period",
                violation_error_message=_(
                    "Un plan existe déjà pour cette province et cette période."
                ),
            )
        ]
        verbose_name = _("plan de renforcement des capacités")
        verbose_name_plural = _("plans de renforcement des capacités")

    def __str__(self):
        return self.shown_title

    @property
    def shown_objective(self) -> str:
        return self.shown("objective")


class ActionQuerySet(ScopedQuerySet):
    def aimed_at(self, association):
        """The actions aimed at an association: those of a plan that target it and are
        not cancelled. Its page, its president's page and its PDF list these."""
        return self.filter(targets=association).exclude(status=Action.Status.CANCELLED)

    def starting_within(self, days: int, *, today):
        """Actions still planned whose start falls in the next ``days`` days or has passed."""
        return self.filter(
            status=Action.Status.PLANNED, starts_on__lte=today + timedelta(days=days)
        )

    def overdue(self, *, today):
        """Actions planned or under way whose end has passed."""
        return self.filter(
            status__in=[Action.Status.PLANNED, Action.Status.ONGOING], ends_on__lt=today
        )

    # Staff: the actions of the plans they see; a president: those targeting them.
    scope_province = "plan__province"
    scope_association = "targets"
    scope_excluded_roles = NOT_DIAGNOSTICS


class Action(BilingualTextMixin, models.Model):
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
    title_ar = models.CharField(_("intitulé (arabe)"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_ar = models.TextField(_("description (arabe)"), blank=True)
    axis = models.CharField(_("axe"), max_length=40)
    subdimensions = models.JSONField(_("sous-dimensions visées"), default=list)
    targets = models.ManyToManyField(
        Association, verbose_name=_("associations ciblées"), related_name="targeted_by", blank=True
    )
    starts_on = models.DateField(_("début"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    # Empty when not yet decided ("à définir"), never a 0 that nobody typed.
    budget = models.DecimalField(
        _("budget (MAD)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    partners = models.CharField(_("partenaires"), max_length=255, blank=True)
    responsible = models.CharField(_("responsable"), max_length=255, blank=True)
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    target_people = models.PositiveIntegerField(
        _("personnes visées"),
        null=True,
        blank=True,
        help_text=_("Nombre de participants attendus (laisser vide si non fixé)."),
    )
    # The associations present: those of the attendees once the attendance is taken
    # (``action_attendance_save``), or as ticked before attendance by person existed.
    participants = models.ManyToManyField(
        Association, verbose_name=_("associations présentes"), related_name="+", blank=True
    )
    outcome = models.TextField(_("résultat"), blank=True)
    # The guides and tools an action of the kind "guides" hands out (diagnostics.models.guides).
    guides = models.ManyToManyField(
        "diagnostics.Guide", verbose_name=_("guides et outils"), related_name="actions", blank=True
    )

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("action")

    def __str__(self):
        return self.shown_title

    @property
    def shown_description(self) -> str:
        return self.shown("description")
