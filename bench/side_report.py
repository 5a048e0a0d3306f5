"""The provincial report through the real job path against WeasyPrint on a bare block
layout of the same rows, with the peak memory of each.

    python bench/side_report.py task CAMPAIGN_PK    (one measurement, one process)
    python bench/side_report.py bare CAMPAIGN_PK

``report_vs_bare`` (bench/server_side.py report [PK ...]) runs both in fresh
processes for each campaign (by default the largest province's 2025 and 2026
benchmark campaigns: 1,500 and 5,000 diagnosed associations), so that each peak
(VmHWM) is that of one rendering.

- task: ``takwia.jobs.job_request`` for a provincial report of the campaign, by
  national staff, run as the worker runs it (Celery in-process without a broker):
  the data, the template, WeasyPrint, the file written. Earlier benchmark jobs of the
  same parameters are deleted first, so nothing is served from a previous run.
Each gives its wall-clock seconds and the CPU seconds of its own process
(``cpu_seconds``: the report runs in-process, without a broker), which a loaded machine
disturbs less; PostgreSQL's own time is in the first only.

- bare: the annex's rows (association, commune, six axis scores) as one <div> each,
  laid out by WeasyPrint; the HTML is built before the clock starts. Any report of
  those rows has at least this to lay out.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def _memory_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM back to the current RSS


def _rows(campaign) -> list[tuple]:
    from diagnostics.models import Diagnostic, Score

    diagnostics = (
        Diagnostic.objects.scored()
        .filter(campaign=campaign)
        .order_by("association__name_fr")
        .values_list("pk", "association__name_fr", "association__commune__name_fr")
    )
    scores: dict[int, list] = {}
    for diagnostic, score in (
        Score.objects.filter(diagnostic__campaign=campaign, level="axis")
        .order_by("diagnostic_id", "code")
        .values_list("diagnostic_id", "score")
    ):
        scores.setdefault(diagnostic, []).append(f"{score:.1f}")
    return [(name, commune, scores.get(pk, [])) for pk, name, commune in diagnostics]


def bare(campaign_pk: int) -> dict:
    from django.utils.html import escape
    from weasyprint import HTML

    from diagnostics.models import Campaign

    rows = _rows(Campaign.objects.get(pk=campaign_pk))
    body = "".join(
        f"<div>{escape(name)} — {escape(commune)} — {' '.join(scores)}</div>"
        for name, commune, scores in rows
    )
    html = (
        "<html><head><meta charset='utf-8'><style>@page { size: A4; margin: 15mm }"
        " body { font: 8pt sans-serif }</style></head><body>" + body + "</body></html>"
    )
    _reset_peak()
    started, cpu = time.perf_counter(), time.process_time()
    pdf = HTML(string=html).write_pdf()
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu,
        "rows": len(rows),
        "pdf_kb": len(pdf) // 1024,
    }


def task(campaign_pk: int) -> dict:
    from diagnostics.models import Campaign
    from takwia.jobs import job_request
    from takwia.models import Job, User

    campaign = Campaign.objects.select_related("province").get(pk=campaign_pk)
    params = {"province": campaign.province.code, "campaign": campaign.pk}
    earlier = Job.objects.filter(kind="province_report", params__campaign=campaign.pk)
    for job in earlier.filter(province=campaign.province):
        if job.file:
            job.file.delete(save=False)
        job.delete()
    user = User.objects.get(username="national")
    _reset_peak()
    started, cpu = time.perf_counter(), time.process_time()
    job = job_request(user=user, kind="province_report", params=params).job
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, (job.status, job.message)
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "pdf_kb": job.file.size // 1024,
        "job_ms": job.duration_ms,
    }


def _child(kind: str, campaign_pk: int) -> dict:
    output = subprocess.run(
        [sys.executable, str(BENCH_DIR / "side_report.py"), kind, str(campaign_pk)],
        check=True,
        text=True,
        stdout=subprocess.PIPE,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def report_vs_bare(*campaign_pks: str) -> dict:
    from diagnostics.models import Campaign, Diagnostic

    if not campaign_pks:
        big = Campaign.objects.filter(name__startswith="Banc national 2026").order_by("pk")[0]
        campaign_pks = (
            Campaign.objects.filter(province=big.province, name__startswith="Banc national")
            .order_by("starts_on")
            .values_list("pk", flat=True)
        )
    sizes = []
    for pk in campaign_pks:
        diagnosed = Diagnostic.objects.filter(campaign_id=pk).scored().count()
        measured, baseline = _child("task", int(pk)), _child("bare", int(pk))
        sizes.append({
            "campaign": int(pk), "diagnosed": diagnosed,
            "task_s": round(measured["seconds"], 2), "bare_s": round(baseline["seconds"], 2),
            "ratio": round(measured["seconds"] / baseline["seconds"], 3),
            "task_cpu_s": round(measured["cpu_seconds"], 2),
            "bare_cpu_s": round(baseline["cpu_seconds"], 2),
            "cpu_ratio": round(measured["cpu_seconds"] / baseline["cpu_seconds"], 3),
            "task_peak_mb": measured["peak_mb"], "bare_peak_mb": baseline["peak_mb"],
            "task_pdf_kb": measured["pdf_kb"], "bare_pdf_kb": baseline["pdf_kb"],
        })  # fmt: skip
    largest = max(sizes, key=lambda size: size["diagnosed"])
    return {
        "unit": "s (report task, largest campaign)",
        "value": largest["task_s"],
        "baseline": largest["bare_s"],
        "baseline_name": "weasyprint_bare_block_layout_same_rows_s",
        "ratio": largest["ratio"],
        "peak_mb": largest["task_peak_mb"],
        "sizes": sizes,
    }


if __name__ == "__main__":
    sys.path[:0] = [str(BENCH_DIR.parent), str(BENCH_DIR)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "takwia.settings")
    import django

    django.setup()
    kind, pk = sys.argv[1], int(sys.argv[2])
    result = {"task": task, "bare": bare}[kind](pk)
    result["peak_mb"] = round(_memory_kb("VmHWM") / 1024)
    print(json.dumps(result))
