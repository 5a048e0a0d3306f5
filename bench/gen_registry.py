"""National registry for the benchmarks: associations with everything a real row has.

Every generated association has a commune drawn with HCP 2024's weights, one to
three domains, one or two target populations, contacts (address, phone, e-mail,
president), a registration reference, sizes, an initiator, a creation history entry
with its many-to-many rows (and a later change for one in five), and 18 % belong to
a network (provincial, regional or national). Written with COPY (bench/pgcopy.py).
"""

import random
from datetime import UTC, date, datetime, timedelta

from django.apps import apps
from pgcopy import copy_model, copy_rows, reserve_ids

from associations.demo import _THEMES, _WORDS
from associations.models import Association, Commune, Domain, Network, TargetPopulation
from associations.selectors import national_figures_invalidate
from takwia.demo import _commune_weights
from takwia.text import normalize_search

PREFIX = "Banc national"  # names of generated associations start with it
NETWORK_SHARE = 0.18
CHANGED_SHARE = 0.2
_INITIATORS = ["administration", "founders", "population"]
_TARGETS = {
    "femmes": "femmes", "alphabetisation": "femmes", "education": "enfants",
    "enfance": "enfants", "handicap": "personnes-handicapees", "agriculture": "agriculteurs",
    "jeunesse": "jeunes", "sport": "jeunes",
}  # fmt: skip
_FIRST = ["Mohamed", "Fatima", "Ahmed", "Khadija", "Youssef", "Aicha", "Omar", "Naima"]
_LAST = ["Alaoui", "Bennani", "Amrani", "Idrissi", "Tazi", "Ouali", "Berrada", "Chraibi"]
_ASSOCIATION_COLUMNS = [
    "id", "name_fr", "name_ar", "acronym", "commune_id", "address", "phone", "email",
    "founded_on", "registration_ref", "president_name", "members_count", "paid_staff_count",
    "volunteers_count", "initiator", "status", "archived", "search_text", "sort_name", "created_at",
    "updated_at",
]  # fmt: skip
# The historical row has the same fields except the search text, plus its own.
_HISTORY_FIELDS = [c for c in _ASSOCIATION_COLUMNS if c not in ("search_text", "sort_name")]
_HISTORY_COLUMNS = _HISTORY_FIELDS + ["history_id", "history_date", "history_type"]


def _target_column(field: str) -> str:
    return "targetpopulation_id" if field == "target_populations" else f"{field[:-1]}_id"


def _networks() -> list[int]:
    """One provincial network per province, one regional per region, a few national ones."""
    from associations.models import Province, Region

    wanted = [(f"{PREFIX} – réseau provincial {p.code}", "territorial", "provincial")
              for p in Province.objects.all()]  # fmt: skip
    wanted += [(f"{PREFIX} – réseau régional {r.code}", "territorial", "regional")
               for r in Region.objects.all()]  # fmt: skip
    wanted += [(f"{PREFIX} – réseau national {n}", "thematic", "national") for n in range(8)]
    existing = set(Network.objects.values_list("name", flat=True))
    Network.objects.bulk_create(
        [Network(name=n, kind=k, level=lv) for n, k, lv in wanted if n not in existing]
    )
    return list(Network.objects.filter(name__startswith=PREFIX).values_list("pk", flat=True))


