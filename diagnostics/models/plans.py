"""Provincial capacity-building plans and their actions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from associations.models import Association, Province
from diagnostics.models.campaigns import NOT_DIAGNOSTICS, STAFF_ONLY, Campaign
from takwia.access import ScopedQuerySet


class PlanQuerySet(ScopedQuerySet):
    scope_province = "province"
    scope_excluded_roles = STAFF_ONLY


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
        return self.title


class ActionQuerySet(ScopedQuerySet):
    def aimed_at(self, association):
        """The actions aimed at an association: those of a plan that target it and are
        not cancelled. Its page, its president's page and its PDF list these."""
        return self.filter(targets=association).exclude(status=Action.Status.CANCELLED)

    """Staff: the actions of the plans they see; a president: those targeting them."""

    scope_province = "plan__province"
    scope_association = "targets"
    scope_excluded_roles = NOT_DIAGNOSTICS


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
