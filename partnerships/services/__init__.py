"""Writes of the partnerships (services never read for display; see partnerships/selectors/)."""

from partnerships.services.imports import (
    AGREEMENT_COLUMNS,
    ERROR_UNKNOWN_ASSOCIATION,
    HEADERS,
    AgreementImportResult,
    AgreementsImporter,
    agreements_import,
)
from partnerships.services.records import record_archive, record_save

__all__ = [
    "AGREEMENT_COLUMNS",
    "ERROR_UNKNOWN_ASSOCIATION",
    "HEADERS",
    "AgreementImportResult",
    "AgreementsImporter",
    "agreements_import",
    "record_archive",
    "record_save",
]