def registry_generate(total: int, *, seed: int = 16) -> int:
    """Bring the registry up to ``total`` associations; return how many were created."""
    missing = total - Association.objects.count()
    if missing <= 0:
        return 0
    rng = random.Random(seed + missing)
    commune_ids, weights = _commune_weights()
    milieu = dict(Commune.objects.values_list("pk", "milieu"))
    domains = dict(Domain.objects.values_list("code", "pk"))
    targets = dict(TargetPopulation.objects.values_list("code", "pk"))
    domain_codes = sorted(domains)
    networks = _networks()
    first = reserve_ids(Association, missing)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    rows, m2m = [], {"domains": [], "target_populations": [], "networks": []}
    for offset, commune_id in enumerate(rng.choices(commune_ids, weights=weights, k=missing)):
        pk = first + offset
        primary = rng.choice(domain_codes)
        chosen = {primary} | {rng.choice(domain_codes) for _ in range(rng.choice([0, 0, 1, 2]))}
        theme_fr, theme_ar = _THEMES.get(primary, ("pour le développement", "للتنمية"))
        word_fr, word_ar = rng.choice(_WORDS)
        name_fr = f"{PREFIX} {word_fr} {theme_fr} n° {pk}"
        name_ar = f"جمعية {word_ar} {theme_ar} رقم {pk}"
        acronym = f"A{word_fr[:2].upper()}{pk % 1000}" if rng.random() < 0.3 else ""
        rural = milieu[commune_id] == "rural"
        founded = (
            date(2005, 6, 1) + timedelta(days=rng.randrange(7000))
            if rng.random() < 0.8
            else date(1975, 1, 1) + timedelta(days=rng.randrange(10900))
        )
        created = now - timedelta(days=rng.randrange(1, 900), seconds=rng.randrange(86400))
        president = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" if rng.random() < 0.9 else ""
        rows.append((
            pk, name_fr, name_ar, acronym, commune_id,
            f"{rng.randrange(1, 200)} rue {rng.choice(_WORDS)[0]}" if rng.random() < 0.7 else "",
            f"06{rng.randrange(10_000_000, 99_999_999)}" if rng.random() < 0.6 else "",
            f"contact{pk}@asso.ma" if rng.random() < (0.15 if rural else 0.4) else "",
            founded, f"BN-{pk:08d}", president, rng.randrange(7, 150),
            0 if rng.random() < 0.75 else rng.randrange(1, 12), rng.randrange(2, 40),
            rng.choice(_INITIATORS),
            "dormant" if rng.random() < 0.15 else "active",
            rng.random() < 0.02,
            normalize_search(" ".join(filter(None, [name_fr, name_ar, acronym]))),
            normalize_search(name_fr or name_ar),
            created, created,
        ))  # fmt: skip
        m2m["domains"] += [(pk, domains[code]) for code in sorted(chosen)]
        wanted = {_TARGETS.get(code, "tous-publics") for code in chosen}
        if rural:
            wanted.add("population-rurale")
        m2m["target_populations"] += [(pk, targets[code]) for code in sorted(wanted)]
        if rng.random() < NETWORK_SHARE * (1.5 if not rural else 0.7):
            m2m["networks"].append((pk, rng.choice(networks)))
    copy_model(Association, _ASSOCIATION_COLUMNS, rows)
    through_ids = {}
    for field, pairs in m2m.items():
        through = getattr(Association, field).through
        target = _target_column(field)
        start = reserve_ids(through, len(pairs))
        through_ids[field] = start
        copy_model(
            through,
            ["id", "association_id", target],
            ((start + i, a, b) for i, (a, b) in enumerate(pairs)),
        )
    _history(rows, m2m, through_ids, rng)
    national_figures_invalidate()
    return missing


def _history(rows, m2m, through_ids, rng) -> None:
    """A creation entry for every association, a later change for some, with their
    many-to-many snapshots, as django-simple-history writes them."""
    history_model = Association.history.model
    entries, snapshots = [], []
    history_id = reserve_ids(history_model, int(len(rows) * (1 + CHANGED_SHARE)) + 10)
    by_association: dict[str, dict[int, list]] = {field: {} for field in m2m}
    for field, pairs in m2m.items():
        for index, (a, b) in enumerate(pairs):
            by_association[field].setdefault(a, []).append((through_ids[field] + index, b))
    for row in rows:
        values = dict(zip(_ASSOCIATION_COLUMNS, row, strict=True))
        changes = [("+", values["created_at"])]
        if rng.random() < CHANGED_SHARE:
            changes.append(("~", values["created_at"] + timedelta(days=rng.randrange(1, 300))))
        for kind, when in changes:
            entries.append((*[values[c] for c in _HISTORY_FIELDS], history_id, when, kind))
            snapshots.append((history_id, values["id"]))
            history_id += 1
    copy_model(history_model, _HISTORY_COLUMNS, entries)
    for field in m2m:
        through = apps.get_model("associations", f"HistoricalAssociation_{field}")
        table = through._meta.db_table
        target = _target_column(field)
        start = reserve_ids(through, 1)
        lines = (
            (through_id, association, other, history)
            for history, association in snapshots
            for through_id, other in by_association[field].get(association, [])
        )
        count = copy_rows(
            table,
            ["m2m_history_id", "id", "association_id", target, "history_id"],
            ((start + i, *line) for i, line in enumerate(lines)),
        )
        reserve_ids(through, count)
