import time

from django.core.management.base import BaseCommand

from associations.services import territory_load
from takwia.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, associations_generate, demo_seed


class Command(BaseCommand):
    help = (
        "Crée les données de démonstration (un compte par rôle, des associations des provinces "
        "de l'étude). Avec --associations N, complète le registre jusqu'à N associations "
        "générées (volumes nationaux pour bench/). Sans effet si on le relance."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--associations",
            type=int,
            default=0,
            help="Nombre total d'associations à atteindre (par exemple 250000).",
        )

    def handle(self, *args, associations: int, **options):
        if not self._territory_loaded():
            territory_load()
        from diagnostics.services import questionnaires_load_all

        questionnaires_load_all()  # idempotent: the demo campaigns need the questionnaire
        counts = demo_seed()
        self.stdout.write(
            f"Démonstration : {counts['associations_created']} association(s) créée(s), "
            f"{counts['accounts']} comptes (mot de passe : {DEMO_PASSWORD})."
        )
        for username, *_ in DEMO_ACCOUNTS:
            self.stdout.write(f"  - {username}")
        if associations:
            started = time.perf_counter()
            created = associations_generate(total=associations)
            elapsed = time.perf_counter() - started
            self.stdout.write(
                f"{created} association(s) générée(s) en {elapsed:.1f} s "
                f"(objectif : {associations})."
            )

    @staticmethod
    def _territory_loaded() -> bool:
        from associations.models import Commune

        return Commune.objects.exists()
