"""Volunteers, host structures, programmes and their events: create and edit forms."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from associations.models import Association
from takwia.forms import check_period
from takwia.submissions import SubmissionTokenMixin
from volunteers.models import Event, Host, Programme, Skill, Volunteer
from volunteers.vocabulary import COUNTRIES, LANGUAGES, NATIONALITIES, choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ERROR_PROGRAMME_DATES = _("La fin du programme doit suivre son début.")
ERROR_BORN_IN_FUTURE = _("La date de naissance ne peut être dans le futur.")
ERROR_HOST_EXISTS = _("Une structure d'accueil de ce nom existe déjà dans cette ville.")


def current_choices(queryset, keep_pk=None):
    """A picker's records: those not archived, plus the one already chosen."""
    condition = Q(archived=False)
    if keep_pk:
        condition |= Q(pk=keep_pk)
    return queryset.filter(condition)


def _split(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


class ListField(forms.MultipleChoiceField):
    """Ticked values stored as "A, B" in a text column (languages, countries)."""

    widget = forms.CheckboxSelectMultiple


class _RecordForm(SubmissionTokenMixin, forms.ModelForm):
    submit_label = _("Enregistrer")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class SkillChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class VolunteerForm(_RecordForm):
    nationality = forms.ChoiceField(label=capfirst(_("nationalité")))
    languages = ListField(label=capfirst(_("langues")), required=False)
    skills = SkillChoice(
        queryset=Skill.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=capfirst(_("compétences")),
    )
    submit_label = _("Enregistrer le volontaire")

    class Meta:
        model = Volunteer
        fields = [
            "last_name", "first_name", "gender", "born_on", "nationality", "languages",
            "email", "phone", "category", "status", "programme", "skills",
        ]  # fmt: skip
        widgets = {"born_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        self.fields["nationality"].choices = [
            ("", "---------"),
            *choices(NATIONALITIES, instance.nationality),
        ]
        known = _split(instance.languages)
        self.fields["languages"].choices = choices(LANGUAGES) + [
            (name, name) for name in known if name not in LANGUAGES
        ]
        self.initial["languages"] = known
        self.fields["programme"].queryset = current_choices(
            Programme.objects.all(), instance.programme_id
        )

    def clean_born_on(self):
        from django.utils import timezone

        born_on = self.cleaned_data.get("born_on")
        if born_on and born_on > timezone.localdate():
            raise forms.ValidationError(ERROR_BORN_IN_FUTURE)
        return born_on

    def clean_languages(self):
        return ", ".join(self.cleaned_data.get("languages") or [])


class HostForm(_RecordForm):
    country = forms.ChoiceField(label=capfirst(_("pays")))
    submit_label = _("Enregistrer la structure")

    class Meta:
        model = Host
        fields = ["name", "kind", "country", "city", "association"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = choices(COUNTRIES, self.instance.country)
        self.fields["association"].queryset = Association.objects.visible_to(user).filter(
            Q(archived=False) | Q(pk=self.instance.association_id)
        )
        self.fields["association"].help_text = _(
            "Seulement si la structure est une association du registre."
        )

    def clean(self):
        cleaned = super().clean()
        name, city = cleaned.get("name"), cleaned.get("city")
        if name and city:
            same = Host.objects.filter(name__iexact=name, city__iexact=city)
            if same.exclude(pk=self.instance.pk).exists():
                self.add_error("name", ERROR_HOST_EXISTS)
        return cleaned

    def validate_unique(self):
        """Said in French by clean() above (Django's own message would be generic)."""


class ProgrammeForm(_RecordForm):
    countries = ListField(label=capfirst(_("pays")))
    submit_label = _("Enregistrer le programme")

    class Meta:
        model = Programme
        fields = [
            "name", "coordinator", "funders", "countries", "starts_on", "ends_on", "objectives",
        ]  # fmt: skip
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "objectives": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        known = _split(self.instance.countries)
        self.fields["countries"].choices = choices(COUNTRIES) + [
            (name, name) for name in known if name not in COUNTRIES
        ]
        self.initial["countries"] = known

    def clean_countries(self):
        return ", ".join(self.cleaned_data.get("countries") or [])

    def clean(self):
        cleaned = super().clean()
        check_period(self, cleaned, ERROR_PROGRAMME_DATES)
        return cleaned


class EventForm(_RecordForm):
    submit_label = _("Enregistrer l'événement")

    class Meta:
        model = Event
        fields = ["kind", "held_on", "place", "participants"]
        widgets = {"held_on": DATE}
