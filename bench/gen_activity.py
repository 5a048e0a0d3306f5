"""What surrounds the diagnostics in the benchmark data: plans, volunteers, agreements,
and the accounts of the province holding the big campaign.

Plans are drafted by the real service from each 2026 campaign's needs (the big one
and ten others); 8 % of associations have an agreement with one of 200 partners;
2,000 volunteers (scaled) have placements with hosts that are registry associations.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from associations.models import Association, Province
from diagnostics.models import Campaign, Plan
from diagnostics.selectors import needs_ranking
from diagnostics.services import plan_draft_from_needs
from partnerships.models import Agreement, Partner
from takwia.demo import DEMO_PASSWORD
from takwia.models import User
from takwia.roles import Role
from takwia.text import normalize_search
from volunteers.models import Host, Placement, Programme, Volunteer

PREFIX = "Banc national"
# Accounts of the big campaign's province (besides the demo ones of Khénifra).
BENCH_ACCOUNTS = [("coordinateur.banc", Role.COORDINATOR), ("agent.banc", Role.FIELD_AGENT)]


def accounts_generate(big: Province) -> None:
    for username, role in BENCH_ACCOUNTS:
        user, _ = User.objects.get_or_create(username=username)
        user.role, user.first_name, user.last_name = role, "Banc", role.label
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.provinces.set([big])


def plans_generate(big: Province, others: int = 10) -> int:
    if Plan.objects.filter(campaign__name__startswith=PREFIX).exists():
        return 0
    campaigns = list(
        Campaign.objects.filter(name__startswith=f"{PREFIX} 2026").order_by("pk")[: others + 1]
    )
    made = 0
    for campaign in campaigns:
        plan_draft_from_needs(campaign=campaign, needs=needs_ranking(campaign=campaign), user=None)
        made += 1
    return made


def partnerships_generate(total: int, rng: random.Random) -> int:
    if Partner.objects.filter(name__startswith=PREFIX).exists():
        return 0
    kinds = [k for k, _ in Partner.Kind.choices]
    names = [f"{PREFIX} partenaire {n}" for n in range(200)]
    Partner.objects.bulk_create(  # bulk_create skips save(): the search text is set here
        [
            Partner(name=name, kind=kinds[n % len(kinds)], search_text=normalize_search(name))
            for n, name in enumerate(names)
        ]
    )
    partners = list(Partner.objects.filter(name__startswith=PREFIX).values_list("pk", flat=True))
    ids = list(Association.objects.values_list("pk", flat=True))
    count = max(20, round(total * 0.08))
    agreements = []
    for association in rng.sample(ids, min(count, len(ids))):
        starts = date(2018, 1, 1) + timedelta(days=rng.randrange(3000))
        agreements.append(
            Agreement(
                association_id=association,
                partner_id=rng.choice(partners),
                kind=rng.choice([k for k, _ in Agreement.Kind.choices]),
                starts_on=starts,
                ends_on=starts + timedelta(days=rng.choice([365, 730, 1095])),
                amount=Decimal(rng.randrange(5, 500) * 1000),
                status=rng.choice([s for s, _ in Agreement.Status.choices]),
            )
        )
    Agreement.objects.bulk_create(agreements, batch_size=5000)
    return len(agreements)


def volunteers_generate(total: int, rng: random.Random) -> int:
    if Host.objects.filter(name__startswith=PREFIX).exists():
        return 0
    programmes = list(Programme.objects.values_list("pk", flat=True))
    count = max(20, round(2000 * total / 250_000))
    ids = rng.sample(list(Association.objects.values_list("pk", flat=True)), count // 2)
    Host.objects.bulk_create(
        [
            Host(
                name=f"{PREFIX} hôte {pk}",
                kind="association",
                country="Maroc",
                city="Ville",
                association_id=pk,
            )
            for pk in ids
        ]  # fmt: skip
    )
    hosts = list(Host.objects.filter(name__startswith=PREFIX).values_list("pk", flat=True))
    categories = [c for c, _ in Volunteer.Category.choices]
    statuses = [s for s, _ in Volunteer.Status.choices]
    volunteers = Volunteer.objects.bulk_create(
        [
            Volunteer(
                first_name=f"Volontaire{n}",
                last_name=PREFIX,
                gender="fm"[n % 2],
                nationality="Marocaine",
                category=categories[n % len(categories)],
                status=statuses[n % len(statuses)],
                programme_id=programmes[n % len(programmes)],
                email=f"volontaire{n}@banc.ma",
            )  # fmt: skip
            for n in range(count)
        ],
        batch_size=5000,
    )
    Placement.objects.bulk_create(
        [
            Placement(
                volunteer=volunteer,
                host_id=rng.choice(hosts),
                programme_id=volunteer.programme_id,
                theme="Gouvernance",
                starts_on=date(2024, 1, 1) + timedelta(days=rng.randrange(900)),
                status=rng.choice([s for s, _ in Placement.Status.choices]),
            )  # fmt: skip
            for volunteer in volunteers
        ],
        batch_size=5000,
    )
    return count
