"""Generated files: request, reuse, scope, broker down, retries, stuck jobs, clean-up.

Without a broker (the default) tasks run in-process; the real-worker journey is in
test_jobs_worker.py.
"""

import io
import os
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from associations.models import Association
from associations.selectors import registry_figures
from diagnostics.reports import ProvinceReport
from takwia import jobs
from takwia.celery import app as celery_app
from takwia.models import Job
from tests.factories import AssociationFactory, JobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_text(job: Job) -> str:
    with job.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def request_report(django_capture_on_commit_callbacks):
    """POST the report form, running what the view queues after its commit."""

    def post(client, province, language="fr"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("job_create"),
                {"kind": "province_report", "province": province.code, "language": language},
            )

    return post


def test_a_coordinator_gets_the_provincial_report_with_the_registry_figures(
    client, users, province_a, request_report
):
    for index in range(6):
        AssociationFactory(commune=province_a.communes.first(), name_fr=f"Association {index}")
    client.force_login(users["coordinator"])

    response = request_report(client, province_a)

    job = Job.objects.get()
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    assert (job.status, job.progress, job.attempts) == (Job.Status.DONE, 100, 1)
    assert job.province == province_a
    text = pdf_text(job)
    figures = registry_figures(queryset=Association.objects.filter(commune__province=province_a))
    assert "Rapport provincial – Khénifra" in text
    assert f"{figures.total}\nassociations enregistrées" in text
    after = figures.by_period[1]
    assert (
        f"{str(after.percent).replace('.', ',')} % des associations ont été créées en 2005" in text
    )
    download = client.get(reverse("job_download", args=[job.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert job.filename in download["Content-Disposition"]


def test_the_arabic_report_is_right_to_left_and_in_arabic(
    client, users, province_a, request_report
):
    client.force_login(users["coordinator"])

    request_report(client, province_a, language="ar")

    text = pdf_text(Job.objects.get())
    assert "خنيفرة" in text
    assert "Rapport provincial" not in text


def test_an_unchanged_report_is_served_again_and_a_changed_one_rendered_anew(
    client, users, province_a, request_report
):
    client.force_login(users["coordinator"])
    request_report(client, province_a)
    first = Job.objects.get()

    again = request_report(client, province_a)
    assert again["Location"] == reverse("job_detail", args=[first.pk])
    assert Job.objects.count() == 1
    AssociationFactory(commune=province_a.communes.first())
    request_report(client, province_a)

    assert Job.objects.count() == 2
    assert Job.objects.exclude(pk=first.pk).get().fingerprint != first.fingerprint


def test_a_coordinator_cannot_ask_for_or_open_another_provinces_report(
    client, users, province_a, province_b, request_report
):
    client.force_login(users["national"])
    request_report(client, province_b)
    other = Job.objects.get()
    client.force_login(users["coordinator"])

    assert request_report(client, province_b).status_code == 404
    assert client.get(reverse("job_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("job_download", args=[other.pk])).status_code == 404
    assert other not in client.get(reverse("job_list")).context["jobs"]


def test_a_president_cannot_ask_for_or_download_a_provincial_report(
    client, users, province_a, request_report
):
    client.force_login(users["coordinator"])
    request_report(client, province_a)
    job = Job.objects.get()
    client.force_login(users["president"])

    assert request_report(client, province_a).status_code == 403
    assert client.get(reverse("job_download", args=[job.pk])).status_code == 404


def test_the_status_is_json_for_the_page_polling(client, users, province_a, request_report):
    client.force_login(users["coordinator"])
    request_report(client, province_a)
    job = Job.objects.get()

    data = client.get(reverse("job_status", args=[job.pk])).json()

    assert data == {
        "status": "done",
        "status_label": "Terminé",
        "progress": 100,
        "message": jobs.MESSAGE_DONE,
        "finished": True,
        "download_url": reverse("job_download", args=[job.pk]),
    }


@pytest.fixture
def broker_down(monkeypatch):
    """Tasks no longer run in-process and sending one fails as kombu fails on a dead Redis."""
    from kombu.exceptions import OperationalError

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    for task in ("takwia.tasks.render_job", "takwia.tasks.render_report"):
        monkeypatch.setattr(celery_app.tasks[task], "apply_async", refuse)


def test_a_request_made_while_the_broker_is_down_is_kept_and_dispatched_when_it_is_back(
    client, users, province_a, broker_down, request_report, monkeypatch
):
    client.force_login(users["coordinator"])
    request_report(client, province_a)
    job = Job.objects.get()
    assert (job.status, job.dispatched_at, job.message) == (
        Job.Status.QUEUED,
        None,
        jobs.MESSAGE_BROKER_DOWN,
    )
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "votre demande est enregistrée et sera lancée dès son retour" in page

    monkeypatch.undo()  # the broker is back
    assert jobs.jobs_watch()["dispatched"] == 1

    job.refresh_from_db()
    assert job.status == Job.Status.DONE


def test_a_job_left_running_by_a_dead_worker_is_requeued_then_given_up(users, province_a):
    job = JobFactory(
        province=province_a,
        status=Job.Status.RUNNING,
        attempts=1,
        heartbeat_at=timezone.now() - timedelta(minutes=6),
    )
    fresh = JobFactory(
        province=province_a,
        status=Job.Status.RUNNING,
        attempts=1,
        heartbeat_at=timezone.now() - timedelta(seconds=30),
    )

    counts = jobs.jobs_watch()

    job.refresh_from_db()
    fresh.refresh_from_db()
    assert counts["requeued"] == 1
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)  # rendered again in-process
    assert fresh.status == Job.Status.RUNNING  # still reporting progress: left alone
    Job.objects.filter(pk=fresh.pk).update(
        attempts=jobs.MAX_ATTEMPTS, heartbeat_at=timezone.now() - timedelta(hours=1)
    )
    assert jobs.jobs_watch()["failed"] == 1
    fresh.refresh_from_db()
    assert fresh.status == Job.Status.FAILED
    assert fresh.message == jobs.MESSAGE_GAVE_UP.format(attempts=jobs.MAX_ATTEMPTS)


def test_a_transient_error_is_retried_and_the_job_ends_done(
    client, users, province_a, monkeypatch, request_report
):
    real_render = ProvinceReport.render
    calls = []

    def flaky(self, *, job, progress):
        calls.append(job.attempts)
        if len(calls) == 1:
            raise OSError("disque momentanément plein")
        return real_render(self, job=job, progress=progress)

    monkeypatch.setattr(ProvinceReport, "render", flaky)
    client.force_login(users["coordinator"])

    request_report(client, province_a)

    job = Job.objects.get()
    assert calls == [1, 2]
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)


def test_a_failed_job_says_so_and_can_be_retried(
    client, users, province_a, monkeypatch, request_report, django_capture_on_commit_callbacks
):
    def broken(self, *, job, progress):
        raise ValueError("gabarit cassé")

    monkeypatch.setattr(ProvinceReport, "render", broken)
    client.force_login(users["coordinator"])
    request_report(client, province_a)
    job = Job.objects.get()
    assert (job.status, job.message) == (Job.Status.FAILED, jobs.MESSAGE_FAILED)
    assert "ValueError: gabarit cassé" in job.error
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "Relancer la génération" in page

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("job_retry", args=[job.pk]))

    fresh = Job.objects.exclude(pk=job.pk).get()
    assert response["Location"] == reverse("job_detail", args=[fresh.pk])
    assert fresh.status == Job.Status.DONE


def test_a_duplicate_message_does_not_render_twice(users, province_a, client, request_report):
    client.force_login(users["coordinator"])
    request_report(client, province_a)
    job = Job.objects.get()

    assert jobs.job_run(job_id=job.pk) is None

    job.refresh_from_db()
    assert job.attempts == 1


def test_old_files_are_cleaned_up_and_their_page_says_so(client, users, province_a, request_report):
    client.force_login(users["coordinator"])
    request_report(client, province_a)
    job = Job.objects.get()
    path = job.file.path
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(days=8))

    assert jobs.jobs_cleanup() == 1

    job.refresh_from_db()
    assert job.status == Job.Status.EXPIRED and not job.file
    assert not os.path.exists(path)
    response = client.get(reverse("job_download", args=[job.pk]))
    assert response.status_code == 410
    assert "demandez-le à nouveau" in response.content.decode()


def test_render_report_command_writes_the_pdf_directly(tmp_path, province_b):
    from django.core.management import call_command

    for _ in range(3):
        AssociationFactory(commune=province_b.communes.first())
    out = tmp_path / "chichaoua.pdf"

    call_command("render_report", "--province", province_b.code, "--lang", "fr", "--out", str(out))

    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Rapport provincial – Chichaoua" in text
    assert "3\nassociations enregistrées" in text
    assert not Job.objects.exists()  # no job, no worker: written at once
