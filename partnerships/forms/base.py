"""What every form of the partnerships shares: a one-time token against double submits,
one submit button, and pickers that offer current records only."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from takwia.submissions import SubmissionTokenMixin

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RecordFormMixin(SubmissionTokenMixin):
    submit_label = _("Enregistrer")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


def current_or_own(queryset, pk):
    """The non-archived rows of ``queryset``, and the row ``pk`` (the one a record being
    edited already points to, even archived since)."""
    return queryset.filter(Q(archived=False) | Q(pk=pk))
