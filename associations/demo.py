"""Demo registry of the three seed provinces, distributed as seed 001 describes them.

The associations are written by importing a generated spreadsheet, so the demo
goes through the same checks, history and matching as a real file: running it
again matches every row by its registration reference and changes nothing.

Figures followed (seed 001, pages 11-18): creations after 2005 (INDH) 77 % in
Khénifra and 86 % in Chichaoua (Sidi Kacem: not given, 80 % assumed); domains
(Khénifra: socio-economic development 12.7 %, literacy 11.5 %, women 10.6 %;
Chichaoua: social development 45 %, schooling 15 %, agriculture 6 %, heritage 5 %,
sport 5 %, professional 2 %, women 1 %; Sidi Kacem: 58 % in social fields);
initiators 39 % administration or organisation, 49 % founders, the rest the
population; network membership 21.2 % in Khénifra (11 networks, members mostly
urban) and 13 % in Chichaoua (one provincial, one regional, one national network).
Where the seed is silent (names, sizes, contacts), values are invented.
"""

import random
from datetime import date, timedelta

from associations.exchange import HEADERS, associations_import
from associations.models import Commune, Milieu, Network
from takwia.tabular import LIST_JOINER, csv_chunks

KHENIFRA, SIDI_KACEM, CHICHAOUA = "05.301", "04.481", "07.161"

# name_fr, name_ar, primary domain code
_THEMES = {
    "developpement-social": ("pour le développement", "للتنمية"),
    "alphabetisation": ("pour l'alphabétisation", "لمحاربة الأمية"),
    "femmes": ("des femmes", "للنساء"),
    "sante": ("pour la santé", "للصحة"),
    "education": ("pour l'éducation", "للتربية"),
    "agriculture": ("des agriculteurs", "للفلاحين"),
    "patrimoine": ("du patrimoine", "للتراث"),
    "sport": ("sportive", "الرياضية"),
    "professionnel": ("des artisans", "للصناع التقليديين"),
    "environnement": ("pour l'environnement", "للبيئة"),
    "enfance": ("pour l'enfance", "للطفولة"),
    "handicap": ("des personnes handicapées", "للأشخاص في وضعية إعاقة"),
    "jeunesse": ("de la jeunesse", "للشباب"),
    "eau-infrastructures": ("de l'eau potable", "للماء الصالح للشرب"),
    "activites-generatrices": ("des coopératives", "للتعاونيات"),
}
_WORDS = [
    ("Al Amal", "الأمل"),
    ("Annour", "النور"),
    ("Tifawin", "تيفاوين"),
    ("Al Wafa", "الوفاء"),
    ("Attadamoun", "التضامن"),
    ("Al Massira", "المسيرة"),
    ("Tanmia", "تنمية"),
    ("Ajial", "أجيال"),
    ("Al Khair", "الخير"),
    ("Assafa", "الصفاء"),
    ("Afaq", "آفاق"),
    ("Izdihar", "ازدهار"),
]
_TARGETS = {
    "femmes": ["femmes"],
    "alphabetisation": ["enfants", "femmes"],
    "education": ["enfants", "jeunes"],
    "enfance": ["enfants"],
    "handicap": ["personnes-handicapees"],
    "agriculture": ["agriculteurs", "population-rurale"],
    "jeunesse": ["jeunes"],
    "sport": ["jeunes"],
}

PROFILES = {
    KHENIFRA: {
        "count": 220,
        "after_2005": 0.77,
        "network_share": 0.212,
        "domains": {
            "developpement-social": 12.7, "alphabetisation": 11.5, "femmes": 10.6,
            "education": 9, "sante": 8, "agriculture": 8, "environnement": 6, "jeunesse": 7,
            "sport": 6, "patrimoine": 5, "enfance": 5, "handicap": 4,
            "activites-generatrices": 4, "eau-infrastructures": 3.2,
        },
        "networks": [
            (f"Réseau {name} de Khénifra", kind, "provincial")
            for name, kind in [
                ("des associations de développement", "territorial"),
                ("des associations féminines", "thematic"),
                ("pour l'alphabétisation", "thematic"),
                ("des associations de l'environnement", "thematic"),
                ("des associations sportives", "thematic"),
                ("des associations du Moyen Atlas", "territorial"),
                ("des associations de l'enfance", "thematic"),
                ("des associations de M'rirt", "territorial"),
                ("des coopératives et associations agricoles", "thematic"),
                ("des associations du handicap", "thematic"),
                ("des associations de jeunes", "thematic"),
            ]
        ],
    },
    SIDI_KACEM: {
        "count": 160,
        "after_2005": 0.80,
        "network_share": 0.15,
        "domains": {
            "education": 16, "alphabetisation": 15, "sante": 14, "developpement-social": 13,
            "agriculture": 10, "femmes": 8, "jeunesse": 6, "sport": 5, "environnement": 4,
            "enfance": 4, "activites-generatrices": 3, "handicap": 2,
        },
        "networks": [
            ("Réseau associatif du Gharb", "territorial", "regional"),
            ("Réseau des associations de Sidi Kacem", "territorial", "provincial"),
        ],
    },
    CHICHAOUA: {
        "count": 150,
        "after_2005": 0.86,
        "network_share": 0.13,
        "domains": {
            "developpement-social": 45, "education": 8, "alphabetisation": 7, "agriculture": 6,
            "patrimoine": 5, "sport": 5, "sante": 5, "eau-infrastructures": 5,
            "activites-generatrices": 4, "environnement": 3, "professionnel": 2, "femmes": 1,
            "enfance": 2, "handicap": 2,
        },
        "networks": [
            ("Réseau des associations de Chichaoua", "territorial", "provincial"),
            ("Réseau régional des associations de Marrakech-Safi", "territorial", "regional"),
            ("Réseau national des associations de développement local", "thematic", "national"),
        ],
    },
}  # fmt: skip
ELSEWHERE = 40
_INITIATORS = [("Une administration ou un organisme", 39), ("Les fondateurs", 49),
               ("Une demande de la population", 12)]  # fmt: skip
