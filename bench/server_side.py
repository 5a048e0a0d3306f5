"""In-process measurements for bench/run.py: server time and query count, service rates.

Run by bench/run.py in a subprocess with the bench database's settings; prints one
JSON object. Each measurement comes with a baseline taken in the same process:

    view PATH USERNAME     server time of GET PATH through Django's test client
                           (median over the repetitions) and its query count,
                           against the logged-in floor GET /bench/floor/
    diagnostic N           N autosaves of a whole questionnaire step and N
                           submissions (scores computed), rolled back
    results                the provincial results page of the 5,000-diagnosed
                           benchmark campaign against a hand-written aggregate SQL
                           of the same figures (bench/side_results.py)
    report [PK ...]        the provincial report of benchmark campaigns through the
                           real job path against WeasyPrint on a bare block layout
                           of the same rows, with peak memory (bench/side_report.py)
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
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
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
    # The logged-in floor (bench/floor_urls.py): session and user, nothing else.
    baseline = _series(client, "/bench/floor/")
    return {
        "unit": "ms (server, median)",
        "value": measured["median_ms"],
        "p90_ms": measured["p90_ms"],
        "queries": measured["queries"],
        "statuses": measured["statuses"],
        "baseline": baseline["median_ms"],
        "baseline_name": "floor_server_ms",
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


def _step_answers(structure, axis_index: int, flip: bool) -> dict:
    """Valid answers to every question of one axis (alternating, so each save writes)."""
    axis = structure.axes[axis_index]
    answers = {}
    for question in structure.questions:
        if question.subdimension.axis_id != axis.pk:
            continue
        spec = question.spec
        if question.kind == "yes_no":
            answers[question.code] = "yes" if flip else "no"
        elif question.kind == "single":
            answers[question.code] = spec["choices"][-1 if flip else 0]["code"]
        elif question.kind == "multiple":
            answers[question.code] = [spec["choices"][0]["code"]] if flip else []
        elif question.kind in {"integer", "scale"}:
            answers[question.code] = str(spec.get("min", 0) + (1 if flip else 0))
        elif question.kind == "date":
            answers[question.code] = "01/02/2026"
        else:
            answers[question.code] = "texte" if flip else ""
    return answers


def diagnostic_timings(repeat: int) -> dict:
    """Server time and queries of one autosave of a whole step, and of a submission."""
    from associations.models import Association, Province
    from diagnostics.models import Campaign, Diagnostic, QuestionnaireVersion
    from diagnostics.services import diagnostic_save_answers, structure_for
    from takwia.models import User

    user = User.objects.get(username="national")
    client = Client()
    client.force_login(user)
    version = QuestionnaireVersion.objects.published().first()
    structure = structure_for(version)
    province = Province.objects.get(code="05.301")
    baseline = _series(Client(), "/healthz/")
    saves, submits, save_queries, submit_queries = [], [], set(), set()
    try:
        with transaction.atomic():
            campaign = Campaign.objects.create(
                name="bench", province=province, version=version,
                starts_on="2026-01-01", ends_on="2026-12-31",
            )  # fmt: skip
            associations = list(
                Association.objects.filter(commune__province=province)[: repeat + 1]
            )
            diagnostic = Diagnostic.objects.create(
                campaign=campaign, association=associations[0], version=version
            )
            url = f"/diagnostics/{diagnostic.pk}/save/"
            for index in range(repeat + 3):
                body = {
                    "lock_version": diagnostic.lock_version,
                    "answers": _step_answers(structure, index % 6, bool(index % 2)),
                }
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.post(url, body, content_type="application/json")
                    elapsed = (time.perf_counter() - started) * 1000
                diagnostic.lock_version = response.json()["lock_version"]
                if index >= 3:  # warm-up
                    saves.append(elapsed)
                    save_queries.add(len(queries.captured_queries))
            for association in associations[1:]:
                draft = Diagnostic.objects.create(
                    campaign=campaign, association=association, version=version
                )
                answers = {}
                for axis_index in range(6):
                    answers.update(_step_answers(structure, axis_index, True))
                result = diagnostic_save_answers(
                    diagnostic=draft, raw_answers=answers, lock_version=0, user=user
                )
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.post(
                        f"/diagnostics/{draft.pk}/submit/", {"lock_version": result.lock_version}
                    )
                    submits.append((time.perf_counter() - started) * 1000)
                submit_queries.add(len(queries.captured_queries))
                assert Diagnostic.objects.get(pk=draft.pk).status == "submitted", response
            raise _Rollback
    except _Rollback:
        pass
    saves.sort()
    submits.sort()
    return {
        "unit": "ms (server, median)",
        "value": round(statistics.median(saves), 2),
        "save_step_p90_ms": round(saves[int(len(saves) * 0.9) - 1], 2),
        "save_step_queries": max(save_queries),
        "submit_median_ms": round(statistics.median(submits), 2),
        "submit_p90_ms": round(submits[int(len(submits) * 0.9) - 1], 2),
        "submit_queries": max(submit_queries),
        "questions": len(structure.questions),
        "baseline": baseline["median_ms"],
        "baseline_name": "healthz_server_ms",
        "ratio": round(statistics.median(saves) / baseline["median_ms"], 1),
        "repeat": repeat,
    }


def main(argv: list[str]) -> int:
    kind, *rest = argv
    if kind == "view":
        result = view(*rest)
    elif kind == "import":
        result = import_rate(int(rest[0]))
    elif kind == "results":
        from side_results import results_vs_aggregate

        result = results_vs_aggregate()
    elif kind == "report":
        from side_report import report_vs_bare

        result = report_vs_bare(*rest)
    elif kind == "diagnostic":
        result = diagnostic_timings(int(rest[0]))
    else:
        raise SystemExit(f"unknown measurement {kind}")
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
