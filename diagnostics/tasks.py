"""Background work of the diagnostic."""

from celery import shared_task


@shared_task(ignore_result=True)
def remind_plan_actions() -> int:
    """Periodic: tell coordinators of plan actions starting within 7 days or overdue."""
    from diagnostics.services.reminders import plan_actions_remind

    return plan_actions_remind()


@shared_task(ignore_result=True)
def summaries_refresh() -> int:
    """Rebuild the results summary of the campaigns marked stale (e.g. by a bulk write
    elsewhere); pages rebuild a stale campaign themselves, this spares the reader the
    wait. Schedule it with beat to refresh ahead of the readers."""
    from diagnostics.services import summaries_rebuild

    return summaries_rebuild(stale_only=True)
