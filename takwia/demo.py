"""Demo data: one account per role, demo associations, and national-scale volumes for bench/.

Everything here is idempotent: running it twice changes nothing the second time.
"""

import csv
import random
from datetime import date, timedelta

from django.db import transaction

from associations.demo import registry_seed
from associations.models import Association, Commune, Province
from associations.selectors import national_figures_invalidate
from associations.services import DATA_DIR
from diagnostics.demo import diagnostics_seed
from diagnostics.demo_guides import guides_seed
from partnerships.demo import partnerships_seed
from takwia.models import User
from takwia.roles import Role
from volunteers.demo import volunteers_seed

DEMO_PASSWORD = "takwia-demo-2026"

# The three provinces of the seed study (seed 001).
KHENIFRA, SIDI_KACEM, CHICHAOUA = "05.301", "04.481", "07.161"

DEMO_ACCOUNTS = [
    # username, first name, last name, role, provinces, is_staff
    ("national", "Nadia", "Bennani", Role.NATIONAL, (), True),
    ("agent.khenifra", "Youssef", "Amrani", Role.FIELD_AGENT, (KHENIFRA,), False),
    ("coordinateur.khenifra", "Fatima", "Ouali", Role.COORDINATOR, (KHENIFRA, SIDI_KACEM), False),
    ("president", "Hassan", "Idrissi", Role.PRESIDENT, (), False),
    ("volontariat", "Salma", "Tazi", Role.VOLUNTEER_MANAGER, (), False),
]

# (French name, Arabic name, province code) of the hand-written demo associations.
DEMO_ASSOCIATIONS = [
    ("Association Tifawin pour le développement", "جمعية تيفاوين للتنمية", KHENIFRA),
    ("Association Al Amal des femmes rurales", "جمعية الأمل للنساء القرويات", KHENIFRA),
    ("Association Atlas pour l'alphabétisation", "جمعية الأطلس لمحاربة الأمية", KHENIFRA),
    ("Association Oum Rabia pour l'environnement", "جمعية أم الربيع للبيئة", KHENIFRA),
    ("Association Nour pour les enfants handicapés", "جمعية نور للأطفال في وضعية إعاقة", KHENIFRA),
    ("Association Azrou Sport et Jeunesse", "جمعية أزرو للرياضة والشباب", KHENIFRA),
    ("Association Gharb pour l'éducation", "جمعية الغرب للتربية", SIDI_KACEM),
    ("Association Sebou des agriculteurs", "جمعية سبو للفلاحين", SIDI_KACEM),
    ("Association Al Ihsane de solidarité", "جمعية الإحسان للتضامن", SIDI_KACEM),
    ("Association Chichaoua pour la santé", "جمعية شيشاوة للصحة", CHICHAOUA),
    ("Association Imintanoute du patrimoine", "جمعية إمنتانوت للتراث", CHICHAOUA),
    ("Association Tanmia des coopératives féminines", "جمعية تنمية التعاونيات النسائية", CHICHAOUA),
]
PRESIDENT_ASSOCIATION = DEMO_ASSOCIATIONS[0][0]

GENERATED_PREFIX = "Association générée"
_THEMES = [
    ("pour le développement", "للتنمية"),
    ("des femmes", "للنساء"),
    ("pour l'alphabétisation", "لمحاربة الأمية"),
    ("de la jeunesse", "للشباب"),
    ("pour l'environnement", "للبيئة"),
    ("pour la santé", "للصحة"),
    ("du patrimoine", "للتراث"),
    ("des agriculteurs", "للفلاحين"),
]


def _demo_founded_on(rng: random.Random) -> date:
    # About four in five associations of the seed provinces were created after 2005 (INDH).
    if rng.random() < 0.8:
        return date(2005, 6, 1) + timedelta(days=rng.randrange(0, 7000))
    return date(1985, 1, 1) + timedelta(days=rng.randrange(0, 7300))


@transaction.atomic
def demo_seed() -> dict[str, int]:
    """Create the demo associations, and the demo accounts (one per role) that are absent."""
    rng = random.Random(2026)
    created = 0
    for index, (name_fr, name_ar, province_code) in enumerate(DEMO_ASSOCIATIONS):
        communes = list(Commune.objects.filter(province__code=province_code).order_by("code"))
        commune = communes[index % len(communes)]
        _, was_created = Association.objects.get_or_create(
            name_fr=name_fr,
            defaults={
                "name_ar": name_ar,
                "commune": commune,
                "founded_on": _demo_founded_on(rng),
                "status": Association.Status.DORMANT
                if index % 5 == 4
                else Association.Status.ACTIVE,
            },
        )
        created += was_created
    president_association = Association.objects.get(name_fr=PRESIDENT_ASSOCIATION)
    created += registry_seed()["created"]
    guides_seed()  # before the plans, whose "guides" actions hand them out
    diagnostics_seed()
    partnerships_seed()
    volunteers_seed()

    for username, first, last, role, province_codes, is_staff in DEMO_ACCOUNTS:
        # An account already there is left exactly as it is: its password (and role)
        # may have been changed since, and `make run` runs this at every start.
        if User.objects.filter(username=username).exists():
            continue
        user = User(username=username, first_name=first, last_name=last, role=role)
        user.is_staff = is_staff
        user.email = f"{username}@demo.takwia.ma"
        user.association = president_association if role == Role.PRESIDENT else None
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.provinces.set(Province.objects.filter(code__in=province_codes))
    return {"associations_created": created, "accounts": len(DEMO_ACCOUNTS)}


def _commune_weights() -> tuple[list[int], list[int]]:
    """Commune ids weighted by HCP's 2024 count of associations (a real-world spread)."""
    counts = {}
    with open(DATA_DIR / "associations_hcp2024_by_unit.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["level"] == "commune":
                counts[row["code"]] = int(row["associations_in_own_premises_2024"] or 0)
    ids, weights = [], []
    for pk, code in Commune.objects.values_list("pk", "code"):
        ids.append(pk)
        weights.append(counts.get(code, 0) + 1)  # every commune gets at least a little
    return ids, weights


def associations_generate(*, total: int, batch_size: int = 5000, seed: int = 1) -> int:
    """Bring the registry up to ``total`` associations with generated ones, by bulk inserts.

    Idempotent: only the missing number is created. Returns how many were created.
    """
    missing = total - Association.objects.count()
    if missing <= 0:
        return 0
    rng = random.Random(seed + missing)
    ids, weights = _commune_weights()
    start = Association.objects.filter(name_fr__startswith=GENERATED_PREFIX).count()
    created = 0
    while created < missing:
        size = min(batch_size, missing - created)
        communes = rng.choices(ids, weights=weights, k=size)
        batch = []
        for offset, commune_id in enumerate(communes):
            number = start + created + offset + 1
            theme_fr, theme_ar = _THEMES[number % len(_THEMES)]
            association = Association(
                name_fr=f"{GENERATED_PREFIX} {theme_fr} n° {number}",
                name_ar=f"جمعية {theme_ar} رقم {number}",
                commune_id=commune_id,
                founded_on=_demo_founded_on(rng),
                status=(
                    Association.Status.DORMANT if rng.random() < 0.15 else Association.Status.ACTIVE
                ),
            )
            # bulk_create skips save(), which keeps the search text in step.
            association.index_names()
            batch.append(association)
        with transaction.atomic():
            Association.objects.bulk_create(batch, batch_size=batch_size)
        created += size
    national_figures_invalidate()
    return created
