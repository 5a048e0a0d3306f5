"""XLSX workbooks of several sheets (a data sheet and its codebook, for instance).

``takwia.tabular.xlsx_bytes`` writes one sheet; this writes several in one pass, in
openpyxl's write-only mode (rows are not kept in memory), with the same conventions:
a bold frozen header, dates as dates, and text a spreadsheet would run as a formula
neutralised by ``tabular.neutralise``.
"""

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from takwia.tabular import neutralise


@dataclass
class Sheet:
    title: str
    headers: list[str]
    rows: Iterable[list[Any]]
    widths: list[int] | None = None  # characters per column; from the headers otherwise


def xlsx_workbook_bytes(sheets: list[Sheet]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    for spec in sheets:
        sheet = workbook.create_sheet(title=spec.title[:31])
        sheet.freeze_panes = "A2"
        widths = spec.widths or [max(12, min(40, len(h) + 4)) for h in spec.headers]
        for index, width in enumerate(widths):
            sheet.column_dimensions[get_column_letter(index + 1)].width = width
        header = []
        for text in spec.headers:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        wrap = Alignment(wrap_text=True, vertical="top") if spec.widths else None
        for row in spec.rows:
            cells = []
            for value in row:
                if isinstance(value, date):
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.number_format = "DD/MM/YYYY"
                    cells.append(cell)
                elif wrap is not None and isinstance(value, str):
                    cell = WriteOnlyCell(sheet, value=neutralise(value))
                    cell.alignment = wrap
                    cells.append(cell)
                else:
                    cells.append(neutralise("" if value is None else value))
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
