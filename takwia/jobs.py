"""Files generated in the background: request, dispatch, run, retry, re-queue, clean up.

A kind of file is a ``Renderer`` registered in ``RENDERERS`` (dotted path, imported
on first use). The flow:

1. ``job_request`` (a view, a command) checks the permission; joins the job at work
   for the same file if there is one (one at a time per kind, parameters and
   language); else computes the renderer's fingerprint of the data, and either
   returns the last finished job with the same parameters and fingerprint (nothing
   changed: served again) or writes a new ``Job`` row (queued) and dispatches it
   after the commit;
2. ``job_dispatch`` sends the Celery task; if the broker cannot be reached the
   job stays queued, undispatched, and the user is told so; the periodic
   ``jobs_watch`` task (and the status page, when polled) dispatches it again;
3. the task calls ``job_run``, which takes the job (queued -> running, once, under
   a row lock, so that a duplicate message does nothing), renders it with
   progress reports (each one a heartbeat) and stores the file (done), or
   records the failure in French (failed); transient errors are retried with
   back-off by the task;
4. ``jobs_watch`` re-queues a running job whose heartbeat stopped (its worker
   died) or fails it after ``MAX_ATTEMPTS``, and ``jobs_cleanup`` deletes files
   older than ``RETENTION``.

Without a broker the task runs in-process, at once: same code, same rows.
"""

import hashlib
import json
import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module
from typing import Any, Protocol

from celery.exceptions import Retry
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile, File
from django.db import IntegrityError, transaction
from django.db import OperationalError as DatabaseOperationalError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from takwia.models import Job
from takwia.notifications.services import notify

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# A running job whose renderer has not reported progress for this long is taken
# for dead (its worker was killed): renderers report at least every few seconds.
STUCK_AFTER = timedelta(minutes=5)
# A queued job still waiting this long after its dispatch is dispatched again.
REDISPATCH_AFTER = timedelta(minutes=10)
RETENTION = timedelta(days=7)
# Sending a task from a request: one attempt, this long at most per network step.
BROKER_TIMEOUT = 0.5
# After a failed send, requests stop trying for this long (jobs_watch keeps probing).
BROKER_PAUSE = timedelta(seconds=30)
BROKER_DOWN_KEY = "takwia:jobs:broker-down"

MESSAGE_QUEUED = gettext_noop("En file d'attente.")
MESSAGE_BROKER_DOWN = gettext_noop(
    "Le service de génération est momentanément injoignable : votre demande est "
    "enregistrée et sera lancée dès son retour."
)
MESSAGE_RETRYING = (
    "Incident passager : nouvel essai dans {seconds} s (essai {attempt} sur {total})."
)
MESSAGE_REQUEUED = gettext_noop(
    "Le traitement s'est interrompu : la demande a été remise en file d'attente."
)
MESSAGE_FAILED = gettext_noop("La génération a échoué. Vous pouvez relancer la demande.")
MESSAGE_GAVE_UP = (
    "La génération s'est interrompue {attempts} fois : elle est abandonnée. "
    "Relancez-la, et prévenez l'équipe technique si le problème persiste."
)
MESSAGE_DONE = gettext_noop("Terminé.")
MESSAGE_EXPIRED = "Le fichier a été supprimé après {days} jours : demandez-le à nouveau."
# Told to whoever asked, in the app and by e-mail (written in French, as every notice).
NOTICE_FILE_READY = gettext_noop("Votre fichier « {title} » est prêt.")

# Errors worth another try: the database or the file system hiccuped.
TRANSIENT_ERRORS = (DatabaseOperationalError, OSError)


