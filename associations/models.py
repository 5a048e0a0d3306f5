from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from takwia.access import ScopedQuerySet, is_active_user
from takwia.lists import filter_words
from takwia.roles import Role
from takwia.text import normalize_search


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
        return self.name_fr or self.name_ar


class Milieu(models.TextChoices):
    URBAN = "urban", _("Urbain")
    RURAL = "rural", _("Rural")


class RegionQuerySet(ScopedQuerySet):
    """Regions holding at least one province the user may see."""

    scope_province = "provinces"
    scope_many = True


class Region(BilingualNameMixin):
    """One of the 12 regions of 2015 (HCP code, e.g. ``01``)."""

    code = models.CharField(_("code HCP"), max_length=8, unique=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("région")
        verbose_name_plural = _("régions")


class ProvinceQuerySet(ScopedQuerySet):
    scope_province = "pk"


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


class CommuneQuerySet(ScopedQuerySet):
    scope_province = "province"


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


class ReferenceListQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reference lists are the same for everybody with an account."""
        return self if is_active_user(user) else self.none()


class ReferenceItem(BilingualNameMixin):
    """An entry of a reference list, identified by a stable code (see associations/data/)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)

    objects = ReferenceListQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name_fr"]


class Domain(ReferenceItem):
    """A domain of intervention (social development, literacy, health...)."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("domaine d'intervention")
        verbose_name_plural = _("domaines d'intervention")


class TargetPopulation(ReferenceItem):
    """A population an association works for (women, children, youth...)."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("population cible")
        verbose_name_plural = _("populations cibles")


class NetworkQuerySet(ReferenceListQuerySet):
    def current(self):
        """Not archived: the networks offered to join and listed."""
        return self.filter(archived=False)


class Network(models.Model):
    """A network of associations, thematic or territorial, at some level."""

    class Kind(models.TextChoices):
        THEMATIC = "thematic", _("Thématique")
        TERRITORIAL = "territorial", _("Territorial")

    class Level(models.TextChoices):
        PROVINCIAL = "provincial", _("Provincial")
        REGIONAL = "regional", _("Régional")
        NATIONAL = "national", _("National")

    name = models.CharField(_("nom"), max_length=255, unique=True)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    level = models.CharField(_("niveau"), max_length=16, choices=Level.choices)
    archived = models.BooleanField(_("archivé"), default=False)

    objects = NetworkQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("réseau")
        verbose_name_plural = _("réseaux")

    def __str__(self):
        return self.name


class AssociationQuerySet(ScopedQuerySet):
    """The associations ``user`` may see: see takwia/access.py for the rules."""

    scope_province = "commune__province"
    scope_association = "pk"

    def current(self):
        """Not archived: the associations that statistics count."""
        return self.filter(archived=False)

    def search(self, query: str, *, narrow: bool = False):
        """Names (French, Arabic, acronym) containing every word of ``query``, in any
        order, accents, case and Arabic spelling variants ignored.

        ``narrow`` says the queryset is already limited to a province or less. The
        trigram index then hurts: a common word ("developpement") matches tens of
        thousands of rows nationally, which PostgreSQL fetches before applying the
        province filter (250 ms at 250,000 associations, against 8 ms by scanning the
        province's few thousand rows). Matching on an expression keeps it off the index.
        """
        words = normalize_search(query).split()
        if not words:
            return self
        if narrow:
            unindexed = Concat("search_text", Value(""), output_field=models.TextField())
            queryset = self.alias(unindexed_text=unindexed)
            for word in words:
                queryset = queryset.filter(unindexed_text__contains=word)
            return queryset
        return filter_words(self, query, "search_text")


moroccan_phone_validator = RegexValidator(
    r"^(?:\+212|00212|0)[5-8]\d{8}$",
    _("Numéro marocain attendu : 10 chiffres commençant par 05, 06, 07 ou 08 (ou +212)."),
)


