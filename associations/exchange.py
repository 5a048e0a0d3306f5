"""The registry as a spreadsheet: the import and export format, the import service, the export.

One list of columns (``ASSOCIATION_COLUMNS``) serves the import, the export, the
template file and the README, so that exporting a province and re-importing the
file changes nothing.
"""

import io
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from associations.models import (
    Association,
    Commune,
    Domain,
    Network,
    TargetPopulation,
    moroccan_phone_validator,
)
from associations.selectors import national_figures_invalidate
from takwia.access import province_scope
from takwia.tabular import (
    LIST_JOINER,
    CellError,
    Column,
    ImportRejected,
    RowError,
    Table,
    choice_of,
    columns_ignored,
    columns_resolve,
    csv_chunks,
    day,
    header_key,
    rows_parse,
    split_list,
    table_read,
    text,
    whole_number,
    xlsx_bytes,
)

ERROR_PHONE = "numéro marocain attendu (10 chiffres commençant par 05, 06, 07 ou 08, ou +212)."
ERROR_EMAIL = "adresse e-mail invalide : « {value} »."
ERROR_FUTURE_DATE = "la date de création ne peut pas être dans le futur."
ERROR_NO_COMMUNE_COLUMN = "Colonnes manquantes : « Code commune » (ou « Commune » et « Province »)."
ERROR_NO_COMMUNE = "indiquez le code de la commune, ou son nom et sa province."
ERROR_UNKNOWN_COMMUNE_CODE = "commune « {value} » inconnue (code HCP attendu, ex. 05.301.01.01)."
ERROR_UNKNOWN_PROVINCE = "province « {value} » inconnue."
ERROR_UNKNOWN_COMMUNE_NAME = "commune « {value} » inconnue dans la province « {province} »."
ERROR_AMBIGUOUS_COMMUNE = (
    "plusieurs communes s'appellent « {value} » dans cette province : indiquez le code commune."
)
ERROR_OUT_OF_SCOPE = "la commune « {value} » n'est pas dans votre périmètre."
ERROR_UNKNOWN_ITEMS = "{what} inconnu(s) : {values}."
ERROR_DUPLICATE_REF = "la référence « {value} » figure déjà à la ligne {first}."
ERROR_DUPLICATE_NAME = "« {value} » figure déjà dans la même commune à la ligne {first}."
ERROR_REF_ELSEWHERE = (
    "la référence « {value} » appartient à une association hors de votre périmètre."
)
ERROR_SAME_ASSOCIATION = (
    "cette ligne désigne la même association que la ligne {first} (même référence ou même nom)."
)
ERROR_NO_ROWS = "Le fichier ne contient aucune association (seulement l'en-tête)."

_STATUS_VALUES = {
    "active": Association.Status.ACTIVE,
    "actif": Association.Status.ACTIVE,
    "en activite": Association.Status.ACTIVE,
    "dormant": Association.Status.DORMANT,
    "dormante": Association.Status.DORMANT,
    "en sommeil": Association.Status.DORMANT,
    "en veille": Association.Status.DORMANT,
    "inactive": Association.Status.DORMANT,
}
_INITIATOR_VALUES = {
    "administration": Association.Initiator.ADMINISTRATION,
    "organisme": Association.Initiator.ADMINISTRATION,
    "fondateurs": Association.Initiator.FOUNDERS,
    "founders": Association.Initiator.FOUNDERS,
    "population": Association.Initiator.POPULATION,
}


def _phone(value: str) -> str:
    compact = "".join(char for char in value if char not in " .-/()\u00a0")
    try:
        moroccan_phone_validator(compact)
    except ValidationError:
        raise CellError(ERROR_PHONE) from None
    return compact


def _email(value: str) -> str:
    try:
        validate_email(value)
    except ValidationError:
        raise CellError(ERROR_EMAIL.format(value=value)) from None
    return value.lower()


def _founded_on(value: str):
    parsed = day(value)
    if parsed > timezone.localdate():
        raise CellError(ERROR_FUTURE_DATE)
    return parsed


def _status_label(value: str) -> str:
    return str(Association.Status(value).label)


