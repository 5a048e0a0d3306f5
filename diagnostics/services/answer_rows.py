"""The answer rows of one save, written in bulk with their history.

One statement for the new rows, one for the changed ones, one for those removed and
one for all their history rows: the rows ``bulk_create_with_history``,
``bulk_update_with_history`` and a delete per answer would write ("+", "~", "-"),
without their cost. Django's ``bulk_update`` builds a ``When(pk=...)`` per row and per
column (105 conditions for a step of 15 answers: about 30 ms of Python on a quiet
core, as long as the rest of the save); the changed rows are written here by one
``CASE`` per column on the primary key, the values passed as parameters.
"""

from functools import cache

from django.conf import settings
from django.db import connection
from django.db.models.expressions import RawSQL

from diagnostics.models import Answer


@cache
def _historical():
    return Answer.history.model  # each ``Answer.history`` builds a manager class


def _update(rows: list[Answer], columns: list[str]) -> None:
    """``UPDATE ... SET column = CASE id WHEN ... THEN ... ELSE column END`` for every
    column, over the rows' ids (what ``bulk_update(rows, columns)`` writes)."""
    quote = connection.ops.quote_name
    pk = quote(Answer._meta.pk.column)
    when = " ".join(["WHEN %s THEN %s"] * len(rows))
    values = {}
    for name in columns:
        field = Answer._meta.get_field(name)
        params = []
        for row in rows:
            params += [row.pk, field.get_db_prep_save(getattr(row, field.attname), connection)]
        values[name] = RawSQL(
            f"CASE {pk} {when} ELSE {quote(field.column)} END", params, output_field=field
        )
    Answer.objects.filter(pk__in=[row.pk for row in rows]).update(**values)


def answers_write(*, created, updated, deleted, columns: list[str], user, now) -> None:
    """Insert ``created``, write ``columns`` of ``updated``, delete ``deleted``, and
    record each in the answers' history as ``user`` at ``now``."""
    if not (created or updated or deleted):
        return
    if created:
        Answer.objects.bulk_create(created)  # ids returned (PostgreSQL, SQLite)
    if updated:
        _update(updated, columns)
    if deleted:
        # The only receivers of an answer's deletion are the history's (written below);
        # no row refers to an answer (evidence refers to the diagnostic and question).
        Answer.objects.filter(pk__in=[answer.pk for answer in deleted])._raw_delete(
            Answer.objects.db
        )
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    historical = _historical()
    fields = [field.attname for field in historical.tracked_fields]
    rows = [
        historical(
            history_date=now,
            history_user=user,
            history_type=history_type,
            **{name: getattr(answer, name) for name in fields},
        )
        for history_type, answers in (("+", created), ("~", updated), ("-", deleted))
        for answer in answers
    ]
    if rows:
        historical.objects.bulk_create(rows)
