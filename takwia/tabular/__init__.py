"""Spreadsheets in and out: CSV as French Excel writes it, and XLSX.

Every import of the platform (registry, communes, volunteers, placements,
partnerships) is a ``TableImport`` (``importer.py``): it reads its file through
``table_read`` (``reading.py``: bounded and streamed, nothing trusted) and its
cells through ``rows_parsed`` with a list of ``Column`` (``columns.py``): headers
are recognised by their French names (accents, case and spacing ignored), each
cell is parsed by the column's parser, and every problem becomes a ``RowError``
carrying the line number and the column's French header. The importer checks
what spans rows (duplicates, matching existing records) and raises
``ImportRejected`` with the whole list: an import is all or nothing. Their
management commands share ``ImportCommand`` (``command.py``).

Exports write the same headers (``writing.py``), so a file exported can be
re-imported unchanged, and neutralise cells that a spreadsheet would run as a
formula (``formulas.py``).
"""

from takwia.tabular.columns import (
    ERROR_ALIAS_HEADERS,
    ERROR_BOOLEAN,
    ERROR_CHOICE,
    ERROR_DATE,
    ERROR_INTEGER,
    ERROR_MISSING_COLUMNS,
    ERROR_REQUIRED,
    ERROR_TOO_LONG,
    LIST_JOINER,
    LIST_SEPARATORS,
    Column,
    choice,
    choice_of,
    columns_ignored,
    columns_resolve,
    day,
    rows_parsed,
    split_list,
    text,
    whole_number,
    yes_no,
)
from takwia.tabular.errors import CellError, ImportRejected, RowError, header_key
from takwia.tabular.formulas import FORMULA_TRIGGERS, is_live_formula, neutralise, unneutralise
from takwia.tabular.reading import (
    ERROR_CELL_TOO_LONG,
    ERROR_CONTROL_CHARACTER,
    ERROR_CSV_MALFORMED,
    ERROR_DUPLICATE_HEADER,
    ERROR_EMPTY_FILE,
    ERROR_ENCODING,
    ERROR_FILE_TOO_BIG,
    ERROR_NOT_TEXT,
    ERROR_OLD_EXCEL,
    ERROR_TOO_MANY_COLUMNS,
    ERROR_TOO_MANY_ROWS,
    ERROR_XLSX_ARCHIVE,
    ERROR_XLSX_DIMENSION,
    ERROR_XLSX_UNREADABLE,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    Table,
    table_read,
)
from takwia.tabular.writing import CsvWriter, csv_chunks, xlsx_bytes

__all__ = [
    "ERROR_ALIAS_HEADERS",
    "ERROR_BOOLEAN",
    "ERROR_CELL_TOO_LONG",
    "ERROR_CHOICE",
    "ERROR_CONTROL_CHARACTER",
    "ERROR_CSV_MALFORMED",
    "ERROR_DATE",
    "ERROR_DUPLICATE_HEADER",
    "ERROR_EMPTY_FILE",
    "ERROR_ENCODING",
    "ERROR_FILE_TOO_BIG",
    "ERROR_INTEGER",
    "ERROR_MISSING_COLUMNS",
    "ERROR_NOT_TEXT",
    "ERROR_OLD_EXCEL",
    "ERROR_REQUIRED",
    "ERROR_TOO_LONG",
    "ERROR_TOO_MANY_COLUMNS",
    "ERROR_TOO_MANY_ROWS",
    "ERROR_XLSX_ARCHIVE",
    "ERROR_XLSX_DIMENSION",
    "ERROR_XLSX_UNREADABLE",
    "FORMULA_TRIGGERS",
    "LIST_JOINER",
    "LIST_SEPARATORS",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "CellError",
    "CsvWriter",
    "Column",
    "ImportRejected",
    "RowError",
    "Table",
    "choice",
    "choice_of",
    "columns_ignored",
    "columns_resolve",
    "csv_chunks",
    "day",
    "header_key",
    "is_live_formula",
    "neutralise",
    "rows_parsed",
    "split_list",
    "table_read",
    "text",
    "unneutralise",
    "whole_number",
    "xlsx_bytes",
    "yes_no",
]
