"""The registry import: every row checked, matched to the recorded associations, then
written in bulk, all or nothing."""

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import islice

from associations.exchange.columns import (
    ASSOCIATION_COLUMNS,
    EMPTY_VALUES,
    M2M_FIELDS,
    NUMBER_FIELDS,
    SCALAR_FIELDS,
)
from associations.exchange.lookups import load_for_update, m2m_ids
from associations.exchange.matching import FileMatcher
from associations.exchange.writes import associations_write
from associations.models import Association
from associations.selectors import national_figures_invalidate
from takwia.access import province_scope
from takwia.tabular import ImportRejected, columns_ignored
from takwia.tabular.importer import TableImport

# Rows checked and written at a time, in the import's one transaction.
WRITE_CHUNK = 5_000
# Planned rows kept on the result: those the preview shows.
PREVIEW_ROWS = 100
MESSAGE_WRITTEN = "Enregistrement : {count} ligne(s)…"
ERROR_NO_COMMUNE_COLUMN = "Colonnes manquantes : « Code commune » (ou « Commune » et « Province »)."
ERROR_NO_NAME_COLUMN = "Colonne manquante : « Nom (français) » ou « Nom (arabe) »."
ERROR_NO_ROWS = "Le fichier ne contient aucune association (seulement l'en-tête)."


@dataclass
class PlannedRow:
    line: int
    action: str  # "create", "update" or "unchanged"
    name: str
    commune: str


@dataclass
class AssociationImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: list[PlannedRow] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    file_format: str = "csv"

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


class AssociationsImporter(TableImport):
    """Create or update associations from a CSV or XLSX file, all or nothing.

    Every row is checked: cells (formats, reference lists), communes (known, inside
    ``user``'s provinces; ``user=None`` is the command line, with the whole country),
    duplicates within the file. Rows are matched to existing associations by
    registration reference, else by name and commune; a matched row that changes
    nothing is left alone (no history entry). Any error refuses the whole file with
    ``ImportRejected`` (line-numbered ``RowError`` items). Writes are bulk inserts
    and updates in one transaction, with a history entry per created or changed
    association.

    The file is processed WRITE_CHUNK rows at a time (checked, matched, written),
    so that memory stays flat whatever its length: what spans the whole file is
    kept in compact form (the references and names seen, for duplicates; the
    associations matched; the communes' recorded names), and the result keeps the
    first PREVIEW_ROWS planned rows (``on_row`` hears every one). Once an error is
    found nothing more is written, the rest is only checked, and the transaction
    is rolled back: the errors are those a check of the whole file at once gives.
    """

    columns = ASSOCIATION_COLUMNS
    error_no_rows = ERROR_NO_ROWS
    reading_share = 100  # reading, checking and writing go together, a chunk at a time

    def __init__(self, *, on_row: Callable[[PlannedRow], None] | None = None, **options):
        super().__init__(**options)
        self.on_row = on_row

    def check_columns(self, resolved):
        if not {"name_fr", "name_ar"} & resolved.keys():
            raise ImportRejected([ERROR_NO_NAME_COLUMN])
        if "commune_code" not in resolved and not {"commune", "province"} <= resolved.keys():
            raise ImportRejected([ERROR_NO_COMMUNE_COLUMN])

    def process(self, parsed, errors):
        scope = province_scope(self.user) if self.user is not None else None
        allowed = None if scope is None else set(scope.values_list("pk", flat=True))
        self.matcher = FileMatcher(resolved=self.resolved, allowed_provinces=allowed)
        self.changed_fields: set[str] = set()
        result = AssociationImportResult(
            ignored_columns=columns_ignored(self.table, ASSOCIATION_COLUMNS),
            file_format=self.table.file_format,
        )
        count = 0
        for chunk in iter(lambda: list(islice(parsed, WRITE_CHUNK)), []):
            count += len(chunk)
            rows = self.matcher.rows_checked(chunk, errors)
            matches = self.matcher.matched(rows, errors)
            if errors:
                continue  # the file is refused: the rest is only checked
            self._plan(rows, matches, result)
            if not self.dry_run:
                percent = min(99, 99 * chunk[-1][0] // self.lines)
                self.progress(percent, MESSAGE_WRITTEN.format(count=count))
        if not count and not errors:
            raise ImportRejected([self.error_no_rows])
        return result

    def _plan(self, rows, matches, result) -> None:
        """What each row does (create, update, unchanged), written unless a dry run."""
        present_scalars = [name for name in SCALAR_FIELDS if name in self.resolved]
        present_m2m = [name for name in M2M_FIELDS if name in self.resolved]
        existing = load_for_update(sorted(set(matches.values())))
        to_create: list[tuple[Association, dict]] = []
        to_update: list[tuple[Association, dict]] = []
        for line, values, commune in rows:
            association = existing.get(matches[line]) if line in matches else None
            if association is None and self.dry_run:
                # A creation only checked needs no model instance.
                result.created += 1
                shown = values.get("name_fr") or values.get("name_ar")
                self._planned(result, PlannedRow(line, "create", shown, commune[2]))
                continue
            target = association or Association(commune_id=commune[0])
            changed = association is None
            if association is not None and association.commune_id != commune[0]:
                if not self.dry_run:
                    self.matcher.moved(association)
                target.commune_id = commune[0]
                self.changed_fields.add("commune")
                changed = True
            for name in present_scalars:
                value = values.get(name)
                if value is None:
                    if association is not None:
                        continue  # an empty cell never erases what is recorded
                    value = EMPTY_VALUES.get(name, None if name in NUMBER_FIELDS else "")
                if getattr(target, name) != value:
                    setattr(target, name, value)
                    self.changed_fields.add(name)
                    changed = True
            m2m = {}
            for name in present_m2m:
                wanted = values.get(name)
                if wanted is None:
                    continue
                if association is None or m2m_ids(association, name) != set(wanted):
                    m2m[name] = wanted
                    changed = True
            action = "create" if association is None else ("update" if changed else "unchanged")
            if action == "create":
                to_create.append((target, m2m))
                result.created += 1
            elif action == "update":
                to_update.append((target, m2m))
                result.updated += 1
            else:
                result.unchanged += 1
            shown = target.name_fr or target.name_ar
            self._planned(result, PlannedRow(line, action, shown, commune[2]))
        if not self.dry_run and (to_create or to_update):
            associations_write(
                to_create, to_update, self.changed_fields, user=self.user, source=self.source
            )

    def _planned(self, result, row: PlannedRow) -> None:
        if len(result.rows) < PREVIEW_ROWS:
            result.rows.append(row)
        if self.on_row is not None:
            self.on_row(row)

    def written(self, result):
        national_figures_invalidate()


def associations_import(
    *,
    raw: bytes,
    user=None,
    dry_run: bool = False,
    source: str = "",
    progress=None,
    on_row: Callable[[PlannedRow], None] | None = None,
):
    """Create or update associations (see ``AssociationsImporter``)."""
    importer = AssociationsImporter(
        user=user, dry_run=dry_run, source=source, progress=progress, on_row=on_row
    )
    return importer.run(raw)
