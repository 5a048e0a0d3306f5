"""In-process measurements for bench/run.py: server time and query count, service rates.

Run by bench/run.py in a subprocess with the bench database's settings; prints one
JSON object. Each measurement comes with a baseline taken in the same process:

    view PATH USERNAME     server time of GET PATH through Django's test client
                           (median over the repetitions) and its query count,
                           against GET /healthz/ (no database, no template)
    import ROWS            associations_import of a generated ROWS-line CSV (dry
                           run, then real in a rolled-back transaction), against
                           a bare bulk_create of the same rows
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "takwia.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

REPEAT = 30


def _timed_get(client: Client, path: str) -> tuple[float, int, int]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        elapsed = time.perf_counter() - started
    return elapsed * 1000, len(queries.captured_queries), response.status_code


def _series(client: Client, path: str) -> dict:
    for _ in range(3):
        _timed_get(client, path)  # warm caches, session, templates
    times, counts, statuses = [], set(), set()
    for _ in range(REPEAT):
        elapsed, count, status = _timed_get(client, path)
        times.append(elapsed)
        counts.add(count)
        statuses.add(status)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 2),
        "p90_ms": round(times[int(len(times) * 0.9) - 1], 2),
        "queries": max(counts),
        "statuses": sorted(statuses),
    }


def view(path: str, username: str) -> dict:
    from takwia.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    measured = _series(client, path)
    baseline = _series(Client(), "/healthz/")
    return {
        "unit": "ms (server, median)",
        "value": measured["median_ms"],
        "p90_ms": measured["p90_ms"],
        "queries": measured["queries"],
        "statuses": measured["statuses"],
        "baseline": baseline["median_ms"],
        "baseline_name": "healthz_server_ms",
        "ratio": round(measured["median_ms"] / baseline["median_ms"], 1),
        "path": path,
        "user": username,
        "repeat": REPEAT,
    }


def _import_file(rows: int, token: str) -> bytes:
    import random

    from associations.exchange import HEADERS
    from associations.models import Commune
    from takwia.tabular import csv_chunks

    rng = random.Random(rows)
    communes = list(Commune.objects.filter(province__code="05.301").select_related("province"))
    lines = []
    for index in range(rows):
        commune = rng.choice(communes)
        lines.append(
            [f"BENCH-{token}-{index:06d}", f"Association banc d'essai {token} {index}",
             "جمعية تجريبية", "", commune.code, commune.name_fr, commune.province.name_fr, "",
             "0612345678", "", f"{rng.randrange(1, 28):02d}/03/{rng.randrange(1980, 2024)}",
             "", rng.randrange(5, 90), 0, rng.randrange(0, 30), "Santé | Éducation", "Femmes",
             "Les fondateurs", "", "Active"]
        )  # fmt: skip
    return b"".join(csv_chunks(HEADERS, lines))


class _Rollback(Exception):
    pass


def import_rate(rows: int) -> dict:
    from associations.exchange import associations_import
    from associations.models import Association
    from takwia.tabular import table_read
    from takwia.text import normalize_search

    token = str(int(time.time()))
    raw = _import_file(rows, token)

    started = time.perf_counter()
    associations_import(raw=raw, dry_run=True)
    dry_run_s = time.perf_counter() - started

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        try:
            with transaction.atomic():
                result = associations_import(raw=raw, source="bench")
                import_s = time.perf_counter() - started
                raise _Rollback
        except _Rollback:
            pass

    # Baseline: the same rows inserted bare (read back from the file, no checks,
    # no many-to-many, no history), also rolled back.
    from associations.models import Commune

    communes = dict(Commune.objects.values_list("code", "pk"))
    table = table_read(raw)
    started = time.perf_counter()
    try:
        with transaction.atomic():
            objects = [
                Association(
                    name_fr=row["nom (francais)"],
                    commune_id=communes[row["code commune"]],
                    search_text=normalize_search(row["nom (francais)"]),
                )
                for _, row in table.rows
            ]
            Association.objects.bulk_create(objects, batch_size=1000)
            baseline_s = time.perf_counter() - started
            raise _Rollback
    except _Rollback:
        pass
    if connection.vendor == "postgresql":
        # The rolled-back rows leave dead tuples behind: clean them so that the
        # next benchmarks read the registry as it was.
        with connection.cursor() as cursor:
            for table in (
                "associations_association",
                "associations_association_domains",
                "associations_association_target_populations",
                "associations_historicalassociation",
                "associations_historicalassociation_domains",
                "associations_historicalassociation_target_populations",
            ):
                cursor.execute(f"VACUUM ANALYZE {table}")
    return {
        "unit": "rows/s",
        "value": round(rows / import_s),
        "rows": rows,
        "created": result.created,
        "import_s": round(import_s, 2),
        "dry_run_s": round(dry_run_s, 2),
        "queries": len(queries.captured_queries),
        "baseline": round(rows / baseline_s),
        "baseline_name": "bare_bulk_create_rows_per_s",
        "ratio": round(baseline_s / import_s, 3),
    }


def main(argv: list[str]) -> int:
    kind, *rest = argv
    if kind == "view":
        result = view(*rest)
    elif kind == "import":
        result = import_rate(int(rest[0]))
    else:
        raise SystemExit(f"unknown measurement {kind}")
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
