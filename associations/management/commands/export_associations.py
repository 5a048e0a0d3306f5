from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from associations.exchange import associations_export_csv, associations_export_xlsx
from associations.models import Association, Province


class Command(BaseCommand):
    help = (
        "Exporte les associations (toutes, ou celles d'une province) en CSV ou XLSX, avec les "
        "colonnes que lit import_associations. Les associations archivées ne sont pas exportées."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", metavar="CODE", help="Code HCP de la province.")
        parser.add_argument("--out", type=Path, required=True, metavar="FICHIER.csv|.xlsx")

    def handle(self, *args, province: str | None, out: Path, **options):
        queryset = Association.objects.current()
        if province:
            if not Province.objects.filter(code=province).exists():
                raise CommandError(f"Province inconnue : {province}")
            queryset = queryset.filter(commune__province__code=province)
        suffix = out.suffix.lower()
        if suffix not in {".csv", ".xlsx"}:
            raise CommandError("Le fichier de sortie doit finir par .csv ou .xlsx.")
        count = queryset.count()
        if suffix == ".xlsx":
            out.write_bytes(associations_export_xlsx(queryset))
        else:
            with out.open("wb") as handle:
                for chunk in associations_export_csv(queryset):
                    handle.write(chunk)
        self.stdout.write(self.style.SUCCESS(f"{count} association(s) exportée(s) dans {out}."))
