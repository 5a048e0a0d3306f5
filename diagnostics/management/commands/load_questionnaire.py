import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from diagnostics.services import QuestionnaireInvalid, questionnaire_load


class Command(BaseCommand):
    help = (
        "Charge une version du questionnaire depuis son fichier JSON "
        "(diagnostics/data/questionnaire/vN.json). Sans --draft, la version est publiée : "
        "les nouvelles campagnes l'utilisent ; les diagnostics passés gardent la leur."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--draft", action="store_true", help="charger sans publier")

    def handle(self, *args, file: Path, draft: bool, **options):
        try:
            data = json.loads(file.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Fichier illisible : {exc}") from exc
        try:
            version, written = questionnaire_load(data=data, publish=not draft)
        except QuestionnaireInvalid as exc:
            raise CommandError(str(exc)) from exc
        state = "chargée" if written else "déjà à jour"
        self.stdout.write(self.style.SUCCESS(f"Version {version.number} {state}."))
