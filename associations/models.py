from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from takwia.access import is_active_user, province_scope, sees_whole_country
from takwia.roles import Role


class BilingualNameMixin(models.Model):
    """French and Arabic names; ``name`` gives the one of the active language."""

    name_fr = models.CharField(_("nom (français)"), max_length=255)
    name_ar = models.CharField(_("nom (arabe)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        if get_language() == "ar" and self.name_ar:
            return self.name_ar
        return self.name_fr


class Milieu(models.TextChoices):
    URBAN = "urban", _("Urbain")
    RURAL = "rural", _("Rural")


class RegionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Regions holding at least one province the user may see."""
        provinces = province_scope(user)
        if provinces is None:
            return self
        return self.filter(pk__in=provinces.values("region_id"))


class Region(BilingualNameMixin):
    """One of the 12 regions of 2015 (HCP code, e.g. ``01``)."""

    code = models.CharField(_("code HCP"), max_length=8, unique=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("région")
        verbose_name_plural = _("régions")


class ProvinceQuerySet(models.QuerySet):
    def visible_to(self, user):
        provinces = province_scope(user)
        if provinces is None:
            return self
        return self.filter(pk__in=provinces.values("pk"))


class Province(BilingualNameMixin):
    """One of the 75 provinces and prefectures (HCP code, e.g. ``03.351``)."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        PREFECTURE = "prefecture", _("Préfecture")

    code = models.CharField(_("code HCP"), max_length=12, unique=True)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("région"), on_delete=models.PROTECT, related_name="provinces"
    )

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("province ou préfecture")
        verbose_name_plural = _("provinces et préfectures")


class CommuneQuerySet(models.QuerySet):
    def visible_to(self, user):
        provinces = province_scope(user)
        if provinces is None:
            return self
        return self.filter(province__in=provinces.values("pk"))


class Commune(BilingualNameMixin):
    """A commune (HCP code ``RR.PPP.CC.NN``), urban or rural."""

    code = models.CharField(_("code HCP"), max_length=16, unique=True)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="communes"
    )
    milieu = models.CharField(_("milieu"), max_length=8, choices=Milieu.choices)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["province__code", "name_fr"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")


class AssociationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The associations ``user`` may see: see takwia/access.py for the rules."""
        if not is_active_user(user):
            return self.none()
        if sees_whole_country(user):
            return self
        if user.role == Role.PRESIDENT:
            return self.filter(pk=user.association_id) if user.association_id else self.none()
        provinces = province_scope(user)
        return self.filter(commune__province__in=provinces.values("pk"))

    def current(self):
        """Not archived: the associations that statistics count."""
        return self.filter(archived=False)

    def active(self):
        return self.current().filter(status=Association.Status.ACTIVE)

    def in_province(self, province):
        return self.filter(commune__province=province)


class Association(BilingualNameMixin):
    """An association of the registry. Records are archived, never deleted."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        DORMANT = "dormant", _("En sommeil")

    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="associations"
    )
    founded_on = models.DateField(_("date de création"), null=True, blank=True)
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    archived = models.BooleanField(_("archivée"), default=False)
    created_at = models.DateTimeField(_("enregistrée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = AssociationQuerySet.as_manager()

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        indexes = [models.Index(fields=["commune", "status"], name="association_commune_status")]

    @property
    def milieu(self) -> str:
        return self.commune.milieu
