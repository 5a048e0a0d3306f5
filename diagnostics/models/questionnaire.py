"""The questionnaire as rows: versions, axes, sub-dimensions, questions, choices, findings.

The questionnaire is data (diagnostics/data/questionnaire/v*.json, loaded by
``diagnostics.questionnaire.loader``): a new version is new rows, so past diagnostics
keep the questions and points they were answered with. Findings define the analysis,
not the data: they can be corrected in place, and their history keeps every change.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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
    """A statement of the provincial report ("56 % have no action plan"): a predicate
    over one or several questions' answers, within a base (diagnostics.questionnaire.
    findings). ``question`` is the first question the predicate reads (for ordering and
    display)."""

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

    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "order"]
        unique_together = [("version", "code")]

    def __str__(self):
        return self.code

    @property
    def label(self) -> str:
        return self._pick("label")
