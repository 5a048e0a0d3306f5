"""Kept for importers: the checks of a record's file live in ``takwia.files``."""

from takwia.files.checks import (  # noqa: F401
    ERROR_DOCUMENT_CONTENT,
    ERROR_DOCUMENT_TYPE,
    ERROR_TOO_BIG,
    MAX_DOCUMENT_BYTES,
    document_checked,
)
