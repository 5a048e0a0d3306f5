from associations.services import CommunesImporter
from takwia.tabular.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Importe ou met à jour des communes depuis un CSV ou un XLSX (colonnes code, name_fr, "
        "name_ar, type ou milieu, province_code). Tout ou rien : une seule erreur et rien "
        "n'est écrit."
    )
    nothing_written = "aucune commune enregistrée"

    def importer(self, *, dry_run, source, **options):
        return CommunesImporter(dry_run=dry_run, source=source)

    def summary(self, result, *, dry_run):
        verb = "seraient" if dry_run else "ont été"
        return f"{result.created} commune(s) {verb} créée(s), {result.updated} mise(s) à jour."
