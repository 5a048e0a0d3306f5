from celery import shared_task
from django.core.mail import EmailMultiAlternatives


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, max_retries=5, acks_late=True, ignore_result=True
)
def send_email(
    *, subject: str, body: str, to: list[str], from_email: str | None = None, html: str = ""
) -> None:
    """Send one e-mail from a worker, so that a slow mail server never blocks a page.

    Retried with back-off when the mail server cannot be reached.
    """
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


# Back-off between attempts of a job hit by a transient error (seconds).
JOB_RETRY_DELAYS = (5, 30, 120)


def _render(task, job_id: str) -> None:
    from takwia import jobs

    try:
        jobs.job_run(job_id=job_id)
    except jobs.TRANSIENT_ERRORS as exc:
        attempt = task.request.retries
        if attempt >= task.max_retries:
            jobs.job_fail(job_id=job_id, message=jobs.MESSAGE_FAILED, error=repr(exc))
            return
        delay = JOB_RETRY_DELAYS[attempt]
        jobs.job_retry_later(job_id=job_id, seconds=delay, attempt=attempt + 1)
        raise task.retry(exc=exc, countdown=delay) from exc


@shared_task(bind=True, acks_late=True, max_retries=len(JOB_RETRY_DELAYS), ignore_result=True)
def render_job(self, job_id: str) -> None:
    """Render one generated file (see takwia/jobs.py).

    Acknowledged late and rejected when its worker dies, so the broker hands it to
    another worker; ``job_run`` takes a job once, so a redelivered message is harmless.
    """
    _render(self, job_id)


@shared_task(bind=True, acks_late=True, max_retries=len(JOB_RETRY_DELAYS), ignore_result=True)
def render_report(self, job_id: str) -> None:
    """``render_job`` for the heavy kinds (WeasyPrint reports), routed to the ``reports``
    queue (settings.CELERY_TASK_ROUTES): their workers run one at a time per process,
    so that a long report never holds up e-mails and imports, nor two reports share a
    process's memory."""
    _render(self, job_id)


@shared_task(ignore_result=True)
def watch_jobs() -> dict:
    """Periodic: re-queue jobs left running by a dead worker, dispatch what the broker missed."""
    from takwia.jobs import jobs_watch

    return jobs_watch()


@shared_task(ignore_result=True)
def clean_up_submissions() -> int:
    """Periodic: forget the create forms' one-time tokens after a week."""
    from takwia.submissions import submissions_cleanup

    return submissions_cleanup()


@shared_task(ignore_result=True)
def clean_up_jobs() -> int:
    """Periodic: delete generated files past their retention."""
    from takwia.jobs import jobs_cleanup

    return jobs_cleanup()
