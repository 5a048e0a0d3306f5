"""The shape every import of the platform shares: read, check everything, then write once.

A format subclasses ``TableImport`` with its ``columns`` and two steps:
``check`` (what spans rows: reference lookups, duplicates within the file,
records already there), which appends ``RowError`` items and returns the rows
to write; and ``write``, which writes them and returns the result. ``run``
does the rest: bounded reading, header resolution, cell parsing, all or
nothing (a single error refuses the file, nothing is written), one
transaction, rolled back for a dry run.

Rows are parsed one at a time (``rows_parsed``); ``process`` gathers them for
``check`` and ``write``. A format whose files run to many thousand rows
overrides ``process`` to check and write them a chunk at a time instead, so that
memory stays flat (the registry, ``associations/exchange/importer.py``).
"""

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import transaction

from takwia.tabular.columns import Column, columns_resolve, rows_parsed
from takwia.tabular.errors import ImportRejected, RowError
from takwia.tabular.reading import Table, table_read

ERROR_NO_ROWS = "Le fichier ne contient aucune ligne de données (seulement l'en-tête)."
MESSAGE_READING = "Lecture du fichier : ligne {line}…"
MESSAGE_CHECKING = "Vérification des communes, des listes et des doublons…"
MESSAGE_PLANNING = "Comparaison avec le registre…"
MESSAGE_WRITING = "Enregistrement…"


class TableImport:
    """One import format; ``user=None`` is the command line (the whole country)."""

    columns: list[Column] = []
    error_no_rows = ERROR_NO_ROWS
    # The part of the progress bar that reading the file takes.
    reading_share = 50

    def __init__(
        self,
        *,
        user=None,
        dry_run: bool = False,
        source: str = "",
        progress: Callable[[int, str], None] | None = None,
    ):
        self.user, self.dry_run, self.source = user, dry_run, source
        self.progress = progress or (lambda percent, message: None)
        self.table: Table | None = None
        self.resolved: dict[str, str] = {}

    def run(self, raw: bytes) -> Any:
        """Check the whole file, then write it in one transaction; ImportRejected otherwise.

        ``progress(percent, message)`` hears how far it went (a background job's page).
        """
        self.table = table_read(raw)
        self.resolved = columns_resolve(self.table, self.columns)
        self.check_columns(self.resolved)
        self.lines = lines = max(raw.count(b"\n"), 1)
        errors: list = []
        parsed = rows_parsed(
            self.table,
            self.columns,
            self.resolved,
            errors,
            progress=lambda line: self.progress(
                min(self.reading_share, self.reading_share * line // lines),
                MESSAGE_READING.format(line=line),
            ),
        )
        with transaction.atomic():
            result = self.process(parsed, errors)
            if errors:  # raised inside the transaction: whatever was written goes
                raise ImportRejected(sorted(errors, key=_line))
            if self.dry_run:
                transaction.set_rollback(True)
        if not self.dry_run:
            self.written(result)
        return result

    def process(self, parsed: Iterator[tuple[int, dict]], errors: list) -> Any:
        """Check then write the parsed rows (errors appended to ``errors``); the result.

        Here the whole file at once: ``check`` sees every row, and nothing is written
        unless they all pass. A format whose files run long processes them a chunk at
        a time instead (the registry), so that memory stays flat.
        """
        parsed = list(parsed)
        if not parsed and not errors:
            raise ImportRejected([self.error_no_rows])
        self.progress(55, MESSAGE_CHECKING)
        rows = self.check(parsed, errors)
        if errors:
            raise ImportRejected(sorted(errors, key=_line))
        self.progress(70, MESSAGE_PLANNING if self.dry_run else MESSAGE_WRITING)
        return self.write(rows)

    def check_columns(self, resolved: dict[str, str]) -> None:
        """Refuse a file lacking a combination of columns (ImportRejected)."""

    def check(self, parsed: list[tuple[int, dict]], errors: list[RowError]) -> Iterable:
        """The rows to write; problems are appended to ``errors``."""
        return parsed

    def write(self, rows) -> Any:
        raise NotImplementedError

    def written(self, result) -> None:
        """After the commit (not for a dry run): invalidate caches and the like."""


def _line(error) -> int:
    return getattr(error, "line", 0)
