from pathlib import Path

from associations.exchange import AssociationsImporter, template_csv, template_xlsx
from takwia.tabular.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Importe ou met à jour des associations depuis un fichier CSV ou XLSX aux en-têtes "
        "français (voir le README). Tout ou rien : une seule erreur et rien n'est écrit. "
        "Avec --template FICHIER, écrit le modèle vide (.csv ou .xlsx)."
    )
    nothing_written = "aucune association enregistrée"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--template", type=Path, metavar="FICHIER", help="Écrit le modèle vide et s'arrête."
        )

    def handle(self, *args, template: Path | None = None, **options):
        if template is None:
            return super().handle(*args, **options)
        content = template_xlsx() if template.suffix.lower() == ".xlsx" else template_csv()
        template.write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"Modèle écrit : {template}"))
        return None

    def importer(self, *, dry_run, source, **options):
        return AssociationsImporter(dry_run=dry_run, source=source)

    def summary(self, result, *, dry_run):
        verb = "seraient" if dry_run else "ont été"
        text = (
            f"{result.total} ligne(s) : {result.created} association(s) {verb} créée(s), "
            f"{result.updated} mise(s) à jour, {result.unchanged} inchangée(s)."
        )
        if result.ignored_columns:
            text += "\nColonnes ignorées : " + ", ".join(result.ignored_columns)
        return text
