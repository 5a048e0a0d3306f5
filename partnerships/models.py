"""Partnerships of associations, and decentralised municipal cooperation with its results
framework (expected results, indicators, yearly measurements per pair of communes)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from associations.models import Association, Commune
from takwia.access import (
    ScopedQuerySet,
    is_staff_member,
)
from takwia.files import StoredName
from takwia.roles import Role
from takwia.text import normalize_search


class ArchivableQuerySet(models.QuerySet):
    def current(self):
        """Not archived: what lists, pickers, charts and figures count."""
        return self.filter(archived=False)


def archived_field():
    return models.BooleanField(_("archivé"), default=False)


class PartnerQuerySet(ArchivableQuerySet):
    def visible_to(self, user):
        """Partner organisations are reference data for every staff member."""
        if is_staff_member(user):
            return self
        return self.none()


class Partner(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Institution gouvernementale")
        LOCAL_AUTHORITY = "local_authority", _("Collectivité territoriale")
        ASSOCIATION = "association", _("Association")
        NATIONAL_NGO = "national_ngo", _("ONG nationale")
        INTERNATIONAL_NGO = "international_ngo", _("ONG internationale")
        UN_AGENCY = "un_agency", _("Agence des Nations unies")
        PRIVATE = "private", _("Entreprise privée")
        FOREIGN_MUNICIPALITY = "foreign_municipality", _("Municipalité étrangère")
        UNIVERSITY = "university", _("Université")

    name = models.CharField(_("nom"), max_length=255, unique=True)
    kind = models.CharField(_("type de partenaire"), max_length=24, choices=Kind.choices)
    country = models.CharField(_("pays"), max_length=80, default="Maroc")
    archived = archived_field()
    # The normalised name (takwia/text.py), kept in step by save(): searched and sorted on.
    search_text = models.CharField(max_length=255, editable=False, default="")

    objects = PartnerQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["search_text", "pk"]
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = normalize_search(self.name)
        super().save(*args, **kwargs)


class AgreementQuerySet(ArchivableQuerySet, ScopedQuerySet):
    """Staff: the agreements of the associations they see; a president: their own."""

    scope_province = "association__commune__province"
    scope_association = "association"


class Agreement(models.Model):
    """A partnership agreement of an association."""

    class Kind(models.TextChoices):
        FINANCING = "financing", _("Financement")
        TECHNICAL = "technical", _("Appui technique")
        CONVENTION = "convention", _("Convention")
        IN_KIND = "in_kind", _("Apport en nature")

    class Status(models.TextChoices):
        PLANNED = "planned", _("En préparation")
        ACTIVE = "active", _("En cours")
        ENDED = "ended", _("Terminé")
        CANCELLED = "cancelled", _("Annulé")

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("partenaire"), on_delete=models.PROTECT, related_name="agreements"
    )
    kind = models.CharField(_("nature"), max_length=16, choices=Kind.choices)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    amount = models.DecimalField(
        _("montant (MAD)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    document = models.FileField(
        _("document"), upload_to=StoredName("agreements"), max_length=255, blank=True
    )
    notes = models.TextField(_("remarques"), blank=True)
    archived = archived_field()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    objects = AgreementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("accord de partenariat")
        verbose_name_plural = _("accords de partenariat")

    def __str__(self):
        return f"{self.association} – {self.partner}"


class ProgrammeQuerySet(ArchivableQuerySet, ScopedQuerySet):
    scope_province = "pairs__communes__province"
    scope_many = True
    scope_excluded_roles = frozenset({Role.PRESIDENT})


class CooperationProgramme(models.Model):
    """A programme of decentralised cooperation (e.g. Belgian–Moroccan, five years)."""

    name = models.CharField(_("intitulé"), max_length=255)
    countries = models.CharField(_("pays"), max_length=255)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    objective = models.TextField(_("objectif"))
    archived = archived_field()

    objects = ProgrammeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("programme de coopération décentralisée")
        verbose_name_plural = _("programmes de coopération décentralisée")

    def __str__(self):
        return self.name


class ExpectedResultQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(programme__in=CooperationProgramme.objects.visible_to(user).values("pk"))


class ExpectedResult(models.Model):
    programme = models.ForeignKey(
        CooperationProgramme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="results",
    )
    number = models.PositiveSmallIntegerField(_("numéro"))
    title = models.CharField(_("résultat attendu"), max_length=255)

    objects = ExpectedResultQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "number"]
        unique_together = [("programme", "number")]
        verbose_name = _("résultat attendu")
        verbose_name_plural = _("résultats attendus")

    def __str__(self):
        return _("RI %(number)s – %(title)s") % {"number": self.number, "title": self.title}


class IndicatorQuerySet(ArchivableQuerySet):
    def visible_to(self, user):
        """The indicators of the programmes ``user`` sees."""
        return self.filter(
            result__programme__in=CooperationProgramme.objects.visible_to(user).values("pk")
        )


class Indicator(models.Model):
    result = models.ForeignKey(
        ExpectedResult,
        verbose_name=_("résultat attendu"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("indicateur"), max_length=255)
    unit = models.CharField(_("unité"), max_length=40)
    baseline = models.DecimalField(_("valeur de départ"), max_digits=12, decimal_places=2)
    target = models.DecimalField(_("cible"), max_digits=12, decimal_places=2)
    archived = archived_field()

    objects = IndicatorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["result__number", "pk"]
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")

    def __str__(self):
        return self.name


class PairQuerySet(ArchivableQuerySet, ScopedQuerySet):
    scope_province = "communes__province"
    scope_many = True
    scope_excluded_roles = frozenset({Role.PRESIDENT})


class CommunePair(models.Model):
    """A foreign municipality paired with one (or two) Moroccan communes."""

    programme = models.ForeignKey(
        CooperationProgramme, on_delete=models.CASCADE, related_name="pairs"
    )
    foreign_municipality = models.CharField(_("municipalité étrangère"), max_length=255)
    foreign_country = models.CharField(_("pays"), max_length=80)
    communes = models.ManyToManyField(
        Commune, verbose_name=_("communes marocaines"), related_name="+"
    )
    archived = archived_field()

    objects = PairQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[communes])

    class Meta:
        ordering = ["foreign_municipality"]
        verbose_name = _("jumelage")
        verbose_name_plural = _("jumelages")

    def __str__(self):
        return self.foreign_municipality


class MeasurementQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The yearly values of the pairs ``user`` sees."""
        return self.filter(pair__in=CommunePair.objects.visible_to(user).values("pk"))


class Measurement(models.Model):
    """An indicator's value for one pair and one year, with that year's target."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicateur"), on_delete=models.CASCADE,
        related_name="measurements",
    )  # fmt: skip
    pair = models.ForeignKey(
        CommunePair, verbose_name=_("jumelage"), on_delete=models.CASCADE,
        related_name="measurements",
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("année"))
    value = models.DecimalField(_("valeur"), max_digits=12, decimal_places=2)
    target = models.DecimalField(
        _("cible de l'année"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    objects = MeasurementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["year"]
        unique_together = [("indicator", "pair", "year")]
        verbose_name = _("valeur annuelle")
        verbose_name_plural = _("valeurs annuelles")

    def __str__(self):
        return f"{self.indicator} {self.year} = {self.value}"


class Convention(models.Model):
    """A convention signed between a commune of a pair and a local actor."""

    pair = models.ForeignKey(CommunePair, on_delete=models.CASCADE, related_name="conventions")
    actor = models.CharField(_("acteur local"), max_length=255)
    subject = models.CharField(_("objet"), max_length=255)
    signed_on = models.DateField(_("signée le"))

    class Meta:
        ordering = ["signed_on"]

    def __str__(self):
        return f"{self.actor} ({self.signed_on})"