ASSOCIATION_COLUMNS = [
    Column(
        "registration_ref",
        "Référence du récépissé",
        text(64),
        aliases=("référence", "référence d'enregistrement", "récépissé", "n° de récépissé"),
        help="Référence du dépôt légal ; sert à reconnaître l'association lors d'un nouvel import.",
        example="KHN-2011-0457",
    ),
    Column(
        "name_fr",
        "Nom (français)",
        text(255),
        required=True,
        aliases=("nom", "nom de l'association", "nom fr"),
        help="Obligatoire.",
        example="Association Tifawin pour le développement",
    ),
    Column(
        "name_ar",
        "Nom (arabe)",
        text(255),
        aliases=("nom ar", "nom en arabe", "الاسم"),
        example="جمعية تيفاوين للتنمية",
    ),
    Column("acronym", "Sigle", text(40), example="ATD"),
    Column(
        "commune_code",
        "Code commune",
        text(16),
        aliases=("code hcp de la commune", "code commune hcp"),
        help="Code HCP de la commune ; à défaut, les colonnes « Commune » et « Province ».",
        example="05.301.01.01",
    ),
    Column(
        "commune",
        "Commune",
        text(255),
        aliases=("nom de la commune",),
        help="Nom de la commune (utilisé si le code commune est vide).",
        example="Khénifra",
    ),
    Column(
        "province",
        "Province",
        text(255),
        aliases=("province ou préfecture", "préfecture", "code province"),
        help="Nom ou code HCP de la province (avec le nom de la commune).",
        example="Khénifra",
    ),
    Column("address", "Adresse", text(255), example="12, rue Al Massira"),
    Column(
        "phone",
        "Téléphone",
        _phone,
        aliases=("tél", "tel", "gsm"),
        help="Numéro marocain : 0612345678 ou +212612345678.",
        example="0612345678",
    ),
    Column("email", "E-mail", _email, aliases=("email", "courriel", "mail"), example=""),
    Column(
        "founded_on",
        "Date de création",
        _founded_on,
        aliases=("créée le", "date creation"),
        help="jj/mm/aaaa, pas dans le futur.",
        example="14/03/2011",
    ),
    Column(
        "president_name",
        "Président(e)",
        text(255),
        aliases=("président", "présidente", "nom du président"),
        example="Hassan Idrissi",
    ),
    Column(
        "members_count",
        "Adhérents",
        whole_number,
        aliases=("nombre d'adhérents", "membres"),
        help="Nombre entier.",
        example="45",
    ),
    Column(
        "paid_staff_count",
        "Salariés",
        whole_number,
        aliases=("personnel salarié",),
        help="Nombre entier.",
        example="0",
    ),
    Column(
        "volunteers_count",
        "Bénévoles",
        whole_number,
        aliases=("volontaires",),
        help="Nombre entier.",
        example="12",
    ),
    Column(
        "domains",
        "Domaines d'intervention",
        split_list,
        aliases=("domaines",),
        help="Noms de la liste de référence, séparés par « | » (ou « ; », « , »).",
        example="Développement social | Santé",
    ),
    Column(
        "target_populations",
        "Populations cibles",
        split_list,
        aliases=("cibles", "population cible"),
        help="Noms de la liste de référence, séparés par « | ».",
        example="Femmes | Enfants",
    ),
    Column(
        "initiator",
        "À l'initiative de",
        choice_of(Association.Initiator, _INITIATOR_VALUES),
        aliases=("initiative", "initiateur"),
        help="« Une administration ou un organisme », « Les fondateurs » "
        "ou « Une demande de la population ».",
        example="Les fondateurs",
    ),
    Column(
        "networks",
        "Réseaux",
        split_list,
        aliases=("réseau", "réseaux d'appartenance"),
        help="Noms des réseaux connus de la plateforme, séparés par « | ».",
        example="",
    ),
    Column(
        "status",
        "Statut",
        choice_of(Association.Status, _STATUS_VALUES),
        help="« Active » ou « En sommeil » (vide : active).",
        example="Active",
    ),
]
COLUMNS_BY_KEY = {column.key: column for column in ASSOCIATION_COLUMNS}
HEADERS = [column.header for column in ASSOCIATION_COLUMNS]
SCALAR_FIELDS = [
    "registration_ref",
    "name_fr",
    "name_ar",
    "acronym",
    "address",
    "phone",
    "email",
    "founded_on",
    "president_name",
    "members_count",
    "paid_staff_count",
    "volunteers_count",
    "initiator",
    "status",
]
M2M_FIELDS = {"domains": Domain, "target_populations": TargetPopulation, "networks": Network}
_M2M_LABELS = {
    "domains": "domaine(s) d'intervention",
    "target_populations": "population(s) cible(s)",
    "networks": "réseau(x)",
}
# Empty cells: what the field then holds.
_EMPTY = {"registration_ref": None, "founded_on": None, "status": Association.Status.ACTIVE}
_NUMBERS = {"members_count", "paid_staff_count", "volunteers_count"}


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


