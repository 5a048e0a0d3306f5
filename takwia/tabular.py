"""Spreadsheets in and out: CSV as French Excel writes it, and XLSX.

Every import of the platform (registry, volunteers, partnerships...) reads its file
through ``table_read`` and its cells through ``rows_parse`` with a list of
``Column``: headers are recognised by their French names (accents, case and
spacing ignored), each cell is parsed by the column's parser, and every problem
becomes a ``RowError`` carrying the line number and the column's French header.
The caller checks what spans rows (duplicates, matching existing records) and
raises ``ImportRejected`` with the whole list: an import is all or nothing.

Exports write the same headers, so a file exported can be re-imported unchanged,
and neutralise cells that a spreadsheet would run as a formula.
"""

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from takwia.text import normalize_search

ERROR_ENCODING = (
    "Le fichier n'est pas encodé en UTF-8 : dans Excel, enregistrez-le en « CSV UTF-8 » "
    "ou en classeur Excel (.xlsx)."
)
ERROR_EMPTY_FILE = "Le fichier est vide."
ERROR_OLD_EXCEL = (
    "Les classeurs Excel 97-2003 (.xls) ne sont pas lus : enregistrez le fichier en .xlsx "
    "ou en « CSV UTF-8 »."
)
ERROR_XLSX_UNREADABLE = "Le classeur Excel n'a pas pu être lu (fichier endommagé ?)."
ERROR_NOT_TEXT = "Le fichier n'est ni un CSV ni un classeur Excel (.xlsx) : vérifiez son format."
ERROR_MISSING_COLUMNS = "Colonnes manquantes : {columns}."
ERROR_DUPLICATE_HEADER = "La colonne « {column} » figure deux fois dans l'en-tête."
ERROR_REQUIRED = "valeur obligatoire."
ERROR_INTEGER = "nombre entier positif attendu, « {value} » reçu."
ERROR_DATE = "date attendue au format jj/mm/aaaa, « {value} » reçu."
ERROR_TOO_LONG = "{length} caractères au plus, {actual} reçus."
ERROR_CHOICE = "« {value} » n'est pas une valeur reconnue ({allowed})."
ERROR_BOOLEAN = "« oui » ou « non » attendu, « {value} » reçu."

# A cell starting with one of these is run as a formula by spreadsheets
# (OWASP "CSV injection"); exports prefix it with an apostrophe, imports remove it.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"
LIST_SEPARATORS = re.compile(r"\s*[|;,]\s*")


class CellError(ValueError):
    """Raised by a column parser; the message is French and names the problem only."""


@dataclass(frozen=True)
class RowError:
    """One problem of an imported file: line number (1 = header), column, French message."""

    line: int
    message: str
    column: str = ""

    def __str__(self) -> str:
        if self.column:
            return f"Ligne {self.line}, colonne « {self.column} » : {self.message}"
        return f"Ligne {self.line} : {self.message}"


class ImportRejected(Exception):
    """An import refused as a whole; ``errors`` holds French, line-numbered messages."""

    def __init__(self, errors: list):
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors


def header_key(text: str) -> str:
    """The form under which headers are compared: no accents, case, stray spaces or quotes."""
    return normalize_search(str(text).replace("’", "'").replace("*", ""))


def unneutralise(value: str) -> str:
    """Remove the apostrophe an export put before a formula-like value."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_TRIGGERS:
        return value[1:]
    return value


def neutralise(value: Any) -> Any:
    """Prefix a text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``)."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


@dataclass
class Table:
    """A file read as text: its headers as written and its non-empty rows by line number."""

    headers: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    file_format: str = "csv"


def table_read(raw: bytes) -> Table:
    """Read an uploaded CSV or XLSX file (the format is recognised from its bytes).

    Row dictionaries are keyed by ``header_key`` of their headers; values are
    stripped text (XLSX dates come as jj/mm/aaaa, whole numbers without decimals).
    """
    if not raw or not raw.strip():
        raise ImportRejected([ERROR_EMPTY_FILE])
    if raw.startswith(XLSX_MAGIC):
        return _xlsx_read(raw)
    if raw.startswith(OLE2_MAGIC):
        raise ImportRejected([ERROR_OLD_EXCEL])
    return _csv_read(raw)


def _table_build(lines: Iterable[tuple[int, list[str]]], file_format: str) -> Table:
    headers: list[str] | None = None
    keys: list[str] = []
    table = Table(headers=[], file_format=file_format)
    for line, cells in lines:
        cells = [unneutralise(cell) for cell in cells]
        if headers is None:
            if not any(cells):
                continue
            headers = [cell for cell in cells]
            keys = [header_key(cell) for cell in cells]
            seen = set()
            for header, key in zip(headers, keys, strict=True):
                if key and key in seen:
                    raise ImportRejected([ERROR_DUPLICATE_HEADER.format(column=header)])
                seen.add(key)
            table.headers = headers
            continue
        if not any(cells):
            continue
        table.rows.append(
            (line, {key: cell for key, cell in zip(keys, cells, strict=False) if key})
        )
    if headers is None:
        raise ImportRejected([ERROR_EMPTY_FILE])
    return table


def _csv_read(raw: bytes) -> Table:
    if b"\x00" in raw[:4096]:
        raise ImportRejected([ERROR_NOT_TEXT])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected([ERROR_ENCODING]) from exc
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def lines():
        # reader.line_num is the physical line where the record ends (quoted cells may
        # hold line breaks); the record starts on the line after the previous one.
        start = 1
        for cells in reader:
            yield start, [cell.strip() for cell in cells]
            start = reader.line_num + 1

    return _table_build(lines(), "csv")


