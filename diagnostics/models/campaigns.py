"""Diagnostic campaigns: a province, a period, a questionnaire version, a sample, workshops."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from associations.models import Association, Province
from diagnostics.models.questionnaire import QuestionnaireVersion
from takwia.access import ScopedQuerySet
from takwia.roles import Role

# Diagnostics are none of the volunteer programme managers' business.
NOT_DIAGNOSTICS = frozenset({Role.VOLUNTEER_MANAGER})
# Campaigns, their workshops and plans are staff matters: presidents see none.
STAFF_ONLY = frozenset({Role.VOLUNTEER_MANAGER, Role.PRESIDENT})


# A stratum of the sample: milieu x first domain of the association, stored as a code
# ("rural/femmes"); shown by name (diagnostics/templatetags/questionnaire_names.py).
NO_DOMAIN = "sans-domaine"
STRATUM_SEPARATOR = "/"


def stratum_code(milieu: str, domain: str | None) -> str:
    return f"{milieu}{STRATUM_SEPARATOR}{domain or NO_DOMAIN}"


def stratum_parts(code: str) -> tuple[str, str]:
    milieu, _sep, domain = code.partition(STRATUM_SEPARATOR)
    return milieu, domain or NO_DOMAIN


class CampaignQuerySet(ScopedQuerySet):
    scope_province = "province"
    scope_excluded_roles = STAFF_ONLY

    def open(self):
        """Campaigns that still take new diagnostics, sample additions and submissions."""
        return self.exclude(status__in=CLOSED_STATUSES)


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
    # The version an edit form was displayed with (takwia.forms.EditVersionMixin).
    updated_at = models.DateTimeField(auto_now=True)

    objects = CampaignQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("campagne de diagnostic")
        verbose_name_plural = _("campagnes de diagnostic")

    def __str__(self):
        return self.name

    @property
    def is_open(self) -> bool:
        """See ``CampaignQuerySet.open``: the one rule, for one campaign."""
        return self.status not in CLOSED_STATUSES


# A campaign in these statuses takes no new diagnostic, sample addition or submission.
CLOSED_STATUSES = frozenset({Campaign.Status.CLOSED})


class SampleEntry(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="entries")
    association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="sample_entries"
    )
    # Blank for an association added by hand: it is outside the probability sample
    # (docs/method.md), counted in the counts, left out of the weighted estimates.
    stratum = models.CharField(_("strate"), max_length=120, blank=True)
    # N_h: active associations of the stratum in the registry when the sample was drawn.
    # The estimation weight is N_h / r_h, r_h the stratum's diagnosed associations, so a
    # sampled association never diagnosed is compensated within its stratum.
    population = models.PositiveIntegerField(_("effectif de la strate"), null=True, blank=True)
    # N_h / n_h at the draw, kept for the raw export (design weight before non-response).
    weight = models.FloatField(default=1.0)

    class Meta:
        unique_together = [("campaign", "association")]

    def __str__(self):
        return f"{self.campaign_id}:{self.association_id}"


class WorkshopQuerySet(ScopedQuerySet):
    scope_province = "campaign__province"
    scope_excluded_roles = STAFF_ONLY

    def current(self):
        return self.filter(archived=False)


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
    # The associations present: those of the people present once the attendance is taken
    # person by person (``workshop_attendance_save``), or as ticked before.
    attendees = models.ManyToManyField(
        Association, verbose_name=_("associations présentes"), blank=True, related_name="+"
    )
    notes = models.TextField(_("remarques"), blank=True)
    # For a restitution workshop: the sub-dimensions the participants kept as priorities.
    priorities = models.JSONField(_("priorités retenues"), default=list, blank=True)
    # Nothing is deleted: a workshop recorded by mistake is archived (and can be restored).
    archived = models.BooleanField(_("archivé"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkshopQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        ordering = ["held_on"]
        verbose_name = _("atelier")

    def __str__(self):
        return f"{self.get_kind_display()} – {self.place}"
