"""The registry import's writes: bulk inserts and updates, many-to-many rows and history."""

from django.apps import apps
from django.utils import timezone

from associations.exchange.columns import M2M_FIELDS
from associations.exchange.lookups import chunks
from associations.models import Association


def associations_write(
    to_create, to_update, changed_fields: set[str], *, user, source: str
) -> None:
    now = timezone.now()
    reason = f"Import {source}".strip()
    created = [association for association, _ in to_create]
    for association in created:
        association.index_names()
        association.created_at = association.updated_at = now
    Association.objects.bulk_create(created, batch_size=1000)
    updated = [association for association, _ in to_update]
    for association in updated:
        association.index_names()
        association.updated_at = now
    if updated:
        fields = sorted({*changed_fields, "search_text", "sort_name", "updated_at"})
        Association.objects.bulk_update(updated, fields, batch_size=1000)

    # Many-to-many: replace the sets that changed, by bulk inserts in the through tables.
    updated_pks = {association.pk for association in updated}
    for name in M2M_FIELDS:
        through = Association._meta.get_field(name).remote_field.through
        column = Association._meta.get_field(name).m2m_reverse_field_name() + "_id"
        pairs = [
            (association.pk, wanted)
            for association, m2m in (*to_create, *to_update)
            if name in m2m
            for wanted in [m2m[name]]
        ]
        replaced = [pk for pk, _ in pairs if pk in updated_pks]
        for chunk in chunks(replaced):
            through.objects.filter(association_id__in=chunk).delete()
        through.objects.bulk_create(
            [through(association_id=pk, **{column: item}) for pk, items in pairs for item in items],
            batch_size=5000,
        )

    # History: one record per created or changed association, with its m2m snapshot.
    history = Association.history
    records = (
        history.bulk_history_create(
            created,
            batch_size=1000,
            default_user=user,
            default_change_reason=reason,
            default_date=now,
        )
        or []
    )
    records += (
        history.bulk_history_create(
            updated,
            batch_size=1000,
            update=True,
            default_user=user,
            default_change_reason=reason,
            default_date=now,
        )
        or []
    )
    if not records:
        return
    record_by_pk = {record.id: record.history_id for record in records}
    if any(history_id is None for history_id in record_by_pk.values()):
        record_by_pk = dict(
            history.model.objects.filter(history_date=now, id__in=list(record_by_pk)).values_list(
                "id", "history_id"
            )
        )
    for name in M2M_FIELDS:
        field_name = Association._meta.get_field(name).m2m_reverse_field_name() + "_id"
        through = Association._meta.get_field(name).remote_field.through
        historical = apps.get_model("associations", f"HistoricalAssociation_{name}")
        # The historical through rows copy the live ones, own id included.
        current = through.objects.filter(association_id__in=list(record_by_pk)).values_list(
            "id", "association_id", field_name
        )
        historical.objects.bulk_create(
            [
                historical(
                    id=row_id,
                    history_id=record_by_pk[pk],
                    association_id=pk,
                    **{field_name: item},
                )
                for row_id, pk, item in current
            ],
            batch_size=5000,
        )
