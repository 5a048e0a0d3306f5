from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from associations.models import Association, Province
from diagnostics.forms.guides import GuideForm as GuideForm
from diagnostics.models import (
    Action,
    Attendee,
    Campaign,
    Guide,
    Plan,
    QuestionnaireVersion,
    Workshop,
)
from diagnostics.models.evidence import EVIDENCE_COMMENT_MAX
from takwia.editing import EditVersionMixin
from takwia.files import EVIDENCE, evidence_checked
from takwia.forms import check_period
from takwia.submissions import SubmissionTokenMixin

ERROR_DATES = _("La fin de la campagne doit suivre son début.")
ERROR_GUIDES_KIND = _(
    "Seule une action de diffusion de guides et d'outils de gestion remet des guides : "
    "changez son type ou retirez les guides."
)
ERROR_PLAN_PERIOD_TAKEN = _("Un plan existe déjà pour cette province et cette période.")


class CampaignForm(SubmissionTokenMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["name", "province", "version", "starts_on", "ends_on", "status"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = Province.objects.visible_to(user)
        self.fields["version"].queryset = QuestionnaireVersion.objects.published()
        self.fields["version"].initial = QuestionnaireVersion.objects.published().first()
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Enregistrer la campagne")))

    def clean(self):
        cleaned = super().clean()
        check_period(self, cleaned, ERROR_DATES)
        return cleaned


ERROR_FIXED_ONCE_DIAGNOSED = _(
    "Des diagnostics existent déjà dans cette campagne : changer ce champ fausserait "
    "leurs résultats. Créez une nouvelle campagne."
)
ERROR_YEAR_ONCE_DIAGNOSED = _(
    "Des diagnostics existent déjà dans cette campagne : elle ne peut pas changer "
    "d'année. Créez une nouvelle campagne."
)


class CampaignEditForm(EditVersionMixin, CampaignForm):
    """The campaign's edit form. Closing goes through its own confirmed action; once
    diagnostics exist, the province, the questionnaire version and the year stay (the
    figures, their order over the years and the comparisons read them)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        campaign = self.instance
        self.fields["version"].queryset = QuestionnaireVersion.objects.filter(
            Q(pk__in=QuestionnaireVersion.objects.published()) | Q(pk=campaign.version_id)
        )
        if campaign.is_open:
            self.fields["status"].choices = [
                choice for choice in Campaign.Status.choices if choice[0] != Campaign.Status.CLOSED
            ]
        else:
            del self.fields["status"]  # reopening is its own action
        self.diagnosed = campaign.diagnostics.exists()

    def clean(self):
        cleaned = super().clean()
        if not self.diagnosed:
            return cleaned
        campaign = self.instance  # as stored: the form's values are set on it after clean()
        for name in ("province", "version"):
            chosen = cleaned.get(name)
            if chosen is not None and chosen.pk != getattr(campaign, f"{name}_id"):
                self.add_error(name, ERROR_FIXED_ONCE_DIAGNOSED)
        starts_on = cleaned.get("starts_on")
        if starts_on and starts_on.year != campaign.starts_on.year:
            self.add_error("starts_on", ERROR_YEAR_ONCE_DIAGNOSED)
        return cleaned


class SampleDrawForm(forms.Form):
    size = forms.IntegerField(label=_("Taille de l'échantillon"), min_value=1, max_value=100000)
    seed = forms.IntegerField(
        label=_("Graine du tirage"),
        min_value=0,
        initial=2026,
        help_text=_("La même graine redonne le même échantillon."),
    )


class SampleAddForm(forms.Form):
    association = forms.ModelChoiceField(
        label=_("Ajouter une association"), queryset=Association.objects.none()
    )

    def __init__(self, *args, campaign, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = (
            Association.objects.visible_to(user)
            .current()
            .filter(commune__province=campaign.province)
            .exclude(campaigns=campaign)
            .order_by("name_fr")
        )


class WorkshopForm(SubmissionTokenMixin, forms.ModelForm):
    priorities = forms.MultipleChoiceField(
        label=_("Priorités retenues (atelier de restitution)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Workshop
        fields = ["kind", "held_on", "place", "attendees", "priorities", "notes"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "attendees": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, campaign, **kwargs):
        from diagnostics.services import structure_for

        super().__init__(*args, **kwargs)
        if "attendees" in self.fields:  # the edit form leaves them to the attendance sheet
            self.fields["attendees"].queryset = campaign.sample.order_by("name_fr")
        self.fields["priorities"].choices = [
            (sub.code, f"{axis.name} – {sub.name}")
            for axis in structure_for(campaign.version).axes
            for sub in axis.subdimensions.all()
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False


class WorkshopEditForm(EditVersionMixin, WorkshopForm):
    """The workshop's edit form; who attended is taken on its attendance sheet."""

    class Meta(WorkshopForm.Meta):
        fields = ["kind", "held_on", "place", "priorities", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_tag = True
        self.helper.add_input(Submit("submit", _("Enregistrer")))


class ReturnForm(forms.Form):
    """A return for correction: a general comment and one per axis, at least one."""

    comment = forms.CharField(
        label=_("Ce qui doit être corrigé (en général)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, axes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.axes = list(axes)
        for number, axis in enumerate(self.axes, start=1):
            self.fields[f"axis_{axis.code}"] = forms.CharField(
                label=_("Axe %(number)s : %(name)s") % {"number": number, "name": axis.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("comment", "").strip() and not self.axis_comments():
            raise forms.ValidationError(_("Indiquez ce qui doit être corrigé."))
        return cleaned

    def axis_comments(self) -> dict[str, str]:
        return {
            axis.code: self.cleaned_data.get(f"axis_{axis.code}", "").strip()
            for axis in self.axes
            if self.cleaned_data.get(f"axis_{axis.code}", "").strip()
        }


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "title",
            "title_ar",
            "objective",
            "objective_ar",
            "starts_on",
            "ends_on",
            "status",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "objective": forms.Textarea(attrs={"rows": 3}),
            "objective_ar": forms.Textarea(attrs={"rows": 3, "dir": "rtl", "lang": "ar"}),
            "title_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Enregistrer le plan")))

    def clean(self):
        cleaned = super().clean()
        check_period(self, cleaned, ERROR_DATES)
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and self.instance.province_id:
            taken = Plan.objects.filter(
                province_id=self.instance.province_id, starts_on=starts_on, ends_on=ends_on
            ).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error("ends_on", ERROR_PLAN_PERIOD_TAKEN)
        return cleaned


class ActionForm(forms.ModelForm):
    subdimensions = forms.MultipleChoiceField(
        label=_("Sous-dimensions visées"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Action
        fields = [
            "kind", "title", "title_ar", "description", "description_ar", "axis",
            "subdimensions", "targets", "target_people",
            "guides", "starts_on", "ends_on", "place", "budget", "partners", "responsible",
            "status", "outcome",
        ]  # fmt: skip
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "description_ar": forms.Textarea(attrs={"rows": 3, "dir": "rtl", "lang": "ar"}),
            "title_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
            # Searchable (Tom Select, static/js/pickers.js); a plain list without script.
            "targets": forms.SelectMultiple(attrs={"size": 8, "data-picker": "search"}),
            "guides": forms.SelectMultiple(attrs={"size": 6, "data-picker": "search"}),
        }
        help_texts = {
            "budget": _("Laisser vide tant que le budget n'est pas fixé (« à définir »)."),
            "guides": _(
                "Pour une action de diffusion de guides et d'outils : ceux de la "
                "bibliothèque qu'elle remet aux associations."
            ),
        }

    def __init__(self, *args, plan, structure, **kwargs):
        super().__init__(*args, **kwargs)
        associations = Association.objects.current().filter(commune__province=plan.province)
        self.fields["targets"].queryset = associations.order_by("sort_name")
        # Current guides, and those the action already hands out (even archived since).
        linked = self.instance.guides.all() if self.instance.pk else Guide.objects.none()
        self.fields["guides"].queryset = Guide.objects.filter(
            Q(archived=False) | Q(pk__in=linked.values("pk"))
        ).order_by("title")
        self.fields["axis"] = forms.ChoiceField(
            label=_("Axe"), choices=[(axis.code, axis.name) for axis in structure.axes]
        )
        self.fields["subdimensions"].choices = [
            (sub.code, f"{axis.name} – {sub.name}")
            for axis in structure.axes
            for sub in axis.subdimensions.all()
        ]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Enregistrer l'action")))

    def clean(self):
        cleaned = super().clean()
        check_period(self, cleaned, _("La fin doit suivre le début."))
        axis = cleaned.get("axis")
        wrong = [
            code for code in cleaned.get("subdimensions", []) if not code.startswith(f"{axis}.")
        ]
        if axis and wrong:
            self.add_error(
                "subdimensions", _("Choisissez des sous-dimensions de l'axe de l'action.")
            )
        if cleaned.get("guides") and cleaned.get("kind") != Action.Kind.GUIDES:
            self.add_error("guides", ERROR_GUIDES_KIND)
        return cleaned


class AttendeeForm(forms.ModelForm):
    """One person present at an action (a line of the attendance sheet)."""

    class Meta:
        model = Attendee
        fields = ["full_name", "association", "sex", "role"]
        widgets = {
            "association": forms.Select(attrs={"data-picker": "search", "class": "form-select"}),
            "sex": forms.RadioSelect(attrs={"class": "form-check-input"}),
            "role": forms.Select(attrs={"class": "form-select"}),
        }

    def __init__(self, *args, associations, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = associations
        self.fields["association"].empty_label = _("— hors association —")
        if choices is not None:  # read once for the whole sheet, not once per line
            self.fields["association"].choices = choices
        self.fields["sex"].choices = Attendee.Sex.choices


def association_choices(associations) -> list:
    """The association picker's options of an attendance sheet, read in one query."""
    return [("", _("— hors association —"))] + [(a.pk, a.name) for a in associations]


ERROR_ATTENDEE_TWICE = _("« %(name)s » figure déjà sur la liste (ligne %(line)s).")


class BaseAttendanceFormSet(forms.BaseFormSet):
    def clean(self):
        seen = {}
        for line, form in enumerate(self.forms, start=1):
            if not form.has_changed() or self._should_delete_form(form):
                continue
            data = getattr(form, "cleaned_data", {})
            name = " ".join(data.get("full_name", "").split()).casefold()
            if not name:
                continue
            key = (name, data.get("association"))
            if key in seen:
                form.add_error(
                    "full_name",
                    ERROR_ATTENDEE_TWICE % {"name": data["full_name"], "line": seen[key]},
                )
            seen.setdefault(key, line)


AttendanceFormSet = forms.formset_factory(
    AttendeeForm,
    formset=BaseAttendanceFormSet,
    extra=3,
    can_delete=True,
    max_num=500,
    validate_max=True,
)


ERROR_CAMPAIGN_PROVINCE = _("Cette campagne n'est pas une campagne de la province choisie.")


class ProvinceReportForm(forms.Form):
    """The provincial report: a province, one of its campaigns, which questionnaires."""

    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.none(), to_field_name="code"
    )
    campaign = forms.ChoiceField(
        label=_("Campagne"),
        required=False,
        help_text=_("Sans choix, la campagne la plus récente de la province."),
    )
    statuses = forms.ChoiceField(
        label=_("Questionnaires comptés"),
        choices=[
            ("all", _("Soumis et validés (chiffres provisoires)")),
            ("validated", _("Validés seulement (rapport définitif)")),
        ],
        initial="all",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, user, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = Province.objects.visible_to(user).order_by("name_fr")
        self.campaigns = {str(campaign.pk): campaign for campaign in campaigns}
        groups: dict[str, list] = {}
        for campaign in campaigns:
            groups.setdefault(campaign.province.name, []).append(
                (
                    str(campaign.pk),
                    _("%(name)s – %(submitted)s soumis, %(validated)s validés")
                    % {
                        "name": campaign.name,
                        "submitted": campaign.submitted,
                        "validated": campaign.validated,
                    },
                )
            )
        self.fields["campaign"].choices = [("", _("La plus récente")), *groups.items()]

    def clean(self):
        cleaned = super().clean()
        province, pk = cleaned.get("province"), cleaned.get("campaign")
        if province and pk and self.campaigns[pk].province_id != province.pk:
            self.add_error("campaign", ERROR_CAMPAIGN_PROVINCE)
        return cleaned

    def params(self) -> dict:
        """The report job's parameters (diagnostics.reports.ProvinceReport)."""
        params = {"province": self.cleaned_data["province"].code}
        if self.cleaned_data.get("campaign"):
            params["campaign"] = self.cleaned_data["campaign"]
        params["statuses"] = self.cleaned_data["statuses"]
        return params


ERROR_EVIDENCE_EMPTY = _("Joignez un fichier ou écrivez un commentaire.")


class EvidenceForm(SubmissionTokenMixin, forms.Form):
    """Evidence on one answer: a comment, a file (PDF, JPEG, PNG; 5 MB), or both."""

    comment = forms.CharField(
        label=_("Commentaire"),
        required=False,
        max_length=EVIDENCE_COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    file = forms.FileField(
        label=_("Fichier (PDF, JPEG ou PNG, 5 Mo au plus)"),
        required=False,
        widget=EVIDENCE.widget(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("submit", _("Ajouter la pièce")))

    def clean_file(self):
        return evidence_checked(self.cleaned_data.get("file"))

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("file") and not cleaned.get("comment", "").strip():
            raise forms.ValidationError(ERROR_EVIDENCE_EMPTY)
        return cleaned
