"""Writes to the registry and the territory."""

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from associations.models import Commune, Domain, Milieu, Province, Region, TargetPopulation
from takwia.tabular import ImportRejected

DATA_DIR = Path(__file__).resolve().parent / "data"

ERROR_ENCODING = "Le fichier n'est pas encodé en UTF-8 : enregistrez-le en « CSV UTF-8 »."
ERROR_EMPTY_FILE = "Le fichier est vide."
ERROR_MISSING_COLUMNS = "Colonnes manquantes : {columns}."
ERROR_REQUIRED = "Ligne {line} : la colonne « {column} » est obligatoire."
ERROR_UNKNOWN_PROVINCE = "Ligne {line} : province « {code} » inconnue."
ERROR_BAD_MILIEU = "Ligne {line} : milieu « {value} » non reconnu (urbain ou rural attendu)."
ERROR_DUPLICATE_CODE = "Ligne {line} : le code « {code} » figure déjà à la ligne {first}."

MILIEU_VALUES = {
    "urban": Milieu.URBAN,
    "urbain": Milieu.URBAN,
    "urbaine": Milieu.URBAN,
    "u": Milieu.URBAN,
    "rural": Milieu.RURAL,
    "rurale": Milieu.RURAL,
    "r": Milieu.RURAL,
}

# Accepted headers for the communes CSV: HCP's own (English) and French ones.
COMMUNE_COLUMNS = {
    "code": ("code",),
    "name_fr": ("name_fr", "nom", "nom_fr", "nom (français)"),
    "name_ar": ("name_ar", "nom_ar", "nom (arabe)"),
    "milieu": ("type", "milieu"),
    "province_code": ("province_code", "code_province", "province"),
}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


def read_csv_rows(raw: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Decode a CSV as French Excel writes it (UTF-8 with or without BOM, ``;`` or ``,``).

    Returns the lower-cased headers and ``(line number, row)`` pairs; line 1 is the header.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected([ERROR_ENCODING]) from exc
    if not text.strip():
        raise ImportRejected([ERROR_EMPTY_FILE])
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    reader.fieldnames = [(name or "").strip().lower() for name in reader.fieldnames or []]
    rows = []
    for row in reader:
        clean = {key: (value or "").strip() for key, value in row.items() if key is not None}
        if any(clean.values()):
            rows.append((reader.line_num, clean))
    return reader.fieldnames, rows


def _resolve_columns(
    headers: list[str], spec: dict[str, tuple[str, ...]], optional: frozenset[str] = frozenset()
) -> dict[str, str]:
    resolved, missing = {}, []
    for key, aliases in spec.items():
        found = next((alias for alias in aliases if alias in headers), None)
        if found is None and key not in optional:
            missing.append(aliases[0])
        elif found is None:
            continue
        else:
            resolved[key] = found
    if missing:
        raise ImportRejected([ERROR_MISSING_COLUMNS.format(columns=", ".join(missing))])
    return resolved


@transaction.atomic
def communes_import(*, raw: bytes, dry_run: bool = False) -> ImportResult:
    """Create or update communes from a CSV, all or nothing.

    Every row is checked before anything is written; any error refuses the whole
    file with line-numbered French messages (``ImportRejected``).
    """
    headers, rows = read_csv_rows(raw)
    columns = _resolve_columns(headers, COMMUNE_COLUMNS, optional=frozenset({"name_ar"}))
    provinces = dict(Province.objects.values_list("code", "pk"))
    existing = {commune.code: commune for commune in Commune.objects.all()}

    errors: list[str] = []
    seen: dict[str, int] = {}
    to_create, to_update = [], []
    for line, row in rows:
        values = {key: row.get(columns.get(key, ""), "") for key in COMMUNE_COLUMNS}
        for key in ("code", "name_fr", "milieu", "province_code"):
            if not values[key]:
                errors.append(ERROR_REQUIRED.format(line=line, column=columns[key]))
        if not all(values[key] for key in ("code", "name_fr", "milieu", "province_code")):
            continue
        code = values["code"]
        if code in seen:
            errors.append(ERROR_DUPLICATE_CODE.format(line=line, code=code, first=seen[code]))
            continue
        seen[code] = line
        province_id = provinces.get(values["province_code"])
        if province_id is None:
            errors.append(ERROR_UNKNOWN_PROVINCE.format(line=line, code=values["province_code"]))
        milieu = MILIEU_VALUES.get(values["milieu"].lower())
        if milieu is None:
            errors.append(ERROR_BAD_MILIEU.format(line=line, value=values["milieu"]))
        if province_id is None or milieu is None:
            continue
        commune = existing.get(code) or Commune(code=code)
        commune.name_fr = values["name_fr"]
        commune.name_ar = values["name_ar"]
        commune.milieu = milieu
        commune.province_id = province_id
        (to_update if commune.pk else to_create).append(commune)

    if errors:
        raise ImportRejected(errors)
    result = ImportResult(created=len(to_create), updated=len(to_update))
    if dry_run:
        return result
    Commune.objects.bulk_create(to_create, batch_size=1000)
    Commune.objects.bulk_update(
        to_update, ["name_fr", "name_ar", "milieu", "province_id"], batch_size=1000
    )
    return result


@transaction.atomic
def territory_load(*, data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Load (or refresh) the 12 regions, 75 provinces and the communes shipped with the app,
    and the registry's reference lists (domains of intervention, target populations).

    Idempotent: rows are matched on their HCP code. Casablanca's eight
    *préfectures d'arrondissements* overlap the Casablanca prefecture and are left out.
    """
    with open(data_dir / "regions.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Region.objects.update_or_create(
                code=row["code"], defaults={"name_fr": row["name_fr"], "name_ar": row["name_ar"]}
            )
    regions = dict(Region.objects.values_list("code", "pk"))
    with open(data_dir / "provinces.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["type"] not in Province.Kind.values:
                continue
            Province.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name_fr": row["name_fr"],
                    "name_ar": row["name_ar"],
                    "kind": row["type"],
                    "region_id": regions[row["region_code"]],
                },
            )
    communes = communes_import(raw=(data_dir / "communes.csv").read_bytes())
    for model, filename in ((Domain, "domains.csv"), (TargetPopulation, "target_populations.csv")):
        with open(data_dir / filename, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                model.objects.update_or_create(
                    code=row["code"],
                    defaults={"name_fr": row["name_fr"], "name_ar": row["name_ar"]},
                )
    return {
        "regions": Region.objects.count(),
        "provinces": Province.objects.count(),
        "communes_created": communes.created,
        "communes_updated": communes.updated,
    }


@transaction.atomic
def association_archive(*, association, archived: bool = True) -> None:
    """Archive (or bring back) an association: records are never deleted."""
    association.archived = archived
    association.save(update_fields=["archived", "updated_at"])
