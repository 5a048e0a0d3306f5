"""The rows of one draft save, read and written in bulk with their history.

The autosave is the platform's most frequent write (every step of every questionnaire,
every few seconds while an agent types), so its answers are handled as plain rows, not
model instances, and written by three statements whatever the step: one upsert for the
new and changed answers (``INSERT ... ON CONFLICT (diagnostic, question) DO UPDATE``,
the ids returned), one DELETE for those removed, one INSERT for all their history rows
(the rows ``bulk_create_with_history``, ``bulk_update_with_history`` and a delete per
answer would write: "+", "~", "-"). Each statement is written once here and sent with
its values as parameters, on PostgreSQL and SQLite (3.35+) alike; Django's query
compiler took as long as the rest of the save (``bulk_update`` builds a ``When`` per
row and per column).
"""

from functools import cache

from django.conf import settings
from django.db import connection

from diagnostics.models import Answer, Diagnostic

# The answer's columns, in the order of a row (``AnswerRow``).
FIELDS = list(Answer._meta.concrete_fields)
NAMES = [field.attname for field in FIELDS]
_VALUE_FIELDS = [field for field in FIELDS if not field.primary_key]
_KEY = ("diagnostic_id", "question_id")


class AnswerRow:
    """One stored answer as a plain row: ``id``, ``diagnostic_id``, ``question_id``,
    the value columns of every kind (``kinds.COLUMNS``) and ``updated_at``. What the
    question kinds read and store (``Kind.read``/``Kind.store``)."""

    __slots__ = NAMES

    def __init__(self, **values):
        for name in NAMES:
            setattr(self, name, values.get(name))


def answers_read(diagnostic_id: int) -> dict[int, AnswerRow]:
    """The diagnostic's stored answers by question id (one query, no model instance)."""
    rows = Answer.objects.filter(diagnostic_id=diagnostic_id).values_list(*NAMES)
    return {
        row.question_id: row
        for row in (AnswerRow(**dict(zip(NAMES, r, strict=True))) for r in rows)
    }


@cache
def _historical(model):
    return model.history.model  # each ``Model.history`` builds a manager class


def draft_write(diagnostic: Diagnostic, fields, *, user, now, history: bool) -> None:
    """Write a draft's ``fields`` (``Diagnostic.DRAFT_FIELDS``: its version, the
    respondent's fields, its time) in one UPDATE, and with ``history`` (the respondent's
    fields changed) its history row in one INSERT; a save of answers only is in the
    answers' history. The model's save signals are not sent: none reads a draft's
    fields (the results summary and the figures token ignore
    ``Diagnostic.FIGURES_UNREAD_FIELDS``)."""
    Diagnostic.objects.filter(pk=diagnostic.pk).update(
        **{name: getattr(diagnostic, name) for name in fields}
    )
    if history and getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        _history(Diagnostic, [("~", diagnostic)], user=user, now=now)


def _prepared(fields, row) -> list:
    return [field.get_db_prep_save(getattr(row, field.attname), connection) for field in fields]


def _values(count: int, width: int) -> str:
    one = "(" + ", ".join(["%s"] * width) + ")"
    return ", ".join([one] * count)


def _upsert(rows: list[AnswerRow]) -> None:
    """Insert or update ``rows`` on (diagnostic, question); their ids set."""
    quote = connection.ops.quote_name
    columns = [quote(field.column) for field in _VALUE_FIELDS]
    updated = [quote(field.column) for field in _VALUE_FIELDS if field.attname not in _KEY]
    params = []
    for row in rows:
        params += _prepared(_VALUE_FIELDS, row)
    sql = (
        f"INSERT INTO {quote(Answer._meta.db_table)} ({', '.join(columns)}) "
        f"VALUES {_values(len(rows), len(columns))} "
        f"ON CONFLICT ({', '.join(quote(name) for name in _KEY)}) DO UPDATE SET "
        + ", ".join(f"{column} = EXCLUDED.{column}" for column in updated)
        + f" RETURNING {quote('id')}, {quote('question_id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = dict((question_id, pk) for pk, question_id in cursor.fetchall())
    for row in rows:
        row.id = ids[row.question_id]


def _history(model, changes, *, user, now) -> None:
    """One INSERT of the history rows simple-history would write for ``changes`` (pairs
    of "+", "~" or "-" and a row or instance of ``model``), without its per-row signals."""
    historical = _historical(model)
    quote = connection.ops.quote_name
    tracked = [historical._meta.get_field(field.attname) for field in historical.tracked_fields]
    meta = [historical._meta.get_field(name) for name in ("history_date", "history_type")]
    user_field = historical._meta.get_field("history_user")
    columns = [quote(field.column) for field in [*tracked, *meta, user_field]]
    date = meta[0].get_db_prep_save(now, connection)
    user_id = getattr(user, "pk", None)
    params = []
    for history_type, row in changes:
        params += [*_prepared(tracked, row), date, history_type, user_id]
    sql = (
        f"INSERT INTO {quote(historical._meta.db_table)} ({', '.join(columns)}) "
        f"VALUES {_values(len(changes), len(columns))}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# Rows per statement: a whole questionnaire is one (SQLite allows 32,766 parameters).
BATCH = 200


def _batches(rows: list) -> list[list]:
    return [rows[start : start + BATCH] for start in range(0, len(rows), BATCH)]


def answers_write(*, created, updated, deleted, user, now) -> None:
    """Write ``created`` and ``updated`` rows (one upsert), delete ``deleted`` (one
    DELETE), and record each in the answers' history as ``user`` at ``now``. Nothing
    refers to an answer (evidence refers to the diagnostic and question) and the only
    receivers of an answer's writes are the history's, written here."""
    for rows in _batches([*created, *updated]):
        _upsert(rows)
    if deleted:
        Answer.objects.filter(pk__in=[row.id for row in deleted])._raw_delete(Answer.objects.db)
    changes = [
        (history_type, row)
        for history_type, rows in (("+", created), ("~", updated), ("-", deleted))
        for row in rows
    ]
    if getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        for batch in _batches(changes):
            _history(Answer, batch, user=user, now=now)
