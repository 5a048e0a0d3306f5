from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from associations.exchange import associations_import, template_csv, template_xlsx
from takwia.tabular import ImportRejected


class Command(BaseCommand):
    help = (
        "Importe ou met à jour des associations depuis un fichier CSV ou XLSX aux en-têtes "
        "français (voir le README). Tout ou rien : une seule erreur et rien n'est écrit. "
        "Avec --template FICHIER, écrit le modèle vide (.csv ou .xlsx)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, nargs="?")
        parser.add_argument("--dry-run", action="store_true", help="Vérifie sans rien écrire.")
        parser.add_argument(
            "--template", type=Path, metavar="FICHIER", help="Écrit le modèle vide et s'arrête."
        )

    def handle(self, *args, file: Path | None, dry_run: bool, template: Path | None, **options):
        if template is not None:
            content = template_xlsx() if template.suffix.lower() == ".xlsx" else template_csv()
            template.write_bytes(content)
            self.stdout.write(self.style.SUCCESS(f"Modèle écrit : {template}"))
            return
        if file is None:
            raise CommandError("Indiquez le fichier à importer (ou --template FICHIER).")
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        try:
            result = associations_import(raw=file.read_bytes(), dry_run=dry_run, source=file.name)
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Import refusé : {len(exc.errors)} erreur(s), aucune association enregistrée."
            ) from exc
        verb = "seraient" if dry_run else "ont été"
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.total} ligne(s) : {result.created} association(s) {verb} créée(s), "
                f"{result.updated} mise(s) à jour, {result.unchanged} inchangée(s)."
            )
        )
        if result.ignored_columns:
            self.stdout.write("Colonnes ignorées : " + ", ".join(result.ignored_columns))
