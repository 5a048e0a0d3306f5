"""Writing a table as CSV (French Excel) or XLSX, every text cell formula-neutralised."""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from takwia.tabular.formulas import neutralise


def csv_chunks(headers: list[str], rows: Iterable[list[Any]]) -> Iterator[bytes]:
    """A CSV as French Excel opens it (UTF-8 with BOM, ``;``), chunk by chunk for streaming."""
    writer = CsvWriter(headers)
    for row in rows:
        writer.row(row)
        yield from writer.drain(CHUNK_CHARS)
    yield from writer.drain()


CHUNK_CHARS = 65536


class CsvWriter:
    """A CSV as ``csv_chunks`` writes it, fed a row at a time: for a file written as
    something else goes on (the report of an import), which keeps only its bytes."""

    def __init__(self, headers: list[str]):
        self._text = io.StringIO()
        self._writer = csv.writer(self._text, delimiter=";", lineterminator="\r\n")
        self._text.write("\ufeff")
        self._writer.writerow([neutralise(header) for header in headers])
        self._chunks: list[bytes] = []

    def row(self, row: list[Any]) -> None:
        self._writer.writerow([_csv_cell(value) for value in row])
        if self._text.tell() > CHUNK_CHARS:
            self._chunks.append(self._encoded())

    def drain(self, at_least: int = 0) -> Iterator[bytes]:
        """The bytes written so far (once the text holds ``at_least`` characters)."""
        if self._text.tell() > at_least:
            self._chunks.append(self._encoded())
        yield from self._chunks
        self._chunks.clear()

    def content(self) -> bytes:
        return b"".join(self.drain())

    def _encoded(self) -> bytes:
        data = self._text.getvalue().encode("utf-8")
        self._text.seek(0)
        self._text.truncate()
        return data


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return neutralise(str(value))


def xlsx_bytes(headers: list[str], rows: Iterable[list[Any]], *, title: str) -> bytes:
    """An XLSX workbook of one sheet: bold frozen header, dates as dates, text neutralised."""
    return xlsx_workbook([Sheet(title=title, headers=headers, rows=rows)])


@dataclass
class Sheet:
    title: str
    headers: list[str]
    rows: Iterable[list[Any]]
    widths: dict[str, int] = field(default_factory=dict)  # column letter -> width
    wrap: bool = False  # wrap long text in its column (a codebook, a guide)


def xlsx_workbook(sheets: list[Sheet]) -> bytes:
    """An XLSX workbook of several sheets, each written as ``xlsx_bytes`` writes one:
    every text cell of every sheet is neutralised."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wrapped = Alignment(wrap_text=True, vertical="top")
    workbook = Workbook(write_only=True)
    for spec in sheets:
        sheet = workbook.create_sheet(title=spec.title[:31])
        sheet.freeze_panes = "A2"
        for index, header in enumerate(spec.headers):
            letter = get_column_letter(index + 1)
            width = spec.widths.get(letter, max(12, min(40, len(header) + 4)))
            sheet.column_dimensions[letter].width = width
        header_cells = []
        for header in spec.headers:
            cell = WriteOnlyCell(sheet, value=neutralise(header))
            cell.font = Font(bold=True)
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in spec.rows:
            cells = []
            for value in row:
                if isinstance(value, date):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = "DD/MM/YYYY"
                    cells.append(cell)
                elif spec.wrap and isinstance(value, str):
                    cell = WriteOnlyCell(sheet, value=neutralise(value))
                    cell.alignment = wrapped
                    cells.append(cell)
                else:
                    cells.append(neutralise("" if value is None else value))
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
