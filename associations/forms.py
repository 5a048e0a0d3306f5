import difflib

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.models import Association, Commune, Network
from takwia.editing import ERROR_CONCURRENT_EDIT
from takwia.imports.kinds import UPLOAD_MAX_BYTES
from takwia.submissions import SubmissionTokenMixin
from takwia.text import normalize_search

ERROR_FUTURE_DATE = _("La date de création ne peut pas être dans le futur.")
WARNING_DUPLICATE = _(
    "Une association au nom très proche existe déjà dans cette commune : {names}. "
    "S'il ne s'agit pas d'un doublon, cochez la case de confirmation et enregistrez à nouveau."
)
SIMILARITY_THRESHOLD = 0.85
ERROR_NO_NAME = _("Indiquez le nom en français ou en arabe.")
# pg_trgm similarity of the sort names (PostgreSQL path).
TRIGRAM_THRESHOLD = 0.6


def similar_associations(*, name: str, commune, exclude_pk=None, limit: int = 5) -> list:
    """Up to ``limit`` associations of ``commune`` whose name (French, or Arabic when it
    has no French name: the sort name) is the same or nearly.

    On PostgreSQL the database ranks by trigram similarity (a city commune holds up to ~12,000
    associations at national scale: comparing them in Python took 900 ms per
    save); elsewhere (SQLite, development sizes) difflib compares in Python.
    """
    candidates = Association.objects.filter(commune=commune).exclude(pk=exclude_pk)
    if connection.vendor == "postgresql":
        return list(
            # pg_trgm ignores case; a differing accent changes only a few trigrams.
            candidates.annotate(similarity=TrigramSimilarity("sort_name", normalize_search(name)))
            .filter(similarity__gte=TRIGRAM_THRESHOLD)
            .order_by("-similarity")
            .only("pk", "name_fr", "name_ar")[:limit]
        )
    needle = normalize_search(name)
    similar = [
        association
        for association in candidates.only("pk", "name_fr", "name_ar", "sort_name")
        if difflib.SequenceMatcher(None, needle, association.sort_name).ratio()
        >= SIMILARITY_THRESHOLD
    ]
    return similar[:limit]


class AssociationForm(SubmissionTokenMixin, forms.ModelForm):
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    confirm_not_duplicate = forms.BooleanField(
        label=_("Je confirme qu'il ne s'agit pas d'un doublon"), required=False
    )

    class Meta:
        model = Association
        fields = [
            "name_fr",
            "name_ar",
            "acronym",
            "commune",
            "address",
            "phone",
            "email",
            "founded_on",
            "registration_ref",
            "president_name",
            "members_count",
            "paid_staff_count",
            "volunteers_count",
            "domains",
            "target_populations",
            "initiator",
            "networks",
            "status",
        ]
        widgets = {
            "founded_on": forms.DateInput(attrs={"placeholder": "jj/mm/aaaa"}),
            "domains": forms.CheckboxSelectMultiple,
            "target_populations": forms.CheckboxSelectMultiple,
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = (
            Commune.objects.visible_to(user)
            .select_related("province")
            .order_by("province__code", "name_fr")
        )
        self.fields["commune"].label_from_instance = lambda commune: (
            f"{commune.name_fr} ({commune.province.name_fr}, {commune.code})"
        )
        self.fields["registration_ref"].required = False
        # Archived networks are no longer offered; those the association is in stay ticked.
        held = self.instance.networks.values("pk") if self.instance.pk else []
        self.fields["networks"].queryset = Network.objects.filter(
            Q(archived=False) | Q(pk__in=held)
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.updated_at.isoformat()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                _("Identité"),
                Row(
                    Column("name_fr", css_class="col-md-6"), Column("name_ar", css_class="col-md-6")
                ),
                Row(
                    Column("acronym", css_class="col-md-3"),
                    Column("registration_ref", css_class="col-md-5"),
                    Column("founded_on", css_class="col-md-4"),
                ),
                Row(
                    Column("initiator", css_class="col-md-6"),
                    Column("status", css_class="col-md-6"),
                ),
            ),
            Fieldset(
                _("Localisation et contacts"),
                Row(
                    Column("commune", css_class="col-md-6"), Column("address", css_class="col-md-6")
                ),
                Row(
                    Column("phone", css_class="col-md-4"),
                    Column("email", css_class="col-md-4"),
                    Column("president_name", css_class="col-md-4"),
                ),
            ),
            Fieldset(
                _("Ressources humaines"),
                Row(
                    Column("members_count", css_class="col-4"),
                    Column("paid_staff_count", css_class="col-4"),
                    Column("volunteers_count", css_class="col-4"),
                ),
            ),
            Fieldset(
                _("Activité"),
                Row(
                    Column("domains", css_class="col-md-6"),
                    Column("target_populations", css_class="col-md-6"),
                ),
                "networks",
            ),
            "version",
            "submission_token",
            "confirm_not_duplicate",
            Submit("save", _("Enregistrer")),
        )

    def clean_founded_on(self):
        founded_on = self.cleaned_data.get("founded_on")
        if founded_on and founded_on > timezone.localdate():
            raise forms.ValidationError(ERROR_FUTURE_DATE)
        return founded_on

    def clean_registration_ref(self):
        # Blank references are stored as NULL, so that many associations may lack one.
        return self.cleaned_data.get("registration_ref") or None

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("version") != self.instance.updated_at.isoformat():
            raise forms.ValidationError(ERROR_CONCURRENT_EDIT, code="concurrent_edit")
        if not cleaned.get("name_fr") and not cleaned.get("name_ar"):
            self.add_error("name_fr", ERROR_NO_NAME)
        self.check_duplicates(cleaned)
        return cleaned

    def check_duplicates(self, cleaned: dict) -> bool:
        """False (with the warning beside the name) when the commune already holds an
        association of nearly the same name and the user did not confirm it is another.
        Run again by the create view under the commune's lock (see ``association_create``)."""
        name = cleaned.get("name_fr") or cleaned.get("name_ar")
        commune = cleaned.get("commune")
        if not name or not commune or cleaned.get("confirm_not_duplicate"):
            return True
        similar = similar_associations(name=name, commune=commune, exclude_pk=self.instance.pk)
        if similar:
            self.add_error(
                "name_fr" if cleaned.get("name_fr") else "name_ar",
                WARNING_DUPLICATE.format(names=", ".join(a.name for a in similar)),
            )
        return not similar


MAX_IMPORT_BYTES = UPLOAD_MAX_BYTES
ERROR_IMPORT_TOO_BIG = _("Le fichier dépasse 10 Mo : découpez-le par province.")
ERROR_IMPORT_EXTENSION = _("Fichier .csv ou .xlsx attendu.")


class AssociationImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV ou Excel (.xlsx)"),
        help_text=_("En-têtes en français, comme dans le modèle. 10 Mo au plus."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Vérifier le fichier")))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(ERROR_IMPORT_TOO_BIG)
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx", ".xls")):
            raise forms.ValidationError(ERROR_IMPORT_EXTENSION)
        return upload
