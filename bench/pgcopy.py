"""Bulk writes for the national generator: PostgreSQL's COPY, ids reserved up front.

COPY loads a few hundred thousand rows per second where ``bulk_create`` manages a
few tens of thousands; the generator needs millions (associations, their
many-to-many rows, their history, answers). Rows are tuples in the order of the
columns given; ``None`` is SQL NULL.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from django.db import connection

_NULL = "\\N"


def _cell(value) -> str:
    if value is None:
        return _NULL
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value)


def copy_rows(
    table: str, columns: Sequence[str], rows: Iterable[tuple], chunk: int = 50_000
) -> int:
    """COPY ``rows`` into ``table`` (CSV, in chunks); return how many were written."""
    written = 0
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '{_NULL}')"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    pending = 0

    def flush() -> None:
        nonlocal buffer, writer, pending
        if not pending:
            return
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(statement, buffer)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        pending = 0

    for row in rows:
        writer.writerow([_cell(value) for value in row])
        pending += 1
        written += 1
        if pending >= chunk:
            flush()
    flush()
    return written


def copy_model(model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    return copy_rows(model._meta.db_table, columns, rows)


def reserve_ids(model, count: int) -> int:
    """Reserve ``count`` primary keys of ``model``; return the first one.

    The sequence is moved past the block, so rows created later by the ORM never
    collide with the ids written by COPY.
    """
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
        sequence = cursor.fetchone()[0]
        cursor.execute(f"SELECT COALESCE(MAX({column}), 0) FROM {table}")
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s)", [sequence])
        current = cursor.fetchone()[0]
        first = max(highest, current) + 1
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count])
    return first
