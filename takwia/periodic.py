"""The periodic tasks, one schedule for both setups.

- With a broker (CELERY_BROKER_URL), Celery beat sends them: ``CELERY_BEAT_SCHEDULE``
  is built from ``PERIODIC`` (settings), and `make serve` starts beat beside the worker.
- Without one (`make run` on SQLite), ``PeriodicTasksMiddleware`` runs the tasks
  marked ``in_process`` that are due, in the web process, after answering a request:
  at most one check every ``CHECK_EVERY`` seconds, each task at most once per its
  period, guarded by the cache (``cache.add`` is atomic: two requests at once do not
  both run a task). ``manage.py run_periodic`` does the same from cron.

The tasks themselves are idempotent (reminders are sent once per event), so a task
run twice, or by two processes, tells nobody twice.

Only the standard library at import time: the settings import this module.
"""

import logging
import time
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    task: str
    every: int  # seconds
    # Run by the web process when there is no broker. Job watching is not: without a
    # broker jobs run in-process at once, and re-running one would hold a request.
    in_process: bool = True


HOUR = 60 * 60
PERIODIC: dict[str, Periodic] = {
    "watch-jobs": Periodic("takwia.tasks.watch_jobs", 60, in_process=False),
    "clean-up-jobs": Periodic("takwia.tasks.clean_up_jobs", 6 * HOUR),
    "clean-up-submissions": Periodic("takwia.tasks.clean_up_submissions", 24 * HOUR),
    "remind-placements-ending": Periodic("volunteers.tasks.remind_placements_ending", HOUR),
    "remind-plan-actions": Periodic("diagnostics.tasks.remind_plan_actions", HOUR),
}
# Without a broker, due tasks are looked for at most this often.
CHECK_EVERY = 60
CHECK_KEY = "takwia:periodic:check"
DUE_KEY = "takwia:periodic:ran:{name}"


def beat_schedule() -> dict:
    """``CELERY_BEAT_SCHEDULE``: every periodic task, sent by beat to the workers."""
    return {name: {"task": p.task, "schedule": float(p.every)} for name, p in PERIODIC.items()}


def periodic_run(name: str) -> None:
    """Run one periodic task here, now (its errors are logged, never raised)."""
    from django.utils.module_loading import import_string

    try:
        # Imported by its path: the web process does not autodiscover tasks.
        import_string(PERIODIC[name].task).apply(throw=True)
    except Exception:
        logger.exception("periodic task %s failed", name)


def periodic_run_due(*, force: bool = False) -> list[str]:
    """Run the in-process tasks whose period has passed since their last run here
    (all of them with ``force``); the names of those run."""
    from django.core.cache import cache

    ran = []
    for name, periodic in PERIODIC.items():
        if not periodic.in_process:
            continue
        if cache.add(DUE_KEY.format(name=name), True, periodic.every) or force:
            periodic_run(name)
            ran.append(name)
    return ran


class PeriodicTasksMiddleware:
    """Without a broker: after answering a request, run the periodic tasks that are due
    (settings.TAKWIA_PERIODIC_IN_PROCESS, on by default when CELERY_BROKER_URL is unset)."""

    def __init__(self, get_response):
        self.get_response = get_response
        # This process asks the shared cache at most once every CHECK_EVERY seconds
        # (a request costs no cache round trip in between).
        self.next_check = 0.0

    def __call__(self, request):
        response = self.get_response(request)
        from django.conf import settings

        if not settings.TAKWIA_PERIODIC_IN_PROCESS or time.monotonic() < self.next_check:
            return response
        from django.core.cache import cache

        self.next_check = time.monotonic() + CHECK_EVERY
        if cache.add(CHECK_KEY, True, CHECK_EVERY):
            periodic_run_due()
        return response
