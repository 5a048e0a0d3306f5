from django.core.management.base import BaseCommand

from associations.services import territory_load


class Command(BaseCommand):
    help = (
        "Charge les données de référence : 12 régions, 75 provinces et préfectures, communes "
        "(HCP), listes de référence et versions du questionnaire de diagnostic."
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
        from diagnostics.services import questionnaires_load_all
        from volunteers.services import skills_load

        self.stdout.write(f"Compétences des volontaires : {skills_load()}.")

        changed = False
        for number, written in questionnaires_load_all():
            state = "chargée" if written else "déjà à jour"
            self.stdout.write(f"Questionnaire : version {number} {state}.")
            changed = changed or written
        if changed:
            # A questionnaire changed: stored answers and scores follow its rules.
            from django.core.management import call_command

            call_command("recompute_scores", stdout=self.stdout)
