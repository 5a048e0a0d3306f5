"""What an imported row is matched against: the territory, the reference lists and the
associations already recorded, each loaded once per import (in chunks) rather than per row."""

from typing import Any

from django.apps import apps

from associations.exchange.columns import M2M_FIELDS
from associations.models import Association, Commune, Network
from takwia.tabular import header_key

ERROR_NO_COMMUNE = "indiquez le code de la commune, ou son nom et sa province."
ERROR_UNKNOWN_COMMUNE_CODE = "commune « {value} » inconnue (code HCP attendu, ex. 05.301.01.01)."
ERROR_UNKNOWN_PROVINCE = "province « {value} » inconnue."
ERROR_UNKNOWN_COMMUNE_NAME = "commune « {value} » inconnue dans la province « {province} »."
ERROR_AMBIGUOUS_COMMUNE = (
    "plusieurs communes s'appellent « {value} » dans cette province : indiquez le code commune."
)


class References:
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


def commune_resolve(values: dict, refs: References) -> tuple[Any, str | None]:
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


def chunks(items: list, size: int = 5000):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def existing_by_ref(refs_in_file: list[str]) -> dict[str, tuple[int, int]]:
    found = {}
    for chunk in chunks(refs_in_file):
        rows = Association.objects.filter(registration_ref__in=chunk).values_list(
            "registration_ref", "pk", "commune__province_id"
        )
        found.update({ref: (pk, province_id) for ref, pk, province_id in rows})
    return found


def existing_by_name(commune_ids: set[int]) -> dict[tuple[int, str], list[tuple[int, str]]]:
    found = {}
    for chunk in chunks(sorted(commune_ids), 500):
        rows = Association.objects.filter(commune_id__in=chunk).values_list(
            "pk", "commune_id", "name_fr", "name_ar", "registration_ref"
        )
        for pk, commune_id, name_fr, name_ar, ref in rows:
            key = (commune_id, header_key(name_fr or name_ar))
            found.setdefault(key, []).append((pk, ref or ""))
    return found


def load_for_update(pks: list[int]) -> dict[int, Association]:
    loaded = {}
    for chunk in chunks(pks, 2000):
        for association in Association.objects.filter(pk__in=chunk).prefetch_related(
            "domains", "target_populations", "networks"
        ):
            loaded[association.pk] = association
    return loaded


def m2m_ids(association: Association, name: str) -> set[int]:
    return {item.pk for item in getattr(association, name).all()}
