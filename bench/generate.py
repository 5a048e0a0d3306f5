"""National benchmark data: ``python bench/generate.py --associations N [--diagnosed D]``.

Run on the database of DATABASE_URL (PostgreSQL: the generator writes with COPY),
after ``manage.py seed_demo`` (territory, reference lists, demo accounts). Tops the
registry up to N associations (bench/gen_registry.py), then creates the benchmark
campaigns with their samples, diagnostics, answers and scores
(bench/gen_diagnostics.py), plans, agreements and volunteers (bench/gen_activity.py).
Idempotent: a second run with the same N changes nothing. Prints one JSON line.
"""

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH_DIR.parent), str(BENCH_DIR)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "takwia.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402


def log(message: str) -> None:
    print(f"[generate] {message}", file=sys.stderr, flush=True)


def generate(total: int, diagnosed: int | None) -> dict:
    from gen_activity import (
        accounts_generate,
        partnerships_generate,
        plans_generate,
        volunteers_generate,
    )
    from gen_diagnostics import big_province, diagnostics_generate
    from gen_registry import registry_generate

    from diagnostics.services import summaries_rebuild

    if connection.vendor != "postgresql":
        raise SystemExit("the generator writes with COPY: PostgreSQL only")
    figures, started = {}, time.monotonic()
    steps = [
        ("associations_created", lambda: registry_generate(total)),
        ("diagnostics", lambda: diagnostics_generate(total, diagnosed)),
        # Statistics of the rows just copied: without them the planner takes the
        # summary's "latest diagnostic" subqueries for tiny and runs them for hours.
        ("analyzed", lambda: _analyze()),
        # Written with COPY (no signal): the results summary of the new campaigns.
        ("summaries", lambda: summaries_rebuild(stale_only=True)),
        ("plans", lambda: plans_generate(big_province())),
        ("agreements", lambda: partnerships_generate(total, random.Random(16))),
        ("volunteers", lambda: volunteers_generate(total, random.Random(17))),
        ("accounts", lambda: accounts_generate(big_province())),
        # Every sequence past its table's highest id, whatever COPY wrote (the history
        # of associations was once left one behind: the first import then failed).
        ("sequences", lambda: _sequences_reset()),
    ]
    for name, step in steps:
        step_started = time.monotonic()
        with transaction.atomic():
            figures[name] = step()
        log(f"{name}: {figures[name]} ({time.monotonic() - step_started:.1f} s)")
    figures["seconds"] = round(time.monotonic() - started, 1)
    return figures


def _sequences_reset() -> int:
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return len(statements)


def _analyze() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--associations", type=int, default=250_000)
    parser.add_argument(
        "--diagnosed", type=int, default=None, help="diagnosed in the big campaign (scaled)"
    )
    parser.add_argument(
        "--extra-campaign",
        action="append",
        default=[],
        metavar="YEAR:N",
        help="one more campaign of N diagnosed in the big province (report sizes)",
    )
    args = parser.parse_args(argv)
    figures = generate(args.associations, args.diagnosed)
    for spec in args.extra_campaign:
        year, size = (int(part) for part in spec.split(":"))
        figures[f"campaign_{year}"] = extra_campaign_generate(year, size)
    print(json.dumps(figures, default=str), flush=True)
    return 0


def extra_campaign_generate(year: int, diagnosed: int) -> int:
    """A campaign of ``diagnosed`` associations in the big province (idempotent)."""
    from gen_diagnostics import PREFIX, _campaign, big_province

    from diagnostics.models import Campaign, QuestionnaireVersion
    from diagnostics.questionnaire.structure import structure_for
    from takwia.models import User

    big = big_province()
    if Campaign.objects.filter(name=f"{PREFIX} {year} – {big.name_fr}").exists():
        return 0
    version = QuestionnaireVersion.objects.order_by("number").first()
    agent = User.objects.get(username="agent.khenifra")
    coordinator = User.objects.get(username="coordinateur.khenifra")
    with transaction.atomic():
        return _campaign(
            big, year, diagnosed, version, structure_for(version), agent, coordinator,
            random.Random(year),
        )  # fmt: skip


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
