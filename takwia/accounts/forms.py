from django import forms
from django.utils.translation import gettext_lazy as _

from associations.models import Association, Province
from takwia.models import (
    ERROR_ASSOCIATION_ONLY_PRESIDENT,
    ERROR_ASSOCIATION_REQUIRED,
    ERROR_PROVINCE_REQUIRED,
    User,
)
from takwia.roles import PROVINCIAL_ROLES, Role
from takwia.submissions import SubmissionTokenMixin

ERROR_EMAIL_TAKEN = _("Un compte existe déjà avec cette adresse e-mail.")
ERROR_SELF_DEMOTION = _(
    "Vous ne pouvez ni changer votre propre rôle ni désactiver votre propre compte : "
    "demandez-le à un autre membre du personnel national."
)


class AccountForm(forms.ModelForm):
    """The role and what it covers: provinces for agents and coordinators, the
    association for a president, nothing for nationwide roles."""

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "role", "provinces", "association"]
        widgets = {
            "provinces": forms.SelectMultiple(attrs={"data-picker": "search"}),
            "association": forms.Select(attrs={"data-picker": "search"}),
        }

    def __init__(self, *args, editor, **kwargs):
        super().__init__(*args, **kwargs)
        self.editor = editor
        self.fields["email"].required = True
        self.fields["role"].required = True
        self.fields["provinces"].queryset = Province.objects.order_by("name_fr")
        self.fields["association"].queryset = Association.objects.current().order_by("sort_name")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        taken = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if email and taken.exists():
            raise forms.ValidationError(ERROR_EMAIL_TAKEN)
        return email

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if self.instance.pk and self.instance.pk == self.editor.pk and role != self.instance.role:
            self.add_error("role", ERROR_SELF_DEMOTION)
        if role in PROVINCIAL_ROLES and not cleaned.get("provinces"):
            self.add_error("provinces", ERROR_PROVINCE_REQUIRED)
        if role == Role.PRESIDENT and not cleaned.get("association"):
            self.add_error("association", ERROR_ASSOCIATION_REQUIRED)
        if role and role != Role.PRESIDENT and cleaned.get("association"):
            self.add_error("association", ERROR_ASSOCIATION_ONLY_PRESIDENT)
        if role and role not in PROVINCIAL_ROLES:
            cleaned["provinces"] = Province.objects.none()  # a nationwide role has no list
        return cleaned


class InviteForm(SubmissionTokenMixin, AccountForm):
    pass


class AccountUpdateForm(AccountForm):
    is_active = forms.BooleanField(
        label=_("Compte actif"),
        required=False,
        help_text=_("Un compte désactivé ne peut plus se connecter ; rien n'est supprimé."),
    )

    class Meta(AccountForm.Meta):
        fields = [*AccountForm.Meta.fields, "is_active"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk == self.editor.pk and not cleaned.get("is_active"):
            self.add_error("is_active", ERROR_SELF_DEMOTION)
        return cleaned


class AccountFilterForm(forms.Form):
    q = forms.CharField(label=_("Recherche"), required=False, max_length=100)
    role = forms.ChoiceField(
        label=_("Rôle"), required=False, choices=[("", _("Tous"))] + list(Role.choices)
    )
