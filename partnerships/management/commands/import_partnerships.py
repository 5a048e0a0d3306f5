from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partnerships.services import HEADERS, agreements_import
from takwia.tabular import ImportRejected


class Command(BaseCommand):
    help = (
        "Importe des accords de partenariat depuis un CSV ou un XLSX (colonnes : "
        + ", ".join(HEADERS)
        + "). Tout ou rien : une seule erreur et rien n'est écrit."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Vérifie sans rien écrire.")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        try:
            result = agreements_import(raw=file.read_bytes(), dry_run=dry_run)
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Import refusé : {len(exc.errors)} erreur(s), aucun accord enregistré."
            ) from exc
        verb = "seraient" if dry_run else "ont été"
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.created} accord(s) {verb} créé(s), {result.updated} mis à jour, "
                f"{result.partners_created} partenaire(s) nouveau(x)."
            )
        )