def _xlsx_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_read(raw: bytes) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ImportRejected([ERROR_XLSX_UNREADABLE]) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = (
            (number, [_xlsx_cell(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        )
        return _table_build(rows, "xlsx")
    finally:
        workbook.close()


# Parsers: text in, value out, CellError with a French message otherwise.


def text(max_length: int) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if len(value) > max_length:
            raise CellError(ERROR_TOO_LONG.format(length=max_length, actual=len(value)))
        return value

    return parse


def whole_number(value: str) -> int:
    digits = value.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if not digits.isascii() or not digits.isdigit():
        raise CellError(ERROR_INTEGER.format(value=value))
    return int(digits)


_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


def day(value: str) -> date:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise CellError(ERROR_DATE.format(value=value))


def yes_no(value: str) -> bool:
    key = header_key(value)
    if key in {"oui", "o", "yes", "y", "1", "vrai", "true", "نعم"}:
        return True
    if key in {"non", "n", "no", "0", "faux", "false", "لا"}:
        return False
    raise CellError(ERROR_BOOLEAN.format(value=value))


def choice(options: dict[str, Any], shown: Iterable[str]) -> Callable[[str], Any]:
    """A parser accepting the keys of ``options`` (compared by ``header_key``)."""
    lookup = {header_key(key): option for key, option in options.items()}
    allowed = ", ".join(f"« {label} »" for label in shown)

    def parse(value: str) -> Any:
        try:
            return lookup[header_key(value)]
        except KeyError:
            raise CellError(ERROR_CHOICE.format(value=value, allowed=allowed)) from None

    return parse


LIST_JOINER = " | "


def choice_of(choices, aliases: dict | None = None) -> Callable[[str], Any]:
    """A parser for a model's TextChoices: its codes, its French labels and ``aliases``
    (other words people write, mapped to codes) are accepted; the labels are listed
    in the error message."""
    options = {**{value: value for value in choices.values}, **(aliases or {})}
    options.update({str(label): value for value, label in choices.choices})
    return choice(options, choices.labels)


def split_list(value: str) -> list[str]:
    """Items of a list cell: separated by ``|`` (as exports write them), else ``;`` or ``,``."""
    if "|" in value:
        items = value.split("|")
    else:
        items = LIST_SEPARATORS.split(value)
    return [item.strip() for item in items if item.strip()]


@dataclass(frozen=True)
class Column:
    """A column of an import/export format: its key, French header and cell parser.

    ``aliases`` are other headers accepted on import; ``help`` and ``example`` are
    shown in the README and in the template file.
    """

    key: str
    header: str
    parse: Callable[[str], Any] = lambda value: value
    required: bool = False
    aliases: tuple[str, ...] = ()
    help: str = ""
    example: str = ""

    def keys(self) -> tuple[str, ...]:
        return tuple(header_key(name) for name in (self.header, self.key, *self.aliases))


def columns_resolve(
    table: Table, columns: list[Column], *, required_keys: Iterable[str] | None = None
) -> dict[str, str]:
    """Map each column key to the file's header key; ImportRejected if a required one is absent."""
    present = set(table.headers and [header_key(header) for header in table.headers])
    resolved, missing = {}, []
    required = set(required_keys) if required_keys is not None else set()
    for column in columns:
        found = next((key for key in column.keys() if key in present), None)
        if found is not None:
            resolved[column.key] = found
        elif column.required or column.key in required:
            missing.append(f"« {column.header} »")
    if missing:
        raise ImportRejected([ERROR_MISSING_COLUMNS.format(columns=", ".join(missing))])
    return resolved


def columns_ignored(table: Table, columns: list[Column]) -> list[str]:
    """Headers of the file that no column recognises (shown in the preview)."""
    known = {key for column in columns for key in column.keys()}
    return [header for header in table.headers if header and header_key(header) not in known]


def rows_parse(
    table: Table, columns: list[Column], resolved: dict[str, str]
) -> tuple[list[tuple[int, dict[str, Any]]], list[RowError]]:
    """Parse every cell of the columns present; a row with a bad cell is left out.

    Returns ``(line, values)`` pairs, where values hold the parsed cells of the
    columns present in the file (``None`` for an empty optional cell), and the errors.
    """
    parsed, errors = [], []
    for line, row in table.rows:
        values, row_errors = {}, []
        for column in columns:
            if column.key not in resolved:
                continue
            raw = row.get(resolved[column.key], "")
            if not raw:
                if column.required:
                    row_errors.append(RowError(line, ERROR_REQUIRED, column.header))
                values[column.key] = None
                continue
            try:
                values[column.key] = column.parse(raw)
            except CellError as exc:
                row_errors.append(RowError(line, str(exc), column.header))
        if row_errors:
            errors.extend(row_errors)
        else:
            parsed.append((line, values))
    return parsed, errors


# Writers.


def csv_chunks(headers: list[str], rows: Iterable[list[Any]]) -> Iterator[bytes]:
    """A CSV as French Excel opens it (UTF-8 with BOM, ``;``), chunk by chunk for streaming."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
        if buffer.tell() > 65536:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return neutralise(str(value))


def xlsx_bytes(headers: list[str], rows: Iterable[list[Any]], *, title: str) -> bytes:
    """An XLSX workbook of one sheet: bold frozen header, dates as dates, text neutralised."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers):
        letter = _column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(40, len(header) + 4))
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD/MM/YYYY"
                cells.append(cell)
            else:
                cells.append(neutralise("" if value is None else value))
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
