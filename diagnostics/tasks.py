from celery import shared_task


@shared_task(ignore_result=True)
def remind_plan_actions() -> int:
    """Periodic: tell coordinators of plan actions starting within 7 days or overdue."""
    from diagnostics.services.reminders import plan_actions_remind

    return plan_actions_remind()
