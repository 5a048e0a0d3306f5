"""The form of a guide or tool of the library (publication and edit)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from diagnostics.models import Guide, SubDimension
from diagnostics.selectors import library_axes
from takwia.files import DOCUMENTS, document_checked
from takwia.submissions import SubmissionTokenMixin

ERROR_NO_SUBDIMENSION = _("Choisissez au moins une sous-dimension à laquelle il répond.")
ARABIC = {"dir": "rtl", "lang": "ar"}


class GuideForm(SubmissionTokenMixin, forms.ModelForm):
    subdimension_codes = forms.MultipleChoiceField(
        label=_("Sous-dimensions auxquelles il répond"),
        help_text=_(
            "Il est recommandé aux associations faibles sur l'une d'elles à leur dernier "
            "diagnostic validé."
        ),
        error_messages={"required": ERROR_NO_SUBDIMENSION},
        # Searchable (Tom Select, static/js/pickers.js); a plain list without script.
        widget=forms.SelectMultiple(attrs={"size": 10, "data-picker": "search"}),
    )

    class Meta:
        model = Guide
        fields = ["kind", "title", "title_ar", "description", "description_ar", "file", "file_ar"]
        widgets = {
            "title_ar": forms.TextInput(attrs=ARABIC),
            "description": forms.Textarea(attrs={"rows": 3}),
            "description_ar": forms.Textarea(attrs={"rows": 3, **ARABIC}),
            "file": DOCUMENTS.widget(),
            "file_ar": DOCUMENTS.widget(),
        }
        help_texts = {
            "file": _("PDF, Word, Excel, PowerPoint, OpenDocument, JPEG ou PNG ; 10 Mo au plus."),
            "file_ar": _("Facultatif : la version arabe du document, s'il y en a une."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_ar"].required = True
        # The sub-dimensions of the latest questionnaire, by name, grouped by axis; a
        # guide is matched on their codes, which every version keeps.
        axes = library_axes()
        self.version_id = axes[0].version_id if axes else None
        self.fields["subdimension_codes"].choices = [
            (axis.name, [(sub.code, sub.name) for sub in axis.subdimensions.all()]) for axis in axes
        ]
        if self.instance.pk:
            self.initial["subdimension_codes"] = sorted(
                {sub.code for sub in self.instance.subdimensions.all()}
            )
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Publier")))

    def clean_file(self):
        return document_checked(self.cleaned_data.get("file"))

    def clean_file_ar(self):
        return document_checked(self.cleaned_data.get("file_ar"))

    def _save_m2m(self):
        super()._save_m2m()
        self.instance.subdimensions.set(
            SubDimension.objects.filter(
                axis__version_id=self.version_id,
                code__in=self.cleaned_data["subdimension_codes"],
            )
        )
