from partnerships.services import HEADERS, AgreementsImporter
from takwia.tabular.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Importe des accords de partenariat depuis un CSV ou un XLSX (colonnes : "
        + ", ".join(HEADERS)
        + "). Tout ou rien : une seule erreur et rien n'est écrit."
    )
    nothing_written = "aucun accord enregistré"

    def importer(self, *, dry_run, source, **options):
        return AgreementsImporter(dry_run=dry_run, source=source)

    def summary(self, result, *, dry_run):
        verb = "seraient" if dry_run else "ont été"
        return (
            f"{result.created} accord(s) {verb} créé(s), {result.updated} mis à jour, "
            f"{result.partners_created} partenaire(s) nouveau(x)."
        )
