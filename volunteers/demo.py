"""Demo volunteering: the South-South pilot of seed 003, exactly as the seed describes it,
and the UN Volunteers programme in Morocco of seeds 000 and 002 with its 27 active volunteers.

South-South pilot: 16 international solidarity volunteers, half Moroccan and half
West African, January 2020 to February 2022, coordinated by France Volontaires,
funded through the EU Emergency Trust Fund with GIZ and Expertise France, placed with
15 host structures (8 associations, 4 public bodies, 2 local authorities or their
representative bodies, 1 private university; the seed's names) on migration, with
the deliverables the seed lists, a webinar and an end-of-mission experience review.
Migration & Développement (Agadir) hosted two volunteers: 16 placements, 15 hosts.
The volunteers' names, genders, birth dates and the UN volunteers are invented.
Each of the 27 active UN volunteers serves one placement under way with a United Nations
agency, the ADS or an association in Morocco (invented too), their ends spread over the
coming months so that the manager's home has missions ending soon.
"""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from associations.models import Association, Commune
from volunteers.models import Deliverable, Event, Host, Placement, Programme, Skill, Volunteer
from volunteers.services import skills_load

A, P, L, U = (Host.Kind.ASSOCIATION, Host.Kind.PUBLIC_BODY, Host.Kind.LOCAL_AUTHORITY,
              Host.Kind.PRIVATE)  # fmt: skip
# name, kind, country, city, registry commune (Moroccan associations), deliverables
HOSTS = [
    ("Clinique juridique Hijra", A, "Maroc", "Rabat", "04.421.01.0",
     [("advocacy", "Plaidoyer pour le respect des droits des demandeurs d'asile")]),
    ("Association APSOPAD International", A, "Maroc", "Tanger", "01.511.01.0",
     [("training", "Cours à destination des migrants et accompagnement d'activités génératrices de revenus")]),
    ("Migration & Développement", A, "Maroc", "Agadir", "09.001.01.01",
     [("study", "Inventaire des guides administratifs et juridiques sur la migration"),
      ("training", "Écoute, orientation et information sur leurs droits des migrants subsahariens (projet TPM)")]),
    ("Association Pionniers du Changement pour le Développement et la Culture", A, "Maroc", "Oujda",
     "02.411.01.23", [("application", "Application « Migrant-e-s Help »")]),
    ("Initiative Prospective Agricole et Rurale (IPAR)", A, "Sénégal", "Dakar", None,
     [("study", "Blog, outils de valorisation scientifique et séminaire mensuel virtuel")]),
    ("Enda Mali", A, "Mali", "Bamako", None,
     [("mapping", "Cartographie des acteurs de la lutte contre la migration des enfants")]),
    ("Haut Conseil des Maliens de l'Extérieur", A, "Mali", "Bamako", None,
     [("study", "État des lieux de l'accompagnement des migrants de retour")]),
    ("Convention de la Société Civile Ivoirienne", A, "Côte d'Ivoire", "Abidjan", None,
     [("study", "État des lieux des migrants de retour volontaire")]),
    ("Conseil régional des droits de l'Homme de l'Oriental", P, "Maroc", "Oujda", None,
     [("study", "Rapport de suivi du droit à la scolarisation des enfants migrants")]),
    ("Conseil national des droits de l'Homme", P, "Maroc", "Rabat", None, []),
    ("Délégation générale des Maliens de l'extérieur", P, "Mali", "Bamako", None,
     [("database", "Base de données statistique sur les migrations")]),
    ("Conseil national des droits de l'Homme de Côte d'Ivoire", P, "Côte d'Ivoire", "Abidjan", None,
     [("mapping", "Cartographie des acteurs de la gouvernance migratoire"),
      ("advocacy", "Plaidoyer pour la ratification de la Convention sur les travailleurs migrants")]),
    ("Conseil départemental", L, "Sénégal", "Kaolack", None, []),
    ("Association des régions et districts de Côte d'Ivoire", L, "Côte d'Ivoire", "Abidjan", None,
     [("mapping", "Identification des acteurs de la diaspora dans 4 communes")]),
    ("Université internationale de Rabat", U, "Maroc", "Rabat", None,
     [("study", "Numéro 4 de la revue Afrique(s) en Mouvement")]),
]  # fmt: skip
INTL = Host.Kind.INTERNATIONAL
# Where the UN volunteers serve: name, kind, city, themes.
UN_HOSTS = [
    ("Programme des Nations unies pour le développement (PNUD)", INTL, "Rabat",
     "Gouvernance locale"),
    ("Fonds des Nations unies pour l'enfance (UNICEF)", INTL, "Rabat", "Protection de l'enfance"),
    ("ONU Femmes", INTL, "Rabat", "Égalité femmes-hommes"),
    ("Fonds des Nations unies pour la population (UNFPA)", INTL, "Rabat", "Santé et jeunesse"),
    ("Organisation internationale pour les migrations (OIM)", INTL, "Rabat", "Migration"),
    ("Agence de Développement Social – direction régionale", P, "Béni Mellal",
     "Renforcement des associations"),
    ("Agence de Développement Social – direction régionale", P, "Oujda",
     "Renforcement des associations"),
]  # fmt: skip
WEST_AFRICAN = ["Sénégalaise", "Malienne", "Ivoirienne"]
FIRST_NAMES = {"f": ["Salma", "Aïcha", "Fatou", "Mariam", "Khadija", "Awa", "Nadia", "Rokia"],
               "m": ["Youssef", "Moussa", "Ibrahima", "Karim", "Seydou", "Omar", "Adama", "Mehdi"]}  # fmt: skip
