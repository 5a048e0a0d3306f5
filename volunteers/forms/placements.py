"""Placements and their deliverables: record, edit, end early, extend, mark received."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from takwia.files import DOCUMENTS, document_checked
from takwia.forms import check_period
from takwia.submissions import SubmissionTokenMixin
from volunteers.forms.records import DATE, current_choices
from volunteers.models import UNDER_WAY, Deliverable, Host, Placement, Programme, Volunteer

ERROR_DATES = _("La fin de la mission doit suivre son début.")
ERROR_BUSY = _("Ce volontaire a déjà une mission en cours sur cette période.")
ERROR_NOT_UNDER_WAY = _(
    "Cette mission n'est plus en cours : elle ne peut être ni arrêtée ni prolongée."
)
ERROR_END_BEFORE_START = _("La fin ne peut précéder le début de la mission ({date}).")
ERROR_END_AFTER_PLANNED = _(
    "Une fin anticipée précède la fin prévue ({date}) : pour la repousser, prolongez la mission."
)
ERROR_EXTEND_NOT_LATER = _("La nouvelle fin doit suivre la fin actuelle ({date}).")


def _busy(form, *, volunteer, starts_on, ends_on, exclude_pk, field):
    """The one-mission-at-a-time rule (Placement.objects.overlapping), beside ``field``."""
    if Placement.objects.overlapping(
        volunteer=volunteer, starts_on=starts_on, ends_on=ends_on, exclude_pk=exclude_pk
    ).exists():
        form.add_error(field, ERROR_BUSY)


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
            "starts_on": DATE,
            "ends_on": DATE,
            "objectives": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Archived volunteers, hosts and programmes leave the pickers (the current one stays).
        for name, model in (("volunteer", Volunteer), ("host", Host), ("programme", Programme)):
            self.fields[name].queryset = current_choices(
                model.objects.all(), getattr(self.instance, f"{name}_id", None)
            )
        self.helper = FormHelper()
        label = _("Enregistrer la mission")
        self.helper.add_input(Submit("submit", label))

    def clean(self):
        cleaned = super().clean()
        starts = cleaned.get("starts_on")
        check_period(self, cleaned, ERROR_DATES)
        volunteer = cleaned.get("volunteer")
        if volunteer and starts and cleaned.get("status") in UNDER_WAY and not self.errors:
            _busy(
                self,
                volunteer=volunteer,
                starts_on=starts,
                ends_on=cleaned.get("ends_on"),
                exclude_pk=self.instance.pk,
                field="volunteer",
            )
        return cleaned


class _PlacementDateForm(forms.Form):
    def __init__(self, *args, placement: Placement, **kwargs):
        super().__init__(*args, **kwargs)
        self.placement = placement
        self.helper = FormHelper()

    def clean(self):
        cleaned = super().clean()
        if not self.placement.is_under_way:
            raise forms.ValidationError(ERROR_NOT_UNDER_WAY)
        return cleaned


class PlacementEndForm(_PlacementDateForm):
    """End a mission early: a date between its start and its planned end, and why."""

    on = forms.DateField(label=_("Date de fin"), widget=DATE)
    reason = forms.CharField(
        label=_("Motif"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.add_input(Submit("end", _("Arrêter la mission"), css_class="btn-danger"))

    def clean_on(self):
        on = self.cleaned_data["on"]
        placement = self.placement
        if on < placement.starts_on:
            raise forms.ValidationError(
                ERROR_END_BEFORE_START.format(
                    date=date_format(placement.starts_on, "SHORT_DATE_FORMAT")
                )
            )
        if placement.ends_on and on > placement.ends_on:
            raise forms.ValidationError(
                ERROR_END_AFTER_PLANNED.format(
                    date=date_format(placement.ends_on, "SHORT_DATE_FORMAT")
                )
            )
        return on


class PlacementExtendForm(_PlacementDateForm):
    """Extend a mission: a new end after the current one, the volunteer free until then."""

    until = forms.DateField(label=_("Nouvelle date de fin"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.add_input(Submit("extend", _("Prolonger la mission")))

    def clean_until(self):
        until = self.cleaned_data["until"]
        placement = self.placement
        current = placement.ends_on or placement.starts_on
        if until <= current:
            raise forms.ValidationError(
                ERROR_EXTEND_NOT_LATER.format(date=date_format(current, "SHORT_DATE_FORMAT"))
            )
        _busy(
            self,
            volunteer=placement.volunteer,
            starts_on=placement.starts_on,
            ends_on=until,
            exclude_pk=placement.pk,
            field="until",
        )
        return until


class DeliverableForm(SubmissionTokenMixin, forms.ModelForm):
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


class DeliverableEditForm(DeliverableForm):
    """A deliverable's edit: its fields, and the day it was received."""

    class Meta(DeliverableForm.Meta):
        fields = [*DeliverableForm.Meta.fields, "received_on"]
        widgets = {**DeliverableForm.Meta.widgets, "received_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Enregistrer le livrable")))
