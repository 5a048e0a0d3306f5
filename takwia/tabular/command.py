"""The management command every import shares: ``import_x FILE [--dry-run]``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from takwia.tabular.errors import ImportRejected
from takwia.tabular.reading import ERROR_FILE_TOO_BIG, MAX_FILE_BYTES


class ImportCommand(BaseCommand):
    """Subclasses name their importer and say what was (or would be) written."""

    # "aucune association enregistrée": the end of the refusal message.
    nothing_written = "rien n'a été enregistré"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, nargs="?")
        parser.add_argument("--dry-run", action="store_true", help="Vérifie sans rien écrire.")

    def importer(self, *, dry_run: bool, source: str, **options):
        raise NotImplementedError

    def summary(self, result, *, dry_run: bool) -> str:
        raise NotImplementedError

    def handle(self, *args, file: Path | None, dry_run: bool, **options):
        if file is None:
            raise CommandError("Indiquez le fichier à importer.")
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        if file.stat().st_size > MAX_FILE_BYTES:
            raise CommandError(ERROR_FILE_TOO_BIG.format(megabytes=MAX_FILE_BYTES // 2**20))
        importer = self.importer(dry_run=dry_run, source=file.name, **options)
        try:
            result = importer.run(file.read_bytes())
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Import refusé : {len(exc.errors)} erreur(s), {self.nothing_written}."
            ) from exc
        self.stdout.write(self.style.SUCCESS(self.summary(result, dry_run=dry_run)))
        return None
