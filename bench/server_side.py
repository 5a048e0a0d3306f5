"""In-process measurements for bench/run.py: server time and query count, service rates.

Run by bench/run.py in a subprocess with the bench database's settings; prints one
JSON object. Each measurement comes with a baseline taken in the same process:

    view PATH USERNAME     server time of GET PATH through Django's test client
                           (median over the repetitions) and its query count,
                           against GET /healthz/ (no database, no template)
    diagnostic N           N autosaves of a whole questionnaire step and N
                           submissions (scores computed), rolled back
    results N              the provincial results page with N diagnosed associations
                           in one province and the 75-province comparison, against
                           their own SQL run directly (generated, rolled back)
    report N               the provincial report of a province with N diagnosed
                           associations (generated, rolled back): time of our
                           part and of WeasyPrint on the same HTML, peak memory
    import ROWS            associations_import of a generated ROWS-line CSV (dry
                           run, then real in a rolled-back transaction): time and
                           peak memory of each, against a bare bulk_create of the
                           same complete rows (see import_memory.py)
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


class _Rollback(Exception):
    pass


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


def _memory_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _diagnostics_generate(campaign, association_ids, structure, rng) -> None:
    """Submitted diagnostics of ``association_ids`` with random answers and their scores."""
    from diagnostics import scoring
    from diagnostics.models import Answer, Diagnostic, Score
    from diagnostics.services import _store

    version = campaign.version
    ids = association_ids
    diagnostics = Diagnostic.objects.bulk_create(
        [
            Diagnostic(
                campaign=campaign,
                association_id=pk,
                version=version,
                status="submitted",
            )  # fmt: skip
            for pk in ids
        ],
        batch_size=2000,
    )
    answers, scores = [], []
    for diagnostic in diagnostics:
        values = {}
        for question in structure.questions:
            spec = question.spec
            if not scoring.condition_holds(spec.get("condition"), values):
                continue
            if question.kind == "yes_no":
                value = rng.random() < 0.5
            elif question.kind == "single":
                value = rng.choice(spec["choices"])["code"]
            elif question.kind == "multiple":
                value = [c["code"] for c in spec["choices"] if rng.random() < 0.3]
            elif question.kind in {"integer", "scale"}:
                value = rng.randint(spec.get("min", 0), min(spec.get("max") or 10, 10))
            else:
                continue
            values[question.code] = value
            answer = Answer(diagnostic=diagnostic, question=question)
            _store(answer, question, value)
            answers.append(answer)
        computed = scoring.compute(structure.rules, values, axes=structure.axis_weights)
        scores += [
            Score(diagnostic=diagnostic, level="axis", code=code, score=score)
            for code, score in computed.axes.items()
            if score is not None
        ] + [
            Score(diagnostic=diagnostic, level="subdimension", code=code, score=score)
            for code, score in computed.subdimensions.items()
            if score is not None
        ]
        diagnostic.overall_score = computed.overall
        if len(answers) > 50000:
            Answer.objects.bulk_create(answers, batch_size=5000)
            answers = []
    Answer.objects.bulk_create(answers, batch_size=5000)
    Score.objects.bulk_create(scores, batch_size=5000)
    Diagnostic.objects.bulk_update(diagnostics, ["overall_score"], batch_size=2000)


def report_timings(count: int) -> dict:
    """The provincial report of a province with ``count`` diagnosed associations:
    our part (queries and template) and WeasyPrint's on the same HTML, peak memory.
    The diagnostics are generated in a transaction rolled back at the end."""
    import random

    from django.db.models import Count
    from django.utils import translation

    from associations.models import Association, Province
    from diagnostics.models import Campaign, QuestionnaireVersion
    from diagnostics.reports import ProvinceReport, html_to_pdf
    from diagnostics.services import structure_for

    rng = random.Random(count)
    version = QuestionnaireVersion.objects.published().first()
    structure = structure_for(version)
    province = (
        Province.objects.annotate(n=Count("communes__associations"))
        .filter(n__gte=count)
        .order_by("n")
        .first()
    )
    if province is None:
        raise SystemExit(f"no province holds {count} associations")
    result = {}
    try:
        with transaction.atomic():
            campaign = Campaign.objects.create(
                name=f"bench {count}", province=province, version=version,
                starts_on="2026-01-01", ends_on="2026-12-31",
            )  # fmt: skip
            ids = list(
                Association.objects.filter(commune__province=province)
                .order_by("pk")
                .values_list("pk", flat=True)[:count]
            )
            started = time.perf_counter()
            _diagnostics_generate(campaign, ids, structure, rng)
            seeding_s = time.perf_counter() - started

            Path("/proc/self/clear_refs").write_text("5")  # reset the peak-memory mark
            before_kb = _memory_kb("VmRSS")
            with translation.override("fr"):
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    html = ProvinceReport().html(province=province, campaign_id=campaign.pk)
                ours_s = time.perf_counter() - started
                started = time.perf_counter()
                pdf = html_to_pdf(html)
                weasy_s = time.perf_counter() - started
            peak_kb = _memory_kb("VmHWM")
            result = {
                "unit": "s (task: data + template + PDF)",
                "value": round(ours_s + weasy_s, 2),
                "diagnosed": count,
                "province": province.code,
                "queries": len(queries.captured_queries),
                "data_and_template_s": round(ours_s, 2),
                "weasyprint_s": round(weasy_s, 2),
                "baseline": round(weasy_s, 2),
                "baseline_name": "weasyprint_alone_same_html_s",
                "ratio": round((ours_s + weasy_s) / weasy_s, 3),
                "peak_rss_mb": round(peak_kb / 1024),
                "rss_before_mb": round(before_kb / 1024),
                "pdf_kb": len(pdf) // 1024,
                "html_kb": len(html) // 1024,
                "seeding_s": round(seeding_s, 1),
            }
            raise _Rollback
    except _Rollback:
        pass
    return result


def _sql_alone_ms(captured) -> float:
    """The same SQL as a request ran, executed again directly (the database's share)."""
    total = 0.0
    with connection.cursor() as cursor:
        for query in captured:
            sql = query["sql"]
            if sql.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "DECLARE")):
                continue
            started = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            total += (time.perf_counter() - started) * 1000
    return total