LAST_NAMES = ["Benali", "Diallo", "Traoré", "Koné", "El Idrissi", "Ndiaye", "Coulibaly", "Tazi",
              "Sow", "Ouattara", "Amrani", "Keïta", "Diop", "Bakayoko", "Alaoui", "Camara"]  # fmt: skip


def _volunteer(rng, programme, category, nationality, status, index) -> Volunteer:
    gender = "f" if index % 2 else "m"
    return Volunteer.objects.create(
        first_name=FIRST_NAMES[gender][index % 8],
        last_name=LAST_NAMES[index % 16],
        gender=gender,
        born_on=date(1988 + index % 10, 1 + index % 12, 1 + index % 27),
        nationality=nationality,
        languages="Français, Arabe" if nationality == "Marocaine" else "Français, Wolof",
        email=f"volontaire{index}@demo.takwia.ma",
        category=category,
        status=status,
        programme=programme,
    )


@transaction.atomic
def volunteers_seed(*, seed: int = 2026) -> dict[str, int]:
    skills_load()
    if Programme.objects.exists():
        return {"volunteers": 0}
    rng = random.Random(seed)
    skills = list(Skill.objects.all())
    pilot = Programme.objects.create(
        name="Action pilote de volontariat Sud-Sud",
        coordinator="France Volontaires",
        funders="Fonds fiduciaire d'urgence de l'Union européenne, GIZ, Expertise France",
        countries="Maroc, Sénégal, Mali, Côte d'Ivoire",
        starts_on=date(2020, 1, 1),
        ends_on=date(2022, 2, 28),
        objectives="Développer la mobilité Sud-Sud des volontaires sur les enjeux migratoires "
        "et renforcer les dispositifs nationaux de volontariat et leur coopération.",
    )
    index = 0
    for name, kind, country, city, commune_code, deliverables in HOSTS:
        association = None
        if commune_code:
            association, _ = Association.objects.get_or_create(
                name_fr=name, commune=Commune.objects.get(code=commune_code)
            )
        host = Host.objects.create(
            name=name, kind=kind, country=country, city=city, association=association
        )
        # Hosts in Morocco receive West African volunteers, the others Moroccans.
        # One volunteer per host, with its deliverables; Migration & Développement had two.
        groups = (
            [[item] for item in deliverables]
            if len(deliverables) > 1 and kind == A
            else [deliverables]
        )
        for deliverable_group in groups:
            nationality = "Marocaine" if country != "Maroc" else WEST_AFRICAN[index % 3]
            volunteer = _volunteer(
                rng,
                pilot,
                Volunteer.Category.SOUTH_SOUTH,
                nationality,
                Volunteer.Status.FINISHED,
                index,
            )
            volunteer.skills.set(rng.sample(skills, 2))
            placement = Placement.objects.create(
                volunteer=volunteer, host=host, programme=pilot, theme="Migration",
                starts_on=date(2020, 1, 15), ends_on=date(2022, 2, 15), status=Placement.Status.DONE,
            )  # fmt: skip
            for kind_code, title in deliverable_group:
                Deliverable.objects.create(placement=placement, kind=kind_code, title=title)
            index += 1
    Event.objects.create(programme=pilot, kind=Event.Kind.WEBINAR, held_on=date(2021, 6, 10),
                         place="En ligne", participants=80)  # fmt: skip
    Event.objects.create(programme=pilot, kind=Event.Kind.REVIEW, held_on=date(2022, 2, 1),
                         place="Rabat", participants=16)  # fmt: skip

    vnu = Programme.objects.create(
        name="Volontaires des Nations unies au Maroc",
        coordinator="Programme des Volontaires des Nations unies (VNU)",
        countries="Maroc",
        starts_on=date(2007, 11, 1),
        objectives="Augmenter le nombre de volontaires nationaux des Nations unies au Maroc et de "
        "volontaires marocains à l'étranger ; intégrer le genre et la gestion axée sur les résultats.",
    )
    un_hosts = [
        Host.objects.create(name=name, kind=kind, country="Maroc", city=city)
        for name, kind, city, _theme in UN_HOSTS
    ]
    today = timezone.localdate()
    for number in range(27):
        category = (
            Volunteer.Category.UN_NATIONAL if number < 20 else Volunteer.Category.UN_INTERNATIONAL
        )
        nationality = "Marocaine" if category == Volunteer.Category.UN_NATIONAL else "Française"
        volunteer = _volunteer(
            rng, vnu, category, nationality, Volunteer.Status.ACTIVE, 100 + number
        )
        volunteer.skills.set(rng.sample(skills, 2))
        # A year-long mission begun 3 to 11 months ago: about a quarter end within 90 days.
        starts_on = today - timedelta(days=90 + 30 * (number % 9))
        Placement.objects.create(
            volunteer=volunteer, host=un_hosts[number % len(un_hosts)], programme=vnu,
            theme=UN_HOSTS[number % len(UN_HOSTS)][3], starts_on=starts_on,
            ends_on=starts_on + timedelta(days=365), status=Placement.Status.ONGOING,
        )  # fmt: skip
    for number in range(4):  # available volunteers, for the matching
        volunteer = _volunteer(
            rng,
            vnu,
            Volunteer.Category.LOCAL,
            "Marocaine",
            Volunteer.Status.AVAILABLE,
            200 + number,
        )
        volunteer.skills.set(rng.sample(skills, 3))
    Event.objects.create(programme=vnu, kind=Event.Kind.AWARENESS, held_on=date(2026, 3, 12),
                         place="Rabat", participants=45)  # fmt: skip
    return {"volunteers": Volunteer.objects.count()}
