import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from associations.models import Province
from diagnostics.reports import ProvinceReport, html_to_pdf


class Command(BaseCommand):
    help = (
        "Produit directement (sans passer par les workers) le rapport provincial en PDF. "
        "Exemple : render_report --province 05.301 --lang fr --out khenifra.pdf"
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, metavar="CODE", help="code HCP")
        parser.add_argument(
            "--campaign", type=int, metavar="ID", help="campagne (sinon la dernière diagnostiquée)"
        )
        parser.add_argument("--lang", choices=["fr", "ar"], default="fr")
        parser.add_argument("--out", type=Path, required=True, metavar="FICHIER.pdf")

    def handle(self, *args, province: str, campaign, lang: str, out: Path, **options):
        try:
            target = Province.objects.select_related("region").get(code=province)
        except Province.DoesNotExist:
            raise CommandError(f"Province inconnue : {province}") from None
        if campaign is not None and not target.campaigns.filter(pk=campaign).exists():
            raise CommandError(f"Campagne {campaign} inconnue dans la province {province}.")
        started = time.perf_counter()
        with translation.override(lang):
            html = ProvinceReport().html(province=target, campaign_id=campaign)
            pdf = html_to_pdf(html)
        out.write_bytes(pdf)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"{out} : {len(pdf) // 1024} Ko, produit en {elapsed:.1f} s.")
        )
