from takwia.tabular.command import ImportCommand
from volunteers.services import VOLUNTEER_COLUMNS, PlacementsImporter, VolunteersImporter


class Command(ImportCommand):
    help = (
        "Importe ou met à jour des volontaires depuis un CSV ou un XLSX (colonnes : "
        + ", ".join(column.header for column in VOLUNTEER_COLUMNS)
        + "). Avec --placements, le fichier décrit des missions. Tout ou rien : une seule "
        "erreur et rien n'est écrit."
    )
    nothing_written = "aucun volontaire enregistré"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--placements", action="store_true", help="Le fichier décrit des missions."
        )

    def importer(self, *, dry_run, source, placements=False, **options):
        self.what = "mission" if placements else "volontaire"
        importer = PlacementsImporter if placements else VolunteersImporter
        return importer(dry_run=dry_run, source=source)

    def summary(self, result, *, dry_run):
        verb = "seraient" if dry_run else "ont été"
        return (
            f"{result.created} {self.what}(s) {verb} créé(e)(s), {result.updated} mis(e)(s) à jour."
        )