class _References:
    """Lookup tables for communes, provinces and the reference lists, loaded once."""

    def __init__(self):
        self.communes = {}
        self.communes_by_name = {}
        rows = Commune.objects.values_list("pk", "code", "name_fr", "name_ar", "province_id")
        for pk, code, name_fr, name_ar, province_id in rows:
            self.communes[code] = (pk, province_id, name_fr)
            for name in {name_fr, name_ar} - {""}:
                self.communes_by_name.setdefault((province_id, header_key(name)), []).append(
                    (pk, province_id, name_fr)
                )
        self.provinces = {}
        for pk, code, name_fr, name_ar in apps.get_model(
            "associations", "Province"
        ).objects.values_list("pk", "code", "name_fr", "name_ar"):
            for key in {code, name_fr, name_ar} - {""}:
                self.provinces[header_key(key)] = pk
        self.items = {}
        for name, model in M2M_FIELDS.items():
            lookup = {}
            if model is Network:
                for pk, label in model.objects.values_list("pk", "name"):
                    lookup[header_key(label)] = pk
            else:
                for pk, code, name_fr, name_ar in model.objects.values_list(
                    "pk", "code", "name_fr", "name_ar"
                ):
                    for key in {code, name_fr, name_ar} - {""}:
                        lookup[header_key(key)] = pk
            self.items[name] = lookup


def _commune_resolve(values: dict, refs: _References) -> tuple[Any, str | None]:
    """(commune tuple, None) or (None, French message)."""
    code = values.get("commune_code")
    if code:
        found = refs.communes.get(code)
        return (found, None) if found else (None, ERROR_UNKNOWN_COMMUNE_CODE.format(value=code))
    name, province = values.get("commune"), values.get("province")
    if not name or not province:
        return None, ERROR_NO_COMMUNE
    province_id = refs.provinces.get(header_key(province))
    if province_id is None:
        return None, ERROR_UNKNOWN_PROVINCE.format(value=province)
    matches = refs.communes_by_name.get((province_id, header_key(name)), [])
    if not matches:
        return None, ERROR_UNKNOWN_COMMUNE_NAME.format(value=name, province=province)
    if len({match[0] for match in matches}) > 1:
        return None, ERROR_AMBIGUOUS_COMMUNE.format(value=name)
    return matches[0], None


def _chunks(items: list, size: int = 5000):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing_by_ref(refs_in_file: list[str]) -> dict[str, tuple[int, int]]:
    found = {}
    for chunk in _chunks(refs_in_file):
        rows = Association.objects.filter(registration_ref__in=chunk).values_list(
            "registration_ref", "pk", "commune__province_id"
        )
        found.update({ref: (pk, province_id) for ref, pk, province_id in rows})
    return found


def _existing_by_name(commune_ids: set[int]) -> dict[tuple[int, str], list[tuple[int, str]]]:
    found = {}
    for chunk in _chunks(sorted(commune_ids), 500):
        rows = Association.objects.filter(commune_id__in=chunk).values_list(
            "pk", "commune_id", "name_fr", "registration_ref"
        )
        for pk, commune_id, name_fr, ref in rows:
            found.setdefault((commune_id, header_key(name_fr)), []).append((pk, ref or ""))
    return found


def _load_for_update(pks: list[int]) -> dict[int, Association]:
    loaded = {}
    for chunk in _chunks(pks, 2000):
        for association in Association.objects.filter(pk__in=chunk).prefetch_related(
            "domains", "target_populations", "networks"
        ):
            loaded[association.pk] = association
    return loaded


def _m2m_ids(association: Association, name: str) -> set[int]:
    return {item.pk for item in getattr(association, name).all()}


def associations_import(
    *, raw: bytes, user=None, dry_run: bool = False, source: str = ""
) -> AssociationImportResult:
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
    table = table_read(raw)
    return _import_table(table, user=user, dry_run=dry_run, source=source)