def results_timings(count: int, per_province: int = 40) -> dict:
    """The provincial results page with ``count`` diagnosed associations in one province,
    and the comparison of the 75 provinces (``per_province`` diagnosed elsewhere), against
    their own SQL run directly."""
    import random

    from django.db.models import Count

    from associations.models import Association, Province
    from diagnostics.models import Campaign, QuestionnaireVersion
    from diagnostics.services import structure_for
    from takwia.models import User

    rng = random.Random(count)
    version = QuestionnaireVersion.objects.published().first()
    structure = structure_for(version)
    client = Client()
    client.force_login(User.objects.get(username="national"))
    result = {}
    try:
        with transaction.atomic():
            big = (
                Province.objects.annotate(n=Count("communes__associations"))
                .filter(n__gte=count)
                .order_by("n")
                .first()
            )
            campaigns = {}
            for province in Province.objects.all():
                size = count if province == big else per_province
                ids = list(
                    Association.objects.filter(commune__province=province)
                    .order_by("pk")
                    .values_list("pk", flat=True)[:size]
                )
                campaign = Campaign.objects.create(
                    name=f"bench {province.code}", province=province, version=version,
                    starts_on="2027-01-01", ends_on="2027-12-31", sample_seed=1,
                )  # fmt: skip
                _diagnostics_generate(campaign, ids, structure, rng)
                campaigns[province.pk] = campaign
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            figures = {}
            for name, path in (
                ("results", f"/campaigns/{campaigns[big.pk].pk}/results/"),
                ("comparison", "/campaigns/comparison/"),
            ):
                for _ in range(2):
                    client.get(path)
                times, sql_times = [], []
                for _ in range(7):
                    with CaptureQueriesContext(connection) as queries:
                        started = time.perf_counter()
                        response = client.get(path)
                        times.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, response.status_code
                    sql_times.append(_sql_alone_ms(queries.captured_queries))
                figures[name] = (
                    statistics.median(times), statistics.median(sql_times),
                    len(queries.captured_queries),
                )  # fmt: skip
            result = {
                "unit": "ms (server, median)",
                "value": round(figures["results"][0], 1),
                "diagnosed_in_province": count,
                "province": big.code,
                "results_queries": figures["results"][2],
                "baseline": round(figures["results"][1], 1),
                "baseline_name": "same_sql_run_directly_ms",
                "ratio": round(figures["results"][0] / figures["results"][1], 2),
                "comparison_ms": round(figures["comparison"][0], 1),
                "comparison_sql_ms": round(figures["comparison"][1], 1),
                "comparison_ratio": round(figures["comparison"][0] / figures["comparison"][1], 2),
                "comparison_queries": figures["comparison"][2],
                "diagnosed_total": count + per_province * 74,
            }
            raise _Rollback
    except _Rollback:
        pass
    return result


def main(argv: list[str]) -> int:
    kind, *rest = argv
    if kind == "view":
        result = view(*rest)
    elif kind == "import":
        from import_memory import import_memory

        result = import_memory(int(rest[0]))
    elif kind == "results":
        result = results_timings(int(rest[0]))
    elif kind == "report":
        result = report_timings(int(rest[0]))
    elif kind == "diagnostic":
        result = diagnostic_timings(int(rest[0]))
    else:
        raise SystemExit(f"unknown measurement {kind}")
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
