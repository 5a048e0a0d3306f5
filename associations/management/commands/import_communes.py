from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from associations.services import ImportRejected, communes_import


class Command(BaseCommand):
    help = (
        "Importe ou met à jour des communes depuis un CSV (colonnes code, name_fr, name_ar, "
        "type ou milieu, province_code). Tout ou rien : une seule erreur et rien n'est écrit."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Vérifie sans rien écrire.")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        try:
            result = communes_import(raw=file.read_bytes(), dry_run=dry_run)
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError(
                f"Import refusé : {len(exc.errors)} erreur(s), aucune commune enregistrée."
            ) from exc
        verb = "seraient" if dry_run else "ont été"
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.created} commune(s) {verb} créée(s), {result.updated} mise(s) à jour."
            )
        )
