from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from takwia.files import DOCUMENTS, document_checked
from takwia.forms import check_period
from takwia.submissions import SubmissionTokenMixin
from volunteers.models import Deliverable, Placement

ERROR_DATES = _("La fin de la mission doit suivre son début.")
ERROR_BUSY = _("Ce volontaire a déjà une mission en cours sur cette période.")


class PlacementForm(SubmissionTokenMixin, forms.ModelForm):
    class Meta:
        model = Placement
        fields = [
            "volunteer",
            "host",
            "programme",
            "theme",
            "starts_on",
            "ends_on",
            "objectives",
            "status",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "objectives": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Enregistrer la mission")))

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        check_period(self, cleaned, ERROR_DATES)
        volunteer = cleaned.get("volunteer")
        if volunteer and starts and cleaned.get("status") in {"planned", "ongoing"}:
            overlapping = Placement.objects.filter(
                volunteer=volunteer,
                status__in=["planned", "ongoing"],
                starts_on__lte=ends or starts,
            ).exclude(pk=self.instance.pk)
            overlapping = [p for p in overlapping if p.ends_on is None or p.ends_on >= starts]
            if overlapping:
                self.add_error("volunteer", ERROR_BUSY)
        return cleaned


class DeliverableForm(forms.ModelForm):
    class Meta:
        model = Deliverable
        fields = ["kind", "title", "summary", "file"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3}), "file": DOCUMENTS.widget()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Ajouter le livrable")))

    def clean_file(self):
        return document_checked(self.cleaned_data.get("file"))
