"""Writes to the registry and the territory."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from associations.models import Commune, Domain, Milieu, Province, Region, TargetPopulation
from takwia.tabular import RowError, choice, text
from takwia.tabular.columns import Column
from takwia.tabular.importer import TableImport

DATA_DIR = Path(__file__).resolve().parent / "data"

ERROR_UNKNOWN_PROVINCE = "province « {code} » inconnue."
ERROR_DUPLICATE_CODE = "le code « {code} » figure déjà à la ligne {first}."

MILIEU_VALUES = {
    "urban": Milieu.URBAN,
    "urbain": Milieu.URBAN,
    "urbaine": Milieu.URBAN,
    "u": Milieu.URBAN,
    "rural": Milieu.RURAL,
    "rurale": Milieu.RURAL,
    "r": Milieu.RURAL,
}

# The communes file: HCP's own (English) headers, or French ones.
COMMUNE_COLUMNS = [
    Column("code", "Code", text(16), required=True),
    Column("name_fr", "Nom (français)", text(255), required=True, aliases=("nom", "nom_fr")),
    Column("name_ar", "Nom (arabe)", text(255), aliases=("nom_ar",)),
    Column(
        "milieu", "Milieu", choice(MILIEU_VALUES, ["urbain", "rural"]), required=True,
        aliases=("type",),
    ),
    Column(
        "province_code", "Code province", text(16), required=True,
        aliases=("code_province", "province"),
    ),
]  # fmt: skip


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


class CommunesImporter(TableImport):
    """Communes created or updated from a CSV or XLSX file, matched on their HCP code."""

    columns = COMMUNE_COLUMNS

    def check(self, parsed, errors):
        provinces = dict(Province.objects.values_list("code", "pk"))
        existing = {commune.code: commune for commune in Commune.objects.all()}
        seen: dict[str, int] = {}
        communes = []
        for line, values in parsed:
            code = values["code"]
            if code in seen:
                message = ERROR_DUPLICATE_CODE.format(code=code, first=seen[code])
                errors.append(RowError(line, message, "Code"))
                continue
            seen[code] = line
            province_id = provinces.get(values["province_code"])
            if province_id is None:
                message = ERROR_UNKNOWN_PROVINCE.format(code=values["province_code"])
                errors.append(RowError(line, message, "Code province"))
                continue
            commune = existing.get(code) or Commune(code=code)
            commune.name_fr = values["name_fr"]
            commune.name_ar = values.get("name_ar") or ""
            commune.milieu = values["milieu"]
            commune.province_id = province_id
            communes.append(commune)
        return communes

    def write(self, communes):
        to_create = [commune for commune in communes if commune.pk is None]
        to_update = [commune for commune in communes if commune.pk is not None]
        Commune.objects.bulk_create(to_create, batch_size=1000)
        Commune.objects.bulk_update(
            to_update, ["name_fr", "name_ar", "milieu", "province_id"], batch_size=1000
        )
        return ImportResult(created=len(to_create), updated=len(to_update))


def communes_import(*, raw: bytes, dry_run: bool = False) -> ImportResult:
    """Create or update communes, all or nothing (see ``CommunesImporter``)."""
    return CommunesImporter(dry_run=dry_run).run(raw)


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


def association_network_membership(*, association, network, member: bool, user) -> None:
    """Make ``association`` a member of ``network`` (or no longer one); the change is kept
    in the association's history, with ``user``."""
    association._history_user = user
    if member:
        association.networks.add(network)
    else:
        association.networks.remove(network)
