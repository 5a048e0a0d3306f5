"""Forms of the decentralised cooperation: programmes, expected results, indicators,
pairs of communes and the indicators' yearly values with their targets."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.models import Commune
from partnerships.forms.base import DATE_WIDGET, RecordFormMixin
from partnerships.models import (
    CommunePair,
    CooperationProgramme,
    ExpectedResult,
    Indicator,
    Measurement,
)
from takwia.forms import check_period

ERROR_PROGRAMME_END = _("La fin du programme doit suivre son début.")
ERROR_RESULT_NUMBER = _("Ce programme a déjà un résultat attendu numéro %(number)s.")
ERROR_YEAR_TAKEN = _(
    "Une valeur est déjà enregistrée pour %(year)s : modifiez-la plutôt que d'en ajouter une."
)
ERROR_YEAR_RANGE = _("L'année doit être comprise entre %(first)s et %(last)s.")
ERROR_NEGATIVE = _("Une valeur ou une cible ne peut pas être négative.")


class ProgrammeForm(RecordFormMixin, forms.ModelForm):
    submit_label = _("Enregistrer le programme")

    class Meta:
        model = CooperationProgramme
        fields = ["name", "countries", "starts_on", "ends_on", "objective"]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "objective": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        cleaned = super().clean()
        check_period(self, cleaned, ERROR_PROGRAMME_END)
        return cleaned


class ExpectedResultForm(RecordFormMixin, forms.ModelForm):
    submit_label = _("Ajouter le résultat attendu")

    class Meta:
        model = ExpectedResult
        fields = ["number", "title"]

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["number"].min_value = 1

    def clean_number(self):
        number = self.cleaned_data["number"]
        taken = self.programme.results.filter(number=number).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(ERROR_RESULT_NUMBER, params={"number": number})
        return number


class IndicatorForm(RecordFormMixin, forms.ModelForm):
    submit_label = _("Enregistrer l'indicateur")

    class Meta:
        model = Indicator
        fields = ["result", "name", "unit", "baseline", "target"]

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].queryset = programme.results.all()
        self.fields["result"].empty_label = "—"


class CommuneChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, commune):
        return f"{commune.name} ({commune.province.name})"


class PairForm(RecordFormMixin, forms.ModelForm):
    submit_label = _("Enregistrer le jumelage")
    communes = CommuneChoiceField(
        label=_("communes marocaines"),
        queryset=Commune.objects.none(),
        widget=forms.SelectMultiple,
        help_text=_("Maintenez Ctrl (ou Cmd) pour choisir plusieurs communes."),
    )

    class Meta:
        model = CommunePair
        fields = ["foreign_municipality", "foreign_country", "communes"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        communes = Commune.objects.visible_to(user).select_related("province")
        self.fields["communes"].queryset = communes.order_by("province__name_fr", "name_fr")
        self.fields["communes"].widget.attrs["size"] = 8


class MeasurementForm(RecordFormMixin, forms.ModelForm):
    """A yearly value of one indicator for one pair, with the target of that year."""

    submit_label = _("Enregistrer la valeur")

    class Meta:
        model = Measurement
        fields = ["year", "value", "target"]

    def __init__(self, *args, indicator, pair, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator, self.pair = indicator, pair
        self.first_year = pair.programme.starts_on.year
        self.last_year = timezone.localdate().year
        self.fields["year"].widget.attrs.update(min=self.first_year, max=self.last_year)
        if self.instance.pk is None and not self.is_bound:
            self.initial.setdefault("year", self.last_year)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not self.first_year <= year <= self.last_year:
            raise forms.ValidationError(
                ERROR_YEAR_RANGE, params={"first": self.first_year, "last": self.last_year}
            )
        taken = Measurement.objects.filter(indicator=self.indicator, pair=self.pair, year=year)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(ERROR_YEAR_TAKEN, params={"year": year})
        return year

    def clean(self):
        cleaned = super().clean()
        for name in ("value", "target"):
            if cleaned.get(name) is not None and cleaned[name] < 0:
                self.add_error(name, ERROR_NEGATIVE)
        return cleaned
