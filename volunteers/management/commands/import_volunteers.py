from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from takwia.tabular import ImportRejected
from volunteers.services import VOLUNTEER_COLUMNS, placements_import, volunteers_import


class Command(BaseCommand):
    help = (
        "Importe ou met à jour des volontaires depuis un CSV ou un XLSX (colonnes : "
        + ", ".join(column.header for column in VOLUNTEER_COLUMNS)
        + "). Avec --placements, le fichier décrit des missions. Tout ou rien : une seule "
        "erreur et rien n'est écrit."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Vérifie sans rien écrire.")
        parser.add_argument(
            "--placements", action="store_true", help="Le fichier décrit des missions."
        )

    def handle(self, *args, file: Path, dry_run: bool, placements: bool, **options):
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        try:
            run = placements_import if placements else volunteers_import
            result = run(raw=file.read_bytes(), dry_run=dry_run)
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Import refusé : {len(exc.errors)} erreur(s), aucun volontaire enregistré."
            ) from exc
        verb = "seraient" if dry_run else "ont été"
        what = "mission" if placements else "volontaire"
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.created} {what}(s) {verb} créé(e)(s), {result.updated} mis(e)(s) à jour."
            )
        )