def _import_table(table: Table, *, user, dry_run: bool, source: str) -> AssociationImportResult:
    resolved = columns_resolve(table, ASSOCIATION_COLUMNS)
    if "commune_code" not in resolved and not {"commune", "province"} <= resolved.keys():
        raise ImportRejected([ERROR_NO_COMMUNE_COLUMN])
    if table.is_empty():
        raise ImportRejected([ERROR_NO_ROWS])
    parsed, errors = rows_parse(table, ASSOCIATION_COLUMNS, resolved)
    refs = _References()
    scope = province_scope(user) if user is not None else None
    allowed_provinces = None if scope is None else set(scope.values_list("pk", flat=True))

    # First pass: communes, reference lists, scope, duplicates within the file.
    rows: list[tuple[int, dict, tuple]] = []
    seen_refs: dict[str, int] = {}
    seen_names: dict[tuple[int, str], int] = {}
    for line, values in parsed:
        row_errors = []
        commune, problem = _commune_resolve(values, refs)
        if problem:
            use_code = values.get("commune_code") or "commune" not in resolved
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
                    what=_M2M_LABELS[name], values=", ".join(f"« {item} »" for item in unknown)
                )
                row_errors.append(RowError(line, message, COLUMNS_BY_KEY[name].header))
            else:
                values[name] = {lookup[header_key(item)] for item in values[name]}
        ref = values.get("registration_ref")
        if ref:
            if ref in seen_refs:
                message = ERROR_DUPLICATE_REF.format(value=ref, first=seen_refs[ref])
                row_errors.append(RowError(line, message, "Référence du récépissé"))
            seen_refs.setdefault(ref, line)
        if commune:
            key = (commune[0], header_key(values["name_fr"]))
            if key in seen_names:
                message = ERROR_DUPLICATE_NAME.format(
                    value=values["name_fr"], first=seen_names[key]
                )
                row_errors.append(RowError(line, message, "Nom (français)"))
            seen_names.setdefault(key, line)
        if row_errors:
            errors.extend(row_errors)
        else:
            rows.append((line, values, commune))

    # Second pass: match existing associations.
    by_ref = _existing_by_ref(
        [values["registration_ref"] for _, values, _ in rows if values.get("registration_ref")]
    )
    by_name = _existing_by_name({commune[0] for _, _, commune in rows})
    matches: dict[int, int] = {}
    for line, values, commune in rows:
        ref = values.get("registration_ref")
        if ref and ref in by_ref:
            pk, province_id = by_ref[ref]
            if allowed_provinces is not None and province_id not in allowed_provinces:
                errors.append(
                    RowError(line, ERROR_REF_ELSEWHERE.format(value=ref), "Référence du récépissé")
                )
                continue
            matches[line] = pk
            continue
        candidates = by_name.get((commune[0], header_key(values["name_fr"])), [])
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

    if errors:
        raise ImportRejected(sorted(errors, key=lambda error: error.line))

    present_scalars = [name for name in SCALAR_FIELDS if name in resolved]
    present_m2m = [name for name in M2M_FIELDS if name in resolved]
    existing = _load_for_update(sorted(set(matches.values())))
    result = AssociationImportResult(
        ignored_columns=columns_ignored(table, ASSOCIATION_COLUMNS), file_format=table.file_format
    )
    to_create: list[tuple[Association, dict]] = []
    to_update: list[tuple[Association, dict]] = []
    changed_fields: set[str] = set()
    for line, values, commune in rows:
        association = existing.get(matches.get(line)) if line in matches else None
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
                value = _EMPTY.get(name, None if name in _NUMBERS else "")
            if getattr(target, name) != value:
                setattr(target, name, value)
                changed_fields.add(name)
                changed = True
        m2m = {}
        for name in present_m2m:
            wanted = values.get(name)
            if wanted is None:
                continue
            if association is None or _m2m_ids(association, name) != wanted:
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
        result.rows.append(PlannedRow(line, action, target.name_fr, commune[2]))

    if dry_run:
        return result
    with transaction.atomic():
        _write(to_create, to_update, changed_fields, user=user, source=source)
    national_figures_invalidate()
    return result


