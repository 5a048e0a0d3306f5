"""The registry as a spreadsheet: the format (``columns``), the import (``importer``,
with ``matching``, ``lookups`` and ``writes``) and the export (``export``).

One list of columns (``ASSOCIATION_COLUMNS``) serves the import, the export, the
template file and the README, so that exporting a province and re-importing the
file changes nothing.
"""

from associations.exchange.columns import (
    ASSOCIATION_COLUMNS,
    COLUMNS_BY_KEY,
    ERROR_EMAIL,
    ERROR_FUTURE_DATE,
    ERROR_PHONE,
    HEADERS,
    M2M_FIELDS,
    SCALAR_FIELDS,
)
from associations.exchange.export import (
    associations_export_csv,
    associations_export_xlsx,
    export_rows,
    template_csv,
    template_xlsx,
)
from associations.exchange.importer import (
    ERROR_NO_COMMUNE_COLUMN,
    ERROR_NO_ROWS,
    PREVIEW_ROWS,
    AssociationImportResult,
    AssociationsImporter,
    PlannedRow,
    associations_import,
)
from associations.exchange.lookups import (
    ERROR_AMBIGUOUS_COMMUNE,
    ERROR_NO_COMMUNE,
    ERROR_UNKNOWN_COMMUNE_CODE,
    ERROR_UNKNOWN_COMMUNE_NAME,
    ERROR_UNKNOWN_PROVINCE,
)
from associations.exchange.matching import (
    ERROR_DUPLICATE_NAME,
    ERROR_DUPLICATE_REF,
    ERROR_OUT_OF_SCOPE,
    ERROR_REF_ELSEWHERE,
    ERROR_SAME_ASSOCIATION,
    ERROR_UNKNOWN_ITEMS,
)

__all__ = [
    "ASSOCIATION_COLUMNS",
    "COLUMNS_BY_KEY",
    "ERROR_AMBIGUOUS_COMMUNE",
    "ERROR_DUPLICATE_NAME",
    "ERROR_DUPLICATE_REF",
    "ERROR_EMAIL",
    "ERROR_FUTURE_DATE",
    "ERROR_NO_COMMUNE",
    "ERROR_NO_COMMUNE_COLUMN",
    "ERROR_NO_ROWS",
    "ERROR_OUT_OF_SCOPE",
    "ERROR_PHONE",
    "ERROR_REF_ELSEWHERE",
    "ERROR_SAME_ASSOCIATION",
    "ERROR_UNKNOWN_COMMUNE_CODE",
    "ERROR_UNKNOWN_COMMUNE_NAME",
    "ERROR_UNKNOWN_ITEMS",
    "ERROR_UNKNOWN_PROVINCE",
    "HEADERS",
    "M2M_FIELDS",
    "PREVIEW_ROWS",
    "SCALAR_FIELDS",
    "AssociationImportResult",
    "AssociationsImporter",
    "PlannedRow",
    "associations_export_csv",
    "associations_export_xlsx",
    "associations_import",
    "export_rows",
    "template_csv",
    "template_xlsx",
]