class Renderer(Protocol):
    """What a kind of generated file provides (see diagnostics/reports/)."""

    label: str
    permission: str

    def resolve(self, *, user, params: dict) -> dict:
        """Check ``params`` against what ``user`` may see (Http404 otherwise) and return
        ``params`` (normalised), ``title`` and the ``province``/``association`` objects
        that scope the job."""

    def fingerprint(self, *, params: dict, language: str) -> str:
        """A digest of everything the file shows: same digest, same file."""

    def render(self, *, job: Job, progress: Callable[[int, str], None]) -> tuple[str, bytes | File]:
        """The file's name and content (bytes, or an open file for a large one)."""

    # Optional: ``heavy = True`` sends the kind to the reports queue (``render_report``),
    # whose workers take one task per process at a time (settings.CELERY_TASK_ROUTES).


RENDERERS: dict[str, str] = {
    "province_report": "diagnostics.reports.ProvinceReport",
    "association_report": "diagnostics.reports.AssociationReport",
    "plan_report": "diagnostics.reports.PlanReport",
    "province_annex": "diagnostics.reports.ProvinceAnnex",
    "association_import": "associations.import_jobs.AssociationImportRun",
    "communes_import": "associations.import_views.CommunesImportRun",
    "volunteers_import": "volunteers.import_views.VolunteersImportRun",
    "placements_import": "volunteers.import_views.PlacementsImportRun",
    "agreements_import": "partnerships.import_views.AgreementsImportRun",
}


def renderer_for(kind: str) -> Renderer:
    try:
        path = RENDERERS[kind]
    except KeyError:
        raise LookupError(kind) from None
    module, name = path.rsplit(".", 1)
    return getattr(import_module(module), name)()


def digest(*parts: Any) -> str:
    """A stable SHA-256 of JSON-serialisable parts (dates and decimals as text)."""
    payload = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass
class JobRequest:
    job: Job
    reused: bool
    joined: bool = False  # the same file was already being prepared: its job is returned


def job_request(*, user, kind: str, params: dict, language: str = "fr") -> JobRequest:
    """Ask for a file: the last identical one if the data did not change, else a new job."""
    renderer = renderer_for(kind)
    if not user.has_perm(renderer.permission):
        raise PermissionDenied
    # The title is the file's: in the language the file is rendered in.
    with translation.override(language):
        resolved = renderer.resolve(user=user, params=params)
        title = str(resolved["title"])[:255]
    clean, province, association = (
        resolved["params"],
        resolved.get("province"),
        resolved.get("association"),
    )
    params_key = json.dumps(clean, sort_keys=True)[:255]
    # One job at work per file, whatever changed since it started (job_one_at_work):
    # joining it costs no fingerprint (aggregates over the province, for a report).
    same = {"kind": kind, "params_key": params_key, "language": language}
    at_work = Job.objects.filter(**same, status__in=Job.AT_WORK).first()
    if at_work is not None:
        return JobRequest(job=at_work, reused=False, joined=True)
    fingerprint = renderer.fingerprint(params=clean, language=language)
    previous = (
        Job.objects.filter(**same, fingerprint=fingerprint, status=Job.Status.DONE)
        .exclude(file="")
        .order_by("-finished_at")
        .first()
    )
    if previous is not None and previous.file.storage.exists(previous.file.name):
        return JobRequest(job=previous, reused=True)
    try:
        # The unique partial index "job_one_at_work" settles a race between
        # simultaneous requests: the loser joins the winner's job.
        with transaction.atomic():
            job = Job.objects.create(
                **same,
                fingerprint=fingerprint,
                title=title,
                params=clean,
                requested_by=user,
                province=province,
                association=association,
                message=MESSAGE_QUEUED,
            )
    except IntegrityError:
        at_work = Job.objects.filter(**same, status__in=Job.AT_WORK).first()
        if at_work is None:  # finished in between: ask again
            return job_request(user=user, kind=kind, params=params, language=language)
        return JobRequest(job=at_work, reused=False, joined=True)
    transaction.on_commit(lambda: job_dispatch(job_id=job.pk))
    return JobRequest(job=job, reused=False)


def job_task(kind: str):
    """The task that renders a kind: ``render_report`` (the reports queue) for a heavy one."""
    from takwia.tasks import render_job, render_report

    return render_report if getattr(renderer_for(kind), "heavy", False) else render_job


