"""Run the periodic tasks that are due in this process (cron, or a deployment without
a broker); with --all, every in-process task now."""

from django.core.management.base import BaseCommand

from takwia.periodic import periodic_run_due


class Command(BaseCommand):
    help = "Runs the periodic tasks that are due (without a broker)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="every task, due or not")

    def handle(self, *args, all=False, **options):
        ran = periodic_run_due(force=all)
        self.stdout.write(", ".join(ran) if ran else "nothing due")
