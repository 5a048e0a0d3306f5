"""Bounded reading of uploaded files: hostile or broken files are refused, quickly, in French."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from associations.exchange import associations_import
from associations.models import AssociationImport
from takwia.tabular import (
    ERROR_ALIAS_HEADERS,
    ERROR_CELL_TOO_LONG,
    ERROR_CONTROL_CHARACTER,
    ERROR_TOO_MANY_ROWS,
    ERROR_XLSX_UNREADABLE,
    MAX_CELL_CHARS,
    MAX_ROWS,
    ImportRejected,
    RowError,
    table_read,
)

HEADER = "Nom (français);Code commune\r\n"


def csv_bytes(text: str) -> bytes:
    return ("\ufeff" + text).encode("utf-8")


def xlsx_with(cells: dict[str, str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for reference, value in cells.items():
        sheet[reference] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def refusal(raw: bytes) -> list:
    with pytest.raises(ImportRejected) as exc_info:
        table = table_read(raw)
        list(table.rows)
    return exc_info.value.errors


def test_a_sparse_workbook_declaring_the_whole_sheet_is_refused_at_once():
    raw = xlsx_with({"A1": "Nom (français)", "XFD1048576": "x"})
    assert len(raw) < 8000

    started = time.perf_counter()
    errors = refusal(raw)
    elapsed = time.perf_counter() - started

    assert elapsed < 1.0
    assert "1\u202f048\u202f576 lignes et 16384 colonnes (A1:XFD1048576)" in str(errors[0])


def test_a_sparse_workbook_without_dimension_is_refused_at_its_far_row():
    raw = xlsx_with({"A1": "Nom (français)", "A1048576": "x"})
    raw = _without_dimension(raw)

    started = time.perf_counter()
    errors = refusal(raw)

    assert time.perf_counter() - started < 1.0
    assert errors[0].line == 1048576
    assert errors[0].message == ERROR_TOO_MANY_ROWS.format(limit="200\u202f000")


def _without_dimension(raw: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(raw))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename.startswith("xl/worksheets/"):
                start = content.index(b"<dimension")
                content = content[:start] + content[content.index(b"/>", start) + 2 :]
            target.writestr(member.filename, content)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_inflated():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/sharedStrings.xml", b" " * (20 * 2**20))
    assert len(buffer.getvalue()) < 100_000

    errors = refusal(buffer.getvalue())

    assert "xl/sharedStrings.xml" in errors[0]


@pytest.mark.parametrize(
    "raw",
    [b"PK\x03\x04" + b"\x00" * 200, xlsx_with({"A1": "Nom"})[:-300]],
    ids=["garbage", "truncated"],
)
def test_a_malformed_workbook_is_refused_in_french(raw):
    assert refusal(raw) == [ERROR_XLSX_UNREADABLE]


def test_a_nul_byte_is_refused_with_its_line_and_column():
    raw = csv_bytes(HEADER + "Une;05.301.01.01\r\nDeux\x00;05.301.01.01\r\n")

    assert refusal(raw) == [RowError(3, ERROR_CONTROL_CHARACTER.format(code=0), "Nom (français)")]


@pytest.mark.parametrize("size", [MAX_CELL_CHARS + 1, 200_000])
def test_an_over_long_cell_is_refused_with_its_line(size):
    raw = csv_bytes(HEADER + "Une;05.301.01.01\r\n" + "x" * size + ";05.301.01.01\r\n")

    errors = refusal(raw)

    assert errors[0].line == 3
    if size == MAX_CELL_CHARS + 1:
        message = ERROR_CELL_TOO_LONG.format(actual=size, limit=MAX_CELL_CHARS)
        assert errors == [RowError(3, message, "Nom (français)")]


def test_an_over_long_cell_of_a_workbook_names_its_column():
    raw = xlsx_with({"A1": "Nom (français)", "B1": "Code commune", "B2": "y" * 6000})

    errors = refusal(raw)

    message = ERROR_CELL_TOO_LONG.format(actual=6000, limit=MAX_CELL_CHARS)
    assert errors == [RowError(2, message, "Code commune")]


def test_a_csv_with_too_many_lines_is_refused_before_parsing():
    raw = b"Nom\n" + b"x\n" * (MAX_ROWS + 1)

    started = time.perf_counter()
    errors = refusal(raw)

    assert time.perf_counter() - started < 1.0
    assert "200\u202f000 lignes" in str(errors[0])


@pytest.mark.django_db
def test_alias_headers_naming_the_same_column_are_refused():
    raw = csv_bytes("Nom (français);Nom;Code commune\r\nUne;Une;05.301.01.01\r\n")

    with pytest.raises(ImportRejected) as exc_info:
        associations_import(raw=raw)

    message = ERROR_ALIAS_HEADERS.format(
        headers="« Nom (français) » et « Nom »", column="Nom (français)"
    )
    assert exc_info.value.errors == [RowError(1, message, "Nom")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("raw", "name", "expected"),
    [
        (b"PK\x03\x04broken", "a.xlsx", "fichier endommagé"),
        (csv_bytes(HEADER + "Un\x00e;05.301.01.01\r\n"), "a.csv", "caractère de contrôle"),
        (csv_bytes(HEADER + "x" * 200_000 + ";05\r\n"), "a.csv", "ligne illisible"),
        (csv_bytes("Nom (français);Nom\r\nA;B\r\n"), "a.csv", "désignent la même donnée"),
    ],
    ids=["malformed-xlsx", "nul", "huge-cell", "alias"],
)
def test_the_upload_page_answers_422_with_the_error_table(client, users, raw, name, expected):
    client.force_login(users["field_agent"])

    response = client.post(reverse("associations:import"), {"file": SimpleUploadedFile(name, raw)})

    assert response.status_code == 422
    assert expected in response.content.decode()
    assert not AssociationImport.objects.exists()