DEMO_REFERENCE_PREFIX = "DEMO"


def _founded_on(rng: random.Random, after_share: float) -> date:
    if rng.random() < after_share:
        return date(2005, 6, 1) + timedelta(days=rng.randrange(0, 7000))
    return date(1975, 1, 1) + timedelta(days=rng.randrange(0, 10900))


def _row(rng, *, ref, commune, domains, after_2005, networks, taken) -> list:
    primary = rng.choices(list(domains), weights=list(domains.values()))[0]
    chosen = [primary]
    if rng.random() < 0.4:
        second = rng.choices(list(domains), weights=list(domains.values()))[0]
        if second != primary:
            chosen.append(second)
    theme_fr, theme_ar = _THEMES[primary]
    word_fr, word_ar = rng.choice(_WORDS)
    name_fr = f"Association {word_fr} {theme_fr} de {commune.name_fr}"
    name_ar = f"جمعية {word_ar} {theme_ar} ب{commune.name_ar}" if commune.name_ar else ""
    number = 2
    base_fr, base_ar = name_fr, name_ar
    while (commune.pk, name_fr) in taken:
        name_fr, name_ar = f"{base_fr} {number}", f"{base_ar} {number}" if base_ar else ""
        number += 1
    taken.add((commune.pk, name_fr))
    targets = sorted({target for code in chosen for target in _TARGETS.get(code, ["tous-publics"])})
    volunteers_only = rng.random() < 0.75  # seed 001: 75 % work with volunteers only
    return [
        ref,
        name_fr,
        name_ar,
        "",
        commune.code,
        commune.name_fr,
        commune.province.name_fr,
        "",
        f"06{rng.randrange(10_000_000, 99_999_999)}" if rng.random() < 0.6 else "",
        "",
        _founded_on(rng, after_2005),
        "",
        rng.randrange(7, 120),
        0 if volunteers_only else rng.choice([1, 1, 2, 3, 4, 6, 8, 12]),
        rng.randrange(2, 40),
        LIST_JOINER.join(chosen),
        LIST_JOINER.join(targets),
        rng.choices([label for label, _ in _INITIATORS], weights=[w for _, w in _INITIATORS])[0],
        LIST_JOINER.join(networks),
        "Active" if rng.random() < 0.85 else "En sommeil",
    ]


def registry_seed(*, seed: int = 2026) -> dict[str, int]:
    """Import the demo registry of the seed provinces (and a few associations elsewhere)."""
    rng = random.Random(seed)
    rows: list[list] = []
    taken: set[tuple[int, str]] = set()
    communes_by_province: dict[str, list[Commune]] = {}
    for commune in Commune.objects.select_related("province").order_by("code"):
        communes_by_province.setdefault(commune.province.code, []).append(commune)
    for code, profile in PROFILES.items():
        networks = []
        for name, kind, level in profile["networks"]:
            Network.objects.get_or_create(name=name, defaults={"kind": kind, "level": level})
            networks.append(name)
        communes = communes_by_province[code]
        # Rural communes hold most associations, towns the biggest share each.
        weights = [6 if commune.milieu == Milieu.URBAN else 1 for commune in communes]
        for index in range(profile["count"]):
            commune = rng.choices(communes, weights=weights)[0]
            # Network members are mostly urban (seed 001, Khénifra).
            share = profile["network_share"] * (1.8 if commune.milieu == Milieu.URBAN else 0.55)
            member_of = [rng.choice(networks)] if rng.random() < share else []
            rows.append(
                _row(
                    rng,
                    ref=f"{DEMO_REFERENCE_PREFIX}-{code}-{index + 1:04d}",
                    commune=commune,
                    domains=profile["domains"],
                    after_2005=profile["after_2005"],
                    networks=member_of,
                    taken=taken,
                )
            )
    others = [code for code in sorted(communes_by_province) if code not in PROFILES]
    generic = {code: 1 for code in _THEMES}
    for index in range(ELSEWHERE):
        commune = rng.choice(communes_by_province[rng.choice(others)])
        rows.append(
            _row(
                rng,
                ref=f"{DEMO_REFERENCE_PREFIX}-autres-{index + 1:04d}",
                commune=commune,
                domains=generic,
                after_2005=0.8,
                networks=[],
                taken=taken,
            )
        )
    raw = b"".join(csv_chunks(HEADERS, rows))
    result = associations_import(raw=raw, source="données de démonstration")
    return {"created": result.created, "updated": result.updated}
