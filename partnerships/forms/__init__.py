"""Forms of the partnerships, by kind of record."""

from partnerships.forms.agreements import AgreementForm
from partnerships.forms.cooperation import (
    ExpectedResultForm,
    IndicatorForm,
    MeasurementForm,
    PairForm,
    ProgrammeForm,
)
from partnerships.forms.partners import NetworkForm, PartnerForm

__all__ = [
    "AgreementForm",
    "ExpectedResultForm",
    "IndicatorForm",
    "MeasurementForm",
    "NetworkForm",
    "PairForm",
    "ProgrammeForm",
    "PartnerForm",
]
