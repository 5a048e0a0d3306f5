"""What spans the rows of a registry file: duplicates within it, and the recorded
association each row designates, found a chunk of rows at a time."""

from associations.exchange.columns import COLUMNS_BY_KEY, M2M_FIELDS, M2M_LABELS
from associations.exchange.lookups import (
    References,
    commune_resolve,
    existing_by_name,
    existing_by_ref,
)
from associations.models import Association
from takwia.tabular import RowError, header_key

ERROR_OUT_OF_SCOPE = "la commune « {value} » n'est pas dans votre périmètre."
ERROR_UNKNOWN_ITEMS = "{what} inconnu(s) : {values}."
ERROR_DUPLICATE_REF = "la référence « {value} » figure déjà à la ligne {first}."
ERROR_NO_NAME = "Nom manquant : indiquez le nom en français ou en arabe."
ERROR_DUPLICATE_NAME = "« {value} » figure déjà dans la même commune à la ligne {first}."
ERROR_REF_ELSEWHERE = (
    "la référence « {value} » appartient à une association hors de votre périmètre."
)
ERROR_SAME_ASSOCIATION = (
    "cette ligne désigne la même association que la ligne {first} (même référence ou même nom)."
)


class FileMatcher:
    """The checks of one file that span its rows, fed its chunks in order.

    It keeps what they need in compact form: the first line of each reference and
    of each (commune, name) of the file, for duplicates; the associations already
    matched, with their first line; the recorded associations by (commune, name)
    as they were before the import, loaded when a commune first appears (an
    association the import moves out of a commune not loaded yet is remembered
    there, see ``moved``). The errors are those a check of the whole file at once
    gives, whatever the chunks.
    """

    def __init__(self, *, resolved: dict[str, str], allowed_provinces: set[int] | None):
        self.resolved, self.allowed_provinces = resolved, allowed_provinces
        self.references = References()
        self.seen_refs: dict[str, int] = {}
        self.seen_names: dict[bytes, int] = {}  # see _name_key
        self.first_line_of: dict[int, int] = {}
        self.by_name: dict[tuple[int, str], list[tuple[int, str]]] = {}
        self.loaded_communes: set[int] = set()
        self.moved_away: dict[int, list[tuple[str, int, str]]] = {}

    def rows_checked(self, chunk, errors) -> list[tuple[int, dict, tuple]]:
        """Communes, reference lists, scope, duplicates within the file."""
        rows = []
        for line, values in chunk:
            row_errors = []
            commune, problem = commune_resolve(values, self.references)
            if problem:
                use_code = values.get("commune_code") or "commune" not in self.resolved
                column = "Code commune" if use_code else "Commune"
                row_errors.append(RowError(line, problem, column))
            elif self.allowed_provinces is not None and commune[1] not in self.allowed_provinces:
                row_errors.append(
                    RowError(line, ERROR_OUT_OF_SCOPE.format(value=commune[2]), "Commune")
                )
            for name in M2M_FIELDS:
                if values.get(name) is None:
                    continue
                lookup = self.references.items[name]
                unknown = [item for item in values[name] if header_key(item) not in lookup]
                if unknown:
                    message = ERROR_UNKNOWN_ITEMS.format(
                        what=M2M_LABELS[name], values=", ".join(f"« {item} »" for item in unknown)
                    )
                    row_errors.append(RowError(line, message, COLUMNS_BY_KEY[name].header))
                else:
                    ids = {lookup[header_key(item)] for item in values[name]}
                    values[name] = tuple(sorted(ids))
            ref = values.get("registration_ref")
            if ref:
                if ref in self.seen_refs:
                    message = ERROR_DUPLICATE_REF.format(value=ref, first=self.seen_refs[ref])
                    row_errors.append(RowError(line, message, "Référence du récépissé"))
                self.seen_refs.setdefault(ref, line)
            name = values.get("name_fr") or values.get("name_ar")
            if not name:
                row_errors.append(RowError(line, ERROR_NO_NAME, "Nom (français)"))
            elif commune:
                key = _name_key(commune[0], name)
                if key in self.seen_names:
                    message = ERROR_DUPLICATE_NAME.format(value=name, first=self.seen_names[key])
                    column = "Nom (français)" if values.get("name_fr") else "Nom (arabe)"
                    row_errors.append(RowError(line, message, column))
                self.seen_names.setdefault(key, line)
            if row_errors:
                errors.extend(row_errors)
            else:
                rows.append((line, values, commune))
        return rows

    def matched(self, rows, errors) -> dict[int, int]:
        """The recorded association each row designates ({line: pk}), by reference, else
        by name in the same commune."""
        by_ref = existing_by_ref(
            [values["registration_ref"] for _, values, _ in rows if values.get("registration_ref")]
        )
        self._names_load({commune[0] for _, _, commune in rows})
        matches: dict[int, int] = {}
        for line, values, commune in rows:
            ref = values.get("registration_ref")
            if ref and ref in by_ref:
                pk, province_id = by_ref[ref]
                if self.allowed_provinces is not None and province_id not in self.allowed_provinces:
                    errors.append(
                        RowError(
                            line, ERROR_REF_ELSEWHERE.format(value=ref), "Référence du récépissé"
                        )
                    )
                    continue
                matches[line] = pk
                continue
            name = values.get("name_fr") or values.get("name_ar")
            candidates = self.by_name.get((commune[0], header_key(name)), [])
            # Same name in the same commune: the same association, unless both carry
            # different registration references.
            same = [
                pk
                for pk, existing_ref in candidates
                if not ref or not existing_ref or existing_ref == ref
            ]
            if same:
                matches[line] = same[0]
        for line, pk in matches.items():
            if pk in self.first_line_of:
                message = ERROR_SAME_ASSOCIATION.format(first=self.first_line_of[pk])
                errors.append(RowError(line, message))
            self.first_line_of.setdefault(pk, line)
        return matches

    def _names_load(self, commune_ids: set[int]) -> None:
        new = commune_ids - self.loaded_communes
        self.by_name.update(existing_by_name(new))
        for commune_id in new:
            for key, pk, ref in self.moved_away.pop(commune_id, []):
                self.by_name.setdefault((commune_id, key), []).append((pk, ref))
        self.loaded_communes |= new

    def moved(self, association: Association) -> None:
        """An association leaving a commune whose recorded names are not loaded yet: keep
        it there, as a check of the whole file before any write would have found it."""
        if association.commune_id not in self.loaded_communes:
            key = header_key(association.name_fr or association.name_ar)
            self.moved_away.setdefault(association.commune_id, []).append(
                (key, association.pk, association.registration_ref or "")
            )


def _name_key(commune_id: int, name: str) -> bytes:
    """A name as compared within a commune, in one small object (a tuple of an int and a
    str costs twice as much; a long file keeps one per row)."""
    return f"{commune_id}:{header_key(name)}".encode()
