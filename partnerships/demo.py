"""Demo partnerships and the Belgian–Moroccan municipal cooperation of seed 004.

Agreements follow seed 001: of the associations' partnerships, 67 % are with
government institutions, 23 % with associations and NGOs (10 % international
NGOs), none with the private sector; about half of the associations (49 %) never
had a partnership. Partner names are invented.

The municipal cooperation (seed 004): the programme, its objective (March 2007
programming workshop) and the six pairs are the seed's. RI 1, 2, 3, 4, 5 and 7 are
worded after the seed; the seed does not describe RI 6, whose wording here is an
assumption. Indicators, their baselines, targets and yearly values are invented
(the seed gives none).
"""

import random
from datetime import date
from decimal import Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from associations.models import Association, Commune
from partnerships.models import (
    Agreement,
    CommunePair,
    Convention,
    CooperationProgramme,
    ExpectedResult,
    Indicator,
    Measurement,
    Partner,
)

SEED_PROVINCES = ("05.301", "04.481", "07.161")

PARTNERS = [
    ("Entraide Nationale – délégation provinciale", Partner.Kind.GOVERNMENT),
    ("INDH – division provinciale de l'action sociale", Partner.Kind.GOVERNMENT),
    ("Délégation provinciale de la Santé", Partner.Kind.GOVERNMENT),
    ("Délégation de l'Éducation nationale", Partner.Kind.GOVERNMENT),
    ("Agence de Développement Social", Partner.Kind.GOVERNMENT),
    ("Réseau associatif régional pour le développement local", Partner.Kind.ASSOCIATION),
    ("Fondation marocaine pour l'alphabétisation", Partner.Kind.NATIONAL_NGO),
    ("Solidarité Sans Frontières Méditerranée", Partner.Kind.INTERNATIONAL_NGO),
    ("Enfance et Développement International", Partner.Kind.INTERNATIONAL_NGO),
]  # fmt: skip
# Shares of seed 001: government 67 %, associations and NGOs 23 % (of which
# international NGOs 10 %), the rest local authorities; private sector none.
KIND_WEIGHTS = {
    Partner.Kind.GOVERNMENT: 67,
    Partner.Kind.ASSOCIATION: 6,
    Partner.Kind.NATIONAL_NGO: 7,
    Partner.Kind.INTERNATIONAL_NGO: 10,
    Partner.Kind.LOCAL_AUTHORITY: 10,
}
WITH_PARTNERSHIP = 0.51

PROGRAMME = {
    "name": "Programme de coopération internationale communale Belgique–Maroc",
    "countries": "Belgique, Maroc",
    "starts_on": date(2008, 1, 1),
    "ends_on": date(2012, 12, 31),
    "objective": (
        "Dans les 5 ans, les communes partenaires auront renforcé leurs capacités à "
        "planifier, suivre et évaluer des projets sociaux intégrés et coordonnés au "
        "bénéfice des citoyens en général et des plus défavorisés en particulier."
    ),
}
RESULTS = [
    (1, "Les communes disposent d'une structure chargée de l'action sociale",
     [("Service d'action sociale fonctionnel et inscrit à l'organigramme", "oui = 1", 0, 1)]),
    (2, "Les communes savent planifier, suivre et évaluer l'action sociale",
     [("Projets sociaux dotés d'un tableau de bord", "projets", 0, 4)]),
    (3, "Les communes disposent d'un personnel compétent en action sociale",
     [("Agents formés à l'ingénierie sociale", "agents", 0, 8)]),
    (4, "La gestion des infrastructures et équipements sociaux est renforcée",
     [("Équipements sociaux dotés d'un plan de gestion", "équipements", 0, 5)]),
    (5, "Les élus sont sensibilisés à la question sociale",
     [("Part du budget communal consacrée à l'action sociale", "%", 2, 6)]),
    (6, "Les citoyens et les associations sont informés de l'action sociale communale (hypothèse)",
     [("Réunions publiques d'information par an", "réunions", 0, 4)]),
    (7, "L'action sociale communale s'inscrit en cohérence et synergie avec les partenaires locaux",
     [("Conventions de partenariat signées avec des acteurs locaux", "conventions", 0, 6)]),
]  # fmt: skip
PAIRS = [
    ("Schaerbeek", ["01.051.01.01"]),
    ("Jette", ["09.163.01.27"]),
    ("Forest", ["02.275.01.17"]),
    ("Liège", ["01.511.01.0"]),
    ("Auderghem", ["08.401.03.03", "08.401.03.01"]),
    ("Ville de Bruxelles", ["01.571.01.11"]),
]


