"""Create, edit and archive the records of the partnerships, each change kept in history.

Nothing is deleted: a record made by mistake or no longer in use is archived (left out
of lists, pickers, charts and figures) and can be restored.
"""

from django.db import transaction


def record_save(*, form, user, **values):
    """Save a validated model form, with ``values`` set on the instance first; the history
    entry names ``user``."""
    with transaction.atomic():
        record = form.save(commit=False)
        for name, value in values.items():
            setattr(record, name, value)
        record._history_user = user
        record.save()
        form.save_m2m()
    return record


def record_archive(*, record, user, archived: bool = True) -> None:
    """Archive (or restore) ``record``; a no-op when it already is."""
    if record.archived == archived:
        return
    record.archived = archived
    record._history_user = user
    record.save()
