"""Reading an uploaded CSV or XLSX file, bounded and streamed.

Nothing here trusts the file: its size, an XLSX's declared dimension and its
archive members' sizes are checked before anything is inflated or parsed; rows
are then produced one at a time (``Table.rows`` reads the file again at each
pass rather than holding it as a list), and each cell is checked for length and
control characters as it goes by. Every refusal is an ``ImportRejected`` with a
French message naming the line (and the column when there is one): a malformed
file is a user's mistake, never a server error.
"""

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from takwia.tabular.errors import ImportRejected, RowError, header_key
from takwia.tabular.formulas import unneutralise

# Bounds of what an import reads. Rows count the header; XLSX limits are those of
# the archive as declared in its directory (Python's zipfile never inflates a
# member past its declared size, so checking the declaration is enough).
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 100
MAX_CELL_CHARS = 5_000
MAX_XLSX_MEMBERS = 1_000
MAX_XLSX_MEMBER_BYTES = 64 * 1024 * 1024  # shared strings and styles are read whole
MAX_XLSX_SHEET_BYTES = 512 * 1024 * 1024  # worksheets are streamed
MAX_XLSX_RATIO = 200  # real workbooks compress 5 to 30 times; zip bombs a thousand
# Short cells repeat from row to row (codes, statuses, lists): a reading keeps one
# copy of each of the first SHARED_CELLS distinct ones (unique cells, references or
# e-mails, then stop being added: the table stays small and goes with the reading).
SHARED_CELL_CHARS = 32
SHARED_CELLS = 10_000

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
ERROR_DUPLICATE_HEADER = "La colonne « {column} » figure deux fois dans l'en-tête."
ERROR_FILE_TOO_BIG = "Le fichier dépasse {megabytes} Mo : découpez-le (par province par exemple)."
ERROR_TOO_MANY_ROWS = "le fichier dépasse {limit} lignes : découpez-le (par province par exemple)."
ERROR_TOO_MANY_COLUMNS = "plus de {limit} colonnes : supprimez les colonnes inutiles."
ERROR_XLSX_DIMENSION = (
    "La feuille déclare {rows} lignes et {columns} colonnes ({dimension}), au-delà des "
    "{max_rows} lignes et {max_columns} colonnes acceptées : supprimez les lignes et colonnes "
    "vides après les données, ou enregistrez le fichier en « CSV UTF-8 »."
)
ERROR_XLSX_ARCHIVE = (
    "Le classeur Excel contient des éléments anormalement volumineux une fois décompressés "
    "({name}) : il est refusé."
)
ERROR_CELL_TOO_LONG = "cellule de {actual} caractères, {limit} au plus."
ERROR_CONTROL_CHARACTER = (
    "caractère de contrôle interdit (code {code}) : le fichier est peut-être endommagé."
)
ERROR_CSV_MALFORMED = (
    "ligne illisible (guillemet jamais refermé, ou cellule de plus de {limit} caractères)."
)

XLSX_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"
# C0 controls except tab, line feed and carriage return (legitimate inside a quoted
# cell), DEL, and the C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

Lines = Iterator[tuple[int, list[str]]]


class Rows:
    """The data rows of a table, ``(line, {header key: text})``, read again at each pass."""

    def __init__(self, lines: Callable[[], Lines], *, keys: list[str], headers: list[str], after):
        self._lines, self._keys, self._headers, self._after = lines, keys, headers, after

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        for line, cells in self._lines():
            if line <= self._after:
                continue
            cells = _cells_checked(line, cells, self._headers)
            if any(cells):
                yield line, {key: cell for key, cell in zip(self._keys, cells, strict=False) if key}


@dataclass
class Table:
    """A file read as text: its headers as written and its non-empty rows by line number."""

    headers: list[str]
    rows: Rows
    file_format: str = "csv"
    header_line: int = 1


