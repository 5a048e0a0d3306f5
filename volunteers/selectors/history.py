"""A record's history as its page shows it: when, who, what (field: old -> new), every
value as the reader reads it (choice labels, related names, yes/no), never a code."""

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

HISTORY_LIMIT = 30
IGNORED = {"search_text", "id"}


def _related_names(model, changes) -> dict:
    """The names of the related records the changes point to, one query per related
    model (only when a relation changed)."""
    wanted: dict = {}
    for change in changes:
        field = model._meta.get_field(change.field)
        if field.is_relation:
            ids = wanted.setdefault(field.related_model, set())
            ids.update(v for v in (change.old, change.new) if v is not None)
    return {
        related: {obj.pk: str(obj) for obj in related._base_manager.filter(pk__in=ids)}
        for related, ids in wanted.items()
    }


def _display(field, value, names) -> str:
    if value is None or value == "":
        return ""
    if field.is_relation:
        return names.get(field.related_model, {}).get(value, "")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return str(_("oui") if value else _("non"))
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(field, models.FileField):
        return str(_("fichier joint"))
    return str(value)


def record_history(record, *, limit: int = HISTORY_LIMIT) -> list[dict]:
    """The latest ``limit`` entries of ``record``'s simple-history, newest first, each
    diffed against the one before it. One query, plus one per related model changed."""
    model = type(record)
    records = list(
        record.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    pairs = list(zip(records[:limit], [*records[1:], None], strict=False))
    deltas = {
        newer.history_id: newer.diff_against(older, excluded_fields=list(IGNORED)).changes
        for newer, older in pairs
        if older is not None
    }
    names = _related_names(model, [c for changes in deltas.values() for c in changes])
    entries = []
    for newer, _older in pairs:
        changes = []
        for change in deltas.get(newer.history_id, []):
            field = model._meta.get_field(change.field)
            changes.append(
                {
                    "field": field.verbose_name,
                    "old": _display(field, change.old, names),
                    "new": _display(field, change.new, names),
                }
            )
        entries.append(
            {
                "date": newer.history_date,
                "user": newer.history_user,
                "kind": newer.get_history_type_display(),
                "changes": changes,
            }
        )
    return entries
