"""The library of guides and tools: the sixth kind of intervention of the provincial plan
("diffusion des guides et d'outils de travail et de gestion associative").

National staff publish guides, templates, model documents and management tools, each
in French and in Arabic, tied to the questionnaire's sub-dimensions they help with.
Every account with a role reads the library; a president is pointed to the guides
answering their association's weak sub-dimensions, and plan actions of the kind
"guides" link to the guides they hand out. Guides are archived, never deleted.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from diagnostics.models.plans import BilingualTextMixin
from diagnostics.models.questionnaire import SubDimension
from takwia.access import is_active_user
from takwia.files import StoredName
from takwia.text import normalize_search

# The languages a guide's file exists in, as they appear in its download address.
FILE_LANGUAGES = ("fr", "ar")


class GuideQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The library is national reference material: every account with a role reads
        it (archived guides included, their page says so); no role, nothing."""
        if is_active_user(user) and (user.is_superuser or user.role):
            return self
        return self.none()

    def current(self):
        """Not archived: what the library, the recommendations and the pickers offer."""
        return self.filter(archived=False)


class Guide(BilingualTextMixin, models.Model):
    class Kind(models.TextChoices):
        GUIDE = "guide", _("Guide pratique")
        TEMPLATE = "template", _("Modèle à remplir")
        MODEL_DOCUMENT = "model_document", _("Document type")
        TOOL = "tool", _("Outil de gestion")

    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("intitulé"), max_length=255)
    title_ar = models.CharField(_("intitulé (arabe)"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_ar = models.TextField(_("description (arabe)"), blank=True)
    file = models.FileField(
        _("fichier (français)"), upload_to=StoredName("guides"), max_length=255, blank=True
    )
    file_ar = models.FileField(
        _("fichier (arabe)"), upload_to=StoredName("guides"), max_length=255, blank=True
    )
    # Sub-dimensions are matched on their code (stable across questionnaire versions):
    # a guide tied to a version's rows answers the same sub-dimension in every version.
    subdimensions = models.ManyToManyField(
        SubDimension, verbose_name=_("sous-dimensions"), related_name="guides", blank=True
    )
    archived = models.BooleanField(_("archivé"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Both titles and descriptions, normalised (takwia/text.py): what a search matches.
    search_text = models.TextField(editable=False, default="")

    objects = GuideQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[subdimensions], excluded_fields=["search_text"])

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("guide ou outil")
        verbose_name_plural = _("guides et outils")

    def __str__(self):
        return self.shown_title

    def save(self, *args, **kwargs):
        self.search_text = normalize_search(
            " ".join([self.title, self.title_ar, self.description, self.description_ar])
        )
        super().save(*args, **kwargs)

    @property
    def shown_description(self) -> str:
        return self.shown("description")

    def file_in(self, language: str):
        """The file of ``language`` ("fr" or "ar"), possibly empty."""
        return self.file_ar if language == "ar" else self.file

    @property
    def files(self) -> list[tuple[str, object]]:
        """(language, file) of the files it has, the reader's language first."""
        order = ("ar", "fr") if get_language() == "ar" else FILE_LANGUAGES
        return [(language, self.file_in(language)) for language in order if self.file_in(language)]
