from django.core.management.base import BaseCommand, CommandError

from diagnostics.models import QuestionnaireVersion
from diagnostics.services import answers_clear_not_live, scores_recompute


class Command(BaseCommand):
    help = (
        "Efface les réponses aux questions qui ne sont plus posées (l'historique les garde), "
        "puis recalcule les scores exacts des diagnostics soumis (après un changement de "
        "barème ou de questionnaire)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--questionnaire", type=int, dest="number", help="numéro de version")

    def handle(self, *args, number=None, **options):
        version = None
        if number:
            version = QuestionnaireVersion.objects.filter(number=number).first()
            if version is None:
                raise CommandError(f"Version {number} du questionnaire inconnue.")
        diagnostics = None
        if version is not None:
            from diagnostics.models import Diagnostic

            diagnostics = Diagnostic.objects.filter(version=version)
        cleared = answers_clear_not_live(diagnostics=diagnostics)
        self.stdout.write(f"{cleared} réponse(s) à des questions non posées effacée(s).")
        count = scores_recompute(version=version)
        self.stdout.write(self.style.SUCCESS(f"{count} diagnostic(s) recalculé(s)."))