def _send(job_id, *, eager: bool, retries: int) -> None:
    kind = Job.objects.values_list("kind", flat=True).get(pk=job_id)
    render_job = job_task(kind)
    if eager:
        render_job.apply_async(args=[str(job_id)], retry=False, retries=retries)
        return
    # One attempt with short timeouts: kombu and redis-py otherwise retry for about
    # six seconds, holding the request (and a web worker) while the broker is down.
    options = {"max_retries": 0, "retry_on_timeout": False}
    options |= {"socket_connect_timeout": BROKER_TIMEOUT, "socket_timeout": BROKER_TIMEOUT}
    app = render_job.app
    with app.connection_for_write(
        connect_timeout=BROKER_TIMEOUT, transport_options=options
    ) as connection:
        render_job.apply_async(args=[str(job_id)], retry=False, connection=connection)


def job_dispatch(*, job_id, probe: bool = False, _retries: int = 0) -> bool:
    """Send the job to the workers; False (and the job stays queued) if the broker is down.

    After a failure the broker is left alone for BROKER_PAUSE: requests and status
    polls answer at once, and only ``jobs_watch`` (``probe=True``) tries again.
    """
    from takwia.tasks import render_job

    eager = bool(render_job.app.conf.task_always_eager)
    try:
        if not eager and not probe and cache.get(BROKER_DOWN_KEY):
            raise ConnectionError("broker down a moment ago")
        _send(job_id, eager=eager, retries=_retries)
    except Retry:
        if not eager:
            raise
        # In-process Celery raises the retry instead of running it: run it now.
        return job_dispatch(job_id=job_id, _retries=_retries + 1)
    except Exception as exc:  # kombu/redis raise several kinds; all mean "not sent"
        if eager:
            raise
        logger.warning("job %s not dispatched: %s", job_id, exc)
        cache.set(BROKER_DOWN_KEY, True, BROKER_PAUSE.total_seconds())
        Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
            message=MESSAGE_BROKER_DOWN, dispatched_at=None
        )
        return False
    cache.delete(BROKER_DOWN_KEY)
    Job.objects.filter(pk=job_id, status=Job.Status.QUEUED, dispatched_at__isnull=True).update(
        dispatched_at=timezone.now()
    )
    return True