class Association(BilingualNameMixin):
    """An association of the registry. Records are archived, never deleted."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        DORMANT = "dormant", _("En sommeil")

    class Initiator(models.TextChoices):
        ADMINISTRATION = "administration", _("Une administration ou un organisme")
        FOUNDERS = "founders", _("Les fondateurs")
        POPULATION = "population", _("Une demande de la population")

    # Either name may be missing (many associations are registered in Arabic only),
    # never both (constraint "association_has_a_name").
    name_fr = models.CharField(_("nom (français)"), max_length=255, blank=True)
    acronym = models.CharField(_("sigle"), max_length=40, blank=True)
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="associations"
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    phone = models.CharField(
        _("téléphone"), max_length=20, blank=True, validators=[moroccan_phone_validator]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    founded_on = models.DateField(_("date de création"), null=True, blank=True)
    registration_ref = models.CharField(
        _("référence du récépissé"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Référence du dépôt légal (récépissé définitif)."),
    )
    president_name = models.CharField(_("président(e)"), max_length=255, blank=True)
    members_count = models.PositiveIntegerField(_("nombre d'adhérents"), null=True, blank=True)
    paid_staff_count = models.PositiveIntegerField(_("salariés"), null=True, blank=True)
    volunteers_count = models.PositiveIntegerField(_("bénévoles"), null=True, blank=True)
    domains = models.ManyToManyField(
        Domain, verbose_name=_("domaines d'intervention"), blank=True, related_name="associations"
    )
    target_populations = models.ManyToManyField(
        TargetPopulation,
        verbose_name=_("populations cibles"),
        blank=True,
        related_name="associations",
    )
    initiator = models.CharField(
        _("à l'initiative de"), max_length=16, choices=Initiator.choices, blank=True
    )
    networks = models.ManyToManyField(
        Network, verbose_name=_("réseaux"), blank=True, related_name="members"
    )
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    archived = models.BooleanField(_("archivée"), default=False)
    # Normalised names (see takwia/text.py), kept in step by save(): what search matches.
    search_text = models.TextField(editable=False, default="")
    # The name as it sorts: case, accents and Arabic spelling variants ignored
    # ("Afaq" before "APSOPAD", "Éducation" among the E).
    sort_name = models.CharField(max_length=255, editable=False, default="")
    created_at = models.DateTimeField(_("enregistrée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = AssociationQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[domains, target_populations, networks],
        excluded_fields=["search_text", "sort_name"],
    )

    class Meta:
        # name then id: a stable order for pagination, served by the index below.
        ordering = ["sort_name", "id"]
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_fr="", name_ar=""),
                name="association_has_a_name",
                violation_error_message=_("Indiquez le nom en français ou en arabe."),
            )
        ]
        indexes = [
            models.Index(fields=["commune", "status"], name="association_commune_status"),
            models.Index(fields=["founded_on"], name="association_founded_on"),
            models.Index(fields=["sort_name", "id"], name="association_sort_order"),
        ]

    def save(self, *args, **kwargs):
        self.index_names()
        super().save(*args, **kwargs)

    def index_names(self) -> None:
        """Fill the search text and the sort name from the names (bulk writes, which
        skip ``save()``, call this themselves)."""
        self.search_text = normalize_search(
            " ".join(filter(None, [self.name_fr, self.name_ar, self.acronym]))
        )
        self.sort_name = normalize_search(self.name_fr or self.name_ar)[:255]


class AssociationImportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """National staff see every import; others the files they uploaded."""
        if not is_active_user(user):
            return self.none()
        if user.is_superuser or user.role == Role.NATIONAL:
            return self
        return self.filter(uploaded_by=user)


class AssociationImport(models.Model):
    """An uploaded registry file: checked and previewed first, written on confirmation.

    The file is kept, so that what was imported, by whom and when stays on record.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("À confirmer")
        APPLIED = "applied", _("Importé")

    uploaded_by = models.ForeignKey(
        "takwia.User",
        verbose_name=_("déposé par"),
        on_delete=models.PROTECT,
        related_name="association_imports",
    )
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    filename = models.CharField(_("fichier"), max_length=255)
    content = models.BinaryField(editable=False)
    status = models.CharField(
        _("état"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_count = models.PositiveIntegerField(_("créées"), default=0)
    updated_count = models.PositiveIntegerField(_("mises à jour"), default=0)
    unchanged_count = models.PositiveIntegerField(_("inchangées"), default=0)
    applied_at = models.DateTimeField(_("importé le"), null=True, blank=True)
    # A long file is checked by a worker (associations/import_jobs.py), which stores here
    # what the preview shows: the errors, or the ignored columns and the first rows.
    checked_at = models.DateTimeField(_("vérifié le"), null=True, blank=True)
    check_report = models.JSONField(default=dict, blank=True, editable=False)

    objects = AssociationImportQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("import d'associations")
        verbose_name_plural = _("imports d'associations")

    def __str__(self):
        return self.filename
