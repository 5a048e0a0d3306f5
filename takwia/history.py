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


def record_history(instance, *, limit: int = HISTORY_LIMIT, display=None) -> list[HistoryEntry]:
    """The latest changes of ``instance``, newest first: when, who, what (old -> new).
    ``display`` maps a field's name to how its stored value reads (codes to names)."""
    display = display or {}
    model = type(instance)
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    m2m = _m2m_snapshots(instance, records)
    pairs = list(zip(records[:limit], [*records[1:], None], strict=False))
    deltas = {}
    wanted: dict[str, set] = {}
    for newer, older in pairs:
        if older is None:
            continue
        delta = newer.diff_against(
            older, excluded_fields=[*UNSHOWN_FIELDS & _field_names(model), *m2m]
        )
        deltas[newer.history_id] = delta.changes
        for change in delta.changes:
            model_field = model._meta.get_field(change.field)
            if model_field.is_relation:
                wanted.setdefault(change.field, set()).update({change.old, change.new})
    related = {}
    for name, pks in wanted.items():
        target = model._meta.get_field(name).related_model
        for pk, obj in target._base_manager.in_bulk(pks - {None}).items():
            related[(name, pk)] = obj
    entries = []
    for newer, older in pairs:
        entry = HistoryEntry(
            date=newer.history_date,
            user=newer.history_user,
            kind=str(KIND_LABELS.get(newer.history_type, "")),
        )
        for change in deltas.get(newer.history_id, []):
            model_field = model._meta.get_field(change.field)
            if change.field == "archived":
                entry.kind = str(ARCHIVED_LABEL if change.new else RESTORED_LABEL)
            shown = display.get(change.field)
            entry.changes.append(
                Change(
                    str(model_field.verbose_name),
                    shown(change.old) if shown else _display(model_field, change.old, related),
                    shown(change.new) if shown else _display(model_field, change.new, related),
                )
            )
        if older is not None:
            for name, per_record in m2m.items():
                old, new = per_record[older.history_id], per_record[newer.history_id]
                if old != new:
                    entry.changes.append(
                        Change(
                            str(model._meta.get_field(name).verbose_name),
                            ", ".join(sorted(old)) or "—",
                            ", ".join(sorted(new)) or "—",
                        )
                    )
        entries.append(entry)
    return entries


def _field_names(model) -> set[str]:
    return {f.name for f in model._meta.get_fields()}
