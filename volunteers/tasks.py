from celery import shared_task


@shared_task(ignore_result=True)
def remind_placements_ending() -> int:
    """Periodic: tell volunteer managers of placements ending within 90, then 60 days."""
    from volunteers.reminders import placements_ending_remind

    return placements_ending_remind()
