"""Volunteering programmes, volunteers, host structures, placements and their deliverables.

Volunteers' identity and personal details are personal data (Moroccan law 09-08):
only volunteer programme managers and national staff read them; others see names
and roles at most, and exports of personal data are logged (ExportLog).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from associations.models import Association
from takwia.access import ScopedQuerySet, is_active_user, is_staff_member
from takwia.files import StoredName
from takwia.roles import VIEW_PERSONAL_DATA
from takwia.text import normalize_search
from volunteers.vocabulary import country_label, languages_label, nationality_label


def sees_personal_data(user) -> bool:
    """Identity and personal details: a permission of the roles that manage volunteers."""
    return is_active_user(user) and user.has_perm(VIEW_PERSONAL_DATA)


class StaffQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Programmes, volunteers and hosts: every staff role (personal details aside)."""
        if is_staff_member(user):
            return self
        return self.none()

    def current(self):
        """Not archived: what lists, figures and pickers show."""
        return self.filter(archived=False)


class ArchivableModel(models.Model):
    """Records are archived, never deleted: an archived record leaves lists and pickers
    and keeps its history."""

    archived = models.BooleanField(_("archivé"), default=False)

    class Meta:
        abstract = True


class SearchableModel(models.Model):
    """A name normalised by takwia.text (accents, case, Arabic variants ignored), kept in
    step by save(): what the list's search matches and what it sorts by."""

    search_text = models.TextField(editable=False, default="", db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_text = normalize_search(" ".join(filter(None, self.search_parts())))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def search_parts(self) -> list[str]:
        raise NotImplementedError


class Programme(ArchivableModel):
    name = models.CharField(_("intitulé"), max_length=255, unique=True)
    coordinator = models.CharField(_("coordination"), max_length=255)
    funders = models.CharField(_("bailleurs"), max_length=255, blank=True)
    countries = models.CharField(_("pays"), max_length=255)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    objectives = models.TextField(_("objectifs"), blank=True)

    objects = StaffQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("programme de volontariat")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("volunteers:programme", args=[self.pk])

    @property
    def countries_display(self) -> str:
        return ", ".join(str(country_label(c.strip())) for c in self.countries.split(","))


class Skill(models.Model):
    """A skill of the reference list, with the diagnostic sub-dimensions it answers."""

    code = models.SlugField(max_length=40, unique=True)
    name_fr = models.CharField(max_length=255)
    name_ar = models.CharField(max_length=255, blank=True)
    subdimensions = models.JSONField(default=list)

    class Meta:
        ordering = ["name_fr"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """The name in the reader's language (French when no Arabic name is known)."""
        if get_language() == "ar" and self.name_ar:
            return self.name_ar
        return self.name_fr


class Volunteer(ArchivableModel, SearchableModel):
    class Category(models.TextChoices):
        UN_NATIONAL = "un_national", _("Volontaire national des Nations unies")
        UN_INTERNATIONAL = "un_international", _("Volontaire international des Nations unies")
        SOUTH_SOUTH = "south_south", _("Volontaire de solidarité internationale Sud-Sud")
        LOCAL = "local", _("Volontaire local")
        STUDENT = "student", _("Volontaire étudiant")

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("Candidat")
        ACTIVE = "active", _("En mission")
        AVAILABLE = "available", _("Disponible")
        FINISHED = "finished", _("Mission terminée")

    class Gender(models.TextChoices):
        FEMALE = "f", _("Femme")
        MALE = "m", _("Homme")

    first_name = models.CharField(_("prénom"), max_length=120)
    last_name = models.CharField(_("nom"), max_length=120)
    gender = models.CharField(_("genre"), max_length=1, choices=Gender.choices)
    born_on = models.DateField(_("date de naissance"), null=True, blank=True)
    nationality = models.CharField(_("nationalité"), max_length=80)
    languages = models.CharField(_("langues"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    skills = models.ManyToManyField(Skill, verbose_name=_("compétences"), blank=True)
    category = models.CharField(_("catégorie"), max_length=20, choices=Category.choices)
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices)
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="volunteers"
    )

    objects = StaffQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["search_text", "pk"]
        verbose_name = _("volontaire")

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def search_parts(self) -> list[str]:
        return [self.last_name, self.first_name]

    @property
    def nationality_display(self) -> str:
        return str(nationality_label(self.nationality))

    @property
    def languages_display(self) -> str:
        return languages_label(self.languages)


class Host(ArchivableModel, SearchableModel):
    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        PUBLIC_BODY = "public_body", _("Organisme public")
        LOCAL_AUTHORITY = (
            "local_authority",
            _("Collectivité territoriale ou organisation représentative"),
        )
        PRIVATE = "private", _("Établissement privé ou université")
        INTERNATIONAL = "international", _("Organisation internationale")

    name = models.CharField(_("structure d'accueil"), max_length=255)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    country = models.CharField(_("pays"), max_length=80)
    city = models.CharField(_("ville"), max_length=120)
    association = models.ForeignKey(
        Association,
        verbose_name=_("association du registre"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer_hosts",
    )

    objects = StaffQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["search_text", "pk"]
        unique_together = [("name", "city")]
        verbose_name = _("structure d'accueil")

    def __str__(self):
        return f"{self.name} ({self.city})"

    def search_parts(self) -> list[str]:
        return [self.name, self.city]

    @property
    def country_display(self) -> str:
        return str(country_label(self.country))


class PlacementQuerySet(ScopedQuerySet):
    """Managers and national staff: all; provincial staff: placements in associations
    of their provinces; presidents: those hosted by their association."""

    scope_province = "host__association__commune__province"
    scope_association = "host__association"

    def overlapping(self, *, volunteer, starts_on, ends_on, exclude_pk=None):
        """The volunteer's other placements under way (not archived) whose period meets
        [starts_on, ends_on]; an open end runs on indefinitely. A volunteer serves one
        mission at a time: the one rule, used by every form that dates a placement."""
        found = self.filter(volunteer=volunteer, status__in=UNDER_WAY, archived=False).filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=starts_on)
        )
        if ends_on is not None:
            found = found.filter(starts_on__lte=ends_on)
        return found.exclude(pk=exclude_pk) if exclude_pk else found


class Placement(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Prévue")
        ONGOING = "ongoing", _("En cours")
        DONE = "done", _("Terminée")
        INTERRUPTED = "interrupted", _("Interrompue")

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volontaire"), on_delete=models.PROTECT, related_name="placements"
    )
    host = models.ForeignKey(
        Host,
        verbose_name=_("structure d'accueil"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="placements"
    )
    theme = models.CharField(_("thème"), max_length=120)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    objectives = models.TextField(_("objectifs"), blank=True)
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.ONGOING
    )
    end_reason = models.TextField(_("motif de la fin anticipée"), blank=True)
    archived = models.BooleanField(_("archivée"), default=False)

    objects = PlacementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("mission")

    def __str__(self):
        return f"{self.volunteer} – {self.host}"

    def get_absolute_url(self):
        return reverse("volunteers:placement", args=[self.pk])

    @property
    def is_under_way(self) -> bool:
        return self.status in UNDER_WAY


UNDER_WAY = (Placement.Status.PLANNED, Placement.Status.ONGOING)


class DeliverableQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The deliverables of the placements ``user`` sees."""
        return self.filter(placement__in=Placement.objects.visible_to(user))


class Deliverable(models.Model):
    class Kind(models.TextChoices):
        STUDY = "study", _("Étude")
        MAPPING = "mapping", _("Cartographie des acteurs")
        ADVOCACY = "advocacy", _("Document de plaidoyer")
        DATABASE = "database", _("Base de données")
        APPLICATION = "application", _("Application")
        TRAINING = "training", _("Formation")

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="deliverables")
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=255)
    summary = models.TextField(_("résumé"), blank=True)
    file = models.FileField(
        _("fichier"), upload_to=StoredName("deliverables"), max_length=255, blank=True
    )
    received_on = models.DateField(_("reçu le"), null=True, blank=True)
    archived = models.BooleanField(_("archivé"), default=False)

    objects = DeliverableQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("livrable")

    def __str__(self):
        return self.title


class Event(ArchivableModel):
    class Kind(models.TextChoices):
        AWARENESS = "awareness", _("Atelier de sensibilisation")
        WEBINAR = "webinar", _("Webinaire")
        REVIEW = "review", _("Relecture d'expérience de fin de mission")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("lieu"), max_length=255)
    participants = models.PositiveIntegerField(_("participants"), default=0)

    objects = StaffQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["held_on"]
        verbose_name = _("événement")

    def __str__(self):
        return f"{self.get_kind_display()} – {self.held_on}"


class ExportLog(models.Model):
    """Every export of volunteers' personal data: who, when, which filter, how many rows."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    exported_at = models.DateTimeField(auto_now_add=True)
    query = models.CharField(max_length=255, blank=True)
    rows = models.PositiveIntegerField()

    class Meta:
        ordering = ["-exported_at"]

    def __str__(self):
        return f"{self.user} {self.exported_at:%Y-%m-%d %H:%M} ({self.rows})"
