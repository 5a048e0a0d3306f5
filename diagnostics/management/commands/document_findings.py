from django.core.management.base import BaseCommand

from diagnostics.questionnaire.describe import FINDINGS_DOC, findings_markdown
from diagnostics.questionnaire.loader import QUESTIONNAIRE_DIR


class Command(BaseCommand):
    help = "Régénère docs/findings.md à partir des fichiers du questionnaire."

    def handle(self, *args, **options):
        files = sorted(QUESTIONNAIRE_DIR.glob("v*.json"), key=lambda p: int(p.stem[1:]))
        FINDINGS_DOC.write_text(findings_markdown(files), "utf-8")
        self.stdout.write(self.style.SUCCESS(f"{FINDINGS_DOC} régénéré ({len(files)} versions)."))
