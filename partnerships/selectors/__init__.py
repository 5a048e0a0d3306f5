"""Reads of the partnerships (selectors never write; see partnerships/services/)."""

from partnerships.selectors.cooperation import (
    IndicatorSeries,
    indicator_series,
    programme_series,
    visible_pairs,
)
from partnerships.selectors.figures import (
    PartnerFigures,
    agreements_by_area,
    partner_figures,
)
from partnerships.selectors.lists import (
    agreement_list_rows,
    network_list_rows,
    partner_list_rows,
)

__all__ = [
    "IndicatorSeries",
    "PartnerFigures",
    "agreement_list_rows",
    "agreements_by_area",
    "indicator_series",
    "network_list_rows",
    "partner_list_rows",
    "partner_figures",
    "programme_series",
    "visible_pairs",
]
