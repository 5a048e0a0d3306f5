"""Forms of the partner organisations and of the networks of associations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from associations.models import Network
from partnerships.forms.base import RecordFormMixin
from partnerships.models import Partner
from takwia.text import normalize_search

ERROR_PARTNER_EXISTS = _("Un partenaire porte déjà ce nom (« %(name)s »).")
ERROR_NETWORK_EXISTS = _("Un réseau porte déjà ce nom (« %(name)s »).")


def _same_name(queryset, name: str, instance):
    """The other record whose name reads the same, case and accents ignored (or None):
    a few dozen networks, compared here."""
    needle = normalize_search(name)
    for other in queryset.exclude(pk=instance.pk).values_list("name", flat=True):
        if normalize_search(other) == needle:
            return other
    return None


class PartnerForm(RecordFormMixin, forms.ModelForm):
    submit_label = _("Enregistrer le partenaire")

    class Meta:
        model = Partner
        fields = ["name", "kind", "country"]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        other = (
            Partner.objects.filter(search_text=normalize_search(name))
            .exclude(pk=self.instance.pk)
            .first()
        )
        if other is not None:
            raise forms.ValidationError(ERROR_PARTNER_EXISTS, params={"name": other.name})
        return name


class NetworkForm(RecordFormMixin, forms.ModelForm):
    submit_label = _("Enregistrer le réseau")

    class Meta:
        model = Network
        fields = ["name", "kind", "level"]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        other = _same_name(Network.objects.all(), name, self.instance)
        if other is not None:
            raise forms.ValidationError(ERROR_NETWORK_EXISTS, params={"name": other})
        return name