def table_read(raw: bytes) -> Table:
    """Read an uploaded CSV or XLSX file (the format is recognised from its bytes).

    Row dictionaries are keyed by ``header_key`` of their headers; values are
    stripped text (XLSX dates come as jj/mm/aaaa, whole numbers without decimals).
    """
    if not raw or not raw.strip():
        raise ImportRejected([ERROR_EMPTY_FILE])
    if len(raw) > MAX_FILE_BYTES:
        raise ImportRejected([ERROR_FILE_TOO_BIG.format(megabytes=MAX_FILE_BYTES // 2**20)])
    if raw.startswith(XLSX_MAGIC):
        return _table_build(_xlsx_lines(raw), "xlsx")
    if raw.startswith(OLE2_MAGIC):
        raise ImportRejected([ERROR_OLD_EXCEL])
    return _table_build(_csv_lines(raw), "csv")


def _number(value: int) -> str:
    """A count as French writes it (200 000)."""
    return f"{value:_}".replace("_", "\u202f")


def _column_name(headers: list[str], index: int) -> str:
    from openpyxl.utils import get_column_letter

    if index < len(headers) and headers[index]:
        return headers[index]
    return get_column_letter(min(index + 1, 16384))


def _cells_checked(line: int, cells: list[str], headers: list[str]) -> list[str]:
    if line > MAX_ROWS:
        raise ImportRejected([RowError(line, ERROR_TOO_MANY_ROWS.format(limit=_number(MAX_ROWS)))])
    if len(cells) > MAX_COLUMNS and any(cells[MAX_COLUMNS:]):
        raise ImportRejected([RowError(line, ERROR_TOO_MANY_COLUMNS.format(limit=MAX_COLUMNS))])
    for index, cell in enumerate(cells):
        if len(cell) > MAX_CELL_CHARS:
            message = ERROR_CELL_TOO_LONG.format(actual=len(cell), limit=MAX_CELL_CHARS)
            raise ImportRejected([RowError(line, message, _column_name(headers, index))])
        control = CONTROL_CHARACTERS.search(cell)
        if control:
            message = ERROR_CONTROL_CHARACTER.format(code=ord(control.group()))
            raise ImportRejected([RowError(line, message, _column_name(headers, index))])
    return [unneutralise(cell) for cell in cells]


def _table_build(lines: Callable[[], Lines], file_format: str) -> Table:
    for line, cells in lines():
        cells = _cells_checked(line, cells, [])
        if not any(cells):
            continue
        keys = [header_key(cell) for cell in cells]
        seen = set()
        for header, key in zip(cells, keys, strict=True):
            if key and key in seen:
                raise ImportRejected([ERROR_DUPLICATE_HEADER.format(column=header)])
            seen.add(key)
        rows = Rows(lines, keys=keys, headers=cells, after=line)
        return Table(headers=cells, rows=rows, file_format=file_format, header_line=line)
    raise ImportRejected([ERROR_EMPTY_FILE])


# CSV.


def _csv_lines(raw: bytes) -> Callable[[], Lines]:
    # A binary file (or UTF-16 text) is full of NUL bytes; a stray one in a text
    # file is reported below with its line and column.
    if raw[:4096].count(b"\x00") > 8:
        raise ImportRejected([ERROR_NOT_TEXT])
    # Counting line feeds is a single pass in C: a file far too long is refused
    # before any row is parsed (a quoted cell may span lines, so this over-counts).
    if raw.count(b"\n", 0, len(raw)) > MAX_ROWS:
        message = ERROR_TOO_MANY_ROWS.format(limit=_number(MAX_ROWS))
        raise ImportRejected([RowError(MAX_ROWS + 1, message)])
    head = raw[:65536].decode("utf-8-sig", errors="replace").lstrip("\r\n")
    first_line = head.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","

    def lines() -> Lines:
        stream = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig", newline="")
        reader = csv.reader(stream, delimiter=delimiter)
        # reader.line_num is the physical line where the record ends (quoted cells may
        # hold line breaks); the record starts on the line after the previous one.
        start = 1
        shared = _sharer()
        try:
            for cells in reader:
                yield start, [shared(cell.strip()) for cell in cells]
                start = reader.line_num + 1
        except UnicodeDecodeError:
            raise ImportRejected([RowError(_first_undecodable_line(raw), ERROR_ENCODING)]) from None
        except csv.Error:
            message = ERROR_CSV_MALFORMED.format(limit=_number(csv.field_size_limit()))
            raise ImportRejected([RowError(start, message)]) from None

    return lines


def _sharer() -> Callable[[str], str]:
    """One copy of each short cell (see SHARED_CELLS); ``sys.intern`` would do the same
    in a table of the whole process, which never shrinks."""
    copies: dict[str, str] = {}

    def shared(cell: str) -> str:
        if len(cell) > SHARED_CELL_CHARS:
            return cell
        copy = copies.get(cell)
        if copy is not None:
            return copy
        if len(copies) < SHARED_CELLS:
            copies[cell] = cell
        return cell

    return shared


def _first_undecodable_line(raw: bytes) -> int:
    """The physical line of the first byte that is not UTF-8 (only run on that error)."""
    start, line = 0, 1
    while start < len(raw):
        end = raw.find(b"\n", start)
        end = len(raw) if end < 0 else end + 1
        try:
            raw[start:end].decode("utf-8")
        except UnicodeDecodeError:
            return line
        start, line = end, line + 1
    return line


# XLSX.


def _xlsx_archive_check(raw: bytes) -> None:
    """Refuse a zip bomb from the archive's directory, before inflating anything."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise ImportRejected([ERROR_XLSX_UNREADABLE]) from exc
    if len(members) > MAX_XLSX_MEMBERS:
        raise ImportRejected([ERROR_XLSX_ARCHIVE.format(name=f"{len(members)} éléments")])
    sheets = 0
    for member in members:
        is_sheet = member.filename.startswith("xl/worksheets/")
        limit = MAX_XLSX_SHEET_BYTES if is_sheet else MAX_XLSX_MEMBER_BYTES
        sheets += member.file_size if is_sheet else 0
        too_dense = member.file_size > 2**20 and member.file_size > MAX_XLSX_RATIO * max(
            member.compress_size, 1
        )
        if member.file_size > limit or too_dense or sheets > MAX_XLSX_SHEET_BYTES:
            raise ImportRejected([ERROR_XLSX_ARCHIVE.format(name=member.filename[:80])])


def _xlsx_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_lines(raw: bytes) -> Callable[[], Lines]:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    _xlsx_archive_check(raw)
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as exc:  # openpyxl raises a dozen kinds on a malformed archive
        raise ImportRejected([ERROR_XLSX_UNREADABLE]) from exc
    rows, columns = sheet.max_row or 0, sheet.max_column or 0
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        dimension = f"A1:{get_column_letter(min(columns, 16384) or 1)}{rows}"
        message = ERROR_XLSX_DIMENSION.format(
            rows=_number(rows), columns=columns, dimension=dimension,
            max_rows=_number(MAX_ROWS), max_columns=MAX_COLUMNS,
        )  # fmt: skip
        raise ImportRejected([message])

    def lines() -> Lines:
        line = 0
        try:
            for line, cells in _xlsx_sheet_rows(sheet):
                yield line, cells
        except ImportRejected:
            raise
        except Exception as exc:
            raise ImportRejected([RowError(line + 1, ERROR_XLSX_UNREADABLE)]) from exc

    return lines


def _xlsx_sheet_rows(sheet) -> Lines:
    """Each written row with its number, from openpyxl's own parser.

    The read-only sheet's ``iter_rows`` pads missing rows and columns (a sparse
    workbook becomes a million empty rows); the parser underneath gives each row
    with its number and cells with their column, which is what bounds the reading.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    workbook = sheet.parent
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        shared = _sharer()
        for line, cells in parser.parse():
            if line > MAX_ROWS:
                message = ERROR_TOO_MANY_ROWS.format(limit=_number(MAX_ROWS))
                raise ImportRejected([RowError(line, message)])
            width = max((cell["column"] for cell in cells), default=0)
            if width > MAX_COLUMNS:
                raise ImportRejected(
                    [RowError(line, ERROR_TOO_MANY_COLUMNS.format(limit=MAX_COLUMNS))]
                )
            values = [""] * width
            for cell in cells:
                values[cell["column"] - 1] = shared(_xlsx_cell(cell["value"]))
            yield line, values
