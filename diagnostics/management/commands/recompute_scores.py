from django.core.management.base import BaseCommand, CommandError

from diagnostics.models import QuestionnaireVersion
from diagnostics.services import scores_recompute


class Command(BaseCommand):
    help = (
        "Recalcule les scores enregistrés des diagnostics soumis (après un changement de barème)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--questionnaire", type=int, dest="number", help="numéro de version")

    def handle(self, *args, number=None, **options):
        version = None
        if number:
            version = QuestionnaireVersion.objects.filter(number=number).first()
            if version is None:
                raise CommandError(f"Version {number} du questionnaire inconnue.")
        count = scores_recompute(version=version)
        self.stdout.write(self.style.SUCCESS(f"{count} diagnostic(s) recalculé(s)."))