def _this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _process_gone(worker: str) -> bool:
    """True when ``worker`` ("host:pid") is a process of this host that no longer runs."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _take(job_id) -> Job | None:
    """queued -> running, once: a duplicate message or a finished job gets None.

    A running job is taken over only when the process that ran it is gone (the
    broker redelivers the task of a worker killed mid-render) or its heartbeat is
    older than STUCK_AFTER.
    """
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            return None
        now = timezone.now()
        abandoned = job.status == Job.Status.RUNNING and (
            _process_gone(job.worker)
            or (job.heartbeat_at is not None and job.heartbeat_at < now - STUCK_AFTER)
        )
        if job.status != Job.Status.QUEUED and not abandoned:
            return None
        if abandoned and job.attempts >= MAX_ATTEMPTS:
            job_fail(job_id=job.pk, message=MESSAGE_GAVE_UP.format(attempts=job.attempts))
            return None
        job.worker = _this_process()
        job.status = Job.Status.RUNNING
        job.attempts += 1
        job.started_at = job.heartbeat_at = now
        job.progress = 0
        job.message = "Démarrage…"
        job.error = ""
        job.save(
            update_fields=[
                "worker",
                "status",
                "attempts",
                "started_at",
                "heartbeat_at",
                "progress",
                "message",
                "error",
            ]
        )
        return job


def job_run(*, job_id) -> Job | None:
    """Render one job (called by the task). Transient errors propagate for a retry."""
    job = _take(job_id)
    if job is None:
        return None
    renderer = renderer_for(job.kind)

    def progress(percent: int, message: str) -> None:
        job.progress = max(0, min(100, int(percent)))
        job.message = message[:255]
        Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
            progress=job.progress, message=job.message, heartbeat_at=timezone.now()
        )

    started = time.perf_counter()
    try:
        with translation.override(job.language):
            filename, content = renderer.render(job=job, progress=progress)
    except TRANSIENT_ERRORS:
        # Back to the queue for the task's retry; the attempt is counted.
        Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED)
        raise
    except Exception as exc:
        logger.exception("job %s failed", job.pk)
        job_fail(job_id=job.pk, message=MESSAGE_FAILED, error=f"{type(exc).__name__}: {exc}")
        return Job.objects.get(pk=job.pk)
    stored = content if isinstance(content, File) else ContentFile(content)
    try:
        job.file.save(filename, stored, save=False)
    finally:
        stored.close()
    job.filename = filename
    job.status = Job.Status.DONE
    job.progress = 100
    # A renderer may say how it ended (an import: refused, or how many rows written).
    job.message = (getattr(renderer, "final_message", "") or MESSAGE_DONE)[:255]
    job.finished_at = timezone.now()
    job.duration_ms = int((time.perf_counter() - started) * 1000)
    job.save(
        update_fields=[
            "file",
            "filename",
            "status",
            "progress",
            "message",
            "finished_at",
            "duration_ms",
        ]
    )
    _tell_ready(job)
    return job


def _tell_ready(job: Job) -> None:
    """Whoever asked for the file is told it is ready (once per job)."""
    notify(
        users=[job.requested_by],
        kind="file_ready",
        template=NOTICE_FILE_READY,
        params={"title": job.title},
        url=reverse("job_detail", args=[job.pk]),
        key=f"job:{job.pk}",
    )


def job_fail(*, job_id, message: str, error: str = "") -> None:
    Job.objects.filter(pk=job_id).exclude(status=Job.Status.DONE).update(
        status=Job.Status.FAILED,
        message=message[:255],
        error=error,
        finished_at=timezone.now(),
    )


def job_retry_later(*, job_id, seconds: int, attempt: int) -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.QUEUED,
        message=MESSAGE_RETRYING.format(seconds=seconds, attempt=attempt + 1, total=MAX_ATTEMPTS),
    )


def job_retry(*, job: Job, user) -> Job:
    """A user's retry of a failed or expired job: a fresh job with the same parameters."""
    return job_request(user=user, kind=job.kind, params=dict(job.params), language=job.language).job


def jobs_watch(*, now=None) -> dict[str, int]:
    """Re-queue jobs whose worker died, fail them after MAX_ATTEMPTS, re-dispatch the unsent."""
    now = now or timezone.now()
    counts = {"requeued": 0, "failed": 0, "dispatched": 0}
    stuck = Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=now - STUCK_AFTER)
    for job in stuck.only("pk", "attempts"):
        if job.attempts >= MAX_ATTEMPTS:
            job_fail(job_id=job.pk, message=MESSAGE_GAVE_UP.format(attempts=job.attempts))
            counts["failed"] += 1
            continue
        updated = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
            status=Job.Status.QUEUED, message=MESSAGE_REQUEUED, dispatched_at=None
        )
        counts["requeued"] += updated
    waiting = Job.objects.filter(status=Job.Status.QUEUED).filter(
        Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=now - REDISPATCH_AFTER)
    )
    for job_id in waiting.values_list("pk", flat=True):
        counts["dispatched"] += job_dispatch(job_id=job_id, probe=True)
    return counts


def jobs_cleanup(*, now=None) -> int:
    """Delete the files of jobs finished more than RETENTION ago; the rows stay, expired."""
    now = now or timezone.now()
    old = Job.objects.filter(status=Job.Status.DONE, finished_at__lt=now - RETENTION)
    removed = 0
    for job in old:
        if job.file:
            job.file.delete(save=False)
        job.status = Job.Status.EXPIRED
        job.message = MESSAGE_EXPIRED.format(days=RETENTION.days)
        job.save(update_fields=["file", "status", "message"])
        removed += 1
    return removed
