"""The registry import: every row checked, matched to the recorded associations, then
written in bulk, all or nothing."""

from dataclasses import dataclass, field

from associations.exchange.columns import (
    ASSOCIATION_COLUMNS,
    COLUMNS_BY_KEY,
    EMPTY_VALUES,
    M2M_FIELDS,
    M2M_LABELS,
    NUMBER_FIELDS,
    SCALAR_FIELDS,
)
from associations.exchange.lookups import (
    References,
    commune_resolve,
    existing_by_name,
    existing_by_ref,
    load_for_update,
    m2m_ids,
)
from associations.exchange.writes import associations_write
from associations.models import Association
from associations.selectors import national_figures_invalidate
from takwia.access import province_scope
from takwia.tabular import ImportRejected, RowError, columns_ignored, header_key
from takwia.tabular.importer import TableImport

# Rows written at a time, in the import's one transaction.
WRITE_CHUNK = 5_000
MESSAGE_WRITTEN = "Enregistrement : {count} ligne(s)…"
ERROR_NO_COMMUNE_COLUMN = "Colonnes manquantes : « Code commune » (ou « Commune » et « Province »)."
ERROR_OUT_OF_SCOPE = "la commune « {value} » n'est pas dans votre périmètre."
ERROR_UNKNOWN_ITEMS = "{what} inconnu(s) : {values}."
ERROR_DUPLICATE_REF = "la référence « {value} » figure déjà à la ligne {first}."
ERROR_NO_NAME = "Nom manquant : indiquez le nom en français ou en arabe."
ERROR_NO_NAME_COLUMN = "Colonne manquante : « Nom (français) » ou « Nom (arabe) »."
ERROR_DUPLICATE_NAME = "« {value} » figure déjà dans la même commune à la ligne {first}."
ERROR_REF_ELSEWHERE = (
    "la référence « {value} » appartient à une association hors de votre périmètre."
)
ERROR_SAME_ASSOCIATION = (
    "cette ligne désigne la même association que la ligne {first} (même référence ou même nom)."
)
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

    Every row is checked before anything is written: cells (formats, reference
    lists), communes (known, inside ``user``'s provinces; ``user=None`` is the
    command line, with the whole country), duplicates within the file. Rows are
    matched to existing associations by registration reference, else by name and
    commune; a matched row that changes nothing is left alone (no history entry).
    Any error refuses the whole file with ``ImportRejected`` (line-numbered
    ``RowError`` items). Writes are bulk inserts and updates in one transaction,
    with a history entry per created or changed association.
    """

    columns = ASSOCIATION_COLUMNS
    error_no_rows = ERROR_NO_ROWS

    def check_columns(self, resolved):
        if not {"name_fr", "name_ar"} & resolved.keys():
            raise ImportRejected([ERROR_NO_NAME_COLUMN])
        if "commune_code" not in resolved and not {"commune", "province"} <= resolved.keys():
            raise ImportRejected([ERROR_NO_COMMUNE_COLUMN])

    def check(self, parsed, errors):
        refs = References()
        scope = province_scope(self.user) if self.user is not None else None
        allowed_provinces = None if scope is None else set(scope.values_list("pk", flat=True))

        # First pass: communes, reference lists, scope, duplicates within the file.
        rows: list[tuple[int, dict, tuple]] = []
        seen_refs: dict[str, int] = {}
        seen_names: dict[tuple[int, str], int] = {}
        for line, values in parsed:
            row_errors = []
            commune, problem = commune_resolve(values, refs)
            if problem:
                use_code = values.get("commune_code") or "commune" not in self.resolved
                column = "Code commune" if use_code else "Commune"
                row_errors.append(RowError(line, problem, column))
            elif allowed_provinces is not None and commune[1] not in allowed_provinces:
                row_errors.append(
                    RowError(line, ERROR_OUT_OF_SCOPE.format(value=commune[2]), "Commune")
                )
            for name in M2M_FIELDS:
                if values.get(name) is None:
                    continue
                lookup = refs.items[name]
                unknown = [item for item in values[name] if header_key(item) not in lookup]
                if unknown:
                    message = ERROR_UNKNOWN_ITEMS.format(
                        what=M2M_LABELS[name], values=", ".join(f"« {item} »" for item in unknown)
                    )
                    row_errors.append(RowError(line, message, COLUMNS_BY_KEY[name].header))
                else:
                    # A sorted tuple: a long file holds one per row, a set costs 4 times more.
                    ids = {lookup[header_key(item)] for item in values[name]}
                    values[name] = tuple(sorted(ids))
            ref = values.get("registration_ref")
            if ref:
                if ref in seen_refs:
                    message = ERROR_DUPLICATE_REF.format(value=ref, first=seen_refs[ref])
                    row_errors.append(RowError(line, message, "Référence du récépissé"))
                seen_refs.setdefault(ref, line)
            name = values.get("name_fr") or values.get("name_ar")
            if not name:
                row_errors.append(RowError(line, ERROR_NO_NAME, "Nom (français)"))
            elif commune:
                key = (commune[0], header_key(name))
                if key in seen_names:
                    message = ERROR_DUPLICATE_NAME.format(value=name, first=seen_names[key])
                    column = "Nom (français)" if values.get("name_fr") else "Nom (arabe)"
                    row_errors.append(RowError(line, message, column))
                seen_names.setdefault(key, line)
            if row_errors:
                errors.extend(row_errors)
            else:
                rows.append((line, values, commune))

        # Second pass: match existing associations.
        by_ref = existing_by_ref(
            [values["registration_ref"] for _, values, _ in rows if values.get("registration_ref")]
        )
        by_name = existing_by_name({commune[0] for _, _, commune in rows})
        matches: dict[int, int] = {}
        for line, values, commune in rows:
            ref = values.get("registration_ref")
            if ref and ref in by_ref:
                pk, province_id = by_ref[ref]
                if allowed_provinces is not None and province_id not in allowed_provinces:
                    errors.append(
                        RowError(
                            line, ERROR_REF_ELSEWHERE.format(value=ref), "Référence du récépissé"
                        )
                    )
                    continue
                matches[line] = pk
                continue
            name = values.get("name_fr") or values.get("name_ar")
            candidates = by_name.get((commune[0], header_key(name)), [])
            # Same name in the same commune: the same association, unless both carry
            # different registration references.
            same = [
                pk
                for pk, existing_ref in candidates
                if not ref or not existing_ref or existing_ref == ref
            ]
            if same:
                matches[line] = same[0]

        first_line_of: dict[int, int] = {}
        for line, pk in matches.items():
            if pk in first_line_of:
                message = ERROR_SAME_ASSOCIATION.format(first=first_line_of[pk])
                errors.append(RowError(line, message))
            first_line_of.setdefault(pk, line)
        self.matches = matches
        return rows

    def write(self, rows):
        present_scalars = [name for name in SCALAR_FIELDS if name in self.resolved]
        present_m2m = [name for name in M2M_FIELDS if name in self.resolved]
        existing = load_for_update(sorted(set(self.matches.values())))
        result = AssociationImportResult(
            ignored_columns=columns_ignored(self.table, ASSOCIATION_COLUMNS),
            file_format=self.table.file_format,
        )
        to_create: list[tuple[Association, dict]] = []
        to_update: list[tuple[Association, dict]] = []
        changed_fields: set[str] = set()
        for count, (line, values, commune) in enumerate(rows, start=1):
            association = existing.get(self.matches.get(line)) if line in self.matches else None
            if association is None and self.dry_run:
                # A creation only checked needs no model instance (memory of long files).
                result.created += 1
                shown = values.get("name_fr") or values.get("name_ar")
                result.rows.append(PlannedRow(line, "create", shown, commune[2]))
                continue
            target = association or Association(commune_id=commune[0])
            changed = association is None
            if association is not None and association.commune_id != commune[0]:
                target.commune_id = commune[0]
                changed_fields.add("commune")
                changed = True
            for name in present_scalars:
                value = values.get(name)
                if value is None:
                    if association is not None:
                        continue  # an empty cell never erases what is recorded
                    value = EMPTY_VALUES.get(name, None if name in NUMBER_FIELDS else "")
                if getattr(target, name) != value:
                    setattr(target, name, value)
                    changed_fields.add(name)
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
            result.rows.append(PlannedRow(line, action, shown, commune[2]))
            if not self.dry_run and len(to_create) + len(to_update) >= WRITE_CHUNK:
                self._flush(to_create, to_update, changed_fields)
                percent = 70 + 30 * count // max(len(rows), 1)
                self.progress(percent, MESSAGE_WRITTEN.format(count=count))

        if not self.dry_run:
            self._flush(to_create, to_update, changed_fields)
        return result

    def _flush(self, to_create: list, to_update: list, changed_fields: set[str]) -> None:
        """Write what is planned so far and forget it: memory stays flat on long files."""
        if to_create or to_update:
            associations_write(
                to_create, to_update, changed_fields, user=self.user, source=self.source
            )
        to_create.clear()
        to_update.clear()

    def written(self, result):
        national_figures_invalidate()


def associations_import(
    *, raw: bytes, user=None, dry_run: bool = False, source: str = "", progress=None
):
    """Create or update associations (see ``AssociationsImporter``)."""
    importer = AssociationsImporter(user=user, dry_run=dry_run, source=source, progress=progress)
    return importer.run(raw)
