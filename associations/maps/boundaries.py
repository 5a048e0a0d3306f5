"""The simplified outlines shipped in ``associations/data/boundaries/`` (built once by
``manage.py build_boundaries``), read once per process."""

import json
from functools import cache
from pathlib import Path

BOUNDARIES_DIR = Path(__file__).resolve().parent.parent / "data" / "boundaries"


@cache
def _load(name: str) -> dict:
    with open(BOUNDARIES_DIR / f"{name}.geojson", encoding="utf-8") as handle:
        return json.load(handle)


def province_shapes() -> dict[str, list]:
    """Polygons (lists of rings of [lon, lat]) by province code."""
    return {
        feature["properties"]["code"]: feature["geometry"]["coordinates"]
        for feature in _load("provinces")["features"]
    }


def commune_shapes(province_code: str) -> dict[str, list]:
    """Polygons by commune code, for one province's communes."""
    return {
        feature["properties"]["code"]: feature["geometry"]["coordinates"]
        for feature in _load("communes")["features"]
        if feature["properties"]["province"] == province_code
    }


@cache
def match_report() -> dict:
    with open(BOUNDARIES_DIR / "match_report.json", encoding="utf-8") as handle:
        return json.load(handle)


@cache
def populations() -> dict[str, int]:
    """HCP 2024 population by province and commune code (the reference data's CSVs: the
    models do not hold it)."""
    import csv

    data = BOUNDARIES_DIR.parent
    out = {}
    for name in ("provinces.csv", "communes.csv"):
        with open(data / name, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row.get("population_2024"):
                    out[row["code"]] = int(row["population_2024"])
    return out