@transaction.atomic
def partnerships_seed(*, seed: int = 2026) -> dict[str, int]:
    rng = random.Random(seed)
    partners = {}
    for name, kind in PARTNERS:
        partner, _ = Partner.objects.get_or_create(name=name, defaults={"kind": kind})
        partners.setdefault(kind, []).append(partner)
    for code in SEED_PROVINCES:
        commune_name = Commune.objects.filter(province__code=code).order_by("code").first().name_fr
        partner, _ = Partner.objects.get_or_create(
            name=f"Commune de {commune_name}", defaults={"kind": Partner.Kind.LOCAL_AUTHORITY}
        )
        partners.setdefault(Partner.Kind.LOCAL_AUTHORITY, []).append(partner)
    created = 0
    if not Agreement.objects.exists():
        associations = Association.objects.filter(
            commune__province__code__in=SEED_PROVINCES
        ).order_by("pk")
        rows = []
        for association in associations:
            if rng.random() > WITH_PARTNERSHIP:
                continue
            for _ in range(1 if rng.random() < 0.7 else 2):
                kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
                agreement_kind = rng.choice(list(Agreement.Kind.values))
                rows.append(
                    Agreement(
                        association=association,
                        partner=rng.choice(partners[kind]),
                        kind=agreement_kind,
                        starts_on=date(rng.randint(2015, 2026), rng.randint(1, 12), 1),
                        amount=Decimal(rng.choice([5000, 20000, 50000, 120000]))
                        if agreement_kind == Agreement.Kind.FINANCING
                        else None,
                        status=rng.choice([Agreement.Status.ACTIVE, Agreement.Status.ENDED]),
                    )
                )
        # Like every demo record, each agreement starts its history with its creation.
        bulk_create_with_history(rows, Agreement)
        created = len(rows)

    programme, new = CooperationProgramme.objects.get_or_create(
        name=PROGRAMME["name"], defaults={k: v for k, v in PROGRAMME.items() if k != "name"}
    )
    if new:
        indicators = []
        for number, title, indicator_rows in RESULTS:
            result = ExpectedResult.objects.create(programme=programme, number=number, title=title)
            for name, unit, baseline, target in indicator_rows:
                indicators.append(
                    Indicator.objects.create(
                        result=result, name=name, unit=unit, baseline=baseline, target=target
                    )
                )
        for municipality, codes in PAIRS:
            pair = CommunePair.objects.create(
                programme=programme, foreign_municipality=municipality, foreign_country="Belgique"
            )
            pair.communes.set(Commune.objects.filter(code__in=codes))
            for indicator in indicators:
                value = float(indicator.baseline)
                for year in range(2008, 2013):
                    step = (float(indicator.target) - float(indicator.baseline)) / 5
                    value = min(float(indicator.target), value + step * rng.uniform(0.3, 1.4))
                    Measurement.objects.create(
                        indicator=indicator, pair=pair, year=year, value=round(Decimal(value), 1)
                    )
            for index in range(rng.randint(1, 4)):
                Convention.objects.create(
                    pair=pair,
                    actor=rng.choice(
                        [
                            "Délégation de l'Entraide Nationale",
                            "Association locale de quartier",
                            "Délégation de la Jeunesse et des Sports",
                            "Division de l'action sociale",
                        ]
                    ),  # fmt: skip
                    subject="Partenariat pour l'action sociale communale",
                    signed_on=date(2009 + index, rng.randint(1, 12), 1),
                )
    return {"agreements": created}