def _write(to_create, to_update, changed_fields: set[str], *, user, source: str) -> None:
    now = timezone.now()
    reason = f"Import {source}".strip()
    created = [association for association, _ in to_create]
    for association in created:
        association.search_text = association.build_search_text()
        association.created_at = association.updated_at = now
    Association.objects.bulk_create(created, batch_size=1000)
    updated = [association for association, _ in to_update]
    for association in updated:
        association.search_text = association.build_search_text()
        association.updated_at = now
    if updated:
        fields = sorted({*changed_fields, "search_text", "updated_at"})
        Association.objects.bulk_update(updated, fields, batch_size=1000)

    # Many-to-many: replace the sets that changed, by bulk inserts in the through tables.
    updated_pks = {association.pk for association in updated}
    for name in M2M_FIELDS:
        through = Association._meta.get_field(name).remote_field.through
        column = Association._meta.get_field(name).m2m_reverse_field_name() + "_id"
        pairs = [
            (association.pk, wanted)
            for association, m2m in (*to_create, *to_update)
            if name in m2m
            for wanted in [m2m[name]]
        ]
        replaced = [pk for pk, _ in pairs if pk in updated_pks]
        for chunk in _chunks(replaced):
            through.objects.filter(association_id__in=chunk).delete()
        through.objects.bulk_create(
            [through(association_id=pk, **{column: item}) for pk, items in pairs for item in items],
            batch_size=5000,
        )

    # History: one record per created or changed association, with its m2m snapshot.
    history = Association.history
    records = (
        history.bulk_history_create(
            created,
            batch_size=1000,
            default_user=user,
            default_change_reason=reason,
            default_date=now,
        )
        or []
    )
    records += (
        history.bulk_history_create(
            updated,
            batch_size=1000,
            update=True,
            default_user=user,
            default_change_reason=reason,
            default_date=now,
        )
        or []
    )
    if not records:
        return
    record_by_pk = {record.id: record.history_id for record in records}
    if any(history_id is None for history_id in record_by_pk.values()):
        record_by_pk = dict(
            history.model.objects.filter(history_date=now, id__in=list(record_by_pk)).values_list(
                "id", "history_id"
            )
        )
    for name in M2M_FIELDS:
        field_name = Association._meta.get_field(name).m2m_reverse_field_name() + "_id"
        through = Association._meta.get_field(name).remote_field.through
        historical = apps.get_model("associations", f"HistoricalAssociation_{name}")
        # The historical through rows copy the live ones, own id included.
        current = through.objects.filter(association_id__in=list(record_by_pk)).values_list(
            "id", "association_id", field_name
        )
        historical.objects.bulk_create(
            [
                historical(
                    id=row_id,
                    history_id=record_by_pk[pk],
                    association_id=pk,
                    **{field_name: item},
                )
                for row_id, pk, item in current
            ],
            batch_size=5000,
        )


def _export_row(association: Association) -> list[Any]:
    commune = association.commune
    return [
        association.registration_ref or "",
        association.name_fr,
        association.name_ar,
        association.acronym,
        commune.code,
        commune.name_fr,
        commune.province.name_fr,
        association.address,
        association.phone,
        association.email,
        association.founded_on,
        association.president_name,
        association.members_count,
        association.paid_staff_count,
        association.volunteers_count,
        LIST_JOINER.join(sorted(item.name_fr for item in association.domains.all())),
        LIST_JOINER.join(sorted(item.name_fr for item in association.target_populations.all())),
        association.get_initiator_display() if association.initiator else "",
        LIST_JOINER.join(sorted(item.name for item in association.networks.all())),
        _status_label(association.status),
    ]


def export_rows(queryset):
    """Rows of the export in ``ASSOCIATION_COLUMNS`` order, streamed in chunks of 2,000."""
    queryset = queryset.select_related("commune__province").prefetch_related(
        "domains", "target_populations", "networks"
    )
    for association in queryset.iterator(chunk_size=2000):
        yield _export_row(association)


def associations_export_csv(queryset):
    """The export as CSV chunks (UTF-8 with BOM, ``;``), for a streaming response or a file."""
    return csv_chunks(HEADERS, export_rows(queryset))


def associations_export_xlsx(queryset) -> bytes:
    return xlsx_bytes(HEADERS, export_rows(queryset), title="Associations")


def template_csv() -> bytes:
    return b"".join(csv_chunks(HEADERS, []))


def template_xlsx() -> bytes:
    """The empty template, with a second sheet explaining each column and the allowed values."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(xlsx_bytes(HEADERS, [], title="Associations")))
    guide = workbook.create_sheet("Colonnes")
    guide.append(["Colonne", "Obligatoire", "Explication", "Exemple"])
    for column in ASSOCIATION_COLUMNS:
        guide.append([column.header, "oui" if column.required else "", column.help, column.example])
    guide.append([])
    guide.append(["Domaines d'intervention acceptés"])
    for name in Domain.objects.order_by("name_fr").values_list("name_fr", flat=True):
        guide.append([name])
    guide.append([])
    guide.append(["Populations cibles acceptées"])
    for name in TargetPopulation.objects.order_by("name_fr").values_list("name_fr", flat=True):
        guide.append([name])
    guide.column_dimensions["A"].width = 40
    guide.column_dimensions["C"].width = 70
    guide.column_dimensions["D"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
