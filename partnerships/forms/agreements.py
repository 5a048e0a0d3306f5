"""The form of a partnership agreement (creation and edit)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from associations.models import Association
from partnerships.forms.base import RecordFormMixin, current_or_own
from partnerships.models import Agreement, Partner
from takwia.files import DOCUMENTS, document_checked
from takwia.forms import check_period
from takwia.text import normalize_search

ERROR_END_BEFORE_START = _("La fin de l'accord doit suivre son début.")
ERROR_AMOUNT_REQUIRED = _("Indiquez le montant d'un accord de financement.")
ERROR_FUTURE = _("Un accord ne peut pas commencer plus d'un an dans le futur.")


class AgreementForm(RecordFormMixin, forms.ModelForm):
    submit_label = _("Enregistrer l'accord")

    new_partner = forms.CharField(
        label=_("ou nouveau partenaire"),
        required=False,
        help_text=_("Nom, si le partenaire n'est pas dans la liste."),
    )
    new_partner_kind = forms.ChoiceField(
        label=_("type du nouveau partenaire"),
        choices=[("", "—"), *Partner.Kind.choices],
        required=False,
    )

    class Meta:
        model = Agreement
        fields = [
            "association",
            "partner",
            "kind",
            "starts_on",
            "ends_on",
            "amount",
            "status",
            "document",
            "notes",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "document": DOCUMENTS.widget(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Current records, and the ones an agreement being edited already names.
        self.fields["association"].queryset = current_or_own(
            Association.objects.visible_to(user), self.instance.association_id
        )
        self.fields["partner"].queryset = current_or_own(
            Partner.objects.visible_to(user), self.instance.partner_id
        )
        self.fields["partner"].required = False

    _new_partner = None

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        if self._new_partner is not None:
            exclusions.add("partner")  # created on save, once the whole form is valid
        return exclusions

    def clean_document(self):
        return document_checked(self.cleaned_data.get("document"))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("partner"):
            name, kind = cleaned.get("new_partner", "").strip(), cleaned.get("new_partner_kind")
            if not name or not kind:
                self.add_error(
                    "partner",
                    _("Choisissez un partenaire, ou donnez le nom et le type d'un nouveau."),
                )
            else:
                existing = Partner.objects.filter(search_text=normalize_search(name)).first()
                if existing is not None:
                    cleaned["partner"] = existing
                else:
                    self._new_partner = Partner(name=name, kind=kind)
        starts = cleaned.get("starts_on")
        check_period(self, cleaned, ERROR_END_BEFORE_START)
        if starts and (starts - timezone.localdate()).days > 366:
            self.add_error("starts_on", ERROR_FUTURE)
        if cleaned.get("kind") == Agreement.Kind.FINANCING and not cleaned.get("amount"):
            self.add_error("amount", ERROR_AMOUNT_REQUIRED)
        return cleaned

    def save(self, commit=True):
        if self._new_partner is not None:
            self._new_partner.save()
            self.instance.partner = self._new_partner
        return super().save(commit=commit)
