"""In-process measurements for bench/run.py: server time and query count, service rates.

Run by bench/run.py in a subprocess with the bench database's settings; prints one
JSON object. Each measurement comes with a baseline taken in the same process:

    view PATH USERNAME     server time of GET PATH through Django's test client
                           (median over the repetitions) and its query count,
                           against the logged-in floor GET /bench/floor/
    diagnostic N           N autosaves of a whole questionnaire step by a field
                           agent (three series: see diagnostic_timings) and N
                           submissions (scores computed), rolled back, against the
                           logged-in floor; the goal of issue 14 is <= 10 ms server
                           time and <= 13 queries per step save
    results                the provincial results page of the 5,000-diagnosed
                           benchmark campaign against a hand-written aggregate SQL
                           of the same figures (bench/side_results.py)
    report [PK ...]        the provincial report of benchmark campaigns through the
                           real job path against WeasyPrint on a bare block layout
                           of the same rows, with peak memory (bench/side_report.py)
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


class _Rollback(Exception):
    pass


def _step_answers(structure, axis_index: int, flip: bool) -> dict:
    """Valid answers to every question of one axis, one of two sets (``flip``)."""
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


# Issue 14: a step save at national scale, server side.
SAVE_TARGET_MS = 10
SAVE_TARGET_QUERIES = 13


def _percentile_90(times: list[float]) -> float:
    return round(sorted(times)[int(len(times) * 0.9) - 1], 2)


def _saves(client: Client, diagnostic, bodies) -> tuple[list[float], set[int], set[int]]:
    """Post each body to the autosave (the first three are warm-up): server times,
    query counts, answers written per save."""
    url = f"/diagnostics/{diagnostic.pk}/save/"
    times, counts, written = [], set(), set()
    for index, answers in enumerate(bodies):
        body = {"lock_version": diagnostic.lock_version, "answers": answers}
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.post(url, body, content_type="application/json")
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.content
        diagnostic.lock_version = response.json()["lock_version"]
        if index >= 3:  # warm-up
            times.append(elapsed)
            counts.add(len(queries.captured_queries))
            written.add(response.json()["saved"])
    return times, counts, written


def diagnostic_timings(repeat: int) -> dict:
    """Server time and queries of one autosave of a whole step, and of a submission, by
    a field agent of the province (the person who saves), against the logged-in floor
    measured with the same client.

    Three series of step saves, each on its own draft:
    - ``value`` (the line measured since the start): the answers of step ``i % 6``,
      set ``i % 2``; each step always gets the same set, so after the first six saves
      the answers sent are those stored and nothing is written but the diagnostic's
      version (a save of an unchanged step);
    - ``save_one_*``: one answer of the step changed, the rest sent unchanged (what
      the page's autosave sends after a change is the changed answers only);
    - ``save_changed_*``: every answer of the step changed at each save (set
      ``i // 6 % 2``: answers written, cleared and created), the heaviest save.
    """
    from associations.models import Association, Province
    from diagnostics.models import Campaign, Diagnostic, QuestionnaireVersion
    from diagnostics.services import diagnostic_save_answers, structure_for
    from takwia.models import User
    from takwia.roles import Role

    province = Province.objects.get(code="05.301")
    user = User.objects.filter(
        role=Role.FIELD_AGENT, provinces=province, is_active=True
    ).first() or User.objects.get(username="national")
    client = Client()
    client.force_login(user)
    version = QuestionnaireVersion.objects.published().first()
    structure = structure_for(version)
    baseline = _series(client, "/bench/floor/")
    healthz = _series(Client(), "/healthz/")  # no session, no database: the bare server
    submits, submit_queries = [], set()
    count = repeat + 3
    try:
        with transaction.atomic():
            campaign = Campaign.objects.create(
                name="bench", province=province, version=version,
                starts_on="2026-01-01", ends_on="2026-12-31",
            )  # fmt: skip
            associations = list(
                Association.objects.filter(commune__province=province)[: repeat + 3]
            )
            drafts = [
                Diagnostic.objects.create(
                    campaign=campaign, association=association, version=version
                )
                for association in associations[:3]
            ]
            steps = [_step_answers(structure, i % 6, bool(i % 2)) for i in range(count)]
            saves, save_queries, _ = _saves(client, drafts[0], steps)
            full = {}
            for axis_index in range(6):
                full.update(_step_answers(structure, axis_index, False))
            result = diagnostic_save_answers(
                diagnostic=drafts[1], raw_answers=full, lock_version=0, user=user
            )
            drafts[1].lock_version = result.lock_version
            one = []
            for i in range(count):
                step = _step_answers(structure, i % 6, False)
                flipped = _step_answers(structure, i % 6, True)
                code = next(c for c in step if step[c] != flipped[c] and flipped[c])
                one.append({**step, code: flipped[code] if (i // 6) % 2 == 0 else step[code]})
            ones, one_queries, one_written = _saves(client, drafts[1], one)
            changed = [_step_answers(structure, i % 6, bool((i // 6) % 2)) for i in range(count)]
            changes, changed_queries, changed_written = _saves(client, drafts[2], changed)
            for association in associations[3:]:
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
    median = statistics.median(saves)
    worst = max(median, statistics.median(ones), statistics.median(changes))
    queries = max(save_queries | one_queries | changed_queries)
    return {
        "unit": "ms (server, median)",
        "value": round(median, 2),
        "save_step_p90_ms": _percentile_90(saves),
        "save_step_queries": max(save_queries),
        "save_one_median_ms": round(statistics.median(ones), 2),
        "save_one_p90_ms": _percentile_90(ones),
        "save_one_queries": max(one_queries),
        "save_one_written": sorted(one_written),
        "save_changed_median_ms": round(statistics.median(changes), 2),
        "save_changed_p90_ms": _percentile_90(changes),
        "save_changed_queries": max(changed_queries),
        "save_changed_written": sorted(changed_written),
        "submit_median_ms": round(statistics.median(submits), 2),
        "submit_p90_ms": _percentile_90(submits),
        "submit_queries": max(submit_queries),
        "questions": len(structure.questions),
        "baseline": baseline["median_ms"],
        "baseline_name": "floor_server_ms",
        "baseline_queries": baseline["queries"],
        "ratio": round(median / baseline["median_ms"], 1),
        "healthz_server_ms": healthz["median_ms"],
        "save_target": f"<= {SAVE_TARGET_MS} ms, <= {SAVE_TARGET_QUERIES} queries",
        "save_within_target": worst <= SAVE_TARGET_MS and queries <= SAVE_TARGET_QUERIES,
        "user": user.username,
        "repeat": repeat,
    }


def main(argv: list[str]) -> int:
    kind, *rest = argv
    if kind == "view":
        result = view(*rest)
    elif kind == "import":
        from import_memory import import_memory

        result = import_memory(int(rest[0]))
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
