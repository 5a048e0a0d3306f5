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
