"""What changed on a record, by whom and when: its django-simple-history records read
for display, on any model that keeps a history (``history = HistoricalRecords()``).

Values are shown as a person reads them: a choice by its label, a related record by its
name, a yes/no field as "oui"/"non", never an internal code. Bounded to ``limit``
entries and a fixed number of queries whatever their count: the records (one query),
one per foreign key whose value changed, two per tracked many-to-many field.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.utils.formats import localize
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.utils import get_m2m_reverse_field_name

HISTORY_LIMIT = 30
# Bookkeeping columns that say nothing to a reader.
UNSHOWN_FIELDS = frozenset({"created_at", "updated_at", "created_by", "search_text"})

KIND_LABELS = {
    "+": pgettext_lazy("history", "Création"),
    "~": pgettext_lazy("history", "Modification"),
    "-": pgettext_lazy("history", "Suppression"),
}
ARCHIVED_LABEL = pgettext_lazy("history", "Archivage")
RESTORED_LABEL = pgettext_lazy("history", "Rétablissement")


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    date: object
    user: object
    kind: str
    changes: list[Change] = field(default_factory=list)


def _display(model_field, value, related: dict) -> str:
    if value is None or value == "":
        return "—"
    if model_field.is_relation:
        return str(related.get((model_field.name, value), "—"))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return str(_("oui") if value else _("non"))
    if isinstance(model_field, models.FileField):
        return str(_("fichier joint"))
    return str(localize(value))


def _m2m_snapshots(instance, records) -> dict[str, dict[int, set[str]]]:
    """For each tracked many-to-many field, the names held by each history record."""
    historical = instance.history.model
    ids = [record.history_id for record in records]
    snapshots = {}
    for m2m_field in getattr(historical, "_history_m2m_fields", []):
        through = apps.get_model(
            historical._meta.app_label, f"{historical._meta.object_name}_{m2m_field.name}"
        )
        column = get_m2m_reverse_field_name(m2m_field)
        rows = list(
            through.objects.filter(history_id__in=ids).values_list("history_id", f"{column}_id")
        )
        names = m2m_field.related_model._base_manager.in_bulk({pk for _, pk in rows})
        per_record = {history_id: set() for history_id in ids}
        for history_id, pk in rows:
            per_record[history_id].add(str(names.get(pk, "—")))
        snapshots[m2m_field.name] = per_record
    return snapshots


def shown_changes(model, deltas: dict, display=None) -> dict[int, list[Change]]:
    """The field changes of each history record as a reader reads them: ``deltas`` maps a
    history id to simple-history's ``ModelChange`` list; related records are named with
    one query per foreign key whose value changed. ``display`` maps a field's name to how
    its stored value reads (codes to names) where the field alone does not say it."""
    display = display or {}
    wanted: dict[str, set] = {}
    for changes in deltas.values():
        for change in changes:
            if model._meta.get_field(change.field).is_relation:
                wanted.setdefault(change.field, set()).update({change.old, change.new})
    related = {}
    for name, pks in wanted.items():
        target = model._meta.get_field(name).related_model
        for pk, obj in target._base_manager.in_bulk(pks - {None}).items():
            related[(name, pk)] = obj

    def shown(change, value):
        if change.field in display:
            return display[change.field](value)
        return _display(model._meta.get_field(change.field), value, related)

    return {
        history_id: [
            Change(
                str(model._meta.get_field(change.field).verbose_name),
                shown(change, change.old),
                shown(change, change.new),
            )
            for change in changes
        ]
        for history_id, changes in deltas.items()
    }


def m2m_changes(model, snapshots: dict, older, newer) -> list[Change]:
    """The many-to-many fields whose names differ between two history records, from
    ``snapshots`` (field -> history id -> set of names)."""
    changes = []
    for name, per_record in snapshots.items():
        old, new = per_record[older.history_id], per_record[newer.history_id]
        if old != new:
            changes.append(
                Change(
                    str(model._meta.get_field(name).verbose_name),
                    ", ".join(sorted(old)) or "—",
                    ", ".join(sorted(new)) or "—",
                )
            )
    return changes


def entry_kind(record, changes) -> str:
    """Création, Modification, Suppression; Archivage or Rétablissement when the change
    is the ``archived`` flag."""
    for change in changes:
        if change.field == "archived":
            return str(ARCHIVED_LABEL if change.new else RESTORED_LABEL)
    return str(KIND_LABELS.get(record.history_type, ""))


def record_history(
    instance, *, limit: int = HISTORY_LIMIT, display=None, snapshots=None
) -> list[HistoryEntry]:
    """The latest changes of ``instance``, newest first: when, who, what (old -> new).
    ``display`` maps a field's name to how its stored value reads (codes to names);
    ``snapshots(instance, records)`` gives the many-to-many names of each record (the
    tracked fields read one table at a time by default)."""
    model = type(instance)
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    m2m = (snapshots or _m2m_snapshots)(instance, records)
    pairs = list(zip(records[:limit], [*records[1:], None], strict=False))
    deltas = {
        newer.history_id: newer.diff_against(
            older, excluded_fields=[*UNSHOWN_FIELDS & _field_names(model), *m2m]
        ).changes
        for newer, older in pairs
        if older is not None
    }
    shown = shown_changes(model, deltas, display)
    entries = []
    for newer, older in pairs:
        entry = HistoryEntry(
            date=newer.history_date,
            user=newer.history_user,
            kind=entry_kind(newer, deltas.get(newer.history_id, [])),
            changes=list(shown.get(newer.history_id, [])),
        )
        if older is not None:
            entry.changes += m2m_changes(model, m2m, older, newer)
        entries.append(entry)
    return entries


def _field_names(model) -> set[str]:
    return {f.name for f in model._meta.get_fields()}
