from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from diagnostics.models import QuestionnaireVersion
from diagnostics.questionnaire.structure import structure_for
from diagnostics.questionnaire.xlsform import xlsform_bytes


class Command(BaseCommand):
    help = "Écrit le questionnaire d'une version au format XLSForm (KoboToolbox, ODK Collect)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # "--version N" is the questionnaire's version (the brief's command line), not
        # Django's own --version: the later definition wins.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--version", type=int, required=True, dest="number")
        parser.add_argument("--out", required=True, help="Fichier .xlsx à écrire.")

    def handle(self, *args, number, out, **options):
        version = QuestionnaireVersion.objects.filter(number=number).first()
        if version is None:
            known = ", ".join(
                str(n) for n in QuestionnaireVersion.objects.values_list("number", flat=True)
            )
            raise CommandError(f"Version {number} inconnue (versions : {known or 'aucune'}).")
        path = Path(out)
        path.write_bytes(xlsform_bytes(structure_for(version)))
        self.stdout.write(f"XLSForm de la version {number} écrit dans {path}.")
