from django.core.management.base import BaseCommand

from diagnostics.models import Campaign
from diagnostics.services import summaries_rebuild


class Command(BaseCommand):
    help = (
        "Reconstruit le résumé précalculé des résultats des campagnes (pages de résultats, "
        "comparaison, besoins, rapport), une transaction par campagne ; sans effet sur les "
        "chiffres, qui restent ceux des diagnostics. Après une écriture en masse."
    )

    def add_arguments(self, parser):
        parser.add_argument("campaigns", nargs="*", type=int, help="identifiants (défaut : toutes)")
        parser.add_argument(
            "--stale", action="store_true", help="seulement celles qui ne sont pas à jour"
        )

    def handle(self, *args, campaigns=(), stale=False, **options):
        queryset = Campaign.objects.all()
        if campaigns:
            queryset = queryset.filter(pk__in=campaigns)
        count = summaries_rebuild(campaigns=queryset, stale_only=stale)
        self.stdout.write(self.style.SUCCESS(f"{count} campagne(s) reconstruite(s)."))
