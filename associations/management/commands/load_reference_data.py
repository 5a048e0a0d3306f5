from django.core.management.base import BaseCommand

from associations.services import territory_load


class Command(BaseCommand):
    help = (
        "Charge les données de référence : 12 régions, 75 provinces et préfectures, communes (HCP)."
    )

    def handle(self, *args, **options):
        counts = territory_load()
        self.stdout.write(
            self.style.SUCCESS(
                "Territoire : {regions} régions, {provinces} provinces et préfectures, "
                "{communes_created} communes créées, {communes_updated} mises à jour.".format(
                    **counts
                )
            )
        )
