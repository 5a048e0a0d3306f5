"""Generated files with a real Celery worker process on the real Redis and PostgreSQL."""

import io
import os
import signal
import time
from pathlib import Path

import psycopg2
import pytest
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from takwia.models import Job
from tests.factories import AssociationFactory

pytestmark = pytest.mark.services


def wait_for(job_id, statuses, timeout=90):
    """Poll the job row; returns the statuses seen in order."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = Job.objects.values_list("status", flat=True).get(pk=job_id)
        if not seen or seen[-1] != status:
            seen.append(status)
        if status in statuses:
            return seen
        time.sleep(0.05)
    pytest.fail(f"job {job_id} still {seen[-1]} after {timeout} s (seen {seen})")


def pdf_text(job):
    with job.file.open("rb") as handle:
        return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def test_a_worker_renders_the_report_from_queued_to_done_with_the_pages_figures(
    reference_data, worker_process, client, users, province_a
):
    for index in range(12):
        AssociationFactory(commune=province_a.communes.first(), name_fr=f"Association {index}")
    client.force_login(users["coordinator"])
    figures_page = client.get(reverse("associations:figures"), {"province": province_a.code})
    figures = figures_page.context["figures"]

    client.post(
        reverse("job_create"),
        {"kind": "province_report", "province": province_a.code, "language": "fr"},
    )

    job = Job.objects.get()
    seen = wait_for(job.pk, {Job.Status.DONE, Job.Status.FAILED})
    job.refresh_from_db()
    assert seen[0] in {Job.Status.QUEUED, Job.Status.RUNNING} and seen[-1] == Job.Status.DONE
    assert job.created_at <= job.dispatched_at <= job.started_at <= job.finished_at
    assert (job.attempts, job.progress) == (1, 100)
    text = pdf_text(job)
    assert f"{figures.total}\nassociations enregistrées" in text
    rural = figures.by_milieu[1]
    assert f"{str(rural.percent).replace('.', ',')} % des associations sont établies" in text
    status = client.get(reverse("job_status", args=[job.pk])).json()
    assert status["download_url"] == reverse("job_download", args=[job.pk])


def test_a_worker_killed_mid_render_loses_no_job(
    reference_data, worker_process, client, users, province_a
):
    AssociationFactory(commune=province_a.communes.first())
    client.force_login(users["coordinator"])
    db = connection.settings_dict
    blocker = psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432
    )
    try:
        # The render reads the domains of the province's associations: holding that
        # table keeps the job running for as long as the test needs.
        with blocker.cursor() as cursor:
            cursor.execute("LOCK TABLE associations_association_domains IN ACCESS EXCLUSIVE MODE")
        client.post(
            reverse("job_create"),
            {"kind": "province_report", "province": province_a.code, "language": "fr"},
        )
        job = Job.objects.get()
        wait_for(job.pk, {Job.Status.RUNNING})
        (child,) = children(worker_process.pid)
        os.kill(child, signal.SIGKILL)
    finally:
        blocker.rollback()
        blocker.close()

    wait_for(job.pk, {Job.Status.DONE, Job.Status.FAILED})

    job.refresh_from_db()
    log = worker_process.log_path.read_text()
    assert job.status == Job.Status.DONE, log
    assert job.attempts == 2
    assert "Khénifra" in pdf_text(job)
